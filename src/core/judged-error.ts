// The one number a run is judged by wherever RegX compares runs on their test (or validation)
// rows: the paired comparisons of variants, the shrink verification's sizes, the editor's
// lenses. For values, the total absolute error in the target's units (the first article's
// measure); for class labels, the log-loss (mean cross-entropy: glmnet's deviance, halved),
// since a count of misclassified rows moves in steps and says nothing of confidence.
import type { LossName } from './experiment';
import { isClassificationLoss } from './loss-kinds';
import { meanLoss } from './mlp';
import { absErrorInTargetUnits, type Standardization } from './target-errors';

export interface JudgedErrorName {
  /** In words, for notes and tooltips: "total absolute test error", "test log-loss". */
  name: string;
  /** For table headings and lenses: "test |error|", "test log-loss". */
  short: string;
}

/** What the runs of an experiment with this loss are judged by, by name. */
export function judgedErrorName(loss: LossName): JudgedErrorName {
  return isClassificationLoss(loss)
    ? { name: 'test log-loss', short: 'test log-loss' }
    : { name: 'total absolute test error', short: 'test |error|' };
}

/** The judged error of a network's outputs on some rows: their log-loss, or Σ|prediction - target| in the target's units. */
export function judgedErrorOf(loss: LossName, outputs: Float32Array, targets: Float32Array, standardization: Standardization | undefined): number {
  return isClassificationLoss(loss) ? meanLoss(loss, outputs, targets, 0) : absErrorInTargetUnits(outputs, targets, standardization);
}

/** The judged error of a trained run, from what its results keep: its test log-loss when it is a classifier's. */
export function judgedError(run: { testAbsError: number; classification?: { logLoss: number } }): number {
  return run.classification ? run.classification.logLoss : run.testAbsError;
}

/** The mean judged error over a variant's finished runs, from its summary. */
export function judgedErrorMean(summary: { testAbsErrorMean: number; classification?: { logLossMean: number } }): number {
  return summary.classification ? summary.classification.logLossMean : summary.testAbsErrorMean;
}
