// The fast engine: dense MLPs trained with plain loops over typed arrays, in the spirit of
// TensorFlow Playground's nn.ts. For the networks RegX is about (a few hundred weights,
// batch size 1) TensorFlow.js spends nearly all its time dispatching ops; here one step is a
// few thousand multiply-adds and nothing else: no tensors, no tape, no allocation.
// Batch size 1 runs row by row; larger batches compute each layer as matrix products over
// the batch (forward X·W, backward Xᵀ·δ and δ·Wᵀ): on the WebAssembly SIMD kernels in float32
// (simd-batch.ts) where they load, about 5× the JavaScript products from 64 units on
// (bench/README.md, "Crossover"); else with multiplyAdd below in float64, which adds the same
// products in the same order as the row-by-row loop and so gives the same numbers.
//
// It computes what tfjs-engine.ts computes, with tf.js' conventions:
//   - data loss: mean over the batch of (r^2 | |r| | huber(r)), r = prediction - target;
//     d|r|/dr = 1 for r > 0, else -1 (also at 0, as tf.js' Abs gradient), relu'(z) = [z > 0];
//     or of the cross-entropy of the last layer's logits against the row's label, whose
//     gradient at the logits is p - y (pointwise.crossEntropyRow);
//   - penalties per penalties.ts: the terms gradientTerms() puts in the gradient
//     (l1*sign(w) + 2*l2*w + the group term λg·√p·w_g/‖w_g‖), then the proximal (with the
//     group's block shrink) or cumulative L1 step after the update;
//   - optimizers as tf.train: sgd w -= lr*g; momentum v = m*v + g, w -= lr*v;
//     adam m = b1*m + (1-b1)*g, v = b2*v + (1-b2)*g^2,
//          w -= lr * (m/(1-b1^t)) / (sqrt(v/(1-b2^t)) + eps), b^t accumulated in float32.
// Weights and optimizer state are float32 as in tf.js, and so is each step before it meets
// the weight; sums within a step are float64, so results agree with tf.js to float32
// rounding, not bit for bit (test/unit/fast-engine.test.ts states the tolerance).
// Buffers are allocated with the session; a step allocates nothing.
import type { Engine, EngineSession, RunSpec } from './engine';
import { losses } from '../core/activations';
import type { Params } from '../core/mlp';
import type { WeightWatch } from '../core/step-trace';
import { addGroupGradient, blockShrink, blockShrinkThreshold, gradientTerms, groupPenalty, proximal, stepAfterUpdate, weightGroups, type WeightGroup } from '../core/penalties';
import { SimdBatch } from './simd-batch';
import { simdSupport, type BatchKernel } from './simd-kernels';
import * as pointwise from './pointwise';

// Local bindings of pointwise.ts: a call through a module's export (a getter, as tsx
// compiles imports) is not inlined, and these run for every unit of every row.
const { activationCode, activationDerivative, activationOutput, crossEntropyRow, isCrossEntropyCode, lossDerivative, lossValue, RELU, sign } = pointwise;

const fround = Math.fround;

/**
 * The fast engine. Batches (batch size > 1) run on the WebAssembly SIMD kernels where they
 * load (simd-batch.ts), else as float64 products in JavaScript (multiplyAdd below);
 * `batchKernel` forces one, for the tests and benchmarks that compare them. `batchThreads` 2
 * shares the batches on the SIMD kernels between this thread and a second one (the same
 * numbers; choose-engine.ts decides where that pays): those it times faster on two threads,
 * or every one with `fixedThreads` (for the tests and benchmarks that compare them).
 */
export function fastEngine(options: { batchKernel?: BatchKernel; batchThreads?: 1 | 2; fixedThreads?: boolean } = {}): Engine {
  const simd = options.batchKernel !== 'js' && simdSupport().available;
  if (options.batchKernel === 'wasm-simd' && !simd) throw new Error(`the SIMD kernels are not available: ${unavailableReason()}`);
  // Two threads share a batch on the SIMD kernels only (simd-batch.ts).
  const threads = simd && options.batchThreads === 2 ? 2 : 1;
  // One row at a time (batch size 1) always runs in JavaScript: no product is large enough there.
  return { name: 'fast', backend: simd ? 'wasm-simd' : 'js', threads, createSession: (spec) => new FastSession(spec, simd, threads, options.fixedThreads ?? false) };
}

function unavailableReason(): string {
  const support = simdSupport();
  return support.available ? '' : support.reason;
}

const SGD = 0;
const MOMENTUM = 1;
const ADAM = 2;

/** One dense layer: views into the session's flat weight and gradient arrays, and its buffers for one row. */
interface Layer {
  rows: number;
  cols: number;
  activation: number;
  /** rows × cols, row-major (as tf.js and mlp.ts store it). */
  kernel: Float32Array;
  bias: Float32Array;
  kernelGrad: Float64Array;
  biasGrad: Float64Array;
  /** Outputs of this layer for the current row. */
  out: Float64Array;
  /** dLoss/d(out) for the current row; turned into dLoss/dz in place during backprop. */
  delta: Float64Array;
  /** The kernel as float64 (the same float32 values), for the batched products; empty at batch size 1. */
  kernel64: Float64Array;
  /** Outputs for every row of the batch: batch × cols, row-major; empty at batch size 1. */
  outs: Float64Array;
  /** dLoss/d(out), then dLoss/dz, for every row of the batch: batch × cols; empty at batch size 1. */
  deltas: Float64Array;
}

class FastSession implements EngineSession {
  private readonly layers: Layer[];
  /** All weights, layer by layer: kernel then bias. */
  private readonly weights: Float32Array;
  private readonly grads: Float64Array;
  /** The weights as runs of penalized (kernels; biases when regularizeBiases) and unpenalized ones. */
  private readonly segments: { from: number; to: number; penalized: boolean }[] = [];
  private readonly input: Float64Array;
  /** The batch's inputs, batch × inputs (batch size > 1 only). */
  private readonly inputs: Float64Array;
  /** Every kernel as float64, updated from `weights` before each batched step. */
  private readonly weights64: Float64Array;
  // Optimizer state, float32 like tf.js' variables: momentum's v, adam's m and v.
  private readonly moment1: Float32Array;
  private readonly moment2: Float32Array;
  private accBeta1: number;
  private accBeta2: number;
  /** Cumulative L1: what each weight actually received (q) and what it could have (u). */
  private readonly received: Float32Array;
  private potential = 0;

  private readonly optimizer: number;
  private readonly loss: number;
  /** Cross-entropy on the last layer's logits (crossEntropyRow), instead of a loss of the residual. */
  private readonly crossEntropy: boolean;
  private readonly huberDelta: number;
  private readonly batchSize: number;
  // Constants as tf.js sees them: float32 scalars.
  private readonly lr: number;
  private readonly momentum: number;
  private readonly beta1: number;
  private readonly beta2: number;
  private readonly epsilon: number;
  private readonly gradL1: number;
  private readonly gradL2: number;
  private readonly gradGroup: number;
  /** λg, for the block shrink after the update. */
  private readonly groupStrength: number;
  /** The group lasso's groups, and where each layer's kernel starts in `weights`. */
  private readonly groups: WeightGroup[];
  private readonly kernelAt: number[] = [];
  /** The watched weight (the step view's replay): its place in `weights`, whether it is penalized, where its parts go. */
  private readonly watched?: { at: number; penalized: boolean; watch: WeightWatch };
  private readonly postStep: 'none' | 'proximal' | 'cumulative';
  /** The batch's passes on the SIMD kernels; undefined at batch size 1 or where they cannot load. */
  private readonly simd: SimdBatch | undefined;

  constructor(
    private readonly spec: RunSpec,
    useSimd: boolean,
    batchThreads: 1 | 2,
    fixedThreads: boolean,
  ) {
    const { initialParams, training, penalty } = spec;
    const size = initialParams.reduce((sum, l) => sum + l.kernel.length + l.bias.length, 0);
    this.simd = useSimd && training.batchSize > 1 ? SimdBatch.create(spec, batchThreads, fixedThreads) : undefined;
    const batched = training.batchSize > 1 && !this.simd;
    const batchRows = batched ? training.batchSize : 0;
    this.weights = new Float32Array(size);
    this.weights64 = new Float64Array(batched ? size : 0);
    this.grads = new Float64Array(size);
    let offset = 0;
    this.layers = initialParams.map((l) => {
      const kernelAt = offset;
      this.kernelAt.push(kernelAt);
      const biasAt = offset + l.kernel.length;
      offset = biasAt + l.bias.length;
      this.weights.set(l.kernel, kernelAt);
      this.weights.set(l.bias, biasAt);
      this.addSegment(kernelAt, biasAt, true);
      this.addSegment(biasAt, offset, penalty.regularizeBiases);
      return {
        rows: l.rows,
        cols: l.cols,
        activation: activationCode(l.activation),
        kernel: this.weights.subarray(kernelAt, biasAt),
        bias: this.weights.subarray(biasAt, offset),
        kernelGrad: this.grads.subarray(kernelAt, biasAt),
        biasGrad: this.grads.subarray(biasAt, offset),
        out: new Float64Array(l.cols),
        delta: new Float64Array(l.cols),
        kernel64: this.weights64.subarray(batched ? kernelAt : 0, batched ? biasAt : 0),
        outs: new Float64Array(batchRows * l.cols),
        deltas: new Float64Array(batchRows * l.cols),
      };
    });
    this.input = new Float64Array(spec.inputs);
    this.inputs = new Float64Array(batchRows * spec.inputs);

    this.optimizer = training.optimizer === 'adam' ? ADAM : training.momentum > 0 ? MOMENTUM : SGD;
    this.loss = losses[training.loss].code;
    this.crossEntropy = isCrossEntropyCode(this.loss);
    this.huberDelta = Math.fround(training.huberDelta);
    this.batchSize = training.batchSize;
    this.lr = Math.fround(training.learningRate);
    this.momentum = Math.fround(training.momentum);
    this.beta1 = Math.fround(training.beta1);
    this.beta2 = Math.fround(training.beta2);
    this.epsilon = Math.fround(training.epsilon);
    this.accBeta1 = this.beta1;
    this.accBeta2 = this.beta2;
    this.moment1 = new Float32Array(this.optimizer === SGD ? 0 : size);
    this.moment2 = new Float32Array(this.optimizer === ADAM ? size : 0);

    const terms = gradientTerms(penalty);
    this.gradL1 = Math.fround(terms.l1);
    this.gradL2 = Math.fround(terms.l2);
    this.gradGroup = Math.fround(terms.group);
    const { group, groups } = groupPenalty(penalty);
    this.groupStrength = group;
    this.groups = group > 0 ? weightGroups(initialParams, groups) : [];
    this.postStep = stepAfterUpdate(penalty);
    if (spec.watch) {
      const { layer, part, index } = spec.watch.weight;
      const at = (part === 'kernel' ? this.kernelAt[layer] : this.kernelAt[layer] + initialParams[layer].kernel.length) + index;
      this.watched = { at, penalized: part === 'kernel' || penalty.regularizeBiases, watch: spec.watch };
    }
    this.received = new Float32Array(this.postStep === 'cumulative' ? size : 0);
  }

  private addSegment(from: number, to: number, penalized: boolean): void {
    const last = this.segments[this.segments.length - 1];
    if (last && last.penalized === penalized) last.to = to;
    else if (to > from) this.segments.push({ from, to, penalized });
  }

  runEpoch(order: Uint32Array): number {
    const batchSize = this.batchSize;
    let lossSum = 0;
    for (let start = 0; start < order.length; start += batchSize) {
      const end = Math.min(start + batchSize, order.length);
      this.grads.fill(0);
      if (this.simd) lossSum += this.simd.accumulate(order, start, end, this.weights, this.grads);
      else if (batchSize > 1) lossSum += this.accumulateBatch(order, start, end);
      else lossSum += this.accumulate(order[start], 1);
      this.update();
    }
    return lossSum / order.length;
  }

  /** Forward and backward pass of one training row; adds its share of the batch gradient and returns its loss. */
  private accumulate(row: number, batchRows: number): number {
    const { x, y } = this.spec.dataset.train;
    const layers = this.layers;
    const input = this.input;
    const d = input.length;
    for (let k = 0; k < d; k++) input[k] = x[row * d + k];

    // Forward: out = act(bias + input · kernel), row by row of the kernel.
    let prev = input;
    for (let l = 0; l < layers.length; l++) {
      const { rows, cols, kernel, bias, out, activation } = layers[l];
      for (let j = 0; j < cols; j++) out[j] = bias[j];
      for (let k = 0; k < rows; k++) {
        const a = prev[k];
        if (a === 0) continue; // relu zeros: nothing to add
        const base = k * cols;
        for (let j = 0; j < cols; j++) out[j] += a * kernel[base + j];
      }
      for (let j = 0; j < cols; j++) out[j] = activationOutput(activation, out[j]);
      prev = out;
    }

    // dLoss/dprediction for this row (dLoss/dlogits for cross-entropy): the loss is the mean over the batch.
    const last = layers[layers.length - 1];
    let loss: number;
    if (this.crossEntropy) {
      loss = crossEntropyRow(this.loss, last.out, 0, last.cols, y[row], batchRows, last.delta, 0);
    } else {
      const r = last.out[0] - y[row];
      loss = lossValue(this.loss, r, this.huberDelta);
      const dr = lossDerivative(this.loss, r, this.huberDelta);
      last.delta[0] = dr / batchRows;
    }

    // Backward: delta becomes dLoss/dz, then gradients, then the previous layer's delta.
    for (let l = layers.length - 1; l >= 0; l--) {
      const { rows, cols, kernel, kernelGrad, biasGrad, out, delta, activation } = layers[l];
      for (let j = 0; j < cols; j++) {
        const dz = delta[j] * activationDerivative(activation, out[j]);
        delta[j] = dz;
        biasGrad[j] += dz;
      }
      const below = l > 0 ? layers[l - 1] : undefined;
      const inputs = below ? below.out : input;
      const skipZeros = !below || below.activation === RELU;
      for (let k = 0; k < rows; k++) {
        const a = inputs[k];
        if (a === 0 && skipZeros) {
          // Adds nothing to the gradients, and relu'(0) = 0 stops the gradient here anyway.
          if (below) below.delta[k] = 0;
          continue;
        }
        const base = k * cols;
        let back = 0;
        for (let j = 0; j < cols; j++) {
          kernelGrad[base + j] += a * delta[j];
          back += kernel[base + j] * delta[j];
        }
        if (below) below.delta[k] = back;
      }
    }
    return loss;
  }

  /**
   * Forward and backward pass of rows order[start..end) at once, each layer as a matrix product
   * over the batch; adds the batch gradient and returns the sum of the rows' losses. Computes
   * what accumulate() computes row by row, with the same sums in the same order per entry.
   */
  private accumulateBatch(order: Uint32Array, start: number, end: number): number {
    const { x, y } = this.spec.dataset.train;
    const { layers, inputs } = this;
    const batchRows = end - start;
    const d = this.input.length;
    for (let b = 0; b < batchRows; b++) {
      const from = order[start + b] * d;
      for (let k = 0; k < d; k++) inputs[b * d + k] = x[from + k];
    }
    this.weights64.set(this.weights);

    // Forward: outs = act(bias + prev · kernel).
    let prev = inputs;
    for (const { rows, cols, kernel64, bias, outs, activation } of layers) {
      for (let b = 0; b < batchRows; b++) outs.set(bias, b * cols);
      multiplyAdd(outs, batchRows, cols, rows, prev, rows, 1, kernel64, cols, 1);
      const size = batchRows * cols;
      for (let i = 0; i < size; i++) outs[i] = activationOutput(activation, outs[i]);
      prev = outs;
    }

    // dLoss/dprediction of each row: the loss is the mean over the batch.
    const last = layers[layers.length - 1];
    let lossSum = 0;
    if (this.crossEntropy) {
      const k = last.cols;
      for (let b = 0; b < batchRows; b++) lossSum += crossEntropyRow(this.loss, last.outs, b * k, k, y[order[start + b]], batchRows, last.deltas, b * k);
    } else {
      for (let b = 0; b < batchRows; b++) {
        const r = last.outs[b] - y[order[start + b]];
        lossSum += lossValue(this.loss, r, this.huberDelta);
        last.deltas[b] = lossDerivative(this.loss, r, this.huberDelta) / batchRows;
      }
    }

    // Backward: deltas become dLoss/dz; kernelGrad += prevᵀ · dz, biasGrad += column sums of dz,
    // and the layer below gets dz · kernelᵀ.
    for (let l = layers.length - 1; l >= 0; l--) {
      const { rows, cols, kernel64, kernelGrad, biasGrad, outs, deltas, activation } = layers[l];
      for (let b = 0; b < batchRows; b++) {
        const base = b * cols;
        for (let j = 0; j < cols; j++) {
          const dz = deltas[base + j] * activationDerivative(activation, outs[base + j]);
          deltas[base + j] = dz;
          biasGrad[j] += dz;
        }
      }
      const below = l > 0 ? layers[l - 1].outs : inputs;
      multiplyAdd(kernelGrad, rows, cols, batchRows, below, 1, rows, deltas, cols, 1);
      if (l > 0) {
        const belowDeltas = layers[l - 1].deltas;
        belowDeltas.fill(0, 0, batchRows * rows);
        multiplyAdd(belowDeltas, batchRows, rows, cols, deltas, cols, 1, kernel64, 1, cols);
      }
    }
    return lossSum;
  }

  /** One optimizer step with the penalty's gradient terms, then the proximal or cumulative L1 step. */
  private update(): void {
    const watched = this.watched;
    const before = watched ? this.weights[watched.at] : 0;
    const dataGradient = watched ? this.grads[watched.at] : 0;
    if (this.gradGroup > 0) {
      for (const g of this.groups) addGroupGradient(this.grads, this.weights, g, this.gradGroup, this.kernelAt[g.layer]);
    }
    for (const { from, to, penalized } of this.segments) {
      this.optimizerStep(from, to, penalized ? this.gradL1 : 0, penalized ? this.gradL2 : 0);
    }
    if (this.optimizer === ADAM) {
      this.accBeta1 = Math.fround(this.accBeta1 * this.beta1);
      this.accBeta2 = Math.fround(this.accBeta2 * this.beta2);
    }
    if (!watched) {
      this.stepAfter();
      return;
    }
    // The watched weight's parts: the gradient's terms as optimizerStep adds them, then what each step changed.
    const groupGradient = this.grads[watched.at] - dataGradient;
    const penaltyGradient = watched.penalized ? this.gradL1 * sign(before) + 2 * this.gradL2 * before + groupGradient : 0;
    const afterOptimizer = this.weights[watched.at];
    this.stepAfter();
    const next = this.weights[watched.at];
    watched.watch.record({ before, data: -this.lr * dataGradient, penalty: -this.lr * penaltyGradient, optimizer: afterOptimizer - before, after: next - afterOptimizer, next });
  }

  /** The proximal (with the group's block shrink) or cumulative step after the optimizer's, if any. */
  private stepAfter(): void {
    if (this.postStep === 'none') return;
    const w = this.weights;
    const { l1, l2 } = this.spec.penalty;
    const lr = this.spec.training.learningRate;
    if (this.postStep === 'cumulative') this.potential += lr * l1;
    const u = this.potential;
    const q = this.received;
    for (const { from, to, penalized } of this.segments) {
      if (!penalized) continue;
      if (this.postStep === 'proximal') {
        for (let i = from; i < to; i++) w[i] = proximal(w[i], lr, l1, l2);
      } else {
        // penalties.cumulativeL1Step, inlined so that a step allocates nothing.
        for (let i = from; i < to; i++) {
          const z = w[i];
          if (z > 0) w[i] = Math.max(0, z - (u + q[i]));
          else if (z < 0) w[i] = Math.min(0, z + (u - q[i]));
          q[i] += w[i] - z;
        }
      }
    }
    // The block shrink after the soft-threshold: together, the proximal operator of the sparse group lasso.
    if (this.postStep === 'proximal') {
      for (const g of this.groups) blockShrink(w, g, blockShrinkThreshold(lr, this.groupStrength, g.size, l2), this.kernelAt[g.layer]);
    }
  }

  /**
   * w[from..to) of one step of the optimizer on gradient + l1*sign(w) + 2*l2*w. One loop per
   * optimizer and no per-weight tests: this runs for every weight at every step.
   * The step is rounded to float32 before it meets the weight, as tf.js rounds every op: a
   * weight that L1 bounces around 0 (0 -> lr*l1 -> 0 -> ...) then takes exactly the same
   * values in both engines, instead of drifting off by float32 rounding errors.
   */
  private optimizerStep(from: number, to: number, l1: number, l2: number): void {
    const { weights: w, grads, lr } = this;
    const m1 = this.moment1;
    if (this.optimizer === SGD) {
      for (let i = from; i < to; i++) {
        const wi = w[i];
        w[i] = wi - fround(lr * (grads[i] + l1 * sign(wi) + 2 * l2 * wi));
      }
    } else if (this.optimizer === MOMENTUM) {
      const momentum = this.momentum;
      for (let i = from; i < to; i++) {
        const wi = w[i];
        m1[i] = momentum * m1[i] + (grads[i] + l1 * sign(wi) + 2 * l2 * wi);
        w[i] = wi - fround(lr * m1[i]);
      }
    } else {
      const m2 = this.moment2;
      const { beta1, beta2, epsilon } = this;
      const correction1 = 1 - this.accBeta1;
      const correction2 = 1 - this.accBeta2;
      for (let i = from; i < to; i++) {
        const wi = w[i];
        const g = grads[i] + l1 * sign(wi) + 2 * l2 * wi;
        m1[i] = beta1 * m1[i] + (1 - beta1) * g;
        m2[i] = beta2 * m2[i] + (1 - beta2) * g * g;
        w[i] = wi - fround((lr * (m1[i] / correction1)) / (Math.sqrt(m2[i] / correction2) + epsilon));
      }
    }
  }

  params(): Params {
    return this.spec.initialParams.map((layer, i) => ({
      ...layer,
      kernel: this.layers[i].kernel.slice(),
      bias: this.layers[i].bias.slice(),
    }));
  }

  dispose(): void {
    // The arrays go with the session; a second thread of the batches is ended here.
    this.simd?.dispose();
  }
}

/**
 * The register tile of multiplyAdd: 2 rows × 4 columns of c stay in local variables while the
 * depth runs, so each load of a or b feeds two or four multiply-adds. Measured against 4 × 4
 * (whose 16 sums and 8 operands no longer fit the 16 float registers of x64) and against a
 * plain i-k-j loop: 2.3, 2.1 and 0.5 billion multiply-adds per second on 32 × 128 × 128.
 */
const TILE_ROWS = 2;
const TILE_COLS = 4;
/** Depth per pass of multiplyAdd: a block of a's columns and b's rows that stays in cache while the tiles sweep it. */
const DEPTH_BLOCK = 64;

/**
 * c += a · b, where c is m × n (row-major, contiguous), a is m × depth read as
 * a[i * aRow + p * aCol] and b is depth × n read as b[p * bRow + j * bCol]: the strides let
 * one kernel compute X·W, Xᵀ·δ and δ·Wᵀ without transposing anything. Every entry of c adds
 * its products in increasing p (in blocks of DEPTH_BLOCK), whatever m and n are.
 */
export function multiplyAdd(
  c: Float64Array,
  m: number,
  n: number,
  depth: number,
  a: Float64Array,
  aRow: number,
  aCol: number,
  b: Float64Array,
  bRow: number,
  bCol: number,
): void {
  const mTiled = m - (m % TILE_ROWS);
  const nTiled = n - (n % TILE_COLS);
  for (let p0 = 0; p0 < depth; p0 += DEPTH_BLOCK) {
    const p1 = Math.min(p0 + DEPTH_BLOCK, depth);
    for (let i = 0; i < mTiled; i += TILE_ROWS) {
      for (let j = 0; j < nTiled; j += TILE_COLS) {
        const r0 = i * n + j;
        const r1 = r0 + n;
        let c00 = c[r0], c01 = c[r0 + 1], c02 = c[r0 + 2], c03 = c[r0 + 3];
        let c10 = c[r1], c11 = c[r1 + 1], c12 = c[r1 + 2], c13 = c[r1 + 3];
        let ap = i * aRow + p0 * aCol;
        let bp = p0 * bRow + j * bCol;
        for (let p = p0; p < p1; p++) {
          const x0 = a[ap], x1 = a[ap + aRow];
          const y0 = b[bp], y1 = b[bp + bCol], y2 = b[bp + 2 * bCol], y3 = b[bp + 3 * bCol];
          c00 += x0 * y0; c01 += x0 * y1; c02 += x0 * y2; c03 += x0 * y3;
          c10 += x1 * y0; c11 += x1 * y1; c12 += x1 * y2; c13 += x1 * y3;
          ap += aCol;
          bp += bRow;
        }
        c[r0] = c00; c[r0 + 1] = c01; c[r0 + 2] = c02; c[r0 + 3] = c03;
        c[r1] = c10; c[r1 + 1] = c11; c[r1 + 2] = c12; c[r1 + 3] = c13;
      }
      // Columns past the last whole tile.
      for (let row = i; row < i + TILE_ROWS; row++) {
        for (let j = nTiled; j < n; j++) c[row * n + j] = dotFrom(c[row * n + j], a, row * aRow, aCol, b, j * bCol, bRow, p0, p1);
      }
    }
    // The row past the last whole tile.
    for (let i = mTiled; i < m; i++) {
      for (let j = 0; j < n; j++) c[i * n + j] = dotFrom(c[i * n + j], a, i * aRow, aCol, b, j * bCol, bRow, p0, p1);
    }
  }
}

/** sum + Σ over p in [p0, p1) of a[aAt + p * aStep] · b[bAt + p * bStep], added in increasing p. */
function dotFrom(sum: number, a: Float64Array, aAt: number, aStep: number, b: Float64Array, bAt: number, bStep: number, p0: number, p1: number): number {
  for (let p = p0; p < p1; p++) sum += a[aAt + p * aStep] * b[bAt + p * bStep];
  return sum;
}
