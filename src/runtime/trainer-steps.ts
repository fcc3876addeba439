// The warm trainer's side (trainer-process.ts, when its host sends `step` messages): the
// steps train one after the other in this process, which stays up between them with its
// data set and its worker threads, so a λ slider's step costs about its training rather than
// a process start, the modules' loading and the threads' start-up.
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import type { Experiment } from '../core/experiment';
import type { TrainingEvent } from '../core/training-events';
import { DataError, resolveCsvPath, type Dataset } from './data';
import { TrainingPool, type PoolOptions } from './parallel';
import { runExperiment } from './run-experiment';
import type { HostToTrainer, StepReply } from './trainer-protocol';

type StepRequest = Extract<HostToTrainer, { type: 'step' }>;

/** An error as the trainer reports it: a data error names its place in the file. */
export function errorEvent(error: unknown): Extract<TrainingEvent, { type: 'error' }> {
  const message = error instanceof Error ? error.message : String(error);
  return { type: 'error', message, ...(error instanceof DataError ? { path: error.path } : {}) };
}

export class WarmSteps {
  /** Steps asked to stop, the one training and those still waiting. */
  private readonly cancelled = new Set<number>();
  private queue: Promise<void> = Promise.resolve();
  /** The data set of the last step, reused while what it is drawn from is unchanged. */
  private data: { key: string; dataset: Dataset } | undefined;
  /** The worker threads, kept while the data set and the engine choices are the same. */
  private pool: { key: string; pool: TrainingPool } | undefined;

  constructor(private readonly send: (reply: StepReply) => void) {}

  take(message: Extract<HostToTrainer, { type: 'step' | 'cancelStep' }>): void {
    if (message.type === 'cancelStep') {
      this.cancelled.add(message.step);
      return;
    }
    this.queue = this.queue.then(() => this.train(message));
  }

  private async train(request: StepRequest): Promise<void> {
    const { step } = request;
    const emit = (event: TrainingEvent) => this.send({ type: 'stepEvent', step, event });
    try {
      if (this.cancelled.has(step)) return;
      await runExperiment(request.experiment, {
        ...request.options,
        experimentPath: request.experimentPath,
        workspaceRoot: request.workspaceRoot,
        emit,
        isCancelled: () => this.cancelled.has(step),
        yieldToEvents: () => new Promise((resolve) => setImmediate(resolve)),
        warm: {
          dataset: (experiment, load) => this.dataset(request, experiment, load),
          pool: (choices) => this.poolFor(choices),
        },
      });
    } catch (error) {
      emit(errorEvent(error));
    } finally {
      this.cancelled.delete(step);
      this.send({ type: 'stepEnded', step });
    }
  }

  private async dataset(request: StepRequest, experiment: Experiment, load: () => Promise<Dataset>): Promise<Dataset> {
    const key = dataKey(request, experiment);
    if (key === undefined || key !== this.data?.key) {
      const dataset = await load();
      this.data = key === undefined ? undefined : { key, dataset };
      return dataset;
    }
    return this.data.dataset;
  }

  private poolFor(choices: PoolOptions): TrainingPool {
    // A new data set means new threads: the old ones would keep their copy of the old one.
    const key = JSON.stringify([choices.engine, choices.backend, choices.threadsPerRun, this.data?.key ?? performance.now()]);
    if (this.pool?.key !== key) {
      void this.pool?.pool.close();
      this.pool = { key, pool: new TrainingPool({ threads: os.availableParallelism(), ...choices }) };
    }
    return this.pool.pool;
  }
}

/**
 * What a data set is drawn from: its description, the seed, where the file is and, for a
 * CSV, the file's size and time of change. Undefined when the CSV cannot be found (loading
 * it then says why).
 */
function dataKey(request: StepRequest, experiment: Experiment): string | undefined {
  const { data, seed } = experiment;
  const where = [path.dirname(request.experimentPath), request.workspaceRoot, request.options.maxCsvMiB];
  if (data.kind !== 'csv') return JSON.stringify([data, seed, where]);
  try {
    const stat = fs.statSync(resolveCsvPath(data, path.dirname(request.experimentPath), request.workspaceRoot));
    return JSON.stringify([data, seed, where, stat.size, stat.mtimeMs]);
  } catch {
    return undefined;
  }
}
