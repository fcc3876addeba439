// The exact solution path of a linear model with the mse loss under L1, L2 or both, by
// cyclic coordinate descent with warm starts and an active set, as glmnet and scikit-learn
// compute it (Friedman, Hastie & Tibshirani 2010). The objective is RegX's, in tf.js'
// convention:
//
//   F(w, b) = (1/n)·Σ_i (y_i - x_i·w - b)² + l1·Σ_j |w_j| + l2·Σ_j w_j²
//
// (b penalized too with regularizeBiases). One coordinate's minimizer, with ρ_j its
// correlation with the partial residual, (1/n)·Σ_i z_ij·(r_i + z_ij·w_j):
//
//   w_j = S(ρ_j, l1/2) / ((1/n)·Σ_i z_ij² + l2),   S(v, t) = sign(v)·max(|v| - t, 0)
//
// A free intercept is taken out by centering the columns and the target; a penalized one is
// a column of ones like any other. Each λ starts from the previous solution; sweeps run over
// the non-zero coordinates until they settle, then one sweep over all of them checks the
// optimality (KKT) conditions of the zeros: any coordinate it moves joins the active set
// and the inner sweeps start again.
import type { LinearProblem } from './lambda-max';

export interface Strengths {
  l1: number;
  l2: number;
}

export interface LinearSolution {
  /** d coefficients. */
  weights: Float64Array;
  intercept: number;
  /** Sweeps over coordinates (full or active) it took. */
  sweeps: number;
}

/** Coordinate steps smaller than this (times the column's scale, over the target's sd) count as settled. */
const SETTLED = 1e-12;
/** Sweeps per λ after which coordinate descent gives up (it reports how many it took). */
const MAX_SWEEPS = 100_000;

/** The solutions at each strength, in order, each warm-started from the one before (largest λ first is fastest). */
export function linearPath(problem: LinearProblem, strengths: readonly Strengths[], options: { regularizeBiases: boolean }): LinearSolution[] {
  const { n, d } = problem;
  const columns = new Columns(problem, options.regularizeBiases);
  const p = columns.count;
  const w = new Float64Array(p);
  const residual = Float64Array.from(columns.target);
  const active = new Uint8Array(p);
  const settled = SETTLED * Math.max(columns.targetSd, 1e-300);
  /** One coordinate's update; returns how far it moved, in the column's scale. */
  const update = (j: number, { l1, l2 }: Strengths): number => {
    const z = columns.column(j);
    const scale = columns.scale[j];
    let rho = 0;
    for (let i = 0; i < n; i++) rho += z[i] * residual[i];
    rho = rho / n + scale * w[j];
    const denominator = scale + l2;
    const next = denominator > 0 ? softThreshold(rho, l1 / 2) / denominator : 0;
    const change = next - w[j];
    if (change === 0) return 0;
    for (let i = 0; i < n; i++) residual[i] -= change * z[i];
    w[j] = next;
    if (next !== 0) active[j] = 1;
    return Math.abs(change) * Math.sqrt(scale);
  };
  return strengths.map((strength) => {
    let sweeps = 0;
    for (;;) {
      // The full sweep: the KKT check of every coordinate, and their update where it fails.
      let largest = 0;
      for (let j = 0; j < p; j++) largest = Math.max(largest, update(j, strength));
      sweeps++;
      if (largest < settled || sweeps >= MAX_SWEEPS) break;
      while (sweeps < MAX_SWEEPS) {
        let moved = 0;
        for (let j = 0; j < p; j++) if (active[j]) moved = Math.max(moved, update(j, strength));
        sweeps++;
        if (moved < settled) break;
      }
    }
    const weights = Float64Array.from(w.subarray(0, d));
    return { weights, intercept: columns.intercept(w), sweeps };
  });
}

function softThreshold(v: number, t: number): number {
  return v > t ? v - t : v < -t ? v + t : 0;
}

/** The columns coordinate descent works on: centered, with the target, when the intercept is free; else with a column of ones. */
class Columns {
  readonly count: number;
  /** (1/n)·Σ z_ij² per column. */
  readonly scale: Float64Array;
  readonly target: Float64Array;
  readonly targetSd: number;
  private readonly values: Float64Array;
  private readonly means: Float64Array;
  private readonly targetMean: number;

  constructor(
    private readonly problem: LinearProblem,
    private readonly penalizedIntercept: boolean,
  ) {
    const { x, y, n, d } = problem;
    this.count = d + (penalizedIntercept ? 1 : 0);
    this.values = new Float64Array(n * this.count);
    this.means = new Float64Array(d);
    if (!penalizedIntercept) {
      for (let i = 0; i < n; i++) for (let j = 0; j < d; j++) this.means[j] += x[i * d + j] / n;
    }
    for (let j = 0; j < d; j++) for (let i = 0; i < n; i++) this.values[j * n + i] = x[i * d + j] - this.means[j];
    if (penalizedIntercept) this.values.fill(1, d * n, (d + 1) * n);
    let mean = 0;
    for (let i = 0; i < n; i++) mean += y[i] / n;
    this.targetMean = penalizedIntercept ? 0 : mean;
    this.target = Float64Array.from({ length: n }, (_, i) => y[i] - this.targetMean);
    this.targetSd = Math.sqrt(this.target.reduce((s, v) => s + (v - (mean - this.targetMean)) ** 2, 0) / n);
    this.scale = Float64Array.from({ length: this.count }, (_, j) => {
      const z = this.column(j);
      let sum = 0;
      for (let i = 0; i < n; i++) sum += z[i] * z[i];
      return sum / n;
    });
  }

  column(j: number): Float64Array {
    const { n } = this.problem;
    return this.values.subarray(j * n, (j + 1) * n);
  }

  intercept(w: Float64Array): number {
    const { d } = this.problem;
    if (this.penalizedIntercept) return w[d];
    let b = this.targetMean;
    for (let j = 0; j < d; j++) b -= this.means[j] * w[j];
    return b;
  }
}

/** Predictions of a linear solution on n rows. */
export function predictLinear(solution: Pick<LinearSolution, 'weights' | 'intercept'>, x: ArrayLike<number>, n: number): Float32Array {
  const { weights, intercept } = solution;
  const d = weights.length;
  const out = new Float32Array(n);
  for (let i = 0; i < n; i++) {
    let sum = intercept;
    for (let j = 0; j < d; j++) sum += x[i * d + j] * weights[j];
    out[i] = sum;
  }
  return out;
}
