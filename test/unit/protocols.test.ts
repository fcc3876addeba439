// The guards of the three message channels (trainer <-> host, host <-> panel, pool <-> worker):
// each accepts every message of its direction, also after the structured clone that carries
// it, and rejects what is not one. Each guard is built from a map of its union's message
// types, which must name every type and no other, or the code does not compile.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { Worker } from 'node:worker_threads';
import { describeMessage, messageGuard, type MessageGuard } from '../../src/core/message-guard';
import { isTrainingEvent, type TrainingEvent } from '../../src/core/training-events';
import { initParams } from '../../src/core/mlp';
import { Random } from '../../src/core/random';
import { isHostToPanel, isPanelToHost, type HostToPanel, type PanelToHost } from '../../src/panel/protocol';
import { workerEntry } from '../../src/runtime/parallel';
import { isPoolToWorker, isWorkerToPool, type PoolToWorker, type WorkerData, type WorkerToPool } from '../../src/runtime/pool-protocol';
import { runExperiment } from '../../src/runtime/run-experiment';
import { isHostToTrainer, isReplayReply, isStepReply, type HostToTrainer, type ReplayReply, type StepReply } from '../../src/runtime/trainer-protocol';
import { StepTraceBuilder } from '../../src/core/step-trace';
import { dataset, experimentFrom, runSpec } from '../support/fixtures';

/** One message of each type of a union: a type added to the union is missing here until added. */
type OneOfEach<Message extends { type: string }> = { [Type in Message['type']]: Extract<Message, { type: Type }> };

const notMessages: unknown[] = [
  null,
  undefined,
  42,
  'ready',
  [],
  {},
  { kind: 'ready' },
  { type: 42 },
  { type: null },
  { type: 'no such message' },
  { type: 'toString' },
  { type: '__proto__' },
  { type: 'constructor' },
];

function assertGuardsItsChannel<Message extends { type: string }>(guard: MessageGuard<Message>, samples: OneOfEach<Message>): void {
  for (const [type, message] of Object.entries<Message>(samples)) {
    assert.equal(message.type, type, 'each sample sits under its own type');
    assert.ok(guard(message), `accepts a '${type}' message`);
    assert.ok(guard(structuredClone(message)), `accepts a '${type}' message after a structured clone`);
  }
  for (const value of notMessages) assert.equal(guard(value), false, `rejects ${describeMessage(value)}: ${JSON.stringify(value)}`);
}

const experiment = experimentFrom({
  name: 'tiny',
  runs: 1,
  data: { kind: 'line', samples: 12 },
  model: { layers: [3] },
  training: { epochs: 3, batchSize: 4 },
  variants: [{ name: 'L1', l1: 0.01 }],
  snapshots: { maxFrames: 3 },
});

/** A step trace of two steps, as a replay sends one. */
const sampleTrace = (() => {
  const builder = new StepTraceBuilder({ layer: 0, part: 'kernel', index: 1 }, 2, 10, 0.5);
  builder.record({ before: 0.5, data: -0.01, penalty: -0.003, optimizer: -0.013, after: 0, next: 0.487 });
  builder.record({ before: 0.487, data: 0.02, penalty: -0.003, optimizer: 0.017, after: 0, next: 0.504 });
  return builder.trace;
})();

/** What a real training of `experiment` sends, in order, on this thread. */
async function trainingEvents(): Promise<TrainingEvent[]> {
  const events: TrainingEvent[] = [];
  await runExperiment(experiment, { experimentPath: 'tiny.regx.json', threads: 1, emit: (event) => events.push(event) });
  return events;
}

/** The first message of `type`, typed as one. */
function first<Message extends { type: string }, Type extends Message['type']>(messages: Message[], type: Type): Extract<Message, { type: Type }> {
  const message = messages.find((m): m is Extract<Message, { type: Type }> => m.type === type);
  if (!message) throw new Error(`no '${type}' message among ${messages.map((m) => m.type).join(', ')}`);
  return message;
}

describe('messageGuard', () => {
  type Pair = { type: 'a'; size: number } | { type: 'b' };

  test('accepts exactly the types of its map', () => {
    const isPair = messageGuard<Pair>({ a: true, b: true });
    assertGuardsItsChannel(isPair, { a: { type: 'a', size: 1 }, b: { type: 'b' } });
  });

  test('a map missing a message type, or naming one the union lacks, does not compile', () => {
    // tsc checks these lines (tsconfig includes test/): each must be an error.
    // @ts-expect-error 'b' is missing
    const missing = messageGuard<Pair>({ a: true });
    // @ts-expect-error 'c' is no type of Pair
    const extra = messageGuard<Pair>({ a: true, b: true, c: true });
    assert.equal(missing({ type: 'b' }), false, 'at run time, a type missing from the map is rejected');
    assert.equal(extra({ type: 'c' }), true, 'at run time the map alone decides: only the compiler keeps it to the union');
  });

  test('describes what failed a guard, for the error that names it', () => {
    assert.equal(describeMessage({ type: 'stop' }), "a message of type 'stop'");
    assert.equal(describeMessage({ kind: 'stop' }), 'an object without a string `type`');
    assert.equal(describeMessage(null), 'null');
    assert.equal(describeMessage(7), 'a number');
  });
});

describe('trainer <-> host (runtime/trainer-protocol.ts)', () => {
  test('host -> trainer: isHostToTrainer', () => {
    assertGuardsItsChannel<HostToTrainer>(isHostToTrainer, {
      start: { type: 'start', experiment, experimentPath: '/w/tiny.regx.json', options: { engine: 'fast', variants: ['L1'] } },
      cancel: { type: 'cancel' },
      step: { type: 'step', step: 2, experiment, experimentPath: '/w/tiny.regx.json', options: { variants: ['L1'] } },
      cancelStep: { type: 'cancelStep', step: 2 },
      replay: { type: 'replay', experiment, experimentPath: '/w/tiny.regx.json', request: { variant: 'L1', run: 0, weight: { layer: 0, part: 'kernel', index: 1 } }, stored: initParams(1, [{ units: 3, activation: 'relu' }], 'glorotUniform', new Random(1)) },
    });
  });

  test('trainer -> host after a replay: isReplayReply', () => {
    assertGuardsItsChannel<ReplayReply>(isReplayReply, {
      stepTrace: { type: 'stepTrace', trace: sampleTrace, matchesStored: true },
      replayFailed: { type: 'replayFailed', message: 'replay: no variant "L3" in the experiment' },
    });
  });

  test('trainer -> host from a warm trainer: isStepReply', async () => {
    const events = await trainingEvents();
    assertGuardsItsChannel<StepReply>(isStepReply, {
      stepEvent: { type: 'stepEvent', step: 2, event: first(events, 'runFinished') },
      stepEnded: { type: 'stepEnded', step: 2 },
    });
  });

  test('trainer -> host: isTrainingEvent, on what a real training sends', async () => {
    const events = await trainingEvents();
    assert.ok(events.every(isTrainingEvent), 'every event of the training passes');
    assertGuardsItsChannel<TrainingEvent>(isTrainingEvent, {
      ready: first(events, 'ready'),
      dataset: first(events, 'dataset'),
      progress: first(events, 'progress'),
      snapshot: first(events, 'snapshot'),
      runFinished: first(events, 'runFinished'),
      finished: first(events, 'finished'),
      error: { type: 'error', message: 'data.path: no such file', path: 'data.path' },
    });
  });
});

describe('host <-> panel (panel/protocol.ts)', () => {
  test('host -> panel: isHostToPanel', async () => {
    const events = await trainingEvents();
    assertGuardsItsChannel<HostToPanel>(isHostToPanel, {
      header: { type: 'header', header: { experimentPath: '/w/tiny.regx.json', experimentName: 'tiny', fileName: 'tiny.regx.json', status: 'training' } },
      trainingStarted: { type: 'trainingStarted', experiment, variants: ['L1'] },
      trainer: { type: 'trainer', messages: events },
      results: { type: 'results', results: first(events, 'finished').results },
      stepTrace: { type: 'stepTrace', variant: 'L1', run: 0, trace: sampleTrace, matchesStored: true },
      stepTraceFailed: { type: 'stepTraceFailed', message: 'the trainer could not start' },
    });
  });

  test('panel -> host: isPanelToHost', () => {
    assertGuardsItsChannel<PanelToHost>(isPanelToHost, {
      ready: { type: 'ready' },
      train: { type: 'train' },
      stop: { type: 'stop' },
      applyShrinkPlan: { type: 'applyShrinkPlan', variant: 'L1' },
      verifyShrink: { type: 'verifyShrink' },
      rerunShrunk: { type: 'rerunShrunk' },
      stepView: { type: 'stepView', variant: 'L1', run: 0, weight: { layer: 0, part: 'kernel', index: 1 } },
      writeLambda: { type: 'writeLambda', variant: 'lasso', lambda: 0.1 },
      setTrainOnSave: { type: 'setTrainOnSave', on: true },
      tryLambda: { type: 'tryLambda', variant: 'L1', lambda: 0.1 },
      setLambda: { type: 'setLambda', variant: 'L1', lambda: 0.1 },
      warmUp: { type: 'warmUp' },
      drawn: {
        type: 'drawn',
        createdAt: '2026-12-05T13:00:00.000Z',
        paths: [{ variant: 'lasso', charts: [{ chart: 'errors', curves: 4, area: { left: 40, top: 10, right: 400, bottom: 200 }, marks: [{ label: 'λ_min', lambda: 0.05, x: 300.5 }, { label: 'λ_1se', lambda: 0.16, x: 250.5 }], markColor: 'rgba(97, 97, 97, 0.9)' }] }],
        drawMs: 120,
      },
    });
  });
});

describe('pool <-> worker (runtime/pool-protocol.ts)', () => {
  const data = dataset([[0], [1], [2], [3]], [1, 3, 5, 7]);
  const { dataset: _sent, ...spec } = {
    ...runSpec(data, initParams(1, [{ units: 2, activation: 'relu' }], 'glorotUniform', new Random(1)), { epochs: 2, batchSize: 2 }),
    snapshots: { every: 1, maxFrames: 3 },
  };
  const toWorker: OneOfEach<PoolToWorker> = {
    dataset: { type: 'dataset', id: 0, dataset: data },
    train: { type: 'train', job: 0, spec: { ...spec, dataset: 0 }, engine: 'fast', backend: 'cpu', epochs: true, snapshots: true },
  };

  test('pool -> worker: isPoolToWorker', () => {
    assertGuardsItsChannel<PoolToWorker>(isPoolToWorker, toWorker);
  });

  /** A worker thread started as the pool starts one; what it sends, and its first error. */
  function startWorker(): { worker: Worker; received: unknown[]; error: Promise<Error> } {
    const workerData: WorkerData = { cancel: new SharedArrayBuffer(4) };
    const worker = new Worker(workerEntry().code, { eval: true, workerData });
    const received: unknown[] = [];
    worker.on('message', (message: unknown) => received.push(message));
    const error = new Promise<Error>((resolve) => worker.once('error', resolve));
    return { worker, received, error };
  }

  test('worker -> pool: isWorkerToPool, on what a real worker sends for a run', async () => {
    const { worker, received } = startWorker();
    try {
      const runEnded = new Promise<void>((resolve) =>
        worker.on('message', (message: unknown) => {
          if (isWorkerToPool(message) && (message.type === 'done' || message.type === 'failed')) resolve();
        }),
      );
      worker.postMessage(toWorker.dataset);
      worker.postMessage(toWorker.train);
      await runEnded;
    } finally {
      await worker.terminate();
    }
    assert.ok(received.every(isWorkerToPool), `every message of the worker passes: ${received.map(describeMessage).join(', ')}`);
    const messages = received.filter(isWorkerToPool);
    assertGuardsItsChannel<WorkerToPool>(isWorkerToPool, {
      epoch: first(messages, 'epoch'),
      snapshot: first(messages, 'snapshot'),
      done: first(messages, 'done'),
      failed: { type: 'failed', job: 0, message: 'data set 3 was not sent to this thread' },
    });
  });

  test('a worker sent a message it does not know fails with an error that names it', async () => {
    const { worker, error } = startWorker();
    try {
      const answer = new Promise<never>((_, reject) =>
        worker.once('message', (message: unknown) => reject(new Error(`the worker answered ${describeMessage(message)} instead of failing`))),
      );
      worker.postMessage({ type: 'pause', job: 0 });
      assert.match((await Promise.race([error, answer])).message, /a training thread got a message of type 'pause', which it does not know/);
    } finally {
      await worker.terminate();
    }
  });
});
