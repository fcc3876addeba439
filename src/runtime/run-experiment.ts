// Runs a whole experiment: loads the data once, then trains every variant `runs` times
// and reports each step of the way as protocol messages. Runs train on a pool of worker
// threads (parallel.ts), in parallel when there are several and the machine has more than
// one core; the numbers are the same either way. A cancel drops the runs still training
// and ends without a 'finished' message.
import * as os from 'node:os';
import * as path from 'node:path';
import type { TrainingEvent } from '../core/training-events';
import type { TrainOptions } from './trainer-protocol';
import { loadTensorflow } from './backend';
import { chooseEngine, decideEngine, fastBackend } from './choose-engine';
import { loadDataset, type Dataset } from './data';
import { trainRun, type RunHooks, type RunOutcome, type RunSpec } from './engine';
import type { Experiment, Variant } from '../core/experiment';
import { predict } from '../core/mlp';
import { TrainingPool, threadsPerRun, type PoolOptions } from './parallel';
import { analyzeRun, buildResults, summarizeDataset, type RunResult } from '../core/results';
import { version as regxVersion } from '../../package.json';
import { runSeed, runSpec } from './run-spec';
import { isPathVariant, runPaths } from './run-paths';

export { runSeed, runSpec };

export interface RunExperimentOptions extends TrainOptions {
  experimentPath: string;
  workspaceRoot?: string;
  /** Called with every message, in order. */
  emit(message: TrainingEvent): void;
  /** Polled; once true, runs still training are dropped (their threads ended at once). */
  isCancelled?(): boolean;
  yieldToEvents?(): Promise<void>;
  /** Worker threads; default: the machine's cores (one per run; a lone run may take two, parallel.ts' threadsPerRun). 1 trains in this thread. */
  threads?: number;
  /**
   * Kept between trainings by a warm trainer (trainer-steps.ts): the data set to train on,
   * given the experiment, instead of loading it; and the pool to train on, with the choices
   * it is made for, instead of a new one. A cancel then stops the runs on the pool and
   * leaves it open.
   */
  warm?: {
    dataset(experiment: Experiment, load: () => Promise<Dataset>): Promise<Dataset>;
    pool(choices: PoolOptions): TrainingPool;
  };
}

/** How often a run reports progress, at most. */
const progressIntervalMs = 100;

interface Job {
  variant: Variant;
  run: number;
  seed: number;
  spec: RunSpec;
}

export async function runExperiment(experiment: Experiment, options: RunExperimentOptions): Promise<void> {
  const started = performance.now();
  const { emit } = options;
  const load = () => loadDataset(experiment.data, experiment.seed, path.dirname(options.experimentPath), options.workspaceRoot, { maxCsvMiB: options.maxCsvMiB });
  const dataset = await (options.warm ? options.warm.dataset(experiment, load) : load());
  const engineChoice = options.engine ?? experiment.training.engine;
  const backendChoice = options.backend ?? 'auto';
  const needs = { inputs: dataset.d, hidden: experiment.model.layers, training: experiment.training };
  const variants = options.variants ? experiment.variants.filter((v) => options.variants!.includes(v.name)) : experiment.variants;
  const jobs = variants.filter((variant) => !isPathVariant(variant)).flatMap((variant) => Array.from({ length: experiment.runs }, (_, run) => job(experiment, variant, run, dataset)));
  const threads = options.threads ?? os.availableParallelism();
  // A run may take a second thread only where the pool leaves a core idle (one run on two cores).
  const runThreads = options.threads === 1 ? 1 : threadsPerRun(threads, jobs.length);
  const decision = decideEngine(needs, engineChoice, undefined, runThreads);
  const versions: Record<string, string> = { regx: regxVersion, node: process.versions.node };
  let backend = fastBackend(experiment.training.batchSize);
  let reason = decision.reason;
  if (decision.engine === 'tfjs') {
    const loaded = await loadTensorflow(backendChoice);
    backend = loaded.backend;
    versions.tfjs = loaded.version;
    reason += `; backend ${backend}`;
  } else if (backend === 'wasm-simd') reason += decision.threads > 1 ? `; batches on the WebAssembly SIMD kernels, each shared by ${decision.threads} threads` : '; batches on the WebAssembly SIMD kernels';
  emit({ type: 'ready', backend, engine: decision.engine, engineReason: reason, versions, threads: decision.threads });
  const datasetSummary = summarizeDataset(dataset);
  emit({ type: 'dataset', dataset: datasetSummary });
  const results: RunResult[] = [];
  const cancelled = () => options.isCancelled?.() ?? false;
  const finish = (job: Job, outcome: RunOutcome) => {
    // A run stopped midway is not a result: its numbers would mix with fully trained ones.
    if (outcome.cancelled) return;
    const result = analyzeRun({ experiment, variant: job.variant, run: job.run, seed: job.seed, dataset, summary: datasetSummary, outcome });
    results.push(result);
    if (result.diverged) emit({ type: 'error', message: `${job.variant.name}, run ${job.run + 1}: ${result.diverged.message}`, variant: job.variant.name, run: job.run });
    emit({ type: 'runFinished', variant: job.variant.name, run: job.run, result });
  };
  if (options.threads === 1) {
    const { engine } = await chooseEngine(needs, engineChoice, () => loadTensorflow(backendChoice));
    for (const job of jobs) {
      if (cancelled()) break;
      const outcome = await trainRun(engine, job.spec, {
        ...reporter(job, experiment, datasetSummary.grid, emit),
        isCancelled: options.isCancelled,
        yieldToEvents: options.yieldToEvents,
      });
      finish(job, outcome);
    }
  } else {
    // Even one run trains on a worker thread: this thread stays free to hear a cancel, or
    // that its parent is gone, however long an epoch takes.
    const choices = { engine: engineChoice, backend: backendChoice, threadsPerRun: runThreads };
    const pool = options.warm ? options.warm.pool(choices) : new TrainingPool({ threads: Math.min(threads, jobs.length), ...choices });
    // A cancel ends the threads at once rather than after their current epoch; a warm
    // trainer's threads are kept, and its runs stop after their current epoch.
    const stop = () => (options.warm ? pool.cancel() : void pool.close());
    const watchCancel = setInterval(() => cancelled() && stop(), 50);
    try {
      await Promise.all(
        jobs.map(async (job) => {
          const trained = await pool.run(job.spec, reporter(job, experiment, datasetSummary.grid, emit)).catch((error: unknown) => {
            if (cancelled()) return undefined;
            throw error;
          });
          if (trained) finish(job, trained.outcome);
        }),
      );
    } finally {
      clearInterval(watchCancel);
      // A warm pool stays; a run still on it (another failed) stops after its epoch.
      if (options.warm) pool.cancel();
      else await pool.close();
    }
  }
  const pathVariants = variants.filter(isPathVariant);
  const paths = pathVariants.length > 0 && !cancelled()
    ? await runPaths(experiment, pathVariants, dataset, { engine: engineChoice, backend: backendChoice, threads: options.threads, isCancelled: cancelled, yieldToEvents: options.yieldToEvents })
    : [];
  // A cancelled training ends here: its host has each finished run from its runFinished.
  if (cancelled() || !paths) return;
  emit({
    type: 'finished',
    results: buildResults({
      experiment,
      experimentPath: options.experimentPath,
      dataset: datasetSummary,
      backend,
      engine: decision.engine,
      threads: decision.threads,
      versions,
      runs: results,
      seconds: (performance.now() - started) / 1000,
      cancelled: false,
      paths,
    }),
  });
}


function job(experiment: Experiment, variant: Variant, run: number, dataset: Dataset): Job {
  return { variant, run, seed: runSeed(experiment, run), spec: runSpec(experiment, variant, run, dataset) };
}

/** The hooks that turn a run's epochs and snapshots into progress and snapshot messages. */
function reporter(job: Job, experiment: Experiment, grid: Float32Array | undefined, emit: RunExperimentOptions['emit']): Pick<RunHooks, 'onEpoch' | 'onSnapshot'> {
  const variant = job.variant.name;
  const { run } = job;
  const { epochs } = experiment.training;
  let lastProgress = 0;
  return {
    onEpoch(metrics, stepsPerSecond) {
      const now = performance.now();
      if (now - lastProgress < progressIntervalMs && metrics.epoch < epochs) return;
      lastProgress = now;
      emit({ type: 'progress', variant, run, epochs, metrics, stepsPerSecond });
    },
    onSnapshot({ epoch, params }) {
      const curve = grid ? predict(params, grid, grid.length) : undefined;
      emit({ type: 'snapshot', variant, run, epoch, params, ...(curve ? { curve } : {}) });
    },
  };
}
