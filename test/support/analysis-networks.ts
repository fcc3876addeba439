// Small networks for the analysis tests: dense layers written out by hand, a network with
// one dead neuron of every kind, and random sparse ones.
import assert from 'node:assert/strict';
import type { Activation } from '../../src/core/experiment';
import type { LayerParams, Params } from '../../src/core/mlp';
import type { Random } from '../../src/core/random';

/** A dense layer from its kernel written as rows (one per input) and its bias. */
export function dense(activation: Activation, kernelRows: number[][], bias: number[]): LayerParams {
  return {
    rows: kernelRows.length,
    cols: bias.length,
    activation,
    kernel: Float32Array.from(kernelRows.flat()),
    bias: Float32Array.from(bias),
  };
}

export function near(actual: number, expected: number, tolerance: number, message?: string): void {
  assert.ok(Math.abs(actual - expected) <= tolerance, `${message ?? ''} expected ${expected} ± ${tolerance}, got ${actual}`);
}

export const threshold = 1e-3;
/** One input, x from 0 to 2: every ReLU below that is active is active as x itself. */
export const lineX = Float32Array.from([0, 0.5, 1, 1.5, 2]);

/**
 * 1 input → 5 ReLU → 4 ReLU → linear output, with one neuron dead for each reason and two
 * dead only through a chain. On x >= 0:
 *   n0 = x                      alive
 *   n1 = relu(0·x + 0.5) = 0.5  incoming (all incoming weights zero)
 *   n2 = x                      outgoing (its row of the next kernel is zero)
 *   n3 = relu(-x - 0.5) = 0     inactive on the training rows
 *   n4 = x                      outgoing, chained: it feeds only m3, which is dead
 *   m0 = relu(n0 + n1)          alive
 *   m1 = relu(0.1 + 2·n1) = 1.1 incoming, chained: fed only by the constant n1
 *   m2 = relu(3·n3) = 0         incoming, chained: fed only by the inactive n3
 *   m3 = relu(n4)               outgoing (output weight 0)
 *   out = 2·m0 + m1 + m2 + 0·m3 + 0.3 = 2x + 2.4
 */
export function chainNetwork(small = 0): Params {
  return [
    dense('relu', [[1, small, 1, -1, 1]], [0, 0.5, 0, -0.5, 0]),
    dense(
      'relu',
      [
        [1, 0, 0, 0],
        [1, 2, 0, 0],
        [small, 0, 0, 0],
        [0, 0, 3, 0],
        [0, 0, 0, 1],
      ],
      [0, 0.1, 0, 0],
    ),
    dense('linear', [[2], [1], [1], [0]], [0.3]),
  ];
}

const activations = ['relu', 'tanh', 'sigmoid', 'linear'] as const;
/** 1 to 4 hidden layers of 1 to 5 neurons, random activations, some weights exactly 0 or just below the threshold. */
export function randomSparseNetwork(random: Random): Params {
  const sizes = [1 + random.int(3), ...Array.from({ length: 1 + random.int(4) }, () => 1 + random.int(5)), 1];
  return sizes.slice(1).map((cols, l) => {
    const rows = sizes[l];
    const sparse = random.next();
    return {
      rows,
      cols,
      activation: l === sizes.length - 2 ? 'linear' : activations[random.int(activations.length)],
      // Zeros: exact, or just below the threshold.
      kernel: Float32Array.from({ length: rows * cols }, () => (random.next() < sparse ? (random.next() < 0.5 ? 0 : 5e-4) : random.uniform(-1, 1))),
      bias: Float32Array.from({ length: cols }, () => random.uniform(-1, 1)),
    };
  });
}
