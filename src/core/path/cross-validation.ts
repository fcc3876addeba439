// What cross-validation says about a path: the mean validation error at each λ with its
// standard error, and the two λ glmnet's cv.glmnet marks: λ_min, where the mean error is
// smallest, and λ_1se, the largest λ whose mean error is within one standard error of that
// minimum (the simplest model the data cannot tell from the best).

export interface ErrorSummary {
  mean: number;
  /** Standard error of the mean: the sample sd over the errors, over √count. */
  se: number;
  /** Errors averaged (folds × runs; diverged trainings left out). */
  count: number;
}

/** Mean and standard error of the finite errors (a diverged training gives none). */
export function summarizeErrors(errors: readonly number[]): ErrorSummary {
  const finite = errors.filter(Number.isFinite);
  const count = finite.length;
  if (count === 0) return { mean: NaN, se: NaN, count };
  const mean = finite.reduce((s, e) => s + e, 0) / count;
  if (count === 1) return { mean, se: NaN, count };
  const variance = finite.reduce((s, e) => s + (e - mean) ** 2, 0) / (count - 1);
  return { mean, se: Math.sqrt(variance / count), count };
}

/**
 * Indices of λ_min and λ_1se into `lambdas` (any order). Undefined when no λ has a finite
 * mean error. With a single error per λ (no standard error), λ_1se is λ_min.
 */
export function chooseLambdas(lambdas: readonly number[], errors: readonly ErrorSummary[]): { min: number; oneSe: number } | undefined {
  let min = -1;
  errors.forEach((e, i) => {
    if (Number.isFinite(e.mean) && (min < 0 || e.mean < errors[min].mean)) min = i;
  });
  if (min < 0) return undefined;
  const bound = errors[min].mean + (Number.isFinite(errors[min].se) ? errors[min].se : 0);
  let oneSe = min;
  errors.forEach((e, i) => {
    if (Number.isFinite(e.mean) && e.mean <= bound && lambdas[i] > lambdas[oneSe]) oneSe = i;
  });
  return { min, oneSe };
}
