// Drawing the prior a penalty stands for over the weight histogram. The prior itself and the
// histogram come from src/core/analysis/ (priors.ts: priorFromTemperature, noiseTemperature,
// priorDensity; histogram.ts): the same numbers the trainer stores in a run's analysis.
import { priorDensity, type Prior } from '../core/analysis/priors';
import type { LossName } from '../core/experiment';

export type { Prior };

/** The prior in words, with its parameter: "Laplace, b = 0.0123". */
export function describePrior(prior: Prior): string {
  const p = (v: number) => v.toPrecision(3);
  switch (prior.kind) {
    case 'gaussian':
      return `Gaussian prior, τ = ${p(prior.sd)}`;
    case 'laplace':
      return `Laplace prior, b = ${p(prior.scale)}`;
    case 'elastic-net':
      return `elastic-net prior, b = ${p(prior.scale)}, τ = ${p(prior.sd)}`;
  }
}

/**
 * What the overlay assumes, in words: the N training rows, the noise model its loss stands
 * for, one independent prior per kernel weight, and that the trained weights are the MAP
 * estimate under that prior, not draws from it.
 */
export function priorAssumptions(loss: LossName, n: number): string {
  const noise =
    loss === 'mae' ? 'Laplace noise (the mae loss)'
    : loss === 'huber' ? 'Gaussian noise near 0 (the huber loss; an approximation)'
    : loss === 'mse' ? 'Gaussian noise (the mse loss)'
    : `the labels' own likelihood (the ${loss} loss; no noise scale)`;
  return `assumes N = ${n} training rows, ${noise}, one prior per kernel weight; the weights are the MAP estimate under it, not draws from it`;
}

/** The prior's curve over [lo, hi], `points` samples (an odd count puts one on 0). */
export function priorCurve(prior: Prior, lo: number, hi: number, points = 201): { x: number; y: number }[] {
  return Array.from({ length: points }, (_, i) => {
    const x = lo + ((hi - lo) * i) / (points - 1);
    return { x, y: priorDensity(prior, x) };
  });
}

/** The q-quantile of |value| over all the arrays (0 for none): the histograms' range leaves out the few largest weights. */
export function quantileAbs(arrays: readonly ArrayLike<number>[], q: number): number {
  const all: number[] = [];
  for (const values of arrays) for (let i = 0; i < values.length; i++) if (Number.isFinite(values[i])) all.push(Math.abs(values[i]));
  if (all.length === 0) return 0;
  all.sort((a, b) => a - b);
  return all[Math.min(all.length - 1, Math.max(0, Math.ceil(q * all.length) - 1))];
}

/** A range symmetric around zero that holds every value, so zero is a bin's centre with an odd bin count. */
export function symmetricRange(max: number): [number, number] {
  const m = max > 0 && Number.isFinite(max) ? max * 1.02 : 1;
  return [-m, m];
}
