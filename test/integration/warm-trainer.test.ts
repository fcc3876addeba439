// The warm trainer of the λ sliders: one process kept up, trainings sent to it as steps.
// A second step trains in the same process and gives the numbers a trainer of its own
// gives; a newer step cancels the older, whose outcome is cancelled, never finished; a
// failing step leaves the process serving; dispose ends the process.
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { after, describe, test } from 'node:test';
import type { Experiment } from '../../src/core/experiment';
import { TrainerClient, type TrainerOutcome } from '../../src/runtime/trainer-client';
import { WarmTrainer } from '../../src/runtime/warm-trainer';
import { experimentFrom } from '../support/fixtures';

const trainerPath = path.resolve(__dirname, '../../dist/trainer.js');
if (!fs.existsSync(trainerPath)) throw new Error('dist/trainer.js is missing: run `npm run build` first (npm test does)');

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'regx-warm-'));
const experimentPath = path.join(dir, 'slider.regx.json');

const small = experimentFrom({
  name: 'slider',
  runs: 3,
  data: { kind: 'line', samples: 40, outliers: 0.05 },
  model: { layers: [4, 3] },
  training: { batchSize: 4, epochs: 12, loss: 'mae' },
  variants: [{ name: 'none' }, { name: 'L2', l2: 0.05 }],
  snapshots: { maxFrames: 5 },
});

/** The experiment with L2 at `l2`, as a slider step trains it. */
function atLambda(l2: number, epochs = small.training.epochs): Experiment {
  return { ...small, training: { ...small.training, epochs }, variants: small.variants.map((v) => (v.name === 'L2' ? { ...v, l2 } : v)) };
}

const step = (experiment: Experiment) => ({ experiment, experimentPath, options: { variants: ['L2'], backend: 'cpu' as const } });

const testErrors = (outcome: TrainerOutcome) => (outcome.status === 'finished' ? outcome.results.variants.flatMap((v) => v.runs.map((r) => r.testAbsError)) : []);

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

async function until(what: string, check: () => boolean): Promise<void> {
  for (let i = 0; i < 200 && !check(); i++) await new Promise((resolve) => setTimeout(resolve, 25));
  assert.ok(check(), `${what}, within 5 s`);
}

describe('the warm trainer (λ slider steps)', () => {
  const trainers: WarmTrainer[] = [];
  const warm = () => {
    const trainer = new WarmTrainer(trainerPath);
    trainers.push(trainer);
    return trainer;
  };
  after(() => trainers.forEach((t) => t.dispose()));

  test('a second step trains in the same process, with the numbers a trainer of its own gives', async () => {
    const trainer = warm();
    const firstStarted = performance.now();
    const first = await trainer.train(step(atLambda(0.05))).done;
    const firstMs = performance.now() - firstStarted;
    const pid = trainer.pid;
    assert.ok(pid !== undefined && isAlive(pid), 'the process stays up after its step');

    const secondStarted = performance.now();
    const second = trainer.train(step(atLambda(0.2)));
    const events: string[] = [];
    for (const type of ['ready', 'dataset', 'runFinished', 'finished'] as const) second.on(type, (m) => events.push(m.type));
    const outcome = await second.done;
    console.log(`warm trainer: first step (process start included) ${firstMs.toFixed(0)} ms, second step ${(performance.now() - secondStarted).toFixed(0)} ms`);
    assert.equal(trainer.pid, pid, 'the same process');
    assert.equal(first.status, 'finished');
    assert.equal(outcome.status, 'finished');
    assert.deepEqual(events, ['ready', 'dataset', 'runFinished', 'runFinished', 'runFinished', 'finished']);
    assert.ok(outcome.status === 'finished' && outcome.results.variants.map((v) => v.variant.name).join() === 'L2', 'the variant of the step alone');
    assert.equal(outcome.status === 'finished' && outcome.results.variants[0].variant.l2, 0.2);

    const cold = await TrainerClient.start({ trainerPath, ...step(atLambda(0.2)) }).done;
    assert.deepEqual(testErrors(outcome), testErrors(cold), 'kept data and threads change no number');
    assert.notDeepEqual(testErrors(outcome), testErrors(first), 'the new λ is trained');
  });

  test('warming up starts the process before any step; the first step trains in it', async () => {
    const trainer = warm();
    assert.equal(trainer.pid, undefined, 'no process before it is needed');
    trainer.warmUp();
    const pid = trainer.pid;
    assert.ok(pid !== undefined && isAlive(pid));
    trainer.warmUp();
    assert.equal(trainer.pid, pid, 'a second warm-up keeps the process');
    assert.equal((await trainer.train(step(atLambda(0.05))).done).status, 'finished');
    assert.equal(trainer.pid, pid);
  });

  test('a newer λ cancels the older step: its outcome is cancelled, not finished, and the newer one trains', async () => {
    const trainer = warm();
    const older = trainer.train(step(atLambda(0.05, 1_000_000)));
    await new Promise<void>((resolve) => older.on('progress', () => resolve()));
    const cancelled = older.cancel();
    const newer = trainer.train(step(atLambda(0.1)));
    const [olderOutcome, newerOutcome] = await Promise.all([cancelled, newer.done]);
    assert.equal(olderOutcome.status, 'cancelled');
    assert.equal(newerOutcome.status, 'finished');
    assert.ok(trainer.pid !== undefined, 'the cancel stopped the step, not the process');
  });

  test('a cancel that comes after the step trained still ends it as cancelled', async () => {
    const trainer = warm();
    const stepped = trainer.train(step(atLambda(0.05)));
    // `finished` has come but the step has not ended yet: the cancel wins.
    stepped.on('finished', () => void stepped.cancel());
    const outcome = await stepped.done;
    assert.equal(outcome.status, 'cancelled');
    assert.ok(outcome.status === 'cancelled' && outcome.results?.cancelled, 'its finished runs kept, marked cancelled');
  });

  test('a step that fails leaves the process serving the next', async () => {
    const trainer = warm();
    const missing = experimentFrom({ name: 'csv', data: { kind: 'csv', path: 'missing.csv', inputs: ['x'], target: 'y' }, variants: [{ name: 'L2', l2: 0.1 }] });
    const failed = await trainer.train(step(missing)).done;
    assert.equal(failed.status, 'failed');
    assert.match(failed.status === 'failed' ? failed.message : '', /^data\.path: /);
    const pid = trainer.pid;
    assert.equal((await trainer.train(step(atLambda(0.05))).done).status, 'finished');
    assert.equal(trainer.pid, pid);
  });

  test('dispose ends the process, and a step in flight ends as cancelled', async () => {
    const trainer = warm();
    const long = trainer.train(step(atLambda(0.05, 1_000_000)));
    await new Promise<void>((resolve) => long.on('progress', () => resolve()));
    const pid = trainer.pid!;
    trainer.dispose();
    assert.equal((await long.done).status, 'cancelled');
    await until('the process has ended', () => !isAlive(pid));
    assert.equal(trainer.pid, undefined);
  });

  test('a trainer process that dies fails its step, and the next step starts a new one', async () => {
    const trainer = warm();
    const long = trainer.train(step(atLambda(0.05, 1_000_000)));
    await new Promise<void>((resolve) => long.on('progress', () => resolve()));
    const pid = trainer.pid!;
    process.kill(pid, 'SIGKILL');
    const outcome = await long.done;
    assert.equal(outcome.status, 'failed');
    assert.match(outcome.status === 'failed' ? outcome.message : '', /stopped unexpectedly \(signal SIGKILL\)/);
    assert.equal((await trainer.train(step(atLambda(0.05))).done).status, 'finished');
    assert.notEqual(trainer.pid, pid);
  });
});
