// Test oracles for L1 training: the gradient of the data loss by a plain backward pass,
// and L1's optimality condition on the weights counted as zero. The product does not need
// them; the tests use them to tell true zeros of the L1 problem from weights passing near
// zero.
import { activations, losses } from '../../src/core/activations';
import { isZero } from '../../src/core/analysis/weights';
import type { LossName } from '../../src/core/experiment';
import { forwardAll, type Params } from '../../src/core/mlp';

export interface LayerGradient {
  kernel: Float32Array;
  bias: Float32Array;
}

/**
 * ∂L_data/∂w for every kernel and bias, L_data the mean loss over the n rows (the full
 * training set for the optimality check), by a plain backward pass. It follows tf.js'
 * gradient conventions so that it is the gradient the engines follow: d|r|/dr = -1 at
 * r = 0, relu'(0) = 0, and for huber the quadratic branch at |r| = δ (tf.minimum's); for
 * cross-entropy, p - y at the logits.
 * Sums are in double precision over mlp.forwardAll's activations.
 */
export function dataLossGradient(params: Params, x: Float32Array, y: Float32Array, n: number, loss: LossName, huberDelta: number): LayerGradient[] {
  if (!(n >= 1)) throw new RangeError(`dataLossGradient needs at least one row, got n = ${n}`);
  const outputs = forwardAll(params, x, n);
  const last = params.length - 1;
  const predictions = outputs[last];
  // delta: ∂L/∂(pre-activation) of the current layer, n × cols (k outputs: a value, or logits).
  const k = params[last].cols;
  let delta = new Float64Array(n * k);
  for (let r = 0; r < n; r++) {
    losses[loss].rowGradient(predictions, r * k, k, y[r], huberDelta, n, delta, r * k);
    for (let c = 0; c < k; c++) delta[r * k + c] *= activations[params[last].activation].derivative(predictions[r * k + c]);
  }
  const gradients: LayerGradient[] = new Array(params.length);
  for (let l = last; l >= 0; l--) {
    const { rows, cols, kernel } = params[l];
    const input = l === 0 ? x : outputs[l - 1];
    const kernelGradient = new Float64Array(rows * cols);
    const biasGradient = new Float64Array(cols);
    for (let r = 0; r < n; r++) {
      for (let j = 0; j < cols; j++) {
        const dz = delta[r * cols + j];
        biasGradient[j] += dz;
        for (let i = 0; i < rows; i++) kernelGradient[i * cols + j] += input[r * rows + i] * dz;
      }
    }
    gradients[l] = { kernel: Float32Array.from(kernelGradient), bias: Float32Array.from(biasGradient) };
    if (l === 0) break;
    const previousActivation = activations[params[l - 1].activation];
    const previous = new Float64Array(n * rows);
    for (let r = 0; r < n; r++) {
      for (let i = 0; i < rows; i++) {
        let sum = 0;
        for (let j = 0; j < cols; j++) sum += kernel[i * cols + j] * delta[r * cols + j];
        previous[r * rows + i] = sum * previousActivation.derivative(input[r * rows + i]);
      }
    }
    delta = previous;
  }
  return gradients;
}

/** A copy with every kernel weight |w| <= threshold set to exactly 0. */
export function zeroSmallWeights(params: Params, threshold: number): Params {
  return params.map((layer) => ({
    ...layer,
    kernel: layer.kernel.map((w) => (isZero(w, threshold) ? 0 : w)),
    bias: layer.bias.slice(),
  }));
}

export interface LayerOptimality {
  layer: number;
  /** Kernel weights with |w| <= threshold. */
  zeros: number;
  /** Of those, the ones with |∂L_data/∂w| <= λ: zeros of the L1 problem itself. */
  trueZeros: number;
  /** The largest |∂L_data/∂w| over the zeros (0 when there are none), to compare with λ. */
  largestGradient: number;
}

export interface L1OptimalityReport {
  l1: number;
  threshold: number;
  layers: LayerOptimality[];
  zeros: number;
  trueZeros: number;
}

/**
 * L1's optimality condition on the kernel weights counted as zero: at a minimum of
 * L_data + λΣ|w|, a weight at 0 has |∂L_data/∂w| <= λ (0 is in the subdifferential); one
 * that fails would move off zero if training went on: a subgradient weight passing near
 * zero, not a zero of the problem. An L2 term adds 2·l2·w = 0 at w = 0, so the same test
 * holds for elastic net. Pass the gradient on the full training set (dataLossGradient),
 * best computed at zeroSmallWeights(params, threshold), where the zeros are exact. With
 * the mae loss, the data loss has kinks too, and the test uses tf.js' choice of gradient.
 */
export function l1OptimalityCheck(
  gradient: readonly { kernel: ArrayLike<number> }[],
  params: Params,
  l1: number,
  threshold: number,
): L1OptimalityReport {
  if (gradient.length !== params.length) throw new Error('the gradient and the model have a different number of layers');
  const layers = params.map((layer, l) => {
    let zeros = 0;
    let trueZeros = 0;
    let largestGradient = 0;
    for (let k = 0; k < layer.kernel.length; k++) {
      if (!isZero(layer.kernel[k], threshold)) continue;
      const g = Math.abs(gradient[l].kernel[k]);
      zeros++;
      if (g <= l1) trueZeros++;
      largestGradient = Math.max(largestGradient, g);
    }
    return { layer: l, zeros, trueZeros, largestGradient };
  });
  return {
    l1,
    threshold,
    layers,
    zeros: layers.reduce((s, l) => s + l.zeros, 0),
    trueZeros: layers.reduce((s, l) => s + l.trueZeros, 0),
  };
}
