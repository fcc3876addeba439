// One batch's forward and backward pass on the WebAssembly SIMD kernels (kernels/simd.ts):
// what fast-engine.ts' accumulateBatch computes, in float32 as tf.js computes it, with each
// layer's three products (X·W, Xᵀ·δ, δ·Wᵀ) and ReLU's passes in the kernels, and the other
// activations' passes (tanh, sigmoid: pointwise.ts' Math functions) here.
// The session keeps the weights and the optimizer; this class owns a memory with a float32
// copy of the weights, each kernel transposed, and the batch's inputs, outputs, deltas and
// kernel gradients, all laid out once when the session starts.
import type { RunSpec } from './engine';
import * as pointwise from './pointwise';
import { losses } from '../core/activations';
import type { MatrixKernels } from './simd-kernels';
import { instantiateKernels } from './simd-kernels';

// Local bindings of pointwise.ts: a call through a module's export (a getter, as tsx
// compiles imports) is not inlined, and these run for every unit of every row.
const { activationCode, activationDerivative, activationOutput, crossEntropyRow, isCrossEntropyCode, LINEAR, lossDerivative, lossValue, RELU } = pointwise;

/** Where one layer's buffers sit, in float32 elements from the start of the memory. */
interface LayerLayout {
  rows: number;
  cols: number;
  activation: number;
  /** The layer's kernel, then its bias, in the memory's copy of the session's weights. */
  kernelAt: number;
  biasAt: number;
  kernelTransposedAt: number;
  outsAt: number;
  deltasAt: number;
  kernelGradAt: number;
}

/** Floats per 16 bytes: every buffer starts on a SIMD vector boundary. */
const ALIGN = 4;

export class SimdBatch {
  private readonly kernels: MatrixKernels;
  private readonly memory: Float32Array;
  private readonly layers: LayerLayout[];
  private readonly weightsAt: number;
  private readonly inputsAt: number;
  /** Each layer's kernel gradient, as a view made once. */
  private readonly kernelGrads: Float32Array[];
  private readonly loss: number;
  private readonly crossEntropy: boolean;
  private readonly huberDelta: number;

  /** Undefined where the kernels cannot load (no SIMD, no build): the session then batches in JavaScript. */
  static create(spec: RunSpec): SimdBatch | undefined {
    const layout = planLayout(spec);
    const kernels = instantiateKernels(layout.floats * 4);
    return kernels && new SimdBatch(spec, kernels, layout);
  }

  private constructor(
    private readonly spec: RunSpec,
    kernels: MatrixKernels,
    layout: ReturnType<typeof planLayout>,
  ) {
    this.kernels = kernels;
    this.memory = new Float32Array(kernels.memory.buffer);
    this.layers = layout.layers;
    this.weightsAt = layout.weightsAt;
    this.inputsAt = layout.inputsAt;
    this.kernelGrads = this.layers.map(({ kernelGradAt, rows, cols }) => this.memory.subarray(kernelGradAt, kernelGradAt + rows * cols));
    this.loss = losses[spec.training.loss].code;
    this.crossEntropy = isCrossEntropyCode(this.loss);
    this.huberDelta = Math.fround(spec.training.huberDelta);
  }

  /**
   * Rows order[start..end): puts the batch gradient (of the data loss' mean over the batch)
   * in `grads`, which the session has zeroed, and returns the sum of the rows' losses. Reads
   * the weights from `weights`.
   */
  accumulate(order: Uint32Array, start: number, end: number, weights: Float32Array, grads: Float64Array): number {
    const { x, y } = this.spec.dataset.train;
    const { memory: f, kernels, layers } = this;
    const batchRows = end - start;
    const d = this.spec.inputs;
    f.set(weights, this.weightsAt);
    // Element by element: a view per row would allocate at every step.
    for (let b = 0; b < batchRows; b++) {
      const from = order[start + b] * d;
      const to = this.inputsAt + b * d;
      for (let k = 0; k < d; k++) f[to + k] = x[from + k];
    }

    // Forward: outs = act(bias + prev · kernel).
    let prevAt = this.inputsAt;
    let prevCols = d;
    for (const layer of layers) {
      const { rows, cols, activation, biasAt, kernelAt, outsAt } = layer;
      for (let b = 0; b < batchRows; b++) f.copyWithin(outsAt + b * cols, biasAt, biasAt + cols);
      kernels.multiplyAdd(outsAt * 4, prevAt * 4, kernelAt * 4, batchRows, cols, rows, prevCols, 1, cols);
      const size = batchRows * cols;
      if (activation === RELU) kernels.relu(outsAt * 4, size);
      else if (activation !== LINEAR) for (let i = outsAt; i < outsAt + size; i++) f[i] = activationOutput(activation, f[i]);
      prevAt = outsAt;
      prevCols = cols;
    }

    // dLoss/dprediction of each row: the loss is the mean over the batch.
    const last = layers[layers.length - 1];
    let lossSum = 0;
    if (this.crossEntropy) {
      // softmax(z) - onehot(y) (σ(z) - y for one logit) ÷ batch, in plain JavaScript after the kernels.
      const k = last.cols;
      for (let b = 0; b < batchRows; b++) lossSum += crossEntropyRow(this.loss, f, last.outsAt + b * k, k, y[order[start + b]], batchRows, f, last.deltasAt + b * k);
    } else {
      for (let b = 0; b < batchRows; b++) {
        const r = f[last.outsAt + b] - y[order[start + b]];
        lossSum += lossValue(this.loss, r, this.huberDelta);
        f[last.deltasAt + b] = lossDerivative(this.loss, r, this.huberDelta) / batchRows;
      }
    }

    // Backward: deltas become dLoss/dz; kernel gradient = prevᵀ · dz, bias gradient = column
    // sums of dz, and the layer below gets dz · kernelᵀ.
    for (let l = layers.length - 1; l >= 0; l--) {
      const { rows, cols, activation, biasAt, outsAt, deltasAt, kernelGradAt, kernelAt, kernelTransposedAt } = layers[l];
      const biasGradAt = biasAt - this.weightsAt;
      const size = batchRows * cols;
      if (activation === RELU) kernels.reluBackward(deltasAt * 4, outsAt * 4, size);
      else if (activation !== LINEAR) {
        for (let i = 0; i < size; i++) f[deltasAt + i] = activationDerivative(activation, f[outsAt + i]) * f[deltasAt + i];
      }
      for (let b = 0; b < batchRows; b++) {
        for (let j = 0; j < cols; j++) grads[biasGradAt + j] += f[deltasAt + b * cols + j];
      }
      const belowAt = l > 0 ? layers[l - 1].outsAt : this.inputsAt;
      f.fill(0, kernelGradAt, kernelGradAt + rows * cols);
      kernels.multiplyAdd(kernelGradAt * 4, belowAt * 4, deltasAt * 4, rows, cols, batchRows, 1, rows, cols);
      // The session zeroes its gradients before each batch, and only this product adds to a kernel's.
      grads.set(this.kernelGrads[l], kernelAt - this.weightsAt);
      if (l > 0) {
        const below = layers[l - 1];
        kernels.transpose(kernelTransposedAt * 4, kernelAt * 4, rows, cols);
        f.fill(0, below.deltasAt, below.deltasAt + batchRows * rows);
        kernels.multiplyAdd(below.deltasAt * 4, deltasAt * 4, kernelTransposedAt * 4, batchRows, rows, cols, cols, 1, rows);
      }
    }
    return lossSum;
  }
}

/** Every buffer's place in one memory, for the session's network and batch size. */
function planLayout(spec: RunSpec) {
  const batch = spec.training.batchSize;
  let floats = ALIGN; // nothing at address 0
  const take = (count: number): number => {
    const at = floats;
    floats += Math.ceil(count / ALIGN) * ALIGN;
    return at;
  };
  const weightCount = spec.initialParams.reduce((sum, l) => sum + l.kernel.length + l.bias.length, 0);
  // The weights keep the session's layout exactly (kernel then bias), so that one copy moves
  // them all; the kernels' loads do not need aligned addresses.
  const weightsAt = take(weightCount);
  let offset = weightsAt;
  const layers: LayerLayout[] = spec.initialParams.map((l) => {
    const at = offset;
    offset += l.kernel.length + l.bias.length;
    return {
      rows: l.rows,
      cols: l.cols,
      activation: activationCode(l.activation),
      biasAt: at + l.kernel.length,
      kernelAt: at,
      kernelTransposedAt: take(l.kernel.length),
      outsAt: take(batch * l.cols),
      deltasAt: take(batch * l.cols),
      kernelGradAt: take(l.kernel.length),
    };
  });
  const inputsAt = take(batch * spec.inputs);
  return { floats, weightsAt, inputsAt, layers };
}
