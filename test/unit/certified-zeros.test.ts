// Certified zeros: a zero weight passes the lasso's optimality condition |∂L_data/∂w| <= l1,
// checked for a linear model and for a network's last layer given the layers before.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { certifiedAcrossRuns, certifyZeros } from '../../src/core/analysis/certified-zeros';
import type { Params } from '../../src/core/mlp';
import { Random } from '../../src/core/random';
import { linearParams } from '../support/fixtures';
import { dataLossGradient, l1OptimalityCheck, zeroSmallWeights } from '../support/l1-optimality';

// Orthogonal, centred columns: x1 = (1, -1, 1, -1), x2 = (1, 1, -1, -1); y = 2·x1 + 0.5·x2.
// At w = (2, 0), b = 0 the residual is -0.5·x2, so for mse ∂L/∂w2 = (2/4)·Σ x2·(-0.5·x2) = -1.
const rows = { x: Float32Array.of(1, 1, -1, 1, 1, -1, -1, -1), y: Float32Array.of(2.5, -1.5, 1.5, -2.5), n: 4 };

describe('certified zeros of a linear model', () => {
  test('a zero whose data gradient is within l1 is certified', () => {
    const check = certifyZeros(linearParams([2, 0], 0), rows, 'mse', 1, 1.5, 1e-3)!;
    assert.deepEqual({ zeros: check.zeros, certified: check.certified }, { zeros: 1, certified: 1 });
    assert.ok(Math.abs(check.largestGradient - 1) < 1e-6);
  });

  test('a zero the data pull off it by more than l1 is not: it merely happens to be small', () => {
    const check = certifyZeros(linearParams([2, 0], 0), rows, 'mse', 1, 0.5, 1e-3)!;
    assert.deepEqual({ zeros: check.zeros, certified: check.certified }, { zeros: 1, certified: 0 });
  });

  test('a weight within the threshold is checked as if it were exactly 0', () => {
    const nearZero = certifyZeros(linearParams([2, 1e-4], 0), rows, 'mse', 1, 1.5, 1e-3)!;
    assert.equal(nearZero.zeros, 1);
    assert.ok(Math.abs(nearZero.largestGradient - 1) < 1e-6, 'the gradient at w2 = 0');
  });

  test('non-zero weights are not counted', () => {
    assert.equal(certifyZeros(linearParams([2, 0.5], 0), rows, 'mse', 1, 1.5, 1e-3)!.zeros, 0);
  });

  test('the absolute-error loss uses its own gradient: mean sign(residual)·x', () => {
    // Residuals -0.5·x2: signs (-1, -1, +1, +1) times x2 (1, 1, -1, -1), mean -1: |g| = 1.
    const check = certifyZeros(linearParams([2, 0], 0), rows, 'mae', 1, 0.99, 1e-3)!;
    assert.equal(check.certified, 0);
    assert.equal(certifyZeros(linearParams([2, 0], 0), rows, 'mae', 1, 1.01, 1e-3)!.certified, 1);
  });

  test('without an L1 penalty there is nothing to certify', () => {
    assert.equal(certifyZeros(linearParams([2, 0], 0), rows, 'mse', 1, 0, 1e-3), undefined);
  });
});

describe('certified zeros of a network', () => {
  test("checks the last layer on the hidden layer's outputs", () => {
    // Hidden ReLU units copy x1 and x2 where positive: h1 = max(x1, 0), h2 = max(x2, 0); the
    // output reads h1 only. y = h2: the zero weight on h2 leaves residual -h2, so
    // ∂L/∂w_h2 = (2/4)·Σ h2·(-h2) = -(2/4)·2 = -1.
    const params: Params = [
      { rows: 2, cols: 2, activation: 'relu', kernel: Float32Array.of(1, 0, 0, 1), bias: Float32Array.of(0, 0) },
      { rows: 2, cols: 1, activation: 'linear', kernel: Float32Array.of(0, 0), bias: Float32Array.of(0) },
    ];
    const data = { x: rows.x, y: Float32Array.of(1, 1, 0, 0), n: 4 };
    const check = certifyZeros(params, data, 'mse', 1, 0.9, 1e-3)!;
    assert.equal(check.layer, 1);
    assert.equal(check.zeros, 2);
    // h1 = (1, 0, 1, 0): ∂L/∂w_h1 = -(2/4)·Σ h1·y = -(2/4)·1 = -0.5, within 0.9; h2's -1 is not.
    assert.equal(check.certified, 1);
  });

  test('across runs: the zeros and the certified ones are summed', () => {
    const one = { layer: 0, l1: 1, zeros: 3, certified: 2, largestGradient: 1 };
    assert.deepEqual(certifiedAcrossRuns([one, undefined, { ...one, certified: 3 }]), { zeros: 6, certified: 5 });
    assert.equal(certifiedAcrossRuns([undefined]), undefined);
  });
});

describe('certified zeros agree with the full backward pass', () => {
  // The test oracle differentiates every layer by a plain backward pass; on the last layer it
  // must find the same zeros and the same largest gradient, for every loss.
  const random = new Random(5);
  const params: Params = [
    { rows: 3, cols: 4, activation: 'tanh', kernel: Float32Array.from({ length: 12 }, () => random.uniform(-1, 1)), bias: Float32Array.from({ length: 4 }, () => random.uniform(-0.5, 0.5)) },
    { rows: 4, cols: 1, activation: 'linear', kernel: Float32Array.of(0.8, 0, 5e-4, -0.6), bias: Float32Array.of(0.1) },
  ];
  const n = 40;
  const data = { x: Float32Array.from({ length: n * 3 }, () => random.normal()), y: Float32Array.from({ length: n }, () => random.normal()), n };
  for (const loss of ['mse', 'mae', 'huber'] as const) {
    test(`with the ${loss} loss`, () => {
      const gradient = dataLossGradient(zeroSmallWeights(params, 1e-3), data.x, data.y, n, loss, 0.5);
      for (const l1 of [0.01, 0.1, 0.5]) {
        const oracle = l1OptimalityCheck(gradient, params, l1, 1e-3).layers[1];
        const check = certifyZeros(params, data, loss, 0.5, l1, 1e-3)!;
        assert.equal(check.zeros, oracle.zeros);
        assert.equal(check.certified, oracle.trueZeros, `l1 ${l1}`);
        assert.ok(Math.abs(check.largestGradient - oracle.largestGradient) <= 1e-6, `largest gradient ${check.largestGradient} vs ${oracle.largestGradient}`);
      }
    });
  }
});
