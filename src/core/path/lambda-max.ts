// λ_max of a linear model: the smallest λ at which every weight is 0, under the file's loss
// and penalty conventions. At w = 0 the L2 term has no gradient, so every weight stays 0
// exactly while |∂L_data/∂w_j| <= l1 = share·λ for every j, the data-loss gradient taken at
// w = 0 with the intercept at its best (or at 0 too, when biases are penalized):
//
//   λ_max = max_j |∂L_data/∂w_j| / share
//
// mse (mean (y'-y)², no 1/2): the best intercept is the mean target, and the gradient
// (2/n)·Σ x_ij·(b - y_i). huber: the intercept solves Σ ψ(b - y_i) = 0 (ψ the Huber
// derivative), found by bisection to the last bit, and the gradient (1/n)·Σ x_ij·ψ(b - y_i).
// binaryCrossentropy (the lasso-logistic): the best intercept has σ(b) = ȳ, the share of
// label 1, so the gradient is (1/n)·Σ x_ij·(ȳ - y_i) (σ(0) = 1/2 for ȳ with penalized biases).
// mae has no gradient at a zero residual, so there is no such formula: undefined; nor here for
// categoricalCrossentropy (hasExactLambdaMax). The value is
// rounded up by the rounding error of its sums, no more.
import { hasExactLambdaMax, type LossName } from '../experiment';

export interface LinearProblem {
  /** Row-major inputs, n rows × d columns. */
  x: ArrayLike<number>;
  y: ArrayLike<number>;
  n: number;
  d: number;
}

export interface LambdaMaxOptions {
  loss: LossName;
  huberDelta: number;
  /** Whether the intercept is penalized too (regularizeBiases): then it starts at 0 as well. */
  regularizeBiases: boolean;
  /** The L1 share of λ (lambdaMaxShare: never 0). */
  share: number;
}

export function linearLambdaMax(problem: LinearProblem, options: LambdaMaxOptions): number | undefined {
  const { x, y, n, d } = problem;
  const { loss } = options;
  if (!hasExactLambdaMax(loss)) return undefined;
  const residualGradient = new Float64Array(n);
  if (loss === 'binaryCrossentropy') {
    // ∂(mean log-loss)/∂z_i = (σ(b) - y_i)/n at every logit z_i = b.
    let positives = 0;
    for (let i = 0; i < n; i++) positives += y[i];
    const probability = options.regularizeBiases ? 0.5 : positives / n;
    for (let i = 0; i < n; i++) residualGradient[i] = (probability - y[i]) / n;
  } else {
    const derivative = lossDerivative(loss, options.huberDelta);
    const intercept = options.regularizeBiases ? 0 : bestIntercept(y, n, loss, options.huberDelta);
    for (let i = 0; i < n; i++) residualGradient[i] = derivative(intercept - y[i]) / n;
  }
  let largest = 0;
  if (options.regularizeBiases) largest = Math.abs(residualGradient.reduce((s, g) => s + g, 0));
  for (let j = 0; j < d; j++) {
    let gradient = 0;
    for (let i = 0; i < n; i++) gradient += x[i * d + j] * residualGradient[i];
    largest = Math.max(largest, Math.abs(gradient));
  }
  // Rounded up by the rounding error of sums of n terms (about n·2^-52 relative), so that the
  // solver, whose sums round differently, also finds every weight at 0 at λ_max.
  return (largest / options.share) * (1 + 4 * (n + d) * Number.EPSILON);
}

/** d(loss)/d(residual) of mse and huber, residual = prediction - target. */
function lossDerivative(loss: 'mse' | 'huber', delta: number): (r: number) => number {
  if (loss === 'mse') return (r) => 2 * r;
  return (r) => (Math.abs(r) <= delta ? r : delta * Math.sign(r));
}

/** The intercept of the model with every weight 0: the mean target for mse, Huber's location for huber. */
function bestIntercept(y: ArrayLike<number>, n: number, loss: 'mse' | 'huber', delta: number): number {
  let sum = 0;
  let low = Infinity;
  let high = -Infinity;
  for (let i = 0; i < n; i++) {
    sum += y[i];
    low = Math.min(low, y[i]);
    high = Math.max(high, y[i]);
  }
  if (loss === 'mse') return sum / n;
  const derivative = lossDerivative('huber', delta);
  // Σ ψ(b - y_i) rises with b, from <= 0 at min y to >= 0 at max y.
  for (let iteration = 0; iteration < 200 && high > low; iteration++) {
    const middle = (low + high) / 2;
    if (middle === low || middle === high) break;
    let total = 0;
    for (let i = 0; i < n; i++) total += derivative(middle - y[i]);
    if (total < 0) low = middle;
    else high = middle;
  }
  return (low + high) / 2;
}
