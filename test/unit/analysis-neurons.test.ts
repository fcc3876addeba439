// Zero weights and dead neurons: hand-built networks whose dead neurons and constants can be
// worked out on paper, and the two-pass search against the definition applied literally.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { deadNeurons } from '../../src/core/analysis/neurons';
import { sparsity } from '../../src/core/analysis/sparsity';
import { forwardAll, type Params } from '../../src/core/mlp';
import { Random } from '../../src/core/random';
import { chainNetwork, dense, lineX, randomSparseNetwork, threshold } from '../support/analysis-networks';

describe('sparsity', () => {
  it('counts zeros by threshold and exact zeros apart, biases apart', () => {
    const params = [dense('relu', [[0, 5e-4, -9e-4, 2e-3, -0]], [0, 0, 1, 1, 1]), dense('linear', [[1], [0], [0], [0], [0.5]], [0])];
    const report = sparsity(params, threshold);
    assert.deepEqual(report.layers[0].kernel, { count: 5, zeros: 4, exactZeros: 2 });
    assert.deepEqual(report.layers[0].bias, { count: 5, zeros: 2, exactZeros: 2 });
    assert.deepEqual(report.layers[1].kernel, { count: 5, zeros: 3, exactZeros: 3 });
    assert.deepEqual(report.kernel, { count: 10, zeros: 7, exactZeros: 5 });
    assert.deepEqual(report.bias, { count: 6, zeros: 3, exactZeros: 3 });
    assert.equal(report.zeroShare, 0.7);
    assert.equal(report.exactZeroShare, 0.5);
  });
});

describe('deadNeurons', () => {
  it('finds each reason, and the neurons dead only through a chain', () => {
    const report = deadNeurons(chainNetwork(), lineX, lineX.length, threshold);
    assert.equal(report.checkedActivity, true);
    assert.deepEqual(report.layers[0].neurons, [
      { alive: true },
      { alive: false, reason: 'incoming', chained: false, constant: 0.5 },
      { alive: false, reason: 'outgoing', chained: false },
      { alive: false, reason: 'inactive', chained: false, constant: 0 },
      { alive: false, reason: 'outgoing', chained: true },
    ]);
    assert.deepEqual(report.layers[1].neurons, [
      { alive: true },
      { alive: false, reason: 'incoming', chained: true, constant: Math.fround(0.1) + 0.5 * 2 },
      { alive: false, reason: 'incoming', chained: true, constant: 0 },
      { alive: false, reason: 'outgoing', chained: false },
    ]);
    assert.deepEqual(
      report.layers.map((l) => [l.size, l.live]),
      [
        [5, 1],
        [4, 1],
      ],
    );
  });

  it('without training rows finds no inactive neuron, so what n3 feeds stays alive', () => {
    const report = deadNeurons(chainNetwork(), undefined, 0, threshold);
    assert.equal(report.checkedActivity, false);
    assert.deepEqual(report.layers[0].neurons[3], { alive: true });
    assert.deepEqual(report.layers[1].neurons[2], { alive: true });
    assert.deepEqual(
      report.layers.map((l) => l.live),
      [2, 2],
    );
  });

  it('calls inactive only a ReLU', () => {
    // The first layer with tanh: n3 = tanh(-x - 0.5) is never 0, so not inactive; but it is
    // negative, so m2 = relu(3·n3) is the inactive one, and n3, feeding only m2, is dead
    // through that chain.
    const params = chainNetwork().map((l, i) => (i === 0 ? { ...l, activation: 'tanh' as const } : l));
    const report = deadNeurons(params, lineX, lineX.length, threshold);
    assert.deepEqual(report.layers[0].neurons[3], { alive: false, reason: 'outgoing', chained: true });
    assert.deepEqual(report.layers[1].neurons[2], { alive: false, reason: 'inactive', chained: false, constant: 0 });
    assert.deepEqual(report.layers[0].neurons[1], { alive: false, reason: 'incoming', chained: false, constant: Math.tanh(0.5) });
  });

  it('a chain of outgoing-dead neurons across three layers', () => {
    // a feeds only b, b feeds only c, c has output weight 0: all three are dead.
    const params = [
      dense('tanh', [[1, 1]], [0, 0]),
      dense('tanh', [[1, 0], [0, 1]], [0, 0]),
      dense('tanh', [[1, 0], [0, 1]], [0, 0]),
      dense('linear', [[1], [0]], [0]),
    ];
    const report = deadNeurons(params, undefined, 0, threshold);
    for (const layer of report.layers) {
      assert.deepEqual(layer.neurons[0], { alive: true });
      assert.equal(layer.neurons[1].alive, false);
      assert.equal(layer.live, 1);
    }
    assert.deepEqual(report.layers[2].neurons[1], { alive: false, reason: 'outgoing', chained: false });
    assert.deepEqual(report.layers[1].neurons[1], { alive: false, reason: 'outgoing', chained: true });
    assert.deepEqual(report.layers[0].neurons[1], { alive: false, reason: 'outgoing', chained: true });
  });
});

describe('on random sparse networks', () => {
  /** The definition applied literally: take out every neuron that is dead by a direct
   * reason among the neurons still there, and repeat until nothing changes. */
  function aliveByRepeatedRemoval(params: Params, x: Float32Array, n: number): boolean[][] {
    const outputs = forwardAll(params, x, n);
    const hidden = params.slice(0, -1);
    const gone = hidden.map((l) => new Array<boolean>(l.cols).fill(false));
    const present = (l: number, i: number) => l < 0 || l >= hidden.length || !gone[l][i];
    for (let changed = true; changed; ) {
      changed = false;
      hidden.forEach((layer, l) => {
        const next = params[l + 1];
        for (let j = 0; j < layer.cols; j++) {
          if (gone[l][j]) continue;
          let incomingZero = true;
          for (let i = 0; i < layer.rows; i++) if (present(l - 1, i) && Math.abs(layer.kernel[i * layer.cols + j]) > threshold) incomingZero = false;
          let outgoingZero = true;
          for (let k = 0; k < next.cols; k++) if (present(l + 1, k) && Math.abs(next.kernel[j * next.cols + k]) > threshold) outgoingZero = false;
          let inactive = layer.activation === 'relu';
          for (let r = 0; r < n && inactive; r++) if (outputs[l][r * layer.cols + j] !== 0) inactive = false;
          if (incomingZero || outgoingZero || inactive) {
            gone[l][j] = true;
            changed = true;
          }
        }
      });
    }
    return gone.map((layer) => layer.map((g) => !g));
  }

  it('the two passes find the same live neurons as removing and re-checking until nothing changes', () => {
    const random = new Random(5);
    for (let trial = 0; trial < 500; trial++) {
      const params = randomSparseNetwork(random);
      const n = 6;
      const x = Float32Array.from({ length: n * params[0].rows }, () => random.normal());
      const alive = deadNeurons(params, x, n, threshold).layers.map((l) => l.neurons.map((s) => s.alive));
      assert.deepEqual(alive, aliveByRepeatedRemoval(params, x, n), `trial ${trial}`);
    }
  });
});
