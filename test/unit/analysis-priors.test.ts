// The prior a penalty stands for, against its formulas, and the weight histogram drawn under it.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { histogram, kernelWeights } from '../../src/core/analysis/histogram';
import { priorDensity, priorFor, type Prior } from '../../src/core/analysis/priors';
import { Random } from '../../src/core/random';
import { chainNetwork, near } from '../support/analysis-networks';

describe('priors', () => {
  const sigma = 0.1;
  const n = 75;
  const lambda = 0.3;

  it('L2 is a Gaussian with τ = σ/√(Nλ), L1 a Laplace with b = 2σ²/(Nλ)', () => {
    assert.deepEqual(priorFor({ l1: 0, l2: lambda }, sigma, n), { kind: 'gaussian', sd: sigma / Math.sqrt(n * lambda) });
    assert.deepEqual(priorFor({ l1: lambda, l2: 0 }, sigma, n), { kind: 'laplace', scale: (2 * sigma * sigma) / (n * lambda) });
    assert.deepEqual(priorFor({ l1: 0.1, l2: 0.2 }, sigma, n), {
      kind: 'elastic-net',
      scale: (2 * sigma * sigma) / (n * 0.1),
      sd: sigma / Math.sqrt(n * 0.2),
    });
    assert.equal(priorFor({ l1: 0, l2: 0 }, sigma, n), undefined);
    assert.equal(priorFor({ l1: lambda, l2: 0 }, 0, n), undefined);
  });

  it('-log prior(w) + log prior(0) is the scaled penalty (Nλ/(2σ²))·R(w)', () => {
    const scaled = (n * lambda) / (2 * sigma * sigma);
    const gaussian = priorFor({ l1: 0, l2: lambda }, sigma, n)!;
    const laplace = priorFor({ l1: lambda, l2: 0 }, sigma, n)!;
    for (const w of [-0.05, -0.01, 0.002, 0.03]) {
      near(-Math.log(priorDensity(gaussian, w) / priorDensity(gaussian, 0)), scaled * w * w, 1e-9);
      near(-Math.log(priorDensity(laplace, w) / priorDensity(laplace, 0)), scaled * Math.abs(w), 1e-9);
    }
  });

  it('ridge on a line equals the posterior mean under the Gaussian prior with that τ', () => {
    // argmin SSE/N + λw² = Σxy/(Σx² + Nλ); Bayesian posterior mean = Σxy/(Σx² + σ²/τ²).
    const random = new Random(7);
    const xs = Array.from({ length: n }, () => random.normal());
    const ys = xs.map((x) => 2 * x + sigma * random.normal());
    const sxy = xs.reduce((s, x, i) => s + x * ys[i], 0);
    const sxx = xs.reduce((s, x) => s + x * x, 0);
    const { sd: tau } = priorFor({ l1: 0, l2: lambda }, sigma, n) as Extract<Prior, { kind: 'gaussian' }>;
    near(sxy / (sxx + (sigma * sigma) / (tau * tau)), sxy / (sxx + n * lambda), 1e-12);
  });

  it('every density integrates to 1, and elastic net tends to its two parts', () => {
    const integrate = (prior: Prior, width: number) => {
      const steps = 200000;
      const h = (2 * width) / steps;
      let sum = 0;
      for (let k = 0; k <= steps; k++) sum += (k === 0 || k === steps ? 0.5 : 1) * priorDensity(prior, -width + k * h);
      return sum * h;
    };
    const priors: [Prior, number][] = [
      [{ kind: 'gaussian', sd: 0.02 }, 0.4],
      [{ kind: 'laplace', scale: 0.01 }, 0.5],
      [{ kind: 'elastic-net', scale: 0.01, sd: 0.02 }, 0.5],
      [{ kind: 'elastic-net', scale: 1, sd: 0.001 }, 0.02],
    ];
    for (const [prior, width] of priors) near(integrate(prior, width), 1, 1e-6, prior.kind);
    for (const w of [0, 0.005, 0.02]) {
      const almostLaplace = priorDensity({ kind: 'elastic-net', scale: 0.01, sd: 1e6 }, w);
      const almostGaussian = priorDensity({ kind: 'elastic-net', scale: 1e9, sd: 0.02 }, w);
      near(almostLaplace / priorDensity({ kind: 'laplace', scale: 0.01 }, w), 1, 1e-5);
      near(almostGaussian / priorDensity({ kind: 'gaussian', sd: 0.02 }, w), 1, 1e-5);
    }
  });
});

describe('histogram', () => {
  it('puts values in [lo, hi) bins, the top edge in the last, the rest outside', () => {
    const h = histogram([0, 0.1, 0.5, 0.99, 1, -1, 2], 4, [0, 1]);
    assert.deepEqual(h.edges, [0, 0.25, 0.5, 0.75, 1]);
    assert.deepEqual(h.counts, [2, 0, 1, 2]);
    assert.equal(h.outside, 2);
    assert.equal(h.total, 7);
    assert.equal(h.binWidth, 0.25);
    assert.deepEqual(
      h.density,
      [2, 0, 1, 2].map((c) => c / (7 * 0.25)),
    );
  });

  it('defaults to the values’ range, counts non-finite values as outside', () => {
    const h = histogram([-2, 0, 2, NaN], 2);
    assert.deepEqual(h.edges, [-2, 0, 2]);
    assert.deepEqual(h.counts, [1, 2]);
    assert.equal(h.outside, 1);
    assert.deepEqual(histogram([3, 3], 1).edges, [2.5, 3.5]);
    assert.throws(() => histogram([1], 0), /bins/);
  });

  it('takes all kernel weights of a model', () => {
    assert.deepEqual([...kernelWeights(chainNetwork())].length, 5 + 20 + 4);
  });
});
