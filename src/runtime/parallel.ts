// Trains independent runs on every core: a pool of worker threads, each running trainRun
// (engine.ts) with the engine chooseEngine picks for the run. A run's spec is plain numbers
// and typed arrays, so it crosses to a worker by structured clone; each data set crosses once
// per worker, however many runs train on it.
//
// The worker is parallel-worker.ts. Bundled, it is dist/parallel-worker.js beside the bundle
// that uses this module (esbuild.mjs builds it); from source (tests, bench) the .ts file is
// loaded through tsx.
import * as os from 'node:os';
import { Worker } from 'node:worker_threads';
import type { BackendChoice } from './backend';
import type { Dataset } from './data';
import type { EpochMetrics, RunSpec, Snapshot } from './engine';
import type { EngineChoice } from '../core/experiment';
import { MAX_BATCH_THREADS } from './choose-engine';
import { describeMessage } from '../core/message-guard';
import { workerEntry as workerEntryOf } from './worker-entry';
import { isWorkerToPool, type PoolResult, type PoolToWorker, type WorkerData, type WorkerToPool } from './pool-protocol';

export type { PoolResult };

export interface PoolOptions {
  /** Worker threads; default: the cores of this machine (os.availableParallelism()). */
  threads?: number;
  /** training.engine of the runs; 'auto' decides per run (choose-engine.ts). Default 'auto'. */
  engine?: EngineChoice;
  /** The TensorFlow.js backend, for runs that train on tfjs. Default 'auto'. */
  backend?: BackendChoice;
  /** Threads each run may use (see threadsPerRun). Default 1: a run takes no thread beyond the pool's. */
  threadsPerRun?: number;
}

/**
 * The threads each of `runs` runs may use when they share `threads` threads: those the pool
 * leaves idle, at most MAX_BATCH_THREADS (a batch splits in two at most). While the runs keep
 * every thread busy, 1: a run never takes a second thread from another run.
 */
export function threadsPerRun(threads: number, runs: number): number {
  if (runs < 1) return 1;
  return Math.max(1, Math.min(MAX_BATCH_THREADS, Math.floor(threads / Math.min(threads, runs))));
}

/** What a caller can follow of one run; called on the calling thread. */
export interface PoolHooks {
  onEpoch?(metrics: EpochMetrics, stepsPerSecond: number): void;
  onSnapshot?(snapshot: Snapshot): void;
}

interface Job {
  id: number;
  spec: RunSpec;
  hooks: PoolHooks;
  resolve(result: PoolResult): void;
  reject(error: Error): void;
}

interface Thread {
  worker: Worker;
  job?: Job;
  datasets: Set<number>;
}

/** Runs queued on a fixed number of worker threads, in the order they were asked for. */
export class TrainingPool {
  private readonly threads: Thread[] = [];
  private readonly queue: Job[] = [];
  /** [0]: runs with a job id below it are cancelled (see cancel). */
  private readonly cancelFlag = new Int32Array(new SharedArrayBuffer(4));
  private readonly datasetIds = new Map<Dataset, number>();
  private readonly size: number;
  private nextJob = 0;
  private closed = false;

  constructor(private readonly options: PoolOptions = {}) {
    this.size = Math.max(1, options.threads ?? os.availableParallelism());
  }

  /** Trains one run on the next free thread. Rejects if the run throws or its worker dies. */
  run(spec: RunSpec, hooks: PoolHooks = {}): Promise<PoolResult> {
    if (this.closed) return Promise.reject(new Error('the training pool is closed'));
    return new Promise((resolve, reject) => {
      this.queue.push({ id: this.nextJob++, spec, hooks, resolve, reject });
      this.dispatch();
    });
  }

  /**
   * Every run asked for so far stops: running ones after their current epoch
   * (outcome.cancelled), queued ones at once. Runs asked for later train as usual, so a pool
   * kept between trainings (the warm trainer's) serves the next one.
   */
  cancel(): void {
    Atomics.store(this.cancelFlag, 0, this.nextJob);
  }

  /** Every run asked for so far is cancelled. */
  get cancelled(): boolean {
    return this.nextJob > 0 && Atomics.load(this.cancelFlag, 0) >= this.nextJob;
  }

  /** Ends the threads; runs still queued or running are rejected. */
  async close(): Promise<void> {
    this.closed = true;
    for (const job of this.queue.splice(0)) job.reject(new Error('the training pool was closed'));
    await Promise.all(
      this.threads.splice(0).map((thread) => {
        thread.job?.reject(new Error('the training pool was closed'));
        return thread.worker.terminate();
      }),
    );
  }

  private dispatch(): void {
    while (this.queue.length > 0) {
      let thread = this.threads.find((t) => t.job === undefined);
      if (!thread && this.threads.length < this.size) thread = this.startThread();
      if (!thread) return;
      const job = this.queue.shift()!;
      thread.job = job;
      const { dataset, ...rest } = job.spec;
      let datasetId = this.datasetIds.get(dataset);
      if (datasetId === undefined) this.datasetIds.set(dataset, (datasetId = this.datasetIds.size));
      if (!thread.datasets.has(datasetId)) {
        post(thread.worker, { type: 'dataset', id: datasetId, dataset });
        thread.datasets.add(datasetId);
      }
      post(thread.worker, {
        type: 'train',
        job: job.id,
        spec: { ...rest, dataset: datasetId },
        engine: this.options.engine ?? 'auto',
        backend: this.options.backend ?? 'auto',
        threadsPerRun: this.options.threadsPerRun ?? 1,
        epochs: job.hooks.onEpoch !== undefined,
        snapshots: job.hooks.onSnapshot !== undefined,
      });
    }
  }

  private startThread(): Thread {
    const entry = workerEntry();
    const workerData: WorkerData = { cancel: this.cancelFlag.buffer as SharedArrayBuffer };
    const worker = new Worker(entry.code, { eval: true, workerData });
    const thread: Thread = { worker, datasets: new Set() };
    this.threads.push(thread);
    const fail = (error: Error) => {
      const index = this.threads.indexOf(thread);
      if (index < 0) return; // closed
      this.threads.splice(index, 1);
      const job = thread.job;
      thread.job = undefined;
      job?.reject(error);
      void worker.terminate();
      this.dispatch();
    };
    worker.on('message', (message: unknown) => {
      if (isWorkerToPool(message)) this.receive(thread, message);
      else fail(new Error(`a training thread sent ${describeMessage(message)}, which the pool does not know`));
    });
    worker.on('error', fail);
    worker.on('exit', (code) => fail(new Error(`a training thread exited with code ${code}`)));
    return thread;
  }

  private receive(thread: Thread, message: WorkerToPool): void {
    const job = thread.job;
    if (!job || job.id !== message.job) return;
    switch (message.type) {
      case 'epoch':
        job.hooks.onEpoch?.(message.metrics, message.stepsPerSecond);
        return;
      case 'snapshot':
        job.hooks.onSnapshot?.(message.snapshot);
        return;
      case 'done': {
        thread.job = undefined;
        const { type: _type, job: _job, ...result } = message;
        job.resolve(result);
        break;
      }
      case 'failed':
        thread.job = undefined;
        job.reject(new Error(message.message));
        break;
    }
    this.dispatch();
  }
}

export interface ParallelOptions extends PoolOptions {
  /** Called as each run finishes, with its index in `specs`. */
  onFinished?(index: number, result: PoolResult): void;
  /** Aborting stops every run after its current epoch; their outcomes say cancelled. */
  signal?: AbortSignal;
}

/** Trains every spec, all threads busy until the list is done; results in the order of `specs`. */
export async function trainInParallel(specs: RunSpec[], options: ParallelOptions = {}): Promise<PoolResult[]> {
  const pool = new TrainingPool({ ...options, threads: Math.min(options.threads ?? os.availableParallelism(), specs.length) });
  const onAbort = () => pool.cancel();
  options.signal?.addEventListener('abort', onAbort);
  if (options.signal?.aborted) pool.cancel();
  try {
    return await Promise.all(
      specs.map(async (spec, index) => {
        const result = await pool.run(spec);
        options.onFinished?.(index, result);
        return result;
      }),
    );
  } finally {
    options.signal?.removeEventListener('abort', onAbort);
    await pool.close();
  }
}

function post(worker: Worker, message: PoolToWorker): void {
  worker.postMessage(message);
}

/** The code that starts a training worker: parallel-worker.js bundled, parallel-worker.ts from source. */
export function workerEntry(): { code: string; file: string } {
  return workerEntryOf('parallel-worker');
}
