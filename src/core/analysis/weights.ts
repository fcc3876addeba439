// How the analysis reads a model's weights, the conventions every file here shares:
// - A weight is zero when |w| <= threshold (the experiment's sparsity.threshold); exact zeros
//   (w === 0) are counted apart, because only proximal and cumulative L1 produce them.
// - Kernels are rows (inputs) × cols (units), row-major: the weight from source i to unit j
//   of a layer is kernel[i * cols + j]. The last layer is the linear output with one unit;
//   the others are the hidden layers.
// - Biases are never part of "zero weights" and never make a neuron dead: they are reported
//   apart and are what constant neurons are folded into.
// The analysis is pure functions over plain numbers (no tfjs, no I/O), so the trainer, the
// CLI, the extension host and the panel all compute the same answers.
import type { LayerParams, Params } from '../mlp';

/** The one rule of a zero weight. */
export function isZero(w: number, threshold: number): boolean {
  return Math.abs(w) <= threshold;
}

export function weightAt(layer: LayerParams, source: number, unit: number): number {
  return layer.kernel[source * layer.cols + unit];
}

export function hiddenLayers(params: Params): LayerParams[] {
  return params.slice(0, -1);
}

export function range(n: number): number[] {
  return Array.from({ length: n }, (_, i) => i);
}
