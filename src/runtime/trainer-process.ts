// Entry of the trainer child process (dist/trainer.js). It waits for a `start` message,
// trains, and reports through the protocol; `cancel` ends the runs still training and the
// process (its host keeps the finished runs). Sent `step` messages instead, it is a warm
// trainer: it trains them one after the other and stays up (trainer-steps.ts). Whatever goes wrong becomes an `error`
// message and a non-zero exit, never a silent death. It never outlives its host: when the
// IPC channel closes or its parent changes, it exits, and its worker threads with it.
import type { TrainingEvent } from '../core/training-events';
import { isHostToTrainer, type HostToTrainer, type ReplayReply, type StepReply } from './trainer-protocol';
import { loadDataset } from './data';
import { errorEvent, WarmSteps } from './trainer-steps';
import { runExperiment } from './run-experiment';
import { replayWeight } from './replay';
import * as path from 'node:path';
import type { Params } from '../core/mlp';

let cancelled = false;
/** Decided by the first message: one training (or replay) and exit, or warm steps. */
let mode: 'once' | 'warm' | undefined;
let steps: WarmSteps | undefined;
/** IPC keeps order, so waiting for the last send waits for them all. */
let lastSend: Promise<void> = Promise.resolve();

function send(message: TrainingEvent | StepReply): Promise<void> {
  lastSend = new Promise((resolve) => {
    if (!process.send || !process.connected) return resolve();
    process.send(message, undefined, undefined, () => resolve());
  });
  return lastSend;
}

async function fail(error: unknown): Promise<never> {
  await send(errorEvent(error));
  process.exit(1);
}

// The wasm backend installs a handler that rethrows (and prints its whole minified source);
// report the real error first, then leave.
process.prependListener('uncaughtException', (error) => void fail(error));
process.prependListener('unhandledRejection', (reason) => void fail(reason));

process.on('message', (raw: unknown) => {
  if (!isHostToTrainer(raw)) return;
  if (raw.type === 'step' || raw.type === 'cancelStep') {
    if (mode === 'once') return;
    mode = 'warm';
    steps ??= new WarmSteps((reply) => void send(reply));
    steps.take(raw);
    return;
  }
  if (raw.type === 'cancel') {
    cancelled = true;
    return;
  }
  if (mode) return;
  mode = 'once';
  if (raw.type === 'replay') {
    void replay(raw);
    return;
  }
  runExperiment(raw.experiment, {
    ...raw.options,
    experimentPath: raw.experimentPath,
    workspaceRoot: raw.workspaceRoot,
    emit: (message) => void send(message),
    isCancelled: () => cancelled,
    yieldToEvents: () => new Promise((resolve) => setImmediate(resolve)),
  })
    .then(async () => {
      await lastSend;
      process.exit(0);
    })
    .catch(fail);
});

/** The step view's replay: one run again with one weight watched, then the answer and exit. */
async function replay(request: Extract<HostToTrainer, { type: 'replay' }>): Promise<void> {
  let reply: ReplayReply;
  try {
    const { experiment } = request;
    const dataset = await loadDataset(experiment.data, experiment.seed, path.dirname(request.experimentPath), request.workspaceRoot, { maxCsvMiB: request.maxCsvMiB });
    const { trace, params } = await replayWeight(experiment, dataset, request.request);
    reply = { type: 'stepTrace', trace, matchesStored: sameWeights(params, request.stored) };
  } catch (error) {
    reply = { type: 'replayFailed', message: error instanceof Error ? error.message : String(error) };
  }
  await new Promise<void>((resolve) => (process.send && process.connected ? process.send(reply, undefined, undefined, () => resolve()) : resolve()));
  process.exit(0);
}

/** Every kernel and bias value equal (as float32 values: bit for bit but for ±0). */
function sameWeights(a: Params, b: Params): boolean {
  return a.length === b.length && a.every((layer, l) => (['kernel', 'bias'] as const).every((part) => layer[part].length === b[l][part].length && layer[part].every((v, i) => v === b[l][part][i])));
}

/** How often the parent pid is checked, should the IPC channel not report the parent's end. */
const parentPollMs = 250;
const parentPid = process.ppid;
const leave = () => process.exit(1);
process.on('disconnect', leave);
setInterval(() => process.ppid !== parentPid && leave(), parentPollMs).unref();

if (!process.send) {
  console.error('dist/trainer.js runs as a child process of RegX; use `regx train FILE` instead.');
  process.exit(2);
}
