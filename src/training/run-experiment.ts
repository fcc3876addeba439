// Runs a whole experiment: loads the data once, then trains every variant `runs` times
// and reports each step of the way as protocol messages. The trainer process, the CLI's
// in-process mode and the tests all run experiments through here.
import * as path from 'node:path';
import type { TrainerMessage, TrainOptions } from '../protocol';
import { type BackendChoice, loadTensorflow } from './backend';
import { loadDataset, type Dataset } from './data';
import { type Engine, trainRun } from './engine';
import type { Experiment } from './experiment';
import { initParams, predict } from './mlp';
import { Random } from './random';
import { analyzeRun, buildResults, summarizeDataset, type RunResult } from './results';
import { tfjsEngine } from './tfjs-engine';
import { version as regxVersion } from '../../package.json';

export interface RunExperimentOptions extends TrainOptions {
  experimentPath: string;
  workspaceRoot?: string;
  /** Called with every message, in order. */
  emit(message: TrainerMessage): void;
  isCancelled?(): boolean;
  yieldToEvents?(): Promise<void>;
}

/** How often a run reports progress, at most. */
const progressIntervalMs = 100;

export async function runExperiment(experiment: Experiment, options: RunExperimentOptions): Promise<void> {
  const started = performance.now();
  const { emit } = options;
  const dataset = loadDataset(experiment.data, experiment.seed, path.dirname(options.experimentPath), options.workspaceRoot);
  const { engine, reason } = await selectEngine(options.backend ?? 'auto');
  const versions = { regx: regxVersion, node: process.versions.node, tfjs: (await loadTensorflow(options.backend ?? 'auto')).version };
  emit({ type: 'ready', backend: engine.backend, engine: engine.name, engineReason: reason, versions });
  const datasetSummary = summarizeDataset(dataset);
  emit({ type: 'dataset', dataset: datasetSummary });

  const variants = options.variants ? experiment.variants.filter((v) => options.variants!.includes(v.name)) : experiment.variants;
  const results: RunResult[] = [];
  for (const variant of variants) {
    for (let run = 0; run < experiment.runs; run++) {
      if (options.isCancelled?.()) break;
      const result = await trainOne(experiment, variant.name, run, dataset, engine, datasetSummary.grid, options);
      results.push(result);
      if (result.diverged) emit({ type: 'error', message: `${variant.name}, run ${run + 1}: ${result.diverged.message}`, variant: variant.name, run });
      emit({ type: 'runFinished', variant: variant.name, run, result });
    }
  }
  const document = buildResults({
    experiment,
    experimentPath: options.experimentPath,
    dataset: datasetSummary,
    backend: engine.backend,
    engine: engine.name,
    versions,
    runs: results,
    seconds: (performance.now() - started) / 1000,
    cancelled: options.isCancelled?.() ?? false,
  });
  emit({ type: 'finished', results: document });
}

async function selectEngine(backend: BackendChoice): Promise<{ engine: Engine; reason: string }> {
  const loaded = await loadTensorflow(backend);
  return { engine: tfjsEngine(loaded), reason: `TensorFlow.js on the ${loaded.backend} backend` };
}

/** Run r of every variant starts from the same weights: seed + r. */
export function runSeed(experiment: Experiment, run: number): number {
  return experiment.seed + run;
}

async function trainOne(
  experiment: Experiment,
  variantName: string,
  run: number,
  dataset: Dataset,
  engine: Engine,
  grid: Float32Array | undefined,
  options: RunExperimentOptions,
): Promise<RunResult> {
  const variant = experiment.variants.find((v) => v.name === variantName)!;
  const seed = runSeed(experiment, run);
  const random = new Random(seed);
  const initialParams = initParams(dataset.d, experiment.model.layers, experiment.model.initializer, random);
  const penalty = { l1: variant.l1, l2: variant.l2, l1Method: variant.l1Method, regularizeBiases: experiment.regularizeBiases };
  let lastProgress = 0;
  const outcome = await trainRun(
    engine,
    {
      inputs: dataset.d,
      hidden: experiment.model.layers,
      training: experiment.training,
      penalty,
      initialParams,
      dataset,
      // A stream of its own for the batch order, apart from the one that drew the weights.
      seed: Math.imul(seed, 0x9e3779b1) ^ 0x5bd1e995,
      snapshots: experiment.snapshots,
    },
    {
      onEpoch(metrics, stepsPerSecond) {
        const now = performance.now();
        if (now - lastProgress < progressIntervalMs && metrics.epoch < experiment.training.epochs) return;
        lastProgress = now;
        options.emit({ type: 'progress', variant: variantName, run, epochs: experiment.training.epochs, metrics, stepsPerSecond });
      },
      onSnapshot({ epoch, params }) {
        const curve = grid ? predict(params, grid, grid.length) : undefined;
        options.emit({ type: 'snapshot', variant: variantName, run, epoch, params, ...(curve ? { curve } : {}) });
      },
      isCancelled: options.isCancelled,
      yieldToEvents: options.yieldToEvents,
    },
  );
  return analyzeRun({ experiment, variant, run, seed, dataset, grid, outcome });
}
