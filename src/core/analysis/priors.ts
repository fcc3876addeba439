// The prior a penalty stands for, and its density.
import type { LossName } from '../experiment';

// The penalty as a prior (MAP estimation), for the objective SSE/N + λR with a mean-squared
// data loss (RegX's mse: the mean over N training rows; the penalty is added once per batch
// to the batch mean, which is this objective in expectation) and Gaussian noise σ:
//
//   likelihood  y ~ N(f(x; w), σ²)  ⇒  -log p(y | w) = SSE/(2σ²) + const
//   the objective times N/(2σ²):     SSE/(2σ²) + (Nλ/(2σ²)) R
//   so the prior is -log p(w) = (Nλ/(2σ²)) R + const:
//   L2, R = Σw²:  Σw²/(2τ²)  with 1/(2τ²) = Nλ/(2σ²)  ⇒  τ² = σ²/(Nλ),  τ = σ/√(Nλ)
//   L1, R = Σ|w|: Σ|w|/b     with 1/b = Nλ/(2σ²)      ⇒  b = 2σ²/(Nλ)
//
// Every kernel weight gets this prior, independently; biases (not penalized) have a flat
// one. With the mae or huber loss the likelihood is not Gaussian and these numbers do not
// hold (priorFromTemperature covers them).

export type Prior =
  | { kind: 'gaussian'; sd: number }
  | { kind: 'laplace'; scale: number }
  /** Both penalties: the density ∝ exp(-|w|/scale - w²/(2 sd²)), one prior, normalized. */
  | { kind: 'elastic-net'; scale: number; sd: number };

/**
 * The prior a variant's penalty stands for, with noise sd `sigma` and `n` training rows;
 * undefined without a penalty (a flat prior, nothing to draw) or when sigma or n is not
 * positive (noise 0 makes the prior a point, no curve).
 *
 * Elastic net (both l1 and l2): the objective's penalty is the sum, so the prior is the
 * product of the Laplace and the Gaussian factor, normalized: one curve, the true MAP
 * prior. Drawing the two factors apart would show two priors, neither of which is it.
 */
export function priorFor(variant: { l1: number; l2: number }, sigma: number, n: number): Prior | undefined {
  return priorFromTemperature(variant, 2 * sigma * sigma, n);
}

/**
 * The same argument for any data loss ℓ whose noise model is p(r) ∝ exp(-ℓ(r)/T): the
 * objective mean ℓ + λR times N/T is the negative log posterior Σℓ/T + (Nλ/T)·R, so the
 * prior is exp(-(Nλ/T)·R): Laplace with b = T/(Nλ), Gaussian with τ = √(T/(2Nλ)).
 * For mse, T = 2σ² gives priorFor's b = 2σ²/(Nλ) and τ = σ/√(Nλ).
 */
export function priorFromTemperature(variant: { l1: number; l2: number }, temperature: number, n: number): Prior | undefined {
  if (!(temperature > 0) || !Number.isFinite(temperature) || !(n > 0)) return undefined;
  const laplaceScale = () => temperature / (n * variant.l1);
  const gaussianSd = () => Math.sqrt(temperature / (2 * n * variant.l2));
  if (variant.l1 > 0 && variant.l2 > 0) return { kind: 'elastic-net', scale: laplaceScale(), sd: gaussianSd() };
  if (variant.l1 > 0) return { kind: 'laplace', scale: laplaceScale() };
  if (variant.l2 > 0) return { kind: 'gaussian', sd: gaussianSd() };
  return undefined;
}

/**
 * T of the noise model from the mean training data loss L, by maximum likelihood:
 * mse (Gaussian noise, σ² = L): T = 2L; mae (Laplace noise, scale L): T = L;
 * huber (≈ r²/2 near zero, Gaussian with σ² = 2L): T = 2L, an approximation; cross-entropy:
 * T = 1 exactly.
 */
export function noiseTemperature(loss: LossName, meanTrainLoss: number): number {
  // Cross-entropy is the labels' negative log-likelihood itself: exp(-N·L), T = 1, no noise scale to estimate.
  if (loss === 'binaryCrossentropy' || loss === 'categoricalCrossentropy') return 1;
  return loss === 'mae' ? meanTrainLoss : 2 * meanTrainLoss;
}

/** The prior's probability density at w, to draw over a density histogram of the weights. */
export function priorDensity(prior: Prior, w: number): number {
  switch (prior.kind) {
    case 'gaussian':
      return Math.exp(-(w * w) / (2 * prior.sd * prior.sd)) / (prior.sd * Math.sqrt(2 * Math.PI));
    case 'laplace':
      return Math.exp(-Math.abs(w) / prior.scale) / (2 * prior.scale);
    case 'elastic-net':
      return Math.exp(-Math.abs(w) / prior.scale - (w * w) / (2 * prior.sd * prior.sd)) / elasticNetNormalizer(prior.scale, prior.sd);
  }
}

/**
 * ∫ exp(-|w|/b - w²/(2τ²)) dw = 2∫₀^∞ ... = τ√(2π) · erfcx(τ/(√2·b)), from
 * ∫₀^∞ exp(-a·w - c·w²) dw = √(π/(4c)) · exp(a²/(4c)) · erfc(a/(2√c)) with a = 1/b,
 * c = 1/(2τ²). It tends to 2b (Laplace) as τ → ∞ and to τ√(2π) (Gaussian) as b → ∞.
 */
function elasticNetNormalizer(b: number, tau: number): number {
  return tau * Math.sqrt(2 * Math.PI) * erfcx(tau / (Math.SQRT2 * b));
}

/**
 * exp(x²)·erfc(x) for x >= 0, without overflow: the rational Chebyshev fit of Numerical
 * Recipes (erfcc, relative error < 1.2e-7 everywhere), which has the form
 * erfc(x) = t·exp(-x² + P(t)), so exp(x²)·erfc(x) = t·exp(P(t)).
 */
function erfcx(x: number): number {
  const t = 1 / (1 + 0.5 * x);
  const p =
    -1.26551223 +
    t * (1.00002368 + t * (0.37409196 + t * (0.09678418 + t * (-0.18628806 + t * (0.27886807 + t * (-1.13520398 + t * (1.48851587 + t * (-0.82215223 + t * 0.17087277))))))));
  return t * Math.exp(p);
}
