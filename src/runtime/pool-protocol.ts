// The channel between the training pool (parallel.ts) and each of its worker threads
// (parallel-worker.ts), through postMessage (structured clone: typed arrays pass as they are).
//
//   pool -> worker   PoolToWorker: a `dataset` once per thread before the first run that
//                    trains on it, then `train`, one run at a time: the pool sends the next
//                    only after the worker's `done` or `failed` for the last.
//   worker -> pool   WorkerToPool: for the run it trains, `epoch` and `snapshot` (only those
//                    the pool asked for), then `done` or `failed`.
//
// Cancelling is no message: the pool sets a flag in shared memory (WorkerData) that the
// worker reads between epochs, so it stops a run even while the run keeps the thread busy.
import type { BackendChoice, EngineChoice } from '../core/experiment';
import type { Dataset } from '../core/dataset';
import type { EpochMetrics, RunOutcome, Snapshot } from '../core/history';
import { messageGuard } from '../core/message-guard';
import type { RunSpec } from './engine';

/** Given to each worker as it starts (`workerData`). */
export interface WorkerData {
  /** Int32Array[1] over this buffer: the runs whose job id is below it are cancelled. */
  cancel: SharedArrayBuffer;
}

/** A run's spec with its data set replaced by the id it was sent under. */
export type SpecForWorker = Omit<RunSpec, 'dataset'> & { dataset: number };

/** What the pool gives for a run a worker trained. */
export interface PoolResult {
  outcome: RunOutcome;
  engine: 'fast' | 'tfjs';
  /** Where it computed: 'wasm-simd' or 'js' for the fast engine, else the tfjs backend. */
  backend: string;
  /** Threads the run computed on: 2 where the fast engine shared its batches between two threads, else 1. */
  threads: number;
  /** Why this engine (choose-engine.ts). */
  reason: string;
  /** The V8 heap of the worker that trained the run, in bytes, when it finished. */
  workerHeapBytes: number;
}

/** pool -> worker */
export type PoolToWorker =
  /** Keep this data set under `id`; `train` names it by that id. */
  | { type: 'dataset'; id: number; dataset: Dataset }
  /**
   * Train one run, as `job`; `engine` is the choice for chooseEngine, `threadsPerRun` the
   * threads the run may use (a second one of its own where the pool leaves a core idle; absent: 1).
   * `epochs`, `snapshots`: whether to send `epoch` and `snapshot` messages.
   */
  | { type: 'train'; job: number; spec: SpecForWorker; engine: EngineChoice; backend: BackendChoice; threadsPerRun?: number; epochs: boolean; snapshots: boolean };

/** worker -> pool; `job` names the run of the `train` message. */
export type WorkerToPool =
  | { type: 'epoch'; job: number; metrics: EpochMetrics; stepsPerSecond: number }
  | { type: 'snapshot'; job: number; snapshot: Snapshot }
  /** The run's weights move to the pool (transferred, not copied). */
  | ({ type: 'done'; job: number } & PoolResult)
  | { type: 'failed'; job: number; message: string };

export const isPoolToWorker = messageGuard<PoolToWorker>({ dataset: true, train: true });

export const isWorkerToPool = messageGuard<WorkerToPool>({ epoch: true, snapshot: true, done: true, failed: true });
