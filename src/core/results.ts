// What a training leaves behind: per run the weights, the history and the analysis; per
// variant the summary the CLI prints and the editor shows; for the experiment a bounded
// sample of the data it ran on. results-codec.ts writes and reads this document on disk.
import type { Dataset, Split } from './dataset';
import { snapshotPlan, type History, type RunOutcome, type Snapshot } from './history';
import type { Experiment, LossName, PenaltyConvention, Variant } from './experiment';
import { isClassificationLoss } from './loss-kinds';
import { storedPointsLimit } from './limits';
import { meanLoss, outputUnits, predict, weightCount, type Params } from './mlp';
import { classificationMetrics, zeroOneErrors, type ClassificationMetrics } from './classification';
import { judgedError } from './judged-error';
import { penaltyFormula } from './penalties';
import * as analysis from './analysis';
import { certifiedAcrossRuns, certifyZeros, type CertifiedZeros } from './analysis/certified-zeros';
import { adjustFamily, comparisonPairs, pairedComparison, type PairedComparison } from './analysis/paired';
import type { ShrinkVerification } from './analysis/shrink-verification';
import { errorsInTargetUnits, type Standardization, type TestErrors } from './target-errors';
import type { PathResult } from './path/path-result';

/**
 * The points of one split that results keep for the fit view: all of them up to
 * storedPointsLimit (2,000 points, fewer for wide data), else an evenly spread sample with
 * every outlier in it.
 */
export interface SplitSummary {
  x: Float32Array;
  y: Float32Array;
  outlier: Uint8Array;
  /** Points stored here. */
  n: number;
  /** Rows of this split in the data set the training ran on. */
  rows: number;
  /** The points are a sample of the rows (n < rows). */
  sampled: boolean;
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
  /** When the network trained on standardized columns: the training rows' statistics. The
   * points above are standardized; every error in the results is in the target's units. */
  standardization?: Standardization;
  /** Classification: the class names, index = label (Dataset.classes; the points' y are labels). Absent for values. */
  classes?: string[];
  /** 2-D point sets: each stored row's point (x1, x2) before the features (Dataset.points), in
   * the order of train and test above, so the panel draws the points on the plane. */
  points?: { train: Float32Array; test: Float32Array };
}

/** The analysis of one run's final weights (see analysis.ts), with the prior its penalty stands for. */
export interface RunAnalysis extends analysis.WeightAnalysis {
  /** The prior the penalty stands for (analysis.priorFromTemperature), with the noise
   * temperature T estimated from the final training loss and the training row count n. */
  prior?: { temperature: number; n: number; prior: analysis.Prior };
  /** The zeros of the last layer checked against the lasso's optimality condition (L1 variants only). */
  certifiedZeros?: CertifiedZeros;
  /** Per hidden layer: neurons already dead or constant on every training row at the initial
   * weights (dead.layers[l].deadAtStart counted), which no gradient can revive. */
  deadBeforeTraining?: number[];
  /** Whole neurons (and inputs) whose incoming or outgoing weights are all exactly 0. Absent in older results. */
  exactZeroNeurons?: analysis.ExactZeroNeurons;
  /** The shrink check (shrinkCheck.measured) in the target's units, and as a share of the
   * run's mean absolute test error: a change of a tenth of the error is not "no change". */
  shrinkCheckVsError?: { measured: number; shareOfMae: number };
  /** A classifier's shrink check by what it is judged by: the test log-loss of its own trained
   * weights, and of the same weights with the shrink plan applied (no retraining). */
  shrinkCheckLogLoss?: { original: number; shrunk: number };
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
  /** Σ|prediction - target| over every test row of the data set, in the target's units (= testErrors.totalAbsError);
   * for a classifier, the test rows misclassified. */
  testAbsError: number;
  /** MAE, RMSE and R² on every test row of the data set, in the target's units; for a
   * classifier, of each row's 0/1 error (classification.ts' zeroOneErrors). */
  testErrors: TestErrors;
  /** Classifiers only: accuracy, log-loss and the confusion matrix on every test row of the data set. */
  classification?: ClassificationMetrics;
  /** Predictions on the stored test points (dataset.test), in their order; a classifier's k logits per point. */
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
  /** MAE, RMSE and R² on the test rows, in the target's units, averaged over the finished runs. */
  testErrorsMean: Omit<TestErrors, 'totalAbsError'>;
  /** Zeros of the last layer, summed over the runs, and how many the lasso's optimality
   * condition certifies ("k of n zeros certified"); L1 variants only. */
  certifiedZeros?: { zeros: number; certified: number };
  /** Mean share of kernel weights with |w| <= threshold, and of exact zeros. */
  zeroShare: number;
  exactZeroShare: number;
  layerSizes: number[];
  /** Live neurons per hidden layer, per run. */
  liveNeurons: number[][];
  /** Per run and hidden layer: of the neurons that are off, those already dead or constant at
   * the initial weights (the rest were switched off by training). Absent in older results. */
  offAtStart?: number[][];
  /** One size per hidden layer that is safe for every run: the largest live count. */
  suggestedSizes: number[];
  /** Per run, per hidden layer: the neurons whose incoming or outgoing weights are all exactly 0
   * (what the group lasso zeros). Absent in older results. */
  wholeZeroNeurons?: number[][];
  /** Inputs no run uses. */
  unusedInputs: string[];
  shrinkPredictionChange: number;
  /** The largest shrink check over the runs as a share of that run's mean absolute test error. */
  shrinkChangeShareOfMae?: number;
  /** Classifiers only: test accuracy and log-loss of each finished run, their means and sample
   * standard deviations, and the confusion matrices of the runs summed (k × k, label × predicted). */
  classification?: ClassificationSummary;
  /** Classifiers only: the largest rise of the test log-loss the shrink plan caused, over the runs. */
  shrinkLogLossIncrease?: number;
}

export interface ClassificationSummary {
  accuracy: number[];
  accuracyMean: number;
  accuracySd: number;
  logLoss: number[];
  logLossMean: number;
  logLossSd: number;
  confusion: number[][];
}

/** Where the runs computed, for people: "fast engine on wasm-simd", with ", 2 threads per run" where each run used two. */
export function computedOn(where: { engine: string; backend: string; threads?: number }): string {
  const threads = where.threads ?? 1;
  return `${where.engine} engine on ${where.backend}${threads > 1 ? `, ${threads} threads per run` : ''}`;
}

/** The version of the results format this code writes; results-codec.ts reads it and version 1. */
export const resultsVersion = 2;

export interface ResultsDocument {
  format: 'regx-results';
  version: typeof resultsVersion;
  experiment: Experiment;
  experimentFile: string;
  createdAt: string;
  seconds: number;
  backend: string;
  engine: string;
  /** Threads each run computed on: 2 where the fast engine shared its batches between two threads (one run on two cores). Absent in results written before: 1. */
  threads?: number;
  versions: Record<string, string>;
  cancelled: boolean;
  /** Snapshot frames per run: as asked, and as kept (fewer for a large network; see history.ts). Absent in version 1. */
  snapshotFrames?: { requested: number; perRun: number };
  dataset: DatasetSummary;
  variants: { variant: Variant; runs: RunResult[]; summary: VariantSummary }[];
  /** Paired comparisons of the total absolute test error, run r against run r: every
   * penalized variant against the unpenalized one (every pair without one), p-values
   * Holm-adjusted over them all. Absent in results written before RegX compared variants. */
  comparisons?: PairedComparison[];
  /** The suggested sizes verified by training (regx verify-shrink, or the editor's command):
   * per variant verified, every size tried and the accepted one's retrained test errors.
   * Absent until a verification ran on these results; a new training drops it. */
  shrinkVerification?: ShrinkVerification[];
  /** The regularization paths of the variants with a `path`, in file order. Absent when there are none. */
  paths?: PathResult[];
}

const gridPoints = 101;

export function summarizeDataset(dataset: Dataset): DatasetSummary {
  const { inputNames, targetName, d, train, test, trueCoefficients, trueIntercept, standardization, classes, points } = dataset;
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
  const storedTrain = storedRows(train, d);
  const storedTest = storedRows(test, d);
  return {
    inputNames,
    targetName,
    d,
    train: storedTrain.summary,
    test: storedTest.summary,
    ...(trueCoefficients ? { trueCoefficients } : {}),
    ...(trueIntercept !== undefined ? { trueIntercept } : {}),
    ...(grid ? { grid } : {}),
    ...(standardization ? { standardization } : {}),
    ...(classes ? { classes } : {}),
    ...(points ? { points: { train: storedTrain.pick(points.train, 2), test: storedTest.pick(points.test, 2) } } : {}),
  };
}

/** The rows kept of a split: all up to storedPointsLimit(d), else sampleRows' choice; `pick`
 * takes the same rows of another row-major array of that split (the points). */
function storedRows(split: Split, d: number): { summary: SplitSummary; pick: (values: Float32Array, width: number) => Float32Array } {
  const limit = storedPointsLimit(d);
  if (split.n <= limit) return { summary: { ...split, rows: split.n, sampled: false }, pick: (values) => values };
  const kept = sampleRows(split.outlier, split.n, limit);
  const pick = (values: Float32Array, width: number) => {
    const out = new Float32Array(kept.length * width);
    kept.forEach((row, i) => out.set(values.subarray(row * width, (row + 1) * width), i * width));
    return out;
  };
  return {
    summary: {
      x: pick(split.x, d),
      y: Float32Array.from(kept, (row) => split.y[row]),
      outlier: Uint8Array.from(kept, (row) => split.outlier[row]),
      n: kept.length,
      rows: split.n,
      sampled: true,
    },
    pick,
  };
}

/**
 * `max` of `n` rows, in row order, the same every time: every outlier (evenly spread over
 * them when they alone are more), then the other rows evenly spread, the first included.
 */
export function sampleRows(outlier: ArrayLike<number>, n: number, max: number): Uint32Array {
  if (n <= max) return Uint32Array.from({ length: n }, (_, i) => i);
  const outliers: number[] = [];
  for (let i = 0; i < n; i++) if (outlier[i]) outliers.push(i);
  const spread = (from: ArrayLike<number>, count: number) => Array.from({ length: count }, (_, k) => from[Math.floor((k * from.length) / count)]);
  if (outliers.length >= max) return Uint32Array.from(spread(outliers, max));
  const others = new Uint32Array(n - outliers.length);
  for (let i = 0, j = 0; i < n; i++) if (!outlier[i]) others[j++] = i;
  return Uint32Array.from([...outliers, ...spread(others, max - outliers.length)]).sort();
}

export function analyzeRun(input: {
  experiment: Experiment;
  variant: Variant;
  run: number;
  seed: number;
  dataset: Dataset;
  /** summarizeDataset(dataset): the stored points, where test predictions are kept, and the grid. */
  summary: DatasetSummary;
  outcome: RunOutcome;
}): RunResult {
  const { experiment, variant, run, seed, dataset, summary, outcome } = input;
  const { params } = outcome;
  const { grid } = summary;
  const { loss, huberDelta } = experiment.training;
  const testOutputs = predict(params, dataset.test.x, dataset.test.n);
  const classifier = isClassificationLoss(loss) && dataset.classes ? { loss, classes: dataset.classes.length } : undefined;
  const testErrors = classifier ? zeroOneErrors(testOutputs, dataset.test.y) : errorsInTargetUnits(testOutputs, dataset.test.y, dataset.standardization);
  const certified = certifyZeros(params, dataset.train, loss, huberDelta, variant.l1, experiment.sparsity.threshold);
  const start = outcome.snapshots[0]?.epoch === 0 ? outcome.snapshots[0].params : undefined;
  const weights = analysis.analyzeWeights(params, dataset, experiment.sparsity.threshold, start);
  const deadBefore = weights.dead.layers.length > 0 && weights.dead.layers.every((l) => l.deadAtStart) ? weights.dead.layers.map((l) => l.deadAtStart!.filter(Boolean).length) : undefined;
  const shrinkMeasured = weights.shrinkCheck.measured * (dataset.standardization?.targetStd ?? 1);
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
    testAbsError: testErrors.totalAbsError,
    testErrors,
    ...(classifier ? { classification: classificationMetrics(classifier.loss, testOutputs, dataset.test.y, classifier.classes) } : {}),
    testPredictions: predict(params, summary.test.x, summary.test.n),
    ...(grid ? { curve: predict(params, grid, grid.length) } : {}),
    analysis: {
      ...weights,
      ...priorOf(experiment, variant, dataset, params),
      ...(certified ? { certifiedZeros: certified } : {}),
      ...(deadBefore ? { deadBeforeTraining: deadBefore } : {}),
      exactZeroNeurons: analysis.exactZeroNeurons(params),
      ...(!classifier && testErrors.mae > 0 ? { shrinkCheckVsError: { measured: shrinkMeasured, shareOfMae: shrinkMeasured / testErrors.mae } } : {}),
      ...(classifier ? { shrinkCheckLogLoss: shrinkLogLoss(params, weights.dead, dataset, loss) } : {}),
    },
    ...(outcome.diverged ? { diverged: outcome.diverged } : {}),
    ...(outcome.cancelled ? { cancelled: true } : {}),
  };
}

/** A classifier's test log-loss before and after its shrink plan (on the training rows when there are no test rows, as the shrink check). */
function shrinkLogLoss(params: Params, dead: analysis.WeightAnalysis['dead'], dataset: Dataset, loss: LossName): { original: number; shrunk: number } {
  const rows = dataset.test.n > 0 ? dataset.test : dataset.train;
  const shrunk = analysis.applyShrinkPlan(params, dead);
  const keep = shrunk[0].rows === params[0].rows ? rows.x : analysis.selectColumns(rows.x, rows.n, params[0].rows, analysis.shrinkPlan(params, dead).inputs.keep);
  return { original: meanLoss(loss, predict(params, rows.x, rows.n), rows.y, 0), shrunk: meanLoss(loss, predict(shrunk, keep, rows.n), rows.y, 0) };
}

/** The prior the penalty stands for, with the noise temperature estimated from the final training loss. */
function priorOf(experiment: Experiment, variant: Variant, dataset: Dataset, params: Params): Pick<RunAnalysis, 'prior'> {
  // The group lasso's prior is over whole groups: no per-weight prior stands for it.
  if (variant.group) return {};
  const { x, y, n } = dataset.train;
  const { loss, huberDelta } = experiment.training;
  const temperature = analysis.noiseTemperature(loss, meanLoss(loss, predict(params, x, n), y, huberDelta));
  const prior = analysis.priorFromTemperature(variant, temperature, n);
  return prior ? { prior: { temperature, n, prior } } : {};
}

export function summarizeVariant(variant: Variant, runs: RunResult[], convention: PenaltyConvention = 'tfjs'): VariantSummary {
  const finished = runs.filter((r) => !r.diverged);
  const errors = finished.map((r) => r.testAbsError);
  const across = analysis.summarizeRuns(finished.map((r) => r.analysis));
  return {
    variant: variant.name,
    formula: penaltyFormula(variant, convention),
    runs: runs.length,
    diverged: runs.length - finished.length,
    testAbsError: errors,
    testAbsErrorMean: analysis.mean(errors),
    testAbsErrorSd: analysis.sampleSd(errors),
    testErrorsMean: {
      mae: analysis.mean(finished.map((r) => r.testErrors.mae)),
      rmse: analysis.mean(finished.map((r) => r.testErrors.rmse)),
      r2: analysis.mean(finished.map((r) => r.testErrors.r2)),
    },
    ...certifiedSummary(finished),
    zeroShare: across.zeroShare.mean,
    exactZeroShare: analysis.mean(finished.map((r) => r.analysis.sparsity.exactZeroShare)),
    layerSizes: runs[0]?.analysis.plan.layers.map((l) => l.size) ?? [],
    liveNeurons: finished.map((r) => r.analysis.plan.layers.map((l) => l.live)),
    ...(finished.length > 0 && finished.every((r) => r.analysis.dead.layers.every((l) => l.deadAtStart))
      ? { offAtStart: finished.map((r) => r.analysis.dead.layers.map((l) => analysis.offByOrigin(l)['dead-at-start'])) }
      : {}),
    suggestedSizes: across.suggestedSizes,
    wholeZeroNeurons: finished.map((r) => (r.analysis.exactZeroNeurons ? analysis.wholeZeroCounts(r.analysis.exactZeroNeurons) : [])),
    unusedInputs: across.inputsUnusedInEveryRun,
    shrinkPredictionChange: across.largestShrinkChange,
    ...shrinkShare(finished),
    ...classificationSummary(finished),
  };
}

function classificationSummary(runs: RunResult[]): Pick<VariantSummary, 'classification' | 'shrinkLogLossIncrease'> {
  const measured = runs.flatMap((r) => (r.classification ? [r.classification] : []));
  if (measured.length === 0 || measured.length !== runs.length) return {};
  const accuracy = measured.map((m) => m.accuracy);
  const logLoss = measured.map((m) => m.logLoss);
  const confusion = measured[0].confusion.map((row, i) => row.map((_, j) => measured.reduce((sum, m) => sum + (m.confusion[i]?.[j] ?? 0), 0)));
  const increases = runs.flatMap((r) => (r.analysis.shrinkCheckLogLoss ? [r.analysis.shrinkCheckLogLoss.shrunk - r.analysis.shrinkCheckLogLoss.original] : []));
  return {
    classification: { accuracy, accuracyMean: analysis.mean(accuracy), accuracySd: analysis.sampleSd(accuracy), logLoss, logLossMean: analysis.mean(logLoss), logLossSd: analysis.sampleSd(logLoss), confusion },
    ...(increases.length > 0 ? { shrinkLogLossIncrease: Math.max(...increases) } : {}),
  };
}

function shrinkShare(runs: RunResult[]): Pick<VariantSummary, 'shrinkChangeShareOfMae'> {
  const shares = runs.flatMap((r) => (r.analysis.shrinkCheckVsError ? [r.analysis.shrinkCheckVsError.shareOfMae] : []));
  return shares.length > 0 ? { shrinkChangeShareOfMae: Math.max(...shares) } : {};
}

function certifiedSummary(runs: RunResult[]): Pick<VariantSummary, 'certifiedZeros'> {
  const certified = certifiedAcrossRuns(runs.map((r) => r.analysis.certifiedZeros));
  return certified ? { certifiedZeros: certified } : {};
}

/** The error each of runs 0..length-1 is judged by (judged-error.ts: the total absolute test
 * error, a classifier's test log-loss), by run number; NaN for a diverged or missing run. */
export function testErrorsByRun(runs: readonly RunResult[], length: number): number[] {
  const byRun = new Array<number>(length).fill(NaN);
  for (const r of runs) if (r.run < length && !r.diverged) byRun[r.run] = judgedError(r);
  return byRun;
}

/**
 * The paired comparisons of the variants trained, on the judged error of each run (the total
 * absolute test error, a classifier's test log-loss; a pair with a diverged run is left out);
 * see analysis/paired.ts. Two families, each Holm-adjusted on its own: every variant against
 * no penalty, and the pairs the file names in `compare` (pairs with a variant not trained, as
 * after a cancel, are left out).
 */
export function compareVariants(variants: readonly { variant: Variant; runs: readonly RunResult[] }[], runs: number, named: readonly [string, string][] = []): PairedComparison[] {
  const errorsOf = (name: string) => testErrorsByRun(variants.find((v) => v.variant.name === name)?.runs ?? [], runs);
  const compare = ([a, b]: readonly [string, string]) => pairedComparison(a, errorsOf(a), b, errorsOf(b));
  const trained = new Set(variants.map((v) => v.variant.name));
  const asked = named.filter(([a, b]) => trained.has(a) && trained.has(b));
  return [
    ...adjustFamily(comparisonPairs(variants.map((v) => v.variant)).map(compare)),
    ...adjustFamily(asked.map(compare)).map((c): PairedComparison => ({ ...c, named: true })),
  ];
}

/**
 * The snapshot frames asked, and those each run keeps: the engine loop takes
 * snapshotPlan's, bounded by the network's size.
 */
function snapshotFramesOf(experiment: Experiment, dataset: DatasetSummary): { requested: number; perRun: number } {
  const { snapshots, training, model } = experiment;
  const weights = weightCount(dataset.d, model.layers, outputUnits(training.loss, dataset.classes));
  return { requested: snapshots.maxFrames, perRun: snapshotPlan(snapshots, training.epochs, weights).maxFrames };
}

export function buildResults(input: {
  experiment: Experiment;
  experimentPath: string;
  dataset: DatasetSummary;
  backend: string;
  engine: string;
  threads?: number;
  versions: Record<string, string>;
  runs: RunResult[];
  seconds: number;
  cancelled: boolean;
  paths?: PathResult[];
}): ResultsDocument {
  const { experiment, runs } = input;
  const variants = experiment.variants
    .map((variant) => {
      // Runs by number, however the threads finished them.
      const own = runs.filter((r) => r.variant === variant.name).sort((a, b) => a.run - b.run);
      return { variant, runs: own, summary: summarizeVariant(variant, own, experiment.penaltyConvention) };
    })
    .filter((v) => v.runs.length > 0);
  return {
    format: 'regx-results',
    version: resultsVersion,
    experiment,
    experimentFile: fileName(input.experimentPath),
    createdAt: new Date().toISOString(),
    seconds: input.seconds,
    backend: input.backend,
    engine: input.engine,
    ...(input.threads !== undefined ? { threads: input.threads } : {}),
    versions: input.versions,
    cancelled: input.cancelled,
    snapshotFrames: snapshotFramesOf(experiment, input.dataset),
    dataset: input.dataset,
    variants,
    comparisons: compareVariants(variants, experiment.runs, experiment.compare),
    ...(input.paths && input.paths.length > 0 ? { paths: input.paths } : {}),
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
  const variants = [...kept, ...next.variants].sort((a, b) => order.indexOf(a.variant.name) - order.indexOf(b.variant.name));
  const newPaths = new Set((next.paths ?? []).map((p) => p.variant));
  const paths = [...(previous.paths ?? []).filter((p) => !newPaths.has(p.variant)), ...(next.paths ?? [])].sort((a, b) => order.indexOf(a.variant) - order.indexOf(b.variant));
  return { ...next, variants, comparisons: compareVariants(variants, next.experiment.runs, next.experiment.compare), ...(paths.length > 0 ? { paths } : {}) };
}

/** The stored results with `next` on top: merged (mergeResults) when both were trained from the
 * same experiment, apart from the variants trained now (a λ tried on a slider, or edited, and
 * trained alone, keeps the others' results). */
export function mergeWithStored(previous: ResultsDocument | undefined, next: ResultsDocument): ResultsDocument {
  if (!previous) return next;
  const trained = new Set([...next.variants.map((v) => v.variant.name), ...(next.paths ?? []).map((p) => p.variant)]);
  const asStored = next.experiment.variants.map((v) => (trained.has(v.name) ? (previous.experiment.variants.find((p) => p.name === v.name) ?? v) : v));
  return mergeResults(previous, next, resultsMatch(previous, { ...next.experiment, variants: asStored }));
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

/** The last part of a path, / or \\ separated (core code has no node:path). */
function fileName(file: string): string {
  return file.split(/[\\/]/).pop() ?? file;
}
