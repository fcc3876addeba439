// One batch's forward and backward pass on the WebAssembly SIMD kernels (kernels/simd.ts):
// what fast-engine.ts' accumulateBatch computes, in float32 as tf.js computes it, with each
// layer's three products (X·W, Xᵀ·δ, δ·Wᵀ) and ReLU's passes in the kernels, and the other
// activations' passes (tanh, sigmoid: pointwise.ts' Math functions) here.
// The session keeps the weights and the optimizer; this class owns a memory with a float32
// copy of the weights, each kernel transposed, and the batch's inputs, targets, outputs,
// deltas and gradients, all laid out once when the session starts.
//
// A batch can be shared by two threads (batch-threads.ts): rows of the batch for X·W, the
// loss and δ·Wᵀ, rows of each kernel gradient (its layer's inputs) for Xᵀ·δ and columns for
// the bias sums. No entry is ever summed across threads: each still adds its terms in the
// same order in one thread, so one thread and two give the same numbers, bit for bit.
import type { RunSpec } from './engine';
import * as pointwise from './pointwise';
import { losses } from '../core/activations';
import { BatchHelper } from './batch-threads';
import type { MatrixKernels } from './simd-kernels';
import { instantiateKernels } from './simd-kernels';

// Local bindings of pointwise.ts: a call through a module's export (a getter, as tsx
// compiles imports) is not inlined, and these run for every unit of every row.
const { activationCode, activationDerivative, activationOutput, crossEntropyRow, isCrossEntropyCode, LINEAR, lossDerivative, lossValue, RELU } = pointwise;

/** Where one layer's buffers sit, in float32 elements from the start of the memory (float64 ones in float64 elements). */
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
  /** The bias gradient, float64 (column sums of dz, as the JavaScript path sums them). */
  biasGradAt64: number;
}

/** Everything a thread needs to compute its part of a batch: plain numbers, sent to the second thread as they are. */
export interface BatchPlan {
  /** The memory's size in float32 elements. */
  floats: number;
  layers: LayerLayout[];
  weightsAt: number;
  weightCount: number;
  inputs: number;
  inputsAt: number;
  /** The batch's targets, in batch order. */
  targetsAt: number;
  /** Each row's loss, float64, summed in row order by the thread that collects the batch. */
  rowLossesAt64: number;
  loss: number;
  /** Cross-entropy on the last layer's logits (pointwise.crossEntropyRow), instead of a loss of the residual. */
  crossEntropy: boolean;
  huberDelta: number;
}

/** Floats per 16 bytes: every buffer starts on a SIMD vector boundary. */
const ALIGN = 4;

/**
 * Part `part` of `parts` of `count` rows or columns, as [from, to): all of them for one part;
 * for two, the first part takes the first half rounded up to whole 4-row tiles of the kernels
 * (fewer than 8 stay whole in the first part: too little to share).
 */
export function shareOf(part: number, parts: number, count: number): [number, number] {
  if (parts === 1) return [0, count];
  const split = count < 8 ? count : Math.min(count, Math.ceil(count / 2 / ALIGN) * ALIGN);
  return part === 0 ? [0, split] : [split, count];
}

/** The passes of one batch over a memory, as one thread computes its part of them. */
export class BatchPasses {
  /** The memory as float32, and as float64. */
  readonly f: Float32Array;
  private readonly f64: Float64Array;

  constructor(
    readonly plan: BatchPlan,
    private readonly kernels: MatrixKernels,
  ) {
    this.f = new Float32Array(kernels.memory.buffer);
    this.f64 = new Float64Array(kernels.memory.buffer);
  }

  /**
   * This thread's part of a batch of `batchRows` rows whose weights, inputs and targets are in
   * the memory: Wᵀ (the last part), the forward pass, loss and backward deltas of its rows,
   * then its share of the gradients. `meet` waits for the other parts between passes.
   */
  step(part: number, parts: number, batchRows: number, meet: () => void): void {
    const [from, to] = shareOf(part, parts, batchRows);
    if (part === parts - 1) this.transposeKernels();
    this.forwardRows(from, to, batchRows);
    meet(); // Wᵀ is ready
    this.backwardRows(from, to);
    meet(); // every row's deltas are ready
    this.gradients(part, parts, batchRows);
  }

  /** Wᵀ of every layer but the first, for δ·Wᵀ. */
  private transposeKernels(): void {
    const layers = this.plan.layers;
    for (let l = 1; l < layers.length; l++) {
      const { rows, cols, kernelAt, kernelTransposedAt } = layers[l];
      this.kernels.transpose(kernelTransposedAt * 4, kernelAt * 4, rows, cols);
    }
  }

  /** Rows [from, to): outs = act(bias + prev · kernel), then each row's loss and dLoss/dprediction (dLoss/dlogits for cross-entropy; the loss is the mean over the batch). */
  private forwardRows(from: number, to: number, batchRows: number): void {
    const { f, kernels } = this;
    const { layers, inputsAt, inputs, loss, crossEntropy, huberDelta, targetsAt, rowLossesAt64 } = this.plan;
    const count = to - from;
    if (count === 0) return;
    let prevAt = inputsAt;
    let prevCols = inputs;
    for (const { cols, rows, activation, biasAt, kernelAt, outsAt } of layers) {
      const rowsAt = outsAt + from * cols;
      for (let b = 0; b < count; b++) f.copyWithin(rowsAt + b * cols, biasAt, biasAt + cols);
      kernels.multiplyAdd(rowsAt * 4, (prevAt + from * prevCols) * 4, kernelAt * 4, count, cols, rows, prevCols, 1, cols);
      const size = count * cols;
      if (activation === RELU) kernels.relu(rowsAt * 4, size);
      else if (activation !== LINEAR) for (let i = rowsAt; i < rowsAt + size; i++) f[i] = activationOutput(activation, f[i]);
      prevAt = outsAt;
      prevCols = cols;
    }
    const last = layers[layers.length - 1];
    if (crossEntropy) {
      // softmax(z) - onehot(y) (σ(z) - y for one logit) ÷ batch, in plain JavaScript after the kernels.
      const k = last.cols;
      for (let b = from; b < to; b++) this.f64[rowLossesAt64 + b] = crossEntropyRow(loss, f, last.outsAt + b * k, k, f[targetsAt + b], batchRows, f, last.deltasAt + b * k);
    } else {
      for (let b = from; b < to; b++) {
        const r = f[last.outsAt + b] - f[targetsAt + b];
        this.f64[rowLossesAt64 + b] = lossValue(loss, r, huberDelta);
        f[last.deltasAt + b] = lossDerivative(loss, r, huberDelta) / batchRows;
      }
    }
  }

  /** Rows [from, to), from the last layer down: deltas become dLoss/dz, and the layer below gets dz · kernelᵀ. */
  private backwardRows(from: number, to: number): void {
    const { f, kernels } = this;
    const layers = this.plan.layers;
    const count = to - from;
    if (count === 0) return;
    for (let l = layers.length - 1; l >= 0; l--) {
      const { cols, activation, outsAt, deltasAt, kernelTransposedAt } = layers[l];
      const rowsAt = deltasAt + from * cols;
      const outsRowsAt = outsAt + from * cols;
      const size = count * cols;
      if (activation === RELU) kernels.reluBackward(rowsAt * 4, outsRowsAt * 4, size);
      else if (activation !== LINEAR) {
        for (let i = 0; i < size; i++) f[rowsAt + i] = activationDerivative(activation, f[outsRowsAt + i]) * f[rowsAt + i];
      }
      if (l > 0) {
        const { rows } = layers[l];
        const belowAt = layers[l - 1].deltasAt + from * rows;
        f.fill(0, belowAt, belowAt + count * rows);
        kernels.multiplyAdd(belowAt * 4, rowsAt * 4, kernelTransposedAt * 4, count, rows, cols, cols, 1, rows);
      }
    }
  }

  /** Part `part` of every layer's gradients: kernel gradient = prevᵀ · dz by rows of the kernel, bias gradient = column sums of dz by columns. */
  private gradients(part: number, parts: number, batchRows: number): void {
    const { f, f64, kernels } = this;
    const { layers, inputsAt } = this.plan;
    for (let l = 0; l < layers.length; l++) {
      const { rows, cols, deltasAt, kernelGradAt, biasGradAt64 } = layers[l];
      const belowAt = l > 0 ? layers[l - 1].outsAt : inputsAt;
      const [rowFrom, rowTo] = shareOf(part, parts, rows);
      if (rowTo > rowFrom) {
        const gradAt = kernelGradAt + rowFrom * cols;
        f.fill(0, gradAt, gradAt + (rowTo - rowFrom) * cols);
        kernels.multiplyAdd(gradAt * 4, (belowAt + rowFrom) * 4, deltasAt * 4, rowTo - rowFrom, cols, batchRows, 1, rows, cols);
      }
      const [colFrom, colTo] = shareOf(part, parts, cols);
      for (let j = colFrom; j < colTo; j++) {
        let sum = 0;
        for (let b = 0; b < batchRows; b++) sum += f[deltasAt + b * cols + j];
        f64[biasGradAt64 + j] = sum;
      }
    }
  }
}

/**
 * Where a session may share its batches, whether it keeps watching that it pays: on a machine
 * other processes load, the two threads wait for each other while one of them is not running,
 * and a step can take 100 times as long (bench/README.md, "One run on two cores"). Since both
 * ways give the same numbers, the session can switch at any batch: it times the rows of both
 * and takes the faster, trying the other way again after 16 batches, then after twice as
 * many each time it loses (at most every 4,096), so that trying a slow way costs little.
 */
export class FasterWay {
  private static readonly FIRST_TRY = 16;
  private static readonly LAST_TRY = 4096;
  /** Milliseconds per row, [one thread, two threads]: the last tried, then exponentially weighted; 0 until measured. */
  private readonly perRow = [0, 0];
  /** Batches between two tries of the slower way, and until the next. */
  private interval = FasterWay.FIRST_TRY;
  private untilTry = FasterWay.FIRST_TRY;
  private trying = false;

  /** Whether the next batch runs on two threads. */
  twoThreads(): boolean {
    const [one, two] = this.perRow;
    if (one === 0 || two === 0) return one !== 0; // each way once, to begin with
    this.trying = --this.untilTry <= 0;
    return two < one !== this.trying;
  }

  record(twoThreads: boolean, rows: number, milliseconds: number): void {
    const way = twoThreads ? 1 : 0;
    const perRow = milliseconds / rows;
    const twoWasFaster = this.perRow[1] < this.perRow[0];
    this.perRow[way] = this.trying || this.perRow[way] === 0 ? perRow : 0.75 * this.perRow[way] + 0.25 * perRow;
    if (!this.trying) return;
    this.trying = false;
    const switched = this.perRow[1] < this.perRow[0] !== twoWasFaster;
    this.interval = switched ? FasterWay.FIRST_TRY : Math.min(FasterWay.LAST_TRY, 2 * this.interval);
    this.untilTry = this.interval;
  }
}

export class SimdBatch {
  private readonly passes: BatchPasses;
  private readonly memory: Float32Array;
  private readonly rowLosses: Float64Array;
  /** Each layer's kernel gradient and bias gradient, as views made once. */
  private readonly kernelGrads: Float32Array[];
  private readonly biasGrads: Float64Array[];
  private readonly meetNobody = () => {};

  /**
   * Undefined where the kernels cannot load (no SIMD, no build): the session then batches in
   * JavaScript. With `threads` 2, a second thread computes part of the batches: of those where
   * it is faster (FasterWay), or of every one with `fixedThreads` (the tests and benchmarks
   * that compare one thread with two).
   */
  static create(spec: RunSpec, threads: 1 | 2 = 1, fixedThreads = false): SimdBatch | undefined {
    const plan = planLayout(spec);
    const kernels = instantiateKernels(plan.floats * 4);
    if (!kernels) return undefined;
    const helper = threads === 2 ? BatchHelper.start(plan, kernels.memory) : undefined;
    return new SimdBatch(spec, new BatchPasses(plan, kernels), helper, helper && !fixedThreads ? new FasterWay() : undefined);
  }

  private constructor(
    private readonly spec: RunSpec,
    passes: BatchPasses,
    private readonly helper: BatchHelper | undefined,
    private readonly fasterWay: FasterWay | undefined,
  ) {
    this.passes = passes;
    this.memory = passes.f;
    const { plan } = passes;
    const { buffer } = passes.f;
    this.rowLosses = new Float64Array(buffer, plan.rowLossesAt64 * 8, spec.training.batchSize);
    this.kernelGrads = plan.layers.map(({ kernelGradAt, rows, cols }) => this.memory.subarray(kernelGradAt, kernelGradAt + rows * cols));
    this.biasGrads = plan.layers.map(({ biasGradAt64, cols }) => new Float64Array(buffer, biasGradAt64 * 8, cols));
  }

  /**
   * Rows order[start..end): puts the batch gradient (of the data loss' mean over the batch)
   * in `grads`, which the session has zeroed, and returns the sum of the rows' losses. Reads
   * the weights from `weights`.
   */
  accumulate(order: Uint32Array, start: number, end: number, weights: Float32Array, grads: Float64Array): number {
    const { x, y } = this.spec.dataset.train;
    const { memory: f, passes } = this;
    const { weightsAt, inputsAt, targetsAt, layers } = passes.plan;
    const batchRows = end - start;
    const d = this.spec.inputs;
    f.set(weights, weightsAt);
    // Element by element: a view per row would allocate at every step.
    for (let b = 0; b < batchRows; b++) {
      const row = order[start + b];
      const from = row * d;
      const to = inputsAt + b * d;
      for (let k = 0; k < d; k++) f[to + k] = x[from + k];
      f[targetsAt + b] = y[row];
    }

    const { helper, fasterWay } = this;
    const twoThreads = helper !== undefined && (!fasterWay || fasterWay.twoThreads());
    const started = fasterWay ? performance.now() : 0;
    if (twoThreads) {
      helper.startStep(batchRows);
      passes.step(0, 2, batchRows, helper.meet);
      helper.meet();
    } else passes.step(0, 1, batchRows, this.meetNobody);
    fasterWay?.record(twoThreads, batchRows, performance.now() - started);

    let lossSum = 0;
    for (let b = 0; b < batchRows; b++) lossSum += this.rowLosses[b];
    for (let l = 0; l < layers.length; l++) {
      const { kernelAt, biasAt } = layers[l];
      // The session zeroes its gradients before each batch, and only this batch adds to them.
      grads.set(this.kernelGrads[l], kernelAt - weightsAt);
      grads.set(this.biasGrads[l], biasAt - weightsAt);
    }
    return lossSum;
  }

  /** Ends the second thread, if any. */
  dispose(): void {
    this.helper?.stop();
  }
}

/** Every buffer's place in one memory, for the session's network and batch size. */
function planLayout(spec: RunSpec): BatchPlan {
  const batch = spec.training.batchSize;
  let floats = ALIGN; // nothing at address 0
  const take = (count: number): number => {
    const at = floats;
    floats += Math.ceil(count / ALIGN) * ALIGN;
    return at;
  };
  // A float64 buffer: its float32 offset is a multiple of 4 (16 bytes), so of 8 bytes too.
  const take64 = (count: number): number => take(2 * count) / 2;
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
      biasGradAt64: take64(l.cols),
    };
  });
  const inputsAt = take(batch * spec.inputs);
  const targetsAt = take(batch);
  const rowLossesAt64 = take64(batch);
  return {
    floats,
    layers,
    weightsAt,
    weightCount,
    inputs: spec.inputs,
    inputsAt,
    targetsAt,
    rowLossesAt64,
    loss: losses[spec.training.loss].code,
    crossEntropy: isCrossEntropyCode(losses[spec.training.loss].code),
    huberDelta: Math.fround(spec.training.huberDelta),
  };
}
