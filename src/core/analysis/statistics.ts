// Mean and spread of a measure over the runs of a variant.

export interface MeanSd {
  n: number;
  mean: number;
  /** Sample standard deviation (n - 1 in the denominator); undefined below 2 values. */
  sd: number | undefined;
}

/** The arithmetic mean; NaN for no values. */
export function mean(values: readonly number[]): number {
  return values.length > 0 ? values.reduce((a, b) => a + b, 0) / values.length : NaN;
}

/** The sample standard deviation, √(Σ(v - mean)²/(n - 1)); NaN below 2 values. */
export function sampleSd(values: readonly number[]): number {
  const n = values.length;
  if (n < 2) return NaN;
  const m = mean(values);
  return Math.sqrt(values.reduce((sum, v) => sum + (v - m) ** 2, 0) / (n - 1));
}

export function meanAndSd(values: readonly number[]): MeanSd {
  return { n: values.length, mean: mean(values), sd: values.length >= 2 ? sampleSd(values) : undefined };
}
