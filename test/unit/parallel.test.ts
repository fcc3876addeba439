// The training pool: runs on worker threads give exactly what trainRun gives on this thread,
// in the order asked; progress reaches the caller; cancel stops runs; errors come back.
import assert from 'node:assert/strict';
import * as path from 'node:path';
import { describe, test } from 'node:test';
import { trainRun, type RunSpec } from '../../src/runtime/engine';
import { fastEngine } from '../../src/runtime/fast-engine';
import { initParams } from '../../src/core/mlp';
import { TrainingPool, trainInParallel, workerEntry } from '../../src/runtime/parallel';
import { Random } from '../../src/core/random';
import { dataset, runSpec } from '../support/fixtures';

const random = new Random(4);
const xs = Array.from({ length: 30 }, () => [random.uniform(-1, 1)]);
const data = dataset(
  xs,
  xs.map(([x]) => 2 * x + 1 + 0.1 * random.normal()),
);
const hidden = [
  { units: 5, activation: 'relu' as const },
  { units: 5, activation: 'relu' as const },
];

function spec(run: number, epochs = 20): RunSpec {
  return {
    ...runSpec(data, initParams(1, hidden, 'glorotUniform', new Random(run)), { batchSize: 1, learningRate: 0.01, loss: 'mae', epochs }, { l1: 0.01 * (run + 1) }),
    seed: 100 + run,
    snapshots: { every: 2, maxFrames: 5 },
  };
}

describe('training on worker threads', () => {
  test('from source, the worker is parallel-worker.ts loaded through tsx', () => {
    const entry = workerEntry();
    assert.equal(path.basename(entry.file), 'parallel-worker.ts');
    assert.match(entry.code, /tsx/);
  });

  test('gives the same outcomes as trainRun here, in the order of the specs', async () => {
    const specs = [0, 1, 2, 3, 4].map((run) => spec(run));
    const finished: number[] = [];
    const results = await trainInParallel(specs, { threads: 2, engine: 'fast', onFinished: (index) => finished.push(index) });
    assert.deepEqual([...finished].sort(), [0, 1, 2, 3, 4]);
    for (const [index, result] of results.entries()) {
      const expected = await trainRun(fastEngine(), specs[index]);
      assert.equal(result.engine, 'fast');
      assert.equal(result.backend, 'js');
      assert.match(result.reason, /fast engine/);
      assert.deepEqual(result.outcome.params, expected.params);
      assert.deepEqual(result.outcome.history, expected.history);
      assert.deepEqual(
        result.outcome.snapshots.map((s) => s.epoch),
        expected.snapshots.map((s) => s.epoch),
      );
      assert.deepEqual(result.outcome.snapshots.at(-1)!.params, expected.snapshots.at(-1)!.params);
      assert.ok(result.workerHeapBytes > 0);
    }
  });

  test('reports every epoch and snapshot to the caller, and cancel stops the runs', async () => {
    const pool = new TrainingPool({ threads: 1, engine: 'auto' });
    try {
      const epochs: number[] = [];
      const snapshots: number[] = [];
      const result = await pool.run(spec(0, 6), { onEpoch: (m) => epochs.push(m.epoch), onSnapshot: (s) => snapshots.push(s.epoch) });
      assert.deepEqual(epochs, [1, 2, 3, 4, 5, 6]);
      assert.deepEqual(snapshots, [0, 2, 4, 6]);
      assert.equal(result.engine, 'fast');

      const long = pool.run(spec(1, 1_000_000), { onEpoch: (m) => m.epoch === 3 && pool.cancel() });
      const queued = pool.run(spec(2, 1_000_000));
      const [stopped, never] = await Promise.all([long, queued]);
      assert.equal(stopped.outcome.cancelled, true);
      assert.ok(stopped.outcome.steps < 1_000_000 * 30);
      assert.equal(never.outcome.cancelled, true);
      assert.equal(never.outcome.steps, 0);
      assert.equal(pool.cancelled, true);

      // A cancel stops the runs asked for until then; the next ones train in full on the same threads.
      const after = await pool.run(spec(3, 4));
      assert.equal(after.outcome.cancelled, undefined);
      assert.deepEqual(after.outcome.params, (await trainRun(fastEngine(), spec(3, 4))).params);
      assert.equal(pool.cancelled, false);
    } finally {
      await pool.close();
    }
  });

  test('an error in a run rejects that run, and the pool goes on', async () => {
    const pool = new TrainingPool({ threads: 1, engine: 'tfjs', backend: 'tensorflow' });
    try {
      await assert.rejects(pool.run(spec(0)), /tensorflow backend is not available/);
    } finally {
      await pool.close();
    }
    const fast = new TrainingPool({ threads: 1, engine: 'fast' });
    try {
      const bad = { ...spec(0), initialParams: [] };
      await assert.rejects(fast.run(bad));
      assert.equal((await fast.run(spec(1, 2))).outcome.steps, 60);
    } finally {
      await fast.close();
    }
  });
});
