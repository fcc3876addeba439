// Verifies the shrink plan of trained results by training: core/analysis/shrink-verification.ts
// says what is tried and when a size passes; this trains it on the worker pool. A phase of
// its own, after a training and never by itself: it is asked for (the CLI's verify-shrink,
// the editor's command), its cost is shown before it starts, and it can be cancelled.
import * as os from 'node:os';
import * as path from 'node:path';
import { keepLargestContributions } from '../core/analysis/contribution';
import { applyShrinkPlan } from '../core/analysis/shrink';
import {
  candidateSizes,
  defaultVerificationSettings,
  isCollapsed,
  judgeSize,
  suggestionOf,
  validationRows,
  type ShrinkVerification,
  type TriedSize,
  type VerificationSettings,
} from '../core/analysis/shrink-verification';
import { estimateCost, type CostEstimate } from '../core/cost';
import type { Dataset, Split } from '../core/dataset';
import type { Experiment, Variant } from '../core/experiment';
import { predict, type Params } from '../core/mlp';
import { testErrorsByRun, type ResultsDocument } from '../core/results';
import { judgedErrorOf } from '../core/judged-error';
import { loadDataset } from './data';
import { TrainingPool } from './parallel';
import { runSpec } from './run-experiment';
import type { TrainOptions } from './trainer-protocol';

export interface VerifyShrinkOptions extends TrainOptions {
  experimentPath: string;
  workspaceRoot?: string;
  settings?: Partial<VerificationSettings>;
  threads?: number;
  /** Polled; once true the trainings still running are dropped and verifyShrink rejects with VerificationCancelled. */
  isCancelled?(): boolean;
  /** After each training: how many of the planned ones are done (the plan may end early). */
  onProgress?(done: number, planned: number, what: string): void;
}

export class VerificationCancelled extends Error {
  constructor() {
    super('the verification was cancelled');
  }
}

/** The variants whose suggestion shrinks something: the ones a verification trains. */
export function variantsToVerify(results: ResultsDocument, names?: readonly string[]): { variant: Variant; suggested: number[]; original: number[] }[] {
  return results.variants
    .filter((v) => !names || names.includes(v.variant.name))
    .map(({ variant, summary }) => ({ variant, suggested: summary.suggestedSizes, original: summary.layerSizes }))
    .filter((v) => v.suggested.some((s, l) => s < v.original[l]));
}

/**
 * What a verification costs at most: per variant verified, the reference, every size tried and
 * the final training of the accepted size, `runs` trainings each, all at the original size
 * (an upper bound: the smaller sizes train faster).
 */
export function verificationCost(results: ResultsDocument, settings: Partial<VerificationSettings> = {}, names?: readonly string[], parallelism = os.availableParallelism()): CostEstimate {
  const { maxSizes } = { ...defaultVerificationSettings, ...settings };
  const variants = variantsToVerify(results, names);
  const trainingsPerRun = variants.reduce((sum, v) => sum + 2 + candidateSizes(v.suggested, v.original, maxSizes).length, 0);
  const rows = results.dataset.train.rows + results.dataset.test.rows;
  return estimateCost(results.experiment, { rows, inputs: results.dataset.d }, { variants: trainingsPerRun, parallelism });
}

/** The experiment with these hidden sizes (each layer keeps its activation), snapshots kept to the two ends. */
function withSizes(experiment: Experiment, sizes: readonly number[]): Experiment {
  const layers = experiment.model.layers.map((layer, l) => ({ ...layer, units: sizes[l] }));
  return { ...experiment, model: { ...experiment.model, layers }, snapshots: { every: experiment.training.epochs, maxFrames: 2 } };
}

function subset(split: Split, d: number, rows: readonly number[]): Split {
  const x = new Float32Array(rows.length * d);
  rows.forEach((r, i) => x.set(split.x.subarray(r * d, (r + 1) * d), i * d));
  return { x, y: Float32Array.from(rows, (r) => split.y[r]), n: rows.length, outlier: Uint8Array.from(rows, (r) => split.outlier[r]) };
}

/**
 * Trains the suggestions of `results` (every variant whose plan shrinks something, or those
 * named in options.variants) and says which size passed. Rejects with VerificationCancelled
 * when cancelled.
 */
export async function verifyShrink(results: ResultsDocument, options: VerifyShrinkOptions): Promise<ShrinkVerification[]> {
  const settings: VerificationSettings = { ...defaultVerificationSettings, ...options.settings };
  const { experiment } = results;
  const dataset = await loadDataset(experiment.data, experiment.seed, path.dirname(options.experimentPath), options.workspaceRoot, { maxCsvMiB: options.maxCsvMiB });
  const carved = validationRows(dataset.train.n, settings.validationShare);
  // Choosing happens on these: the training rows less the validation rows, which stand in as
  // the "test" rows of the trainings (their per-epoch metrics are not reported).
  const choosing: Dataset = { ...dataset, train: subset(dataset.train, dataset.d, carved.train), test: subset(dataset.train, dataset.d, carved.validation) };
  const variants = variantsToVerify(results, options.variants);
  const planned = variants.reduce((sum, v) => sum + experiment.runs * (2 + candidateSizes(v.suggested, v.original, settings.maxSizes).length), 0);
  let done = 0;
  const pool = new TrainingPool({ threads: Math.max(1, Math.min(options.threads ?? os.availableParallelism(), experiment.runs)), engine: options.engine ?? experiment.training.engine, backend: options.backend ?? 'auto' });
  const cancelled = () => options.isCancelled?.() ?? false;
  const watchCancel = setInterval(() => cancelled() && void pool.close(), 50);

  /** `runs` trainings of a variant at these sizes on `data`, from fresh weights or from `start`. */
  const trainAll = async (variant: Variant, sizes: number[], data: Dataset, what: string, start?: (run: number) => Params): Promise<Params[]> => {
    const shaped = withSizes(experiment, sizes);
    const trained = await Promise.all(
      Array.from({ length: experiment.runs }, async (_, run) => {
        const spec = runSpec(shaped, variant, run, data);
        const result = await pool.run(start ? { ...spec, initialParams: start(run) } : spec).catch((error: unknown) => {
          if (cancelled()) throw new VerificationCancelled();
          throw error;
        });
        options.onProgress?.(++done, planned, what);
        return result.outcome.diverged ? undefined : result.outcome.params;
      }),
    );
    if (cancelled()) throw new VerificationCancelled();
    return trained.map((p) => p ?? []);
  };
  const errorsOn = (runs: Params[], split: Split) => runs.map((p) => (p.length === 0 ? NaN : judgedErrorOf(experiment.training.loss, predict(p, split.x, split.n), split.y, dataset.standardization)));
  const collapsedOf = (runs: Params[], split: Split) => runs.flatMap((p, run) => (p.length > 0 && isCollapsed(predict(p, split.x, split.n)) ? [run] : []));

  try {
    const verifications: ShrinkVerification[] = [];
    for (const { variant, suggested, original } of variants) {
      const started = performance.now();
      const reference = await trainAll(variant, original, choosing, `${variant.name}: the original [${original.join(', ')}]`);
      const referenceErrors = errorsOn(reference, choosing.test);
      const finiteReference = referenceErrors.filter(Number.isFinite);
      const margin = settings.marginShare * (finiteReference.reduce((s, e) => s + e, 0) / Math.max(1, finiteReference.length));
      const pruned = (from: Params[], sizes: number[], rows: Split) => (run: number) => applyShrinkPlan(from[run], keepLargestContributions(from[run], rows, sizes, experiment.sparsity.threshold));
      const tried: TriedSize[] = [];
      for (const sizes of candidateSizes(suggested, original, settings.maxSizes)) {
        const start = settings.mode === 'fine-tune' ? pruned(reference, sizes, choosing.train) : undefined;
        const runs = await trainAll(variant, sizes, choosing, `${variant.name}: [${sizes.join(', ')}]`, start);
        const judged = judgeSize(sizes, errorsOn(runs, choosing.test), collapsedOf(runs, choosing.train), referenceErrors, margin);
        tried.push(judged);
        if (judged.accepted) break;
      }
      const accepted = tried.find((t) => t.accepted);
      let suggestion: ShrinkVerification['suggestion'];
      if (accepted) {
        const originalRuns = results.variants.find((v) => v.variant.name === variant.name)!.runs;
        const start = settings.mode === 'fine-tune' ? pruned(originalRuns.map((r) => r.params), accepted.sizes, dataset.train) : undefined;
        const runs = await trainAll(variant, accepted.sizes, dataset, `${variant.name}: [${accepted.sizes.join(', ')}] on every training row`, start);
        suggestion = suggestionOf(accepted.sizes, errorsOn(runs, dataset.test), collapsedOf(runs, dataset.train), testErrorsByRun(originalRuns, experiment.runs));
      }
      verifications.push({
        variant: variant.name,
        settings,
        reference: { sizes: original, validationErrors: referenceErrors },
        margin,
        trainRows: choosing.train.n,
        validationRows: choosing.test.n,
        tried,
        ...(suggestion ? { suggestion } : {}),
        seconds: (performance.now() - started) / 1000,
      });
    }
    return verifications;
  } finally {
    clearInterval(watchCancel);
    await pool.close();
  }
}
