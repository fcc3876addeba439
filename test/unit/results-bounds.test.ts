// What one run keeps stays bounded whatever the network and the data: snapshot frames by
// MAX_SNAPSHOT_VALUES_PER_RUN, history points by MAX_HISTORY_POINTS, data points by
// MAX_STORED_POINTS, so results.json stays small and results.bin grows with the weights only.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { snapshotFramesPerRun, snapshotPlan } from '../../src/core/history';
import { MAX_HISTORY_POINTS, MAX_SNAPSHOT_VALUES_PER_RUN, MAX_STORED_POINTS, MAX_STORED_VALUES, MIN_STORED_POINTS } from '../../src/core/limits';
import { initParams, parameterCount } from '../../src/core/mlp';
import { Random } from '../../src/core/random';
import { analyzeRun, buildResults, summarizeDataset } from '../../src/core/results';
import { encodeResults } from '../../src/core/results-codec';
import type { Dataset } from '../../src/core/dataset';
import { trainRun } from '../../src/runtime/engine';
import { fastEngine } from '../../src/runtime/fast-engine';
import { dataset, experimentFrom, runSpec } from '../support/fixtures';

describe('snapshot frames per run', () => {
  test('as many as asked while they fit, fewer for a larger network, never fewer than two', () => {
    assert.equal(snapshotFramesPerRun(60, 1000), 60);
    assert.equal(snapshotFramesPerRun(60, MAX_SNAPSHOT_VALUES_PER_RUN / 40), 40);
    const layers4096 = 20 * 4096 + 4096 + 4096 * 4096 + 4096 + 4096 + 1;
    assert.equal(snapshotFramesPerRun(60, layers4096), 2);
    assert.equal(snapshotFramesPerRun(1000, MAX_SNAPSHOT_VALUES_PER_RUN * 10), 2);
  });

  test('a bounded run spreads its frames over the epochs from the start', () => {
    assert.deepEqual(snapshotPlan({ every: 2, maxFrames: 60 }, 100, 1000), { every: 2, maxFrames: 60 });
    assert.deepEqual(snapshotPlan({ every: 1, maxFrames: 60 }, 10, MAX_SNAPSHOT_VALUES_PER_RUN), { every: 10, maxFrames: 2 });
  });
});

describe('a run of a large network', () => {
  // 10 inputs, two hidden layers of 300: 94,201 weights, room for 42 frames.
  const inputs = 10;
  const data = dataset(
    Array.from({ length: 4 }, (_, r) => Array.from({ length: inputs }, (_, c) => Math.sin(r + c))),
    [0.1, 0.2, 0.3, 0.4],
  );
  const params = initParams(inputs, [{ units: 300, activation: 'relu' }, { units: 300, activation: 'relu' }], 'glorotUniform', new Random(1));
  const frames = Math.floor(MAX_SNAPSHOT_VALUES_PER_RUN / parameterCount(params));

  test('keeps the frames that fit, the first and the last among them', async () => {
    assert.ok(frames < 60, `the fixture must be too large for 60 frames (${frames})`);
    const spec = { ...runSpec(data, params, { epochs: 100, batchSize: 4, learningRate: 0.001 }), snapshots: { every: 2, maxFrames: 60 } };
    const outcome = await trainRun(fastEngine(), spec);
    assert.ok(outcome.snapshots.length <= frames && outcome.snapshots.length >= 2, `${outcome.snapshots.length} frames`);
    assert.equal(outcome.snapshots[0].epoch, 0);
    assert.equal(outcome.snapshots[outcome.snapshots.length - 1].epoch, 100);
    const values = outcome.snapshots.reduce((sum, s) => sum + parameterCount(s.params), 0);
    assert.ok(values <= MAX_SNAPSHOT_VALUES_PER_RUN, `${values} snapshot values`);
  });

  test('the results say how many frames a run keeps of those asked, for a finished and for a cancelled training', () => {
    const experiment = experimentFrom({ name: 'large', data: { kind: 'line' }, model: { layers: [300, 300] }, snapshots: { maxFrames: 60 }, variants: [{ name: 'v' }] });
    for (const cancelled of [false, true]) {
      const document = buildResults({ experiment, experimentPath: 'large.regx.json', dataset: summarizeDataset(data), backend: 'js', engine: 'fast', versions: {}, runs: [], seconds: 0, cancelled });
      assert.deepEqual(document.snapshotFrames, { requested: 60, perRun: frames });
    }
  });

  test('two frames at least, even when one frame is over the budget', async () => {
    const spec = { ...runSpec(data, params, { epochs: 5, batchSize: 4, learningRate: 0.001 }), snapshots: { every: 1, maxFrames: 2 } };
    const outcome = await trainRun(fastEngine(), spec);
    assert.deepEqual(outcome.snapshots.map((s) => s.epoch), [0, 5]);
  });
});

test('a long run keeps at most MAX_HISTORY_POINTS history points, the last epoch among them', async () => {
  const epochs = 2 * MAX_HISTORY_POINTS + 123;
  const spec = runSpec(dataset([[1], [2]], [1, 2]), [{ rows: 1, cols: 1, activation: 'linear', kernel: Float32Array.of(0.5), bias: Float32Array.of(0) }], { epochs, batchSize: 2, learningRate: 0.01 });
  const outcome = await trainRun(fastEngine(), spec);
  assert.ok(outcome.history.epoch.length <= MAX_HISTORY_POINTS, `${outcome.history.epoch.length} points`);
  assert.equal(outcome.history.epoch[outcome.history.epoch.length - 1], epochs);
});

test('results of 20,000 rows × 20 inputs: results.json stays small, the data is a sample', () => {
  const d = 20;
  const rows = 20_000;
  const random = new Random(3);
  const split = (n: number) => ({ x: Float32Array.from({ length: n * d }, () => random.next()), y: Float32Array.from({ length: n }, () => random.next()), n, outlier: new Uint8Array(n) });
  const data: Dataset = { inputNames: Array.from({ length: d }, (_, i) => `x${i}`), targetName: 'y', d, train: split(rows * 0.75), test: split(rows * 0.25) };
  const experiment = experimentFrom({ name: 'wide', data: { kind: 'line' }, model: { layers: [64] }, variants: [{ name: 'v', l1: 0.01 }] });
  const params = initParams(d, experiment.model.layers, 'glorotUniform', new Random(1));
  const summary = summarizeDataset(data);
  const history = { epoch: [0, 1], trainDataLoss: [1, 1], trainPenalty: [0, 0], testDataLoss: [1, 1], testAbsError: [1, 1] };
  const run = analyzeRun({ experiment, variant: experiment.variants[0], run: 0, seed: 1, dataset: data, summary, outcome: { params, history, snapshots: [{ epoch: 0, params }, { epoch: 1, params }], steps: 1, seconds: 1 } });
  assert.equal(run.testPredictions.length, MAX_STORED_POINTS, 'test predictions only for the stored test points');
  const document = buildResults({ experiment, experimentPath: 'wide.regx.json', dataset: summary, backend: 'js', engine: 'fast', versions: {}, runs: [run], seconds: 1, cancelled: false });
  const { json, binary } = encodeResults(document, 'results.bin');
  const binaryBytes = binary.reduce((sum, part) => sum + part.byteLength, 0);
  assert.ok(json.length < 200_000, `results.json: ${json.length} characters`);
  const arrays = 4 * (3 * parameterCount(params) + 2 * MAX_STORED_POINTS * (d + 1) + MAX_STORED_POINTS) + 2 * MAX_STORED_POINTS;
  assert.ok(binaryBytes < arrays + 2 * json.length + 1000, `results.bin: ${binaryBytes} bytes for ${arrays} bytes of arrays`);
  const parsed = JSON.parse(json);
  assert.deepEqual([parsed.dataset.train.rows, parsed.dataset.train.n, parsed.dataset.train.sampled], [15_000, MAX_STORED_POINTS, true]);
});

test('wide data keeps fewer points: 2,000 rows × 10,000 inputs store at most MAX_STORED_VALUES inputs per split', () => {
  const d = 10_000;
  const random = new Random(4);
  const split = (n: number) => ({ x: Float32Array.from({ length: n * d }, () => random.next()), y: Float32Array.from({ length: n }, () => random.next()), n, outlier: new Uint8Array(n) });
  const data: Dataset = { inputNames: Array.from({ length: d }, (_, i) => `x${i}`), targetName: 'y', d, train: split(1500), test: split(500) };
  const summary = summarizeDataset(data);
  for (const [name, stored, rows] of [['train', summary.train, 1500], ['test', summary.test, 500]] as const) {
    assert.ok(stored.x.length <= Math.max(MAX_STORED_VALUES, MIN_STORED_POINTS * d), `${name}: ${stored.x.length} input values`);
    assert.equal(stored.n, MIN_STORED_POINTS, `${name}: the fewest points a split keeps`);
    assert.deepEqual([stored.rows, stored.sampled], [rows, true]);
  }
});
