// Errors in the target's units. A network may train on a standardized target (CSV data with
// `standardize`); every error RegX reports is measured after mapping predictions and targets
// back, y = y_std·sd + mean, so that "43" means 43 of the target column, not 43 standard
// deviations.
import type { Dataset } from './dataset';

export type Standardization = NonNullable<Dataset['standardization']>;

export interface TestErrors {
  /** Σ|prediction - target| over the test rows: the first article's measure. */
  totalAbsError: number;
  /** Mean absolute error. */
  mae: number;
  /** Root mean squared error. */
  rmse: number;
  /** 1 - Σ(prediction - target)² / Σ(target - mean target)², over the test rows; NaN for fewer than 2 rows or a constant target. */
  r2: number;
}

/** How far one unit of the network's target is in the target's own units. */
export function targetUnit(standardization: Standardization | undefined): number {
  return standardization?.targetStd ?? 1;
}

/** Σ|prediction - target| in the target's units. */
export function absErrorInTargetUnits(predictions: ArrayLike<number>, targets: ArrayLike<number>, standardization: Standardization | undefined): number {
  let sum = 0;
  for (let i = 0; i < targets.length; i++) sum += Math.abs(predictions[i] - targets[i]);
  return sum * targetUnit(standardization);
}

/** MAE, RMSE, R² and the total absolute error, predictions and targets both mapped back. */
export function errorsInTargetUnits(predictions: ArrayLike<number>, targets: ArrayLike<number>, standardization: Standardization | undefined): TestErrors {
  const n = targets.length;
  const scale = targetUnit(standardization);
  const offset = standardization?.targetMean ?? 0;
  const back = (v: number) => v * scale + offset;
  let absolute = 0;
  let squares = 0;
  let targetSum = 0;
  for (let i = 0; i < n; i++) {
    const residual = back(predictions[i]) - back(targets[i]);
    absolute += Math.abs(residual);
    squares += residual * residual;
    targetSum += back(targets[i]);
  }
  const targetMean = targetSum / n;
  let spread = 0;
  for (let i = 0; i < n; i++) spread += (back(targets[i]) - targetMean) ** 2;
  return {
    totalAbsError: absolute,
    mae: n > 0 ? absolute / n : NaN,
    rmse: n > 0 ? Math.sqrt(squares / n) : NaN,
    r2: n > 1 && spread > 0 ? 1 - squares / spread : NaN,
  };
}
