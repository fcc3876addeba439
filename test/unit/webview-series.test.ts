// Loss series for the charts: per run, the band across runs, round axis bounds; and the
// sparsity per layer of the sparsity charts.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { History } from '../../src/runtime/engine';
import { band, niceBounds, niceCeil, niceFloor, seriesOf, valueAt } from '../../src/panel/series';
import { layerZeros, sparsityOverEpochs } from '../../src/panel/sparsity';

function history(epoch: number[], loss: number[], penalty = loss.map(() => 0)): History {
  return { epoch, trainDataLoss: loss, trainPenalty: penalty, testDataLoss: loss.map((l) => l * 2), testAbsError: loss };
}

describe('loss series', () => {
  it('gives the total as data loss plus penalty', () => {
    assert.deepEqual(seriesOf(history([0, 1], [4, 2], [1, 0.5]), 'total'), [{ x: 0, y: 5 }, { x: 1, y: 2.5 }]);
    assert.deepEqual(seriesOf(history([0, 1], [4, 2]), 'testDataLoss'), [{ x: 0, y: 8 }, { x: 1, y: 4 }]);
  });

  it('bands runs that report at different epochs, each within its own range', () => {
    const points = band([history([0, 10], [10, 0]), history([0, 5], [20, 10])], 'trainDataLoss');
    assert.deepEqual(points, [
      { x: 0, min: 10, max: 20, mean: 15, n: 2 },
      { x: 5, min: 5, max: 10, mean: 7.5, n: 2 },
      { x: 10, min: 0, max: 0, mean: 0, n: 1 },
    ]);
    assert.deepEqual(band([], 'total'), []);
  });

  it('reads the value at an epoch: the last recorded at or before it', () => {
    const h = history([0, 2, 4], [3, 2, 1]);
    assert.equal(valueAt(h, 'trainDataLoss', 3), 2);
    assert.equal(valueAt(h, 'trainDataLoss', 4), 1);
    assert.equal(valueAt(h, 'trainDataLoss', -1), 3);
  });

  it('rounds axis bounds', () => {
    assert.equal(niceCeil(40.8), 50);
    assert.equal(niceCeil(21), 25);
    assert.equal(niceCeil(0.31), 0.4);
    assert.equal(niceCeil(100), 100);
    assert.equal(niceFloor(0.31), 0.3);
    assert.deepEqual(niceBounds(0.31, 40.8, true), { min: 0.2, max: 50 });
    assert.deepEqual(niceBounds(0.31, 40.8, false), { min: 0, max: 50 });
    assert.deepEqual(niceBounds(-3, 7, false), { min: -3, max: 8 });
  });
});

describe('sparsity per layer', () => {
  const params = [
    { rows: 1, cols: 4, activation: 'relu' as const, kernel: Float32Array.of(0, 0.0005, -0.002, 1), bias: Float32Array.of(0, 0, 0, 0) },
    { rows: 4, cols: 1, activation: 'linear' as const, kernel: Float32Array.of(0, 0, 0, 2), bias: Float32Array.of(0) },
  ];

  it('counts |w| <= threshold and exact zeros apart, kernels only', () => {
    assert.deepEqual(layerZeros(params, 1e-3), [
      { near: 0.5, exact: 0.25 },
      { near: 0.75, exact: 0.75 },
    ]);
  });

  it('follows the snapshots, one series per layer', () => {
    const layers = sparsityOverEpochs([{ epoch: 0, params }, { epoch: 5, params }], 1e-3);
    assert.equal(layers.length, 2);
    assert.deepEqual(layers[1].map((p) => p.epoch), [0, 5]);
    assert.equal(layers[0][1].near, 0.5);
  });
});

describe('thinning a series for drawing', () => {
  it('keeps at most max items, evenly spread, with the first and the last', async () => {
    const { thin } = await import('../../src/panel/series');
    const items = Array.from({ length: 1001 }, (_, i) => i);
    const kept = thin(items, 11);
    assert.deepEqual(kept, [0, 100, 200, 300, 400, 500, 600, 700, 800, 900, 1000]);
    assert.deepEqual(thin([1, 2, 3], 10), [1, 2, 3]);
  });
});
