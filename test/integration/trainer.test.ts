// The trainer in its own process, driven through the same client the CLI and the extension
// use: messages in order, identical numbers for the same seed, and every way it can go
// wrong (bad data, a kill, a cancel) ends as an error or a cancel the caller sees.
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { describe, test } from 'node:test';
import type { TrainingEvent } from '../../src/core/training-events';
import { TrainerClient, type TrainerStart } from '../../src/runtime/trainer-client';
import { experimentFrom } from '../support/fixtures';

const trainerPath = path.resolve(__dirname, '../../dist/trainer.js');
if (!fs.existsSync(trainerPath)) throw new Error('dist/trainer.js is missing: run `npm run build` first (npm test does)');

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'regx-trainer-'));
const experimentPath = path.join(dir, 'small.regx.json');

const small = experimentFrom({
  name: 'small',
  runs: 2,
  data: { kind: 'line', samples: 40, outliers: 0.05 },
  model: { layers: [4, 3] },
  training: { batchSize: 4, epochs: 12, loss: 'mae' },
  variants: [
    { name: 'L1', l1: 0.05 },
    { name: 'L2', l2: 0.05 },
  ],
  snapshots: { maxFrames: 5 },
});

function start(overrides: Partial<TrainerStart> = {}): { client: TrainerClient; messages: TrainingEvent[] } {
  const client = TrainerClient.start({ trainerPath, experiment: small, experimentPath, options: { backend: 'cpu' }, ...overrides });
  const messages: TrainingEvent[] = [];
  for (const type of ['ready', 'dataset', 'progress', 'snapshot', 'runFinished', 'finished', 'error'] as const) {
    client.on(type, (m) => messages.push(m));
  }
  return { client, messages };
}

describe('the trainer process', () => {
  test('reports ready, the data, progress and snapshots per run, then the results', async () => {
    const { client, messages } = start();
    const outcome = await client.done;
    assert.equal(outcome.status, 'finished');
    const types = messages.map((m) => m.type);
    assert.equal(types[0], 'ready');
    assert.equal(types[1], 'dataset');
    assert.equal(types[types.length - 1], 'finished');
    // Runs train in parallel and finish in any order; the results list them in file order.
    const finishedRuns = messages.filter((m) => m.type === 'runFinished').map((m) => `${m.variant}/${m.run}`);
    assert.deepEqual(finishedRuns.sort(), ['L1/0', 'L1/1', 'L2/0', 'L2/1']);
    const snapshots = messages.filter((m) => m.type === 'snapshot' && m.variant === 'L1' && m.run === 0);
    assert.ok(snapshots.length >= 2 && snapshots.length <= 6, `snapshots are capped: ${snapshots.length}`);
    const first = snapshots[0];
    assert.ok(first.type === 'snapshot' && first.params[0].kernel instanceof Float32Array, 'typed arrays cross the process boundary as they are');
    if (outcome.status !== 'finished') return;
    assert.deepEqual(outcome.results.variants.map((v) => v.runs.map((r) => `${r.variant}/${r.run}`)), [['L1/0', 'L1/1'], ['L2/0', 'L2/1']]);
  });

  test('the same experiment and seed give identical numbers', async () => {
    const [a, b] = await Promise.all([start().client.done, start().client.done]);
    assert.ok(a.status === 'finished' && b.status === 'finished');
    const errors = (o: typeof a) => (o.status === 'finished' ? o.results.variants.flatMap((v) => v.runs.map((r) => r.testAbsError)) : []);
    assert.deepEqual(errors(a), errors(b));
    if (a.status === 'finished' && b.status === 'finished') {
      assert.deepEqual(a.results.variants[0].runs[1].params, b.results.variants[0].runs[1].params);
    }
  });

  test('bad data in a CSV becomes an error message naming the JSON path', async () => {
    fs.writeFileSync(path.join(dir, 'bad.csv'), 'x,y\n1,2\n2,NaN\n3,4\n');
    const experiment = experimentFrom({ name: 'csv', data: { kind: 'csv', path: 'bad.csv', inputs: ['x'], target: 'y' }, variants: [{ name: 'v' }] });
    const { client, messages } = start({ experiment });
    const outcome = await client.done;
    assert.equal(outcome.status, 'failed');
    const error = messages.find((m) => m.type === 'error');
    assert.ok(error && error.type === 'error');
    assert.equal(error.path, 'data.path');
    assert.match(error.message, /line 3 column "y"/);
  });

  test('a killed trainer becomes an error event, and the caller goes on', async () => {
    const long = { ...small, training: { ...small.training, epochs: 100000 } };
    const { client, messages } = start({ experiment: long });
    await new Promise<void>((resolve) => client.on('progress', () => resolve()));
    process.kill(client.pid!, 'SIGKILL');
    const outcome = await client.done;
    assert.equal(outcome.status, 'failed');
    assert.ok(outcome.status === 'failed' && /stopped unexpectedly \(signal SIGKILL\)/.test(outcome.message), JSON.stringify(outcome));
    assert.ok(messages.some((m) => m.type === 'error'));
  });

  test('cancel stops a long training and keeps the runs finished so far', async () => {
    const long = { ...small, training: { ...small.training, epochs: 100000 } };
    const { client } = start({ experiment: long });
    await new Promise<void>((resolve) => client.on('progress', () => resolve()));
    const outcome = await client.cancel();
    assert.equal(outcome.status, 'cancelled');
  });

  test('a cancel keeps exactly the runs that finished, whole, and drops those stopped midway', async () => {
    const many = { ...small, runs: 30, training: { ...small.training, epochs: 3000 } };
    const { client, messages } = start({ experiment: many });
    await new Promise<void>((resolve) => client.on('runFinished', () => resolve()));
    const outcome = await client.cancel();
    assert.equal(outcome.status, 'cancelled');
    assert.ok(outcome.status === 'cancelled' && outcome.results, 'a run had finished, so there are results');
    const reported = messages.filter((m) => m.type === 'runFinished').map((m) => `${m.variant}/${m.run}`);
    const kept = outcome.results.variants.flatMap((v) => v.runs.map((r) => `${r.variant}/${r.run}`));
    assert.deepEqual(kept.sort(), reported.sort());
    assert.ok(kept.length < 60, `not every run: ${kept.length}`);
    assert.ok(outcome.results.variants.every((v) => v.runs.every((r) => r.epochs === 3000)), 'every run kept trained all its epochs');
    assert.equal(outcome.results.cancelled, true);
    assert.ok(!messages.some((m) => m.type === 'finished'), 'a cancelled trainer sends no results of its own');
  });

  test('kill ends the trainer at once and keeps the runs that finished', async () => {
    const many = { ...small, runs: 30, training: { ...small.training, epochs: 3000 } };
    const { client } = start({ experiment: many });
    await new Promise<void>((resolve) => client.on('runFinished', () => resolve()));
    client.kill();
    const outcome = await client.done;
    assert.ok(outcome.status === 'cancelled' && outcome.results && outcome.results.variants.length > 0, JSON.stringify(outcome.status));
    assert.throws(() => process.kill(client.pid!, 0), { code: 'ESRCH' });
  });

  test('divergence stops the run with a message that says what to change', async () => {
    const wild = experimentFrom({ name: 'wild', data: { kind: 'line', samples: 20 }, model: { layers: [8] }, training: { learningRate: 1e6, loss: 'mse', epochs: 20, batchSize: 4 }, variants: [{ name: 'v' }] });
    const { client, messages } = start({ experiment: wild });
    const outcome = await client.done;
    assert.equal(outcome.status, 'finished');
    const error = messages.find((m) => m.type === 'error');
    assert.ok(error && error.type === 'error' && /diverged at epoch \d+.*smaller training.learningRate/.test(error.message), JSON.stringify(error));
    assert.ok(outcome.status === 'finished' && outcome.results.variants[0].runs[0].diverged);
  });
});
