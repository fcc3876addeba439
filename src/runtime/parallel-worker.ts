// One thread of the training pool (parallel.ts): trains the runs it is sent, one at a time,
// and posts back their outcomes. TensorFlow.js is loaded only if a run needs it.
import * as v8 from 'node:v8';
import { parentPort, workerData } from 'node:worker_threads';
import type { BackendChoice } from './backend';
import { chooseEngine } from './choose-engine';
import type { Dataset } from './data';
import { trainRun, type RunOutcome } from './engine';
import { describeMessage } from '../core/message-guard';
import { isPoolToWorker, type PoolToWorker, type WorkerData, type WorkerToPool } from './pool-protocol';

const port = parentPort!;
const cancel = new Int32Array((workerData as WorkerData).cancel);
const datasets = new Map<number, Dataset>();

port.on('message', (message: unknown) => {
  // Thrown, it ends this thread and the pool rejects the run it trained, with this message.
  if (!isPoolToWorker(message)) throw new Error(`a training thread got ${describeMessage(message)}, which it does not know`);
  if (message.type === 'dataset') datasets.set(message.id, message.dataset);
  else void train(message);
});

async function train(message: Extract<PoolToWorker, { type: 'train' }>): Promise<void> {
  const { job } = message;
  try {
    const dataset = datasets.get(message.spec.dataset);
    if (!dataset) throw new Error(`data set ${message.spec.dataset} was not sent to this thread`);
    const spec = { ...message.spec, dataset };
    const { engine, reason } = await chooseEngine(spec, message.engine, () => loadTensorflow(message.backend), message.threadsPerRun ?? 1);
    const outcome = await trainRun(engine, spec, {
      onEpoch: message.epochs ? (metrics, stepsPerSecond) => post({ type: 'epoch', job, metrics, stepsPerSecond }) : undefined,
      onSnapshot: message.snapshots ? (snapshot) => post({ type: 'snapshot', job, snapshot }) : undefined,
      isCancelled: () => job < Atomics.load(cancel, 0),
    });
    const done: WorkerToPool = {
      type: 'done',
      job,
      outcome,
      engine: engine.name,
      backend: engine.backend,
      threads: engine.threads ?? 1,
      reason,
      workerHeapBytes: v8.getHeapStatistics().total_heap_size,
    };
    port.postMessage(done, buffersOf(outcome));
  } catch (error) {
    post({ type: 'failed', job, message: error instanceof Error ? error.message : String(error) });
  }
}

function post(message: WorkerToPool): void {
  port.postMessage(message);
}

/** tf.js is required only here, when a run trains on it (require, not import(): from source
 * this thread has tsx's CommonJS hook only). */
function loadTensorflow(backend: BackendChoice) {
  const { loadTensorflow } = require('./backend') as typeof import('./backend');
  return loadTensorflow(backend);
}

/** The weights' buffers, moved rather than copied to the pool's thread. */
function buffersOf(outcome: RunOutcome): ArrayBuffer[] {
  const buffers = new Set<ArrayBuffer>();
  for (const params of [outcome.params, ...outcome.snapshots.map((s) => s.params)]) {
    for (const layer of params) for (const values of [layer.kernel, layer.bias]) buffers.add(values.buffer as ArrayBuffer);
  }
  return [...buffers];
}
