// The test oracles of test/support/l1-optimality.ts: the data-loss gradient against finite
// differences and tf.js' choices at the kinks, and L1's optimality check on a hand-computed case.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { Activation, LossName } from '../../src/core/experiment';
import type { Params } from '../../src/core/mlp';
import { Random } from '../../src/core/random';
import { dense, near, threshold } from '../support/analysis-networks';
import { dataLossGradient, l1OptimalityCheck, zeroSmallWeights } from '../support/l1-optimality';

/** The mean data loss in double precision, with one weight moved by `by`. */
function loss64(params: Params, x: Float32Array, y: Float32Array, n: number, loss: LossName, delta: number, move?: { layer: number; bias: boolean; index: number; by: number }): number {
  const act = (a: Activation, z: number) => (a === 'relu' ? Math.max(z, 0) : a === 'tanh' ? Math.tanh(z) : a === 'sigmoid' ? 1 / (1 + Math.exp(-z)) : z);
  let input: number[] = Array.from(x);
  params.forEach((layer, l) => {
    const w = Array.from(layer.kernel);
    const b = Array.from(layer.bias);
    if (move && move.layer === l) (move.bias ? b : w)[move.index] += move.by;
    const output: number[] = [];
    for (let r = 0; r < n; r++) {
      for (let j = 0; j < layer.cols; j++) {
        let z = b[j];
        for (let i = 0; i < layer.rows; i++) z += input[r * layer.rows + i] * w[i * layer.cols + j];
        output.push(act(layer.activation, z));
      }
    }
    input = output;
  });
  let sum = 0;
  for (let r = 0; r < n; r++) {
    const a = Math.abs(input[r] - y[r]);
    sum += loss === 'mse' ? a * a : loss === 'mae' ? a : 0.5 * Math.min(a, delta) ** 2 + delta * (a - Math.min(a, delta));
  }
  return sum / n;
}

describe('dataLossGradient', () => {
  it('matches central finite differences for every weight, loss and activation', () => {
    const random = new Random(11);
    const shapes: [number, number, Activation][] = [
      [2, 3, 'tanh'],
      [3, 3, 'relu'],
      [3, 2, 'sigmoid'],
      [2, 1, 'linear'],
    ];
    const params: Params = shapes.map(([rows, cols, activation]) => ({
      rows,
      cols,
      activation,
      kernel: Float32Array.from({ length: rows * cols }, () => random.uniform(-1.5, 1.5)),
      bias: Float32Array.from({ length: cols }, () => random.uniform(-0.5, 0.5)),
    }));
    const n = 7;
    const x = Float32Array.from({ length: n * 2 }, () => random.normal());
    const y = Float32Array.from({ length: n }, () => random.normal());
    const h = 1e-6;
    for (const loss of ['mse', 'mae', 'huber'] as const) {
      const gradient = dataLossGradient(params, x, y, n, loss, 0.5);
      params.forEach((layer, l) => {
        for (const bias of [false, true]) {
          const analytic = bias ? gradient[l].bias : gradient[l].kernel;
          assert.equal(analytic.length, (bias ? layer.bias : layer.kernel).length);
          analytic.forEach((g, index) => {
            const plus = loss64(params, x, y, n, loss, 0.5, { layer: l, bias, index, by: h });
            const minus = loss64(params, x, y, n, loss, 0.5, { layer: l, bias, index, by: -h });
            const numeric = (plus - minus) / (2 * h);
            near(g, numeric, 1e-5 + 1e-4 * Math.abs(numeric), `${loss} layer ${l} ${bias ? 'bias' : 'kernel'}[${index}]`);
          });
        }
      });
    }
  });

  it('follows tf.js at the kinks: d|r|/dr = -1 at r = 0, relu′(0) = 0', () => {
    // A perfect linear fit: every residual 0, so the mae gradient is mean(-1·x), mean(-1).
    const linear = [dense('linear', [[1]], [0])];
    const x = Float32Array.from([1, 2]);
    const atZero = dataLossGradient(linear, x, x, 2, 'mae', 1);
    assert.deepEqual([...atZero[0].kernel, ...atZero[0].bias], [-1.5, -1]);
    // The hidden ReLU's pre-activation is exactly 0 on the one row: nothing flows back.
    const relu = [dense('relu', [[1]], [-1]), dense('linear', [[1]], [0])];
    const kink = dataLossGradient(relu, Float32Array.from([1]), Float32Array.from([3]), 1, 'mse', 1);
    assert.deepEqual([...kink[0].kernel, ...kink[0].bias], [0, 0]);
    assert.deepEqual([...kink[1].bias], [-6]);
  });
});

describe('l1OptimalityCheck', () => {
  // y = w·x with 3 inputs; at w = (0, 0, 0.5) and x3 = 0 the residuals are -y, and the mse
  // gradient is mean(2·(-y)·x): -5 for x1, -0.2 for x2. A zero is a true zero when |g| <= λ.
  const params = [dense('linear', [[0], [0], [0.5]], [0])];
  const x = Float32Array.from([1, 0, 0, 2, 0.1, 0]);
  const y = Float32Array.from([1, 2]);
  const gradient = dataLossGradient(params, x, y, 2, 'mse', 1);

  it('has the hand-computed gradient', () => {
    assert.deepEqual([...gradient[0].kernel], [-5, Math.fround(-0.2), 0]);
  });

  it('counts the zero weights whose gradient stays within λ', () => {
    const strict = l1OptimalityCheck(gradient, params, 1, threshold);
    assert.deepEqual(strict.layers, [{ layer: 0, zeros: 2, trueZeros: 1, largestGradient: 5 }]);
    assert.equal(strict.zeros, 2);
    assert.equal(strict.trueZeros, 1);
    assert.equal(l1OptimalityCheck(gradient, params, 6, threshold).trueZeros, 2);
  });

  it('checks at exact zeros when asked to', () => {
    const hovering = [dense('linear', [[4e-4], [-3e-4], [0.5]], [0])];
    const exact = zeroSmallWeights(hovering, threshold);
    assert.deepEqual([...exact[0].kernel], [0, 0, 0.5]);
    assert.deepEqual(dataLossGradient(exact, x, y, 2, 'mse', 1)[0].kernel, gradient[0].kernel);
    assert.equal(l1OptimalityCheck(dataLossGradient(exact, x, y, 2, 'mse', 1), hovering, 1, threshold).trueZeros, 1);
  });
});
