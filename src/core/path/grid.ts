// The λ grid of a path variant, and the penalty strengths each λ stands for. A path variant
// gives λ as one strength with a fixed mixing ratio (glmnet's α): l1 = l1Ratio·λ and
// l2 = (1 - l1Ratio)·λ, l2 read in the file's penaltyConvention. The grid is the file's
// explicit values, or `count` values evenly spaced in log λ from the top of the range down
// to ratio·top, glmnet's defaults: 100 values, ratio 1e-4 with more training rows than
// inputs, else 1e-2.
import type { PathSpec, PenaltyConvention } from '../experiment';

export type { PathSpec };

export const DEFAULT_PATH_COUNT = 100;

/** glmnet's lambda.min.ratio: 1e-4 when there are more training rows than inputs, else 1e-2. */
export function defaultRatio(rows: number, inputs: number): number {
  return rows > inputs ? 1e-4 : 1e-2;
}

/** `count` values from `high` down to `low`, evenly spaced in log λ, both ends included. */
export function logGrid(high: number, low: number, count: number): number[] {
  if (!(high > 0 && low > 0 && low <= high)) throw new RangeError(`a λ grid needs 0 < low <= high, got low ${low}, high ${high}`);
  if (count === 1) return [high];
  const step = Math.log(low / high) / (count - 1);
  return Array.from({ length: count }, (_, i) => (i === count - 1 ? low : high * Math.exp(step * i)));
}

/**
 * The λ values of a path, largest first: the explicit ones, else the generated grid from the
 * file's range or from `lambdaMax` (needed only then) down to its ratio.
 */
export function pathGrid(spec: PathSpec, shape: { rows: number; inputs: number }, lambdaMax?: () => number): number[] {
  if (spec.values) return [...spec.values].sort((a, b) => b - a);
  const count = spec.count ?? DEFAULT_PATH_COUNT;
  if (spec.range) return logGrid(spec.range[1], spec.range[0], count);
  if (!lambdaMax) throw new Error('a generated λ grid without a range needs λ_max');
  const high = lambdaMax();
  return logGrid(high, high * (spec.ratio ?? defaultRatio(shape.rows, shape.inputs)), count);
}

/** How many λ a path has. */
export function gridSize(spec: PathSpec): number {
  return spec.values?.length ?? spec.count ?? DEFAULT_PATH_COUNT;
}

/** Whether a path needs λ_max computed from the data (its grid has no given top). */
export function needsLambdaMax(spec: PathSpec): boolean {
  return spec.values === undefined && spec.range === undefined;
}

/** The strengths λ stands for, in tf.js' convention (l2·Σw²), as the engines take them. */
export function strengthsAt(lambda: number, l1Ratio: number, convention: PenaltyConvention): { l1: number; l2: number } {
  const l2 = (1 - l1Ratio) * lambda;
  return { l1: l1Ratio * lambda, l2: convention === 'tf1' ? l2 / 2 : l2 };
}

/**
 * The L1 share λ_max is computed with: the variant's, or, for pure L2 (which no λ makes
 * exactly 0), glmnet's convention of computing it as if the L1 share were 0.001.
 */
export function lambdaMaxShare(l1Ratio: number): number {
  return Math.max(l1Ratio, 1e-3);
}
