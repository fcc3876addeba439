// What an experiment will cost before it trains: the sizes it implies, the number of trainings
// and steps, an expected time and an expected peak memory. The time and memory are estimates
// from a simple model fitted to the measured bench figures (bench/README.md), good to a small
// factor; they decide whether to ask first or refuse, not how to train.
import { isPointSet, type DataSpec, type Experiment, type JsonPath } from './experiment';
import { snapshotFramesPerRun } from './history';
import { weightCount } from './mlp';
import { pathCost } from './path/path-cost';

/** Rows (train and test together) and input columns of a data set. */
export interface DataShape {
  rows: number;
  inputs: number;
}

export interface CostEstimate {
  rows: number;
  inputs: number;
  /** rows × inputs: the input values the data set holds. */
  dataValues: number;
  weights: number;
  /** weights × batch size: the work of one step, up to a constant. */
  workPerStep: number;
  /** Snapshot frames one run keeps (after the per-run cap on snapshot values). */
  snapshotFrames: number;
  /** Weight values kept as snapshots over all trainings. */
  snapshotValues: number;
  /** variants × runs. */
  trainings: number;
  /** Steps of all trainings together. */
  steps: number;
  /** Expected wall time of the training, in seconds (an estimate). */
  seconds: number;
  /** Expected peak memory of the trainer and its host, in bytes (an estimate), and its parts. */
  memoryBytes: number;
  memory: { base: number; data: number; training: number; results: number };
}

export interface CostOptions {
  /** How many variants train, each `runs` times; all when absent. */
  variants?: number;
  /** Which variants train, by name; preferred over `variants`. */
  variantNames?: string[];
  /** The engine that will train (the runtime decides); the fast engine when absent. */
  engine?: 'fast' | 'tfjs';
  /** Whether the fast engine's batches run on its SIMD kernels (the runtime knows); false when absent. */
  simd?: boolean;
  /** Trainings that run at once (worker threads); 1 when absent. */
  parallelism?: number;
}

const MiB = 1024 * 1024;

/** The fast engine's measured steps/s on the seed network (251 weights, batch 1). */
const SEED_STEPS_PER_SECOND = 1.1e6;
const SEED_WORK = 251;
/** Above this work per step the measured speed falls faster (caches, then memory bandwidth). */
const LARGE_WORK = 4e6;
/**
 * The fast engine's batches on the SIMD kernels: a fixed cost per step, then work at a steady
 * rate; fitted to `npx tsx bench/pytorch.ts` and the crossover in bench/README.md, from 8k
 * (1-10-10-10-1, batch 32) to 67M (1-512-512-512-1, batch 128), measured on a shared machine.
 */
const SIMD_SECONDS_PER_STEP = 1e-5;
const SIMD_WORK_PER_SECOND = 2.7e9;
/** TensorFlow.js (wasm): a fixed cost per step for dispatching its ops, then work at a steady rate. */
const TFJS_SECONDS_PER_STEP = 1 / 2400;
const TFJS_WORK_PER_SECOND = 6.8e8;

/** Passes over every row per epoch (scoring), and over the training rows when a training ends (analysis), each at a one-row step's speed. */
const SCORING_PASSES_PER_EPOCH = 2;
const ANALYSIS_PASSES = 4;
/** CSV values parsed per second (bench/data-scale.ts: 5M values in 2.5-4 s of CPU). */
const CSV_VALUES_PER_SECOND = 2e6;

/** Node, the modules and the engine of the trainer and its host, before any data. */
const BASE_BYTES = 150 * MiB;
const WORKER_BYTES = 30 * MiB;
/** A kept weight value: the float in the trainer, its copy in the host, and its text in results.json. */
const BYTES_PER_KEPT_VALUE = 4 + 4 + 12;

/** Rows and inputs of a generated data set; undefined for a CSV, whose size is in the file. */
export function generatedShape(spec: DataSpec): DataShape | undefined {
  if (spec.kind === 'line') return { rows: spec.samples, inputs: 1 };
  if (spec.kind === 'sparse-linear') return { rows: spec.samples, inputs: spec.features };
  if (isPointSet(spec)) return { rows: spec.samples, inputs: spec.features.length };
  return undefined;
}

/** Steps per second for one training at this work per step (weights × batch size). */
export function stepsPerSecond(workPerStep: number, engine: 'fast' | 'tfjs' = 'fast', simd = false): number {
  if (engine === 'tfjs') return 1 / (TFJS_SECONDS_PER_STEP + workPerStep / TFJS_WORK_PER_SECOND);
  if (simd) return 1 / (SIMD_SECONDS_PER_STEP + workPerStep / SIMD_WORK_PER_SECOND);
  const work = Math.max(workPerStep, SEED_WORK);
  if (work <= LARGE_WORK) return SEED_STEPS_PER_SECOND * (SEED_WORK / work) ** 0.9;
  return SEED_STEPS_PER_SECOND * (SEED_WORK / LARGE_WORK) ** 0.9 * (LARGE_WORK / work) ** 1.2;
}

export function estimateCost(experiment: Experiment, shape: DataShape, options: CostOptions = {}): CostEstimate {
  const { training, snapshots } = experiment;
  const { rows, inputs } = shape;
  const weights = weightCount(inputs, experiment.model.layers);
  const workPerStep = weights * training.batchSize;
  // By name (the CLI's --variant), or all: a path variant counts its own trainings (pathCost).
  // A bare count (Train One Variant, a verification's trainings per run) counts runs alike.
  const chosen = options.variantNames ? experiment.variants.filter((v) => options.variantNames!.includes(v.name)) : experiment.variants;
  const paths = options.variants !== undefined && !options.variantNames ? [] : chosen.filter((v) => v.path).map((v) => pathCost(experiment, v.path!, shape));
  const variantTrainings = (options.variants !== undefined && !options.variantNames ? options.variants : chosen.length - paths.length) * experiment.runs;
  const pathTrainings = paths.reduce((sum, p) => sum + p.trainings, 0);
  const trainings = variantTrainings + pathTrainings;
  const parallelism = Math.max(1, Math.min(options.parallelism ?? 1, trainings));
  const trainRows = rows - Math.round(rows * experiment.data.testFraction);
  const stepsPerRun = training.epochs * Math.ceil(Math.max(trainRows, 1) / training.batchSize);
  const pathSteps = paths.reduce((sum, p) => sum + p.steps, 0);
  const steps = variantTrainings * stepsPerRun + pathSteps;
  // Besides its steps a training goes over its rows one at a time: after every epoch it scores
  // each row (the losses, a classifier's accuracy), and when it ends the analysis of its neurons
  // and the pruning check read the training rows again (a path's trainings keep only their final
  // weights: neither). Fitted to bench/data-scale.ts' largest CSV, where these passes, not the
  // steps, are most of the time.
  const rowPassSeconds = (variantTrainings * (SCORING_PASSES_PER_EPOCH * training.epochs * rows + ANALYSIS_PASSES * trainRows)) / stepsPerSecond(weights);
  const exactSeconds = paths.reduce((sum, p) => sum + p.exactSeconds, 0);
  // A CSV is parsed twice: when the file is checked and when the trainer loads it.
  const loadSeconds = experiment.data.kind === 'csv' ? (2 * rows * (inputs + 1)) / CSV_VALUES_PER_SECOND : 0;
  const batchesOnSimd = (options.simd ?? false) && training.batchSize > 1;
  const seconds = (steps / stepsPerSecond(workPerStep, options.engine, batchesOnSimd) + rowPassSeconds) / parallelism + exactSeconds + loadSeconds;

  const snapshotFrames = Math.min(Math.floor(training.epochs / snapshots.every) + 1, snapshotFramesPerRun(snapshots.maxFrames, weights));
  const snapshotValues = variantTrainings * snapshotFrames * weights;
  const units = inputs + experiment.model.layers.reduce((sum, layer) => sum + layer.units, 0) + 1;
  const memory = {
    base: BASE_BYTES + parallelism * WORKER_BYTES,
    // The values as read, the train/test split, and a copy in each worker thread; a path's folds copy the training rows once more.
    data: rows * (inputs + 1) * 4 * (2 + parallelism + (paths.length > 0 ? 1 : 0)),
    // Per training at once: weights, gradients, two optimizer moments, the best and last copies;
    // activations and their gradients for a batch.
    training: parallelism * (weights * 4 * 6 + units * training.batchSize * 4 * 3),
    // Snapshots and final weights of every variant's training, in the trainer, the host and the
    // JSON text; what a path keeps (its points, an exact path's coefficients per λ).
    results: (snapshotValues + variantTrainings * weights + paths.reduce((sum, p) => sum + p.keptValues, 0)) * BYTES_PER_KEPT_VALUE,
  };
  return {
    rows,
    inputs,
    dataValues: rows * inputs,
    weights,
    workPerStep,
    snapshotFrames,
    snapshotValues,
    trainings,
    steps,
    seconds,
    memoryBytes: memory.base + memory.data + memory.training + memory.results,
    memory,
  };
}

/** One line, for after "estimated cost: ": "12 trainings, 600k steps, about 1 s, about 40 MiB". */
export function formatCost(cost: CostEstimate): string {
  return `${plural(cost.trainings, 'training')}, ${formatCount(cost.steps)} steps, ${formatSeconds(cost.seconds)}, about ${formatBytes(cost.memoryBytes)}`;
}

function plural(n: number, noun: string): string {
  return `${formatCount(n)} ${noun}${n === 1 ? '' : 's'}`;
}

export function formatCount(n: number): string {
  if (n >= 1e9) return `${+(n / 1e9).toPrecision(3)}G`;
  if (n >= 1e6) return `${+(n / 1e6).toPrecision(3)}M`;
  if (n >= 1e3) return `${+(n / 1e3).toPrecision(3)}k`;
  return String(Math.round(n));
}

export function formatSeconds(seconds: number): string {
  if (seconds < 1) return 'under 1 s';
  if (seconds < 90) return `about ${Math.round(seconds)} s`;
  if (seconds < 90 * 60) return `about ${Math.round(seconds / 60)} min`;
  if (seconds < 48 * 3600) return `about ${Math.round(seconds / 3600)} h`;
  return `about ${Math.round(seconds / 86400)} days`;
}

export function formatBytes(bytes: number): string {
  const mib = bytes / MiB;
  if (mib < 1) return `${Math.ceil(bytes / 1024)} KiB`;
  return mib >= 10 * 1024 ? `${Math.round(mib / 1024)} GiB` : `${Math.round(mib)} MiB`;
}

/** Where an experiment that does not fit is best made smaller, and what it needs, when its
 * estimated memory is above the budget; undefined when it fits. `howToRaise` says how to raise
 * the budget where the experiment is checked (a CLI option, a setting). */
export function budgetProblem(experiment: Experiment, cost: CostEstimate, budgetMiB: number, howToRaise: string): { path: JsonPath; message: string } | undefined {
  if (cost.memoryBytes <= budgetMiB * MiB) return undefined;
  const { data, training, results } = cost.memory;
  const parts = [
    `data ${formatCount(cost.rows)} rows × ${formatCount(cost.inputs)} inputs: ${formatBytes(data)}`,
    `training ${formatCount(cost.weights)} weights × batch ${experiment.training.batchSize}: ${formatBytes(training)}`,
    `results ${plural(cost.trainings, 'training')} × ${plural(cost.snapshotFrames, 'snapshot')} × ${formatCount(cost.weights)} weights: ${formatBytes(results)}`,
  ];
  const largest = Math.max(data, training, results);
  // Kept results too large, while one training would fit easily: there are too many trainings.
  const oneTrainingFits = cost.memory.base + data + training + results / cost.trainings <= (budgetMiB * MiB) / 2;
  const path: JsonPath =
    largest === data ? (experiment.data.kind === 'csv' ? ['data', 'path'] : ['data', 'samples'])
    : largest === results && cost.trainings > 1 && oneTrainingFits ? ['runs']
    : ['model', 'layers'];
  const advice =
    path[0] === 'data' ? 'use fewer rows or inputs'
    : path[0] === 'runs' ? 'use fewer runs or variants, or fewer snapshots.maxFrames'
    : 'use fewer or smaller layers, or a smaller batch';
  return {
    path,
    message: `needs about ${formatBytes(cost.memoryBytes)} (estimated: ${parts.join('; ')}), above the memory budget of ${budgetMiB} MiB; ${advice}, or raise the budget (${howToRaise})`,
  };
}
