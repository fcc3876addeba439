// What a training leaves behind: per run the weights, the history and the analysis; per
// variant the summary the CLI prints and the editor shows; for the experiment the data it
// ran on. `results.json` is this document, with typed arrays written as plain arrays.
import type { Dataset } from './dataset';
import type { History, RunOutcome, Snapshot } from './history';
import type { Experiment, Variant } from './experiment';
import { absErrorSum, meanLoss, predict, type Params } from './mlp';
import { penaltyFormula } from './penalties';
import * as analysis from './analysis';

export interface SplitSummary {
  x: Float32Array;
  y: Float32Array;
  outlier: Uint8Array;
  n: number;
}

export interface DatasetSummary {
  inputNames: string[];
  targetName: string;
  d: number;
  train: SplitSummary;
  test: SplitSummary;
  trueCoefficients?: number[];
  trueIntercept?: number;
  /** For one input: evenly spaced x over the data's range, where fit curves are drawn. */
  grid?: Float32Array;
}

/** The analysis of one run's final weights (see analysis.ts), with the prior its penalty stands for. */
export interface RunAnalysis extends analysis.WeightAnalysis {
  /** The prior the penalty stands for (analysis.priorFromTemperature), with the noise
   * temperature T estimated from the final training loss and the training row count n. */
  prior?: { temperature: number; n: number; prior: analysis.Prior };
}

export interface RunResult {
  variant: string;
  run: number;
  seed: number;
  epochs: number;
  steps: number;
  seconds: number;
  history: History;
  params: Params;
  snapshots: Snapshot[];
  testAbsError: number;
  testPredictions: Float32Array;
  /** Predictions on the dataset's grid (one input only). */
  curve?: Float32Array;
  analysis: RunAnalysis;
  diverged?: { epoch: number; message: string };
  cancelled?: boolean;
}

export interface VariantSummary {
  variant: string;
  formula: string;
  runs: number;
  diverged: number;
  /** Total absolute test error of each run, then their mean and sample standard deviation. */
  testAbsError: number[];
  testAbsErrorMean: number;
  testAbsErrorSd: number;
  /** Mean share of kernel weights with |w| <= threshold, and of exact zeros. */
  zeroShare: number;
  exactZeroShare: number;
  layerSizes: number[];
  /** Live neurons per hidden layer, per run. */
  liveNeurons: number[][];
  /** One size per hidden layer that is safe for every run: the largest live count. */
  suggestedSizes: number[];
  /** Inputs no run uses. */
  unusedInputs: string[];
  shrinkPredictionChange: number;
}

export interface ResultsDocument {
  format: 'regx-results';
  version: 1;
  experiment: Experiment;
  experimentFile: string;
  createdAt: string;
  seconds: number;
  backend: string;
  engine: string;
  versions: Record<string, string>;
  cancelled: boolean;
  dataset: DatasetSummary;
  variants: { variant: Variant; runs: RunResult[]; summary: VariantSummary }[];
}

const gridPoints = 101;

export function summarizeDataset(dataset: Dataset): DatasetSummary {
  const { inputNames, targetName, d, train, test, trueCoefficients, trueIntercept } = dataset;
  let grid: Float32Array | undefined;
  if (d === 1) {
    let low = Infinity;
    let high = -Infinity;
    for (const x of [...train.x, ...test.x]) {
      low = Math.min(low, x);
      high = Math.max(high, x);
    }
    grid = Float32Array.from({ length: gridPoints }, (_, i) => low + ((high - low) * i) / (gridPoints - 1));
  }
  return {
    inputNames,
    targetName,
    d,
    train,
    test,
    ...(trueCoefficients ? { trueCoefficients } : {}),
    ...(trueIntercept !== undefined ? { trueIntercept } : {}),
    ...(grid ? { grid } : {}),
  };
}

export function analyzeRun(input: {
  experiment: Experiment;
  variant: Variant;
  run: number;
  seed: number;
  dataset: Dataset;
  grid: Float32Array | undefined;
  outcome: RunOutcome;
}): RunResult {
  const { experiment, variant, run, seed, dataset, grid, outcome } = input;
  const { params } = outcome;
  const testPredictions = predict(params, dataset.test.x, dataset.test.n);
  return {
    variant: variant.name,
    run,
    seed,
    epochs: outcome.history.epoch[outcome.history.epoch.length - 1] ?? 0,
    steps: outcome.steps,
    seconds: outcome.seconds,
    history: outcome.history,
    params,
    snapshots: outcome.snapshots,
    testAbsError: absErrorSum(testPredictions, dataset.test.y),
    testPredictions,
    ...(grid ? { curve: predict(params, grid, grid.length) } : {}),
    analysis: { ...analysis.analyzeWeights(params, dataset, experiment.sparsity.threshold), ...priorOf(experiment, variant, dataset, params) },
    ...(outcome.diverged ? { diverged: outcome.diverged } : {}),
    ...(outcome.cancelled ? { cancelled: true } : {}),
  };
}

/** The prior the penalty stands for, with the noise temperature estimated from the final training loss. */
function priorOf(experiment: Experiment, variant: Variant, dataset: Dataset, params: Params): Pick<RunAnalysis, 'prior'> {
  const { x, y, n } = dataset.train;
  const { loss, huberDelta } = experiment.training;
  const temperature = analysis.noiseTemperature(loss, meanLoss(loss, predict(params, x, n), y, huberDelta));
  const prior = analysis.priorFromTemperature(variant, temperature, n);
  return prior ? { prior: { temperature, n, prior } } : {};
}

export function summarizeVariant(variant: Variant, runs: RunResult[]): VariantSummary {
  const finished = runs.filter((r) => !r.diverged);
  const errors = finished.map((r) => r.testAbsError);
  const across = analysis.summarizeRuns(finished.map((r) => r.analysis));
  return {
    variant: variant.name,
    formula: penaltyFormula(variant),
    runs: runs.length,
    diverged: runs.length - finished.length,
    testAbsError: errors,
    testAbsErrorMean: analysis.mean(errors),
    testAbsErrorSd: analysis.sampleSd(errors),
    zeroShare: across.zeroShare.mean,
    exactZeroShare: analysis.mean(finished.map((r) => r.analysis.sparsity.exactZeroShare)),
    layerSizes: runs[0]?.analysis.plan.layers.map((l) => l.size) ?? [],
    liveNeurons: finished.map((r) => r.analysis.plan.layers.map((l) => l.live)),
    suggestedSizes: across.suggestedSizes,
    unusedInputs: across.inputsUnusedInEveryRun,
    shrinkPredictionChange: across.largestShrinkChange,
  };
}

export function buildResults(input: {
  experiment: Experiment;
  experimentPath: string;
  dataset: DatasetSummary;
  backend: string;
  engine: string;
  versions: Record<string, string>;
  runs: RunResult[];
  seconds: number;
  cancelled: boolean;
}): ResultsDocument {
  const { experiment, runs } = input;
  return {
    format: 'regx-results',
    version: 1,
    experiment,
    experimentFile: fileName(input.experimentPath),
    createdAt: new Date().toISOString(),
    seconds: input.seconds,
    backend: input.backend,
    engine: input.engine,
    versions: input.versions,
    cancelled: input.cancelled,
    dataset: input.dataset,
    variants: experiment.variants
      .map((variant) => {
        // Runs by number, however the threads finished them.
        const own = runs.filter((r) => r.variant === variant.name).sort((a, b) => a.run - b.run);
        return { variant, runs: own, summary: summarizeVariant(variant, own) };
      })
      .filter((v) => v.runs.length > 0),
  };
}

/**
 * Results of a training of some variants only, on top of the stored results of the same
 * experiment: the variants trained now replace theirs, the others are kept. `sameExperiment`
 * says whether the two were trained from the same experiment (otherwise the new ones alone).
 */
export function mergeResults(previous: ResultsDocument | undefined, next: ResultsDocument, sameExperiment: boolean): ResultsDocument {
  if (!previous || !sameExperiment) return next;
  const trained = new Map(next.variants.map((v) => [v.variant.name, v]));
  const kept = previous.variants.filter((v) => !trained.has(v.variant.name));
  const order = next.experiment.variants.map((v) => v.name);
  return {
    ...next,
    variants: [...kept, ...next.variants].sort((a, b) => order.indexOf(a.variant.name) - order.indexOf(b.variant.name)),
  };
}

/** The stored results with `next` on top: merged (mergeResults) when both were trained from the same experiment. */
export function mergeWithStored(previous: ResultsDocument | undefined, next: ResultsDocument): ResultsDocument {
  return mergeResults(previous, next, previous !== undefined && resultsMatch(previous, next.experiment));
}

/** The parts of an experiment that change what training computes (not its name or text). */
function trainingRelevant(experiment: Experiment): unknown {
  const { seed, runs, data, model, training, variants, regularizeBiases, sparsity } = experiment;
  return { seed, runs, data, model, training, variants, regularizeBiases, sparsity };
}

function canonical(value: unknown): string {
  return JSON.stringify(value, (_key, v: unknown) =>
    v && typeof v === 'object' && !Array.isArray(v) ? Object.fromEntries(Object.entries(v).sort(([a], [b]) => a.localeCompare(b))) : v,
  );
}

/** Whether results were computed from an experiment that trains exactly like this one. */
export function resultsMatch(results: ResultsDocument, experiment: Experiment): boolean {
  return canonical(trainingRelevant(results.experiment)) === canonical(trainingRelevant(experiment));
}

// In results.json a kernel is written as rows × columns (inputs × units) and every typed
// array as a plain array, so other tools can read it; parseResults restores the types.
export function serializeResults(document: ResultsDocument): string {
  return JSON.stringify(document, (_key, value: unknown) => {
    if (isLayer(value)) {
      const { rows, cols, kernel } = value;
      return { ...value, kernel: Array.from({ length: rows }, (_, r) => Array.from(kernel.subarray(r * cols, (r + 1) * cols))) };
    }
    if (value instanceof Float32Array || value instanceof Uint8Array) return Array.from(value);
    return value;
  });
}

function isLayer(value: unknown): value is Params[number] {
  return typeof value === 'object' && value !== null && (value as { kernel?: unknown }).kernel instanceof Float32Array;
}

export function parseResults(text: string): ResultsDocument {
  // Parsed as the document's shape; the typed arrays are still plain arrays until restored.
  const document = JSON.parse(text) as ResultsDocument;
  if (document.format !== 'regx-results' || document.version !== 1) throw new Error('not a RegX results file (format regx-results, version 1)');
  const f32 = (values: ArrayLike<number>) => Float32Array.from(values);
  const restoreParams = (params: Params): Params =>
    params.map((l) => ({ ...l, kernel: Float32Array.from((l.kernel as unknown as number[][]).flat()), bias: f32(l.bias) }));
  const restoreSplit = (split: SplitSummary): SplitSummary => ({ ...split, x: f32(split.x), y: f32(split.y), outlier: Uint8Array.from(split.outlier) });
  const { dataset } = document;
  return {
    ...document,
    dataset: {
      ...dataset,
      train: restoreSplit(dataset.train),
      test: restoreSplit(dataset.test),
      ...(dataset.grid ? { grid: f32(dataset.grid) } : {}),
    },
    variants: document.variants.map((v) => ({
      ...v,
      runs: v.runs.map((r) => ({
        ...r,
        params: restoreParams(r.params),
        snapshots: r.snapshots.map((s) => ({ epoch: s.epoch, params: restoreParams(s.params) })),
        testPredictions: f32(r.testPredictions),
        ...(r.curve ? { curve: f32(r.curve) } : {}),
      })),
    })),
  };
}

/** The last part of a path, / or \\ separated (core code has no node:path). */
function fileName(file: string): string {
  return file.split(/[\\/]/).pop() ?? file;
}
