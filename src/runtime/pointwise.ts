// The element-wise maths of the fast engine's loops: activations, their derivatives, the
// losses (a row's cross-entropy over its logits too), written out by numeric code so that the loops inline them. The numbers and the
// maths they stand for are activations.ts'; test/unit/activations.test.ts ties the two.
import { activations, logSumExp, losses, softplus } from '../core/activations';
import type { Activation } from '../core/experiment';

export const RELU = activations.relu.code;
const TANH = activations.tanh.code;
const SIGMOID = activations.sigmoid.code;
export const LINEAR = activations.linear.code;
const MSE = losses.mse.code;
const MAE = losses.mae.code;
const BINARY_CROSSENTROPY = losses.binaryCrossentropy.code;

/** Whether a loss code is a cross-entropy's, read from the logits against a label (crossEntropyRow). */
export function isCrossEntropyCode(code: number): boolean {
  return code === BINARY_CROSSENTROPY || code === losses.categoricalCrossentropy.code;
}

export function activationCode(name: Activation): number {
  return activations[name].code;
}

/**
 * d|x|/dx as tf.js computes it: 1 for x > 0, else -1 (activations.ts' signForGradient), written
 * without a branch: L1 weights hover around 0, their signs flip at random, and mispredicted
 * branches would cost more than the rest of the update.
 */
export function sign(x: number): number {
  return 2 * +(x > 0) - 1;
}

export function activationOutput(code: number, z: number): number {
  if (code === RELU) return z > 0 ? z : 0;
  if (code === TANH) return Math.tanh(z);
  if (code === SIGMOID) return 1 / (1 + Math.exp(-z));
  return z;
}

/** d act/dz from the activation's output y. */
export function activationDerivative(code: number, y: number): number {
  if (code === RELU) return y > 0 ? 1 : 0;
  if (code === TANH) return 1 - y * y;
  if (code === SIGMOID) return y * (1 - y);
  return 1;
}

export function lossValue(code: number, r: number, huberDelta: number): number {
  if (code === MSE) return r * r;
  if (code === MAE) return Math.abs(r);
  const a = Math.abs(r);
  const quadratic = Math.min(a, huberDelta);
  return 0.5 * quadratic * quadratic + huberDelta * (a - quadratic);
}

export function lossDerivative(code: number, r: number, huberDelta: number): number {
  if (code === MSE) return 2 * r;
  if (code === MAE) return sign(r);
  return Math.abs(r) <= huberDelta ? r : huberDelta * sign(r);
}

/**
 * One row's cross-entropy (activations.ts' crossEntropyLosses) from its k logits at
 * out[at..at+k) and its label: puts the gradient at the logits, p - y, divided by `count`
 * (the batch's rows) into delta[deltaAt..deltaAt+k) and returns the row's loss. Binary: one
 * logit z, softplus(z) - y·z and σ(z) - y; categorical: logΣe^z - z_label and softmax(z) -
 * onehot(label), the largest logit taken out before the exponentials.
 */
export function crossEntropyRow(code: number, out: ArrayLike<number>, at: number, k: number, label: number, count: number, delta: { [i: number]: number }, deltaAt: number): number {
  if (code === BINARY_CROSSENTROPY) {
    const z = out[at];
    delta[deltaAt] = (1 / (1 + Math.exp(-z)) - label) / count;
    return softplus(z) - label * z;
  }
  const lse = logSumExp(out, at, k);
  for (let j = 0; j < k; j++) delta[deltaAt + j] = (Math.exp(out[at + j] - lse) - (j === label ? 1 : 0)) / count;
  return lse - out[at + label];
}
