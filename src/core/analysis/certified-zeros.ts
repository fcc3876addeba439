// Certified zeros: a zero weight that the lasso's optimality condition says belongs at zero,
// told apart from a weight that merely happens to be small when training stopped.
//
// At a minimum of L_data(w) + l1·Σ|w| (+ l2·Σw², whose gradient is 0 at w = 0), a weight at
// 0 has |∂L_data/∂w| <= l1: 0 is in the subdifferential. One that fails would move off zero
// if training went on. The problem is convex, so the condition means something, for a linear
// model, and for a network's last layer given the layers before it (their outputs are then
// fixed features and the last layer is a linear model on them); deeper layers are not
// convex problems and are not checked.
//
// The gradient is the full training set's, at the weights with every |w| <= threshold set to
// exactly 0 (a subgradient-L1 weight jittering near zero is checked where it would be), with
// tf.js' conventions for kinks: d|r|/dr = -1 at r = 0, Huber's quadratic branch at |r| = δ.
// A classifier's last layer under cross-entropy is a (multinomial) logistic regression on
// those features, convex too: the same condition is the lasso-logistic one.
import { losses } from '../activations';
import type { LossName } from '../experiment';
import { forwardAll, type Params } from '../mlp';
import { isZero } from './weights';

export interface CertifiedZeros {
  /** The layer checked, an index in Params: the output layer (a linear model's only one). */
  layer: number;
  l1: number;
  /** Kernel weights of that layer with |w| <= threshold. */
  zeros: number;
  /** Of those, the ones with |∂L_data/∂w| <= l1. */
  certified: number;
  /** The largest |∂L_data/∂w| over the zeros (0 without zeros), to set beside l1. */
  largestGradient: number;
}

export interface TrainingRows {
  x: Float32Array;
  y: Float32Array;
  n: number;
}

/** Checks the zeros of the last layer; undefined without an L1 penalty (no condition to check) or rows. */
export function certifyZeros(params: Params, rows: TrainingRows, loss: LossName, huberDelta: number, l1: number, threshold: number): CertifiedZeros | undefined {
  if (!(l1 > 0) || rows.n < 1) return undefined;
  const last = params.length - 1;
  const output = params[last];
  const features = last === 0 ? rows.x : forwardAll(params, rows.x, rows.n)[last - 1];
  const width = output.rows;
  const k = output.cols;
  const weights = Float64Array.from(output.kernel, (w) => (isZero(w, threshold) ? 0 : w));
  const { rowGradient } = losses[loss];
  // The kernel is width × k, row-major; its gradient is Σ_rows feature_j · ∂L/∂output_c.
  const gradient = new Float64Array(width * k);
  const outputs = new Float64Array(k);
  const slopes = new Float64Array(k);
  for (let r = 0; r < rows.n; r++) {
    for (let c = 0; c < k; c++) {
      let sum = output.bias[c];
      for (let j = 0; j < width; j++) sum += features[r * width + j] * weights[j * k + c];
      outputs[c] = sum;
    }
    rowGradient(outputs, 0, k, rows.y[r], huberDelta, rows.n, slopes, 0);
    for (let j = 0; j < width; j++) for (let c = 0; c < k; c++) gradient[j * k + c] += slopes[c] * features[r * width + j];
  }
  let zeros = 0;
  let certified = 0;
  let largestGradient = 0;
  for (let j = 0; j < weights.length; j++) {
    if (weights[j] !== 0) continue;
    const g = Math.abs(gradient[j]);
    zeros++;
    if (g <= l1) certified++;
    largestGradient = Math.max(largestGradient, g);
  }
  return { layer: last, l1, zeros, certified, largestGradient };
}

/** Certified zeros over the runs of a variant: "k of n zeros certified". */
export function certifiedAcrossRuns(perRun: readonly (CertifiedZeros | undefined)[]): { zeros: number; certified: number } | undefined {
  const checked = perRun.filter((c): c is CertifiedZeros => c !== undefined);
  if (checked.length === 0) return undefined;
  return { zeros: checked.reduce((s, c) => s + c.zeros, 0), certified: checked.reduce((s, c) => s + c.certified, 0) };
}
