// The prior drawn over the weight histogram, and the histogram itself.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { histogram } from '../../src/core/analysis/histogram';
import { noiseTemperature, priorDensity, priorFor, priorFromTemperature as priorOf } from '../../src/core/analysis/priors';
import { describePrior, priorAssumptions, priorCurve, quantileAbs, symmetricRange } from '../../src/panel/prior';

function integral(f: (x: number) => number, lo: number, hi: number, steps = 200_000): number {
  const h = (hi - lo) / steps;
  let sum = 0;
  for (let i = 0; i < steps; i++) sum += f(lo + (i + 0.5) * h);
  return sum * h;
}

describe('the prior of a penalty', () => {
  const n = 75;
  const sigma = 0.3;

  it("is the MAP prior of the mse loss: L2 Gaussian τ = σ/√(Nλ), L1 Laplace b = 2σ²/(Nλ)", () => {
    const T = noiseTemperature('mse', sigma * sigma);
    const l2 = priorOf({ l1: 0, l2: 0.3 }, T, n);
    const l1 = priorOf({ l1: 0.3, l2: 0 }, T, n);
    assert.equal(l2?.kind, 'gaussian');
    assert.equal(l1?.kind, 'laplace');
    assert.ok(Math.abs((l2 as { sd: number }).sd - sigma / Math.sqrt(n * 0.3)) < 1e-12);
    assert.ok(Math.abs((l1 as { scale: number }).scale - (2 * sigma * sigma) / (n * 0.3)) < 1e-12);
  });

  it('from a temperature T = 2σ² is the same prior as priorFor(σ), elastic net included', () => {
    for (const variant of [{ l1: 0.3, l2: 0 }, { l1: 0, l2: 0.05 }, { l1: 0.1, l2: 0.2 }]) {
      assert.deepEqual(priorOf(variant, noiseTemperature('mse', sigma * sigma), n), priorFor(variant, sigma, n));
    }
  });

  it('uses the Laplace noise of the mae loss: T is the mean absolute residual', () => {
    assert.equal(noiseTemperature('mae', 0.4), 0.4);
    assert.equal(noiseTemperature('mse', 0.4), 0.8);
    assert.equal(noiseTemperature('huber', 0.4), 0.8);
    const l1 = priorOf({ l1: 0.3, l2: 0 }, noiseTemperature('mae', 0.4), n) as { scale: number };
    assert.ok(Math.abs(l1.scale - 0.4 / (n * 0.3)) < 1e-12);
  });

  it('is flat (none) without a penalty, and undefined for a zero loss', () => {
    assert.equal(priorOf({ l1: 0, l2: 0 }, 1, n), undefined);
    assert.equal(priorOf({ l1: 0.1, l2: 0 }, 0, n), undefined);
    assert.equal(priorOf({ l1: 0.1, l2: 0 }, 1, 0), undefined);
  });

  it('every density integrates to 1', () => {
    for (const prior of [priorOf({ l1: 0.2, l2: 0 }, 0.5, 50)!, priorOf({ l1: 0, l2: 0.2 }, 0.5, 50)!, priorOf({ l1: 0.2, l2: 0.3 }, 0.5, 50)!]) {
      const total = integral((w) => priorDensity(prior, w), -2, 2);
      assert.ok(Math.abs(total - 1) < 1e-4, `${describePrior(prior)}: ${total}`);
    }
  });

  it('draws a curve over a range with a point on 0', () => {
    const curve = priorCurve({ kind: 'laplace', scale: 0.1 }, -1, 1, 201);
    assert.equal(curve.length, 201);
    assert.equal(curve[100].x, 0);
    assert.equal(curve[100].y, 5);
  });

  it('says what it is', () => {
    assert.equal(describePrior({ kind: 'laplace', scale: 0.0737 }), 'Laplace prior, b = 0.0737');
    assert.equal(describePrior({ kind: 'gaussian', sd: 0.217 }), 'Gaussian prior, τ = 0.217');
  });
});

describe('the weight histogram', () => {
  it('counts into equal bins, the last one closed, and gives a density that integrates to the share inside', () => {
    const h = histogram([-1, -0.5, 0, 0, 0.2, 1, 3], 4, [-1, 1]);
    assert.deepEqual(h.counts, [1, 1, 3, 1]);
    assert.deepEqual(h.edges, [-1, -0.5, 0, 0.5, 1]);
    assert.equal(h.total, 7);
    const area = h.density.reduce((sum: number, d: number) => sum + d * h.binWidth, 0);
    assert.ok(Math.abs(area - 6 / 7) < 1e-12);
  });

  it('puts zero at the centre of the middle bin of an odd count over a symmetric range', () => {
    const [lo, hi] = symmetricRange(2);
    assert.equal(lo, -hi);
    const h = histogram([0, 0, 0], 41, [lo, hi]);
    assert.equal(h.counts[20], 3);
    assert.ok(Math.abs(h.edges[20] + h.edges[21]) < 1e-12);
    assert.deepEqual(symmetricRange(0), [-1, 1]);
  });

  it('finds the quantile of |w| over several arrays', () => {
    assert.equal(quantileAbs([Float32Array.of(-4, 1), [2, 3]], 0.5), 2);
    assert.equal(quantileAbs([[1, 2, 3, 100]], 0.75), 3);
    assert.equal(quantileAbs([], 0.9), 0);
  });
});

describe('what the prior overlay assumes', () => {
  it('states N, the noise model of the loss, and that the weights are MAP, not draws', () => {
    const text = priorAssumptions('mae', 75);
    assert.match(text, /N = 75 training rows/);
    assert.match(text, /Laplace noise \(the mae loss\)/);
    assert.match(text, /MAP estimate under it, not draws from it/);
    assert.match(priorAssumptions('mse', 10), /Gaussian noise \(the mse loss\)/);
  });
});
