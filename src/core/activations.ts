// The activations and the data losses, as maths: one table each, in the spirit of TensorFlow
// Playground's nn.ts. Everything that evaluates them reads them here: mlp.ts's forward pass
// and mean losses, the analysis (constants of dead neurons, how a change grows through a
// layer), and the fast engine, whose fused loops branch on the numeric codes given here
// (test/unit/activations.test.ts ties each code to its entry). The tfjs engine maps the same
// names to tf ops.
//
// Derivatives follow tf.js' gradient conventions, so they are the gradients both engines
// follow: relu'(0) = 0, d|r|/dr = -1 at r = 0, and huber's quadratic branch at |r| = δ.
import type { Activation, ClassificationLoss, LossName, RegressionLoss } from './experiment';

/** d|x|/dx as tf.js computes it: 1 for x > 0, else -1 (also at exactly 0); the L1 penalty's too. */
export function signForGradient(x: number): number {
  return x > 0 ? 1 : -1;
}

export interface ActivationFunction {
  /** The number the fast engine's loops branch on (a string compare per neuron costs too much). */
  code: number;
  output(z: number): number;
  /** d output/dz, from the output y = output(z) (as tf.js' gradients compute it). */
  derivative(y: number): number;
  /** The largest |output(a) - output(b)| / |a - b|: how much a change of the input can grow through it. */
  lipschitz: number;
}

export const activations: Readonly<Record<Activation, ActivationFunction>> = {
  linear: { code: 0, output: (z) => z, derivative: () => 1, lipschitz: 1 },
  relu: { code: 1, output: (z) => (z > 0 ? z : 0), derivative: (y) => (y > 0 ? 1 : 0), lipschitz: 1 },
  tanh: { code: 2, output: (z) => Math.tanh(z), derivative: (y) => 1 - y * y, lipschitz: 1 },
  sigmoid: { code: 3, output: (z) => 1 / (1 + Math.exp(-z)), derivative: (y) => y * (1 - y), lipschitz: 0.25 },
};

/** What every data loss gives: the loss of one row from the network's outputs, and its gradient there. */
export interface LossFunction {
  /** The number the fast engine branches on. */
  code: number;
  /**
   * The loss of one row from its outputs out[at..at+k) and its target: regression, k = 1 and
   * a value; binary cross-entropy, k = 1 logit and a label 0 or 1; categorical, k logits and
   * a label 0..k−1.
   */
  rowValue(out: ArrayLike<number>, at: number, k: number, target: number, huberDelta: number): number;
  /** d rowValue/d out[at+j] ÷ count into gradient[gradientAt + j], j < k (count: the rows of a mean). */
  rowGradient(out: ArrayLike<number>, at: number, k: number, target: number, huberDelta: number, count: number, gradient: { [i: number]: number }, gradientAt: number): void;
}

/** A regression loss: a function of the residual r = prediction - target. */
export interface ResidualLoss extends LossFunction {
  /** The loss of one residual r = prediction - target; the data loss is its mean over the rows. */
  value(r: number, huberDelta: number): number;
  /** d value/dr, tf.js style. */
  derivative(r: number, huberDelta: number): number;
}

function residualLoss(code: number, value: ResidualLoss['value'], derivative: ResidualLoss['derivative']): ResidualLoss {
  return {
    code,
    value,
    derivative,
    rowValue: (out, at, _k, target, delta) => value(out[at] - target, delta),
    rowGradient: (out, at, _k, target, delta, count, gradient, gradientAt) => {
      gradient[gradientAt] = derivative(out[at] - target, delta) / count;
    },
  };
}

export const residualLosses: Readonly<Record<RegressionLoss, ResidualLoss>> = {
  mse: residualLoss(0, (r) => r * r, (r) => 2 * r),
  mae: residualLoss(1, (r) => Math.abs(r), (r) => signForGradient(r)),
  huber: residualLoss(
    2,
    // 0.5·q² + δ·(|r| - q) with q = min(|r|, δ), as tf.losses.huberLoss writes it.
    (r, delta) => {
      const a = Math.abs(r);
      const quadratic = Math.min(a, delta);
      return 0.5 * quadratic * quadratic + delta * (a - quadratic);
    },
    (r, delta) => (Math.abs(r) <= delta ? r : delta * signForGradient(r)),
  ),
};

/** log(1 + e^z) without overflow: max(z, 0) + log1p(e^-|z|). */
export function softplus(z: number): number {
  return Math.max(z, 0) + Math.log1p(Math.exp(-Math.abs(z)));
}

/** log Σ_j e^out[at+j] over k logits, without overflow: the largest taken out first. */
export function logSumExp(out: ArrayLike<number>, at: number, k: number): number {
  let largest = -Infinity;
  for (let j = 0; j < k; j++) largest = Math.max(largest, out[at + j]);
  if (!Number.isFinite(largest)) return largest;
  let sum = 0;
  for (let j = 0; j < k; j++) sum += Math.exp(out[at + j] - largest);
  return largest + Math.log(sum);
}

/**
 * The cross-entropy losses, read from the logits (the output layer stays linear): binary, one
 * logit z and y in {0, 1}, -y·log σ(z) - (1-y)·log(1-σ(z)) = softplus(z) - y·z, as
 * tf.losses.sigmoidCrossEntropy computes it; categorical, k logits and a label c,
 * logΣe^z - z_c, as tf.losses.softmaxCrossEntropy. Both gradients are p - y: σ(z) - y, and
 * softmax(z) - onehot(c).
 */
export const crossEntropyLosses: Readonly<Record<ClassificationLoss, LossFunction>> = {
  binaryCrossentropy: {
    code: 3,
    rowValue: (out, at, _k, label) => softplus(out[at]) - label * out[at],
    rowGradient: (out, at, _k, label, _delta, count, gradient, gradientAt) => {
      gradient[gradientAt] = (1 / (1 + Math.exp(-out[at])) - label) / count;
    },
  },
  categoricalCrossentropy: {
    code: 4,
    rowValue: (out, at, k, label) => logSumExp(out, at, k) - out[at + label],
    rowGradient: (out, at, k, label, _delta, count, gradient, gradientAt) => {
      const lse = logSumExp(out, at, k);
      for (let j = 0; j < k; j++) gradient[gradientAt + j] = (Math.exp(out[at + j] - lse) - (j === label ? 1 : 0)) / count;
    },
  },
};

export const losses: Readonly<Record<LossName, LossFunction>> = { ...residualLosses, ...crossEntropyLosses };

/** The class a row's outputs out[at..at+k) predict: the largest logit, or logit > 0 for one binary logit. */
export function predictedClass(out: ArrayLike<number>, at: number, k: number): number {
  if (k === 1) return out[at] > 0 ? 1 : 0;
  let best = 0;
  for (let j = 1; j < k; j++) if (out[at + j] > out[at + best]) best = j;
  return best;
}
