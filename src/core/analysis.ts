// What the trained weights say: how sparse each layer is, which hidden neurons are dead and
// why, which inputs the model ignores, how far the layers can shrink (and the smaller model
// itself, with the measured change of its predictions), the prior a penalty stands for, and
// L1's optimality check. Pure functions over plain numbers: no tfjs, no I/O, so the trainer,
// the CLI, the extension host and the tests all compute the same answers.
//
// Conventions shared by every function here:
// - A weight is zero when |w| <= threshold (DESIGN.md "Analysis"); exact zeros (w === 0) are
//   counted apart, because only proximal and cumulative L1 produce them.
// - Kernels are rows (inputs) × cols (units), row-major: the weight from source i to unit j
//   of a layer is kernel[i * cols + j]. The last layer is the linear output with one unit;
//   the others are the hidden layers.
// - Biases are never part of "zero weights" and never make a neuron dead: they are reported
//   apart and are what constant neurons are folded into.
import type { Activation, LossName } from './experiment';
import { activations } from './activations';
import { forwardAll, parameterCount, predict, type LayerParams, type Params } from './mlp';

/** n rows of inputs, row-major (a data Split fits). */
export interface Rows {
  x: Float32Array;
  n: number;
}

function isZero(w: number, threshold: number): boolean {
  return Math.abs(w) <= threshold;
}

function weightAt(layer: LayerParams, source: number, unit: number): number {
  return layer.kernel[source * layer.cols + unit];
}

function hiddenLayers(params: Params): LayerParams[] {
  return params.slice(0, -1);
}

// ---------------------------------------------------------------------------------------
// Sparsity
// ---------------------------------------------------------------------------------------

export interface ZeroCounts {
  count: number;
  /** |w| <= threshold. */
  zeros: number;
  /** w === 0 (also counted in zeros). */
  exactZeros: number;
}

export interface LayerSparsity {
  layer: number;
  kernel: ZeroCounts;
  bias: ZeroCounts;
}

export interface SparsityReport {
  threshold: number;
  layers: LayerSparsity[];
  /** Over all kernels. */
  kernel: ZeroCounts;
  /** Over all biases, apart: they are not penalized unless regularizeBiases. */
  bias: ZeroCounts;
  /** kernel.zeros / kernel.count: the share of zero weights in the whole model. */
  zeroShare: number;
  /** kernel.exactZeros / kernel.count. */
  exactZeroShare: number;
}

/** Zero and exactly-zero weights per layer and overall; biases are counted apart. */
export function sparsity(params: Params, threshold: number): SparsityReport {
  const layers = params.map((layer, index) => ({
    layer: index,
    kernel: countZeros(layer.kernel, threshold),
    bias: countZeros(layer.bias, threshold),
  }));
  const kernel = layers.reduce((sum, l) => addCounts(sum, l.kernel), emptyCounts());
  const bias = layers.reduce((sum, l) => addCounts(sum, l.bias), emptyCounts());
  const share = (count: number) => (kernel.count > 0 ? count / kernel.count : 0);
  return { threshold, layers, kernel, bias, zeroShare: share(kernel.zeros), exactZeroShare: share(kernel.exactZeros) };
}

function countZeros(values: Float32Array, threshold: number): ZeroCounts {
  let zeros = 0;
  let exactZeros = 0;
  for (const w of values) {
    if (isZero(w, threshold)) zeros++;
    if (w === 0) exactZeros++;
  }
  return { count: values.length, zeros, exactZeros };
}

function emptyCounts(): ZeroCounts {
  return { count: 0, zeros: 0, exactZeros: 0 };
}

function addCounts(a: ZeroCounts, b: ZeroCounts): ZeroCounts {
  return { count: a.count + b.count, zeros: a.zeros + b.zeros, exactZeros: a.exactZeros + b.exactZeros };
}

// ---------------------------------------------------------------------------------------
// Dead neurons
// ---------------------------------------------------------------------------------------

/**
 * Why a hidden neuron is dead:
 * - `incoming`: every incoming weight is zero, so it outputs the constant act(bias); with
 *   `chained`, its non-zero incoming weights come only from constant neurons, and the
 *   constant is act(bias + Σ constant_i · w_ij).
 * - `inactive`: ReLU only, its pre-activation is <= 0 on every training row, so it outputs 0
 *   there. Only on the training data: elsewhere it may fire (see predictionChangeBound).
 * - `outgoing`: every outgoing weight is zero, so it does not affect the output; with
 *   `chained`, its non-zero outgoing weights lead only to dead neurons.
 */
export type DeadReason = 'outgoing' | 'incoming' | 'inactive';

export type NeuronState =
  | { alive: true }
  | { alive: false; reason: 'outgoing'; chained: boolean }
  | { alive: false; reason: 'incoming' | 'inactive'; chained: boolean; constant: number };

export interface LayerNeurons {
  /** Index in Params (0 = first hidden layer). */
  layer: number;
  size: number;
  live: number;
  neurons: NeuronState[];
}

export interface DeadNeuronReport {
  threshold: number;
  /** Whether training rows were given, so that `inactive` could be found at all. */
  checkedActivity: boolean;
  /** One entry per hidden layer. */
  layers: LayerNeurons[];
}

/**
 * The dead neurons of every hidden layer, with the chains taken into account.
 *
 * What "properly" means here: the result is the fixed point of "remove or fold the dead
 * neurons, then check again", computed without iterating, in two passes:
 * 1. Forward, layer by layer: a neuron is *constant* when every non-zero incoming weight
 *    comes from a constant neuron of the layer before (inputs are data, never constant), or
 *    it is an inactive ReLU. Its value is act(bias + Σ constant_i · w_ij) over all constant
 *    sources (their small weights included, so the fold is exact for them), or 0 when
 *    inactive. Constant-ness depends only on the layers before, so one pass settles it.
 * 2. Backward, from the output: a neuron *reaches the output* when it has a non-zero
 *    weight to a neuron of the next layer that is not constant and reaches the output (the
 *    output unit always does). A constant neuron ignores its inputs, so feeding one does
 *    not count.
 * A neuron is alive when it is not constant and reaches the output. Removing a dead neuron
 * that is not constant cannot make another neuron constant (its non-zero weights go only to
 * dead neurons, or it would reach the output), so these two passes are the fixed point.
 *
 * When several reasons hold, the reported one is the first of incoming, inactive, outgoing:
 * a constant neuron is folded into the next layer's bias (exact on the training rows),
 * which is better than dropping it, whatever its outgoing weights.
 *
 * @param x the n training rows (row-major), for `inactive`; with x undefined or n = 0 no
 *   neuron is found inactive.
 */
export function deadNeurons(params: Params, x: ArrayLike<number> | undefined, n: number, threshold: number): DeadNeuronReport {
  const checkedActivity = x !== undefined && n > 0;
  const inactive = checkedActivity ? inactiveReluNeurons(params, x, n) : hiddenLayers(params).map((l) => new Array<boolean>(l.cols).fill(false));
  const constants = constantNeurons(params, inactive, threshold);
  const reaching = neuronsReachingOutput(params, constants, threshold);
  const layers = hiddenLayers(params).map((layer, l) => {
    const neurons = Array.from({ length: layer.cols }, (_, j): NeuronState => {
      const constant = constants[l][j];
      if (constant) return { alive: false, ...constant };
      if (!reaching[l][j].reaches) return { alive: false, reason: 'outgoing', chained: reaching[l][j].chained };
      return { alive: true };
    });
    return { layer: l, size: layer.cols, live: neurons.filter((s) => s.alive).length, neurons };
  });
  return { threshold, checkedActivity, layers };
}

/** ReLU neurons whose output is 0 on every row (pre-activation <= 0 ⇔ relu output 0). */
function inactiveReluNeurons(params: Params, x: ArrayLike<number>, n: number): boolean[][] {
  const outputs = forwardAll(params, x, n);
  return hiddenLayers(params).map((layer, l) =>
    Array.from({ length: layer.cols }, (_, j) => {
      if (layer.activation !== 'relu') return false;
      for (let r = 0; r < n; r++) if (outputs[l][r * layer.cols + j] !== 0) return false;
      return true;
    }),
  );
}

interface ConstantNeuron {
  reason: 'incoming' | 'inactive';
  chained: boolean;
  constant: number;
}

/** Pass 1 of deadNeurons: which hidden neurons output a constant, and which constant. */
function constantNeurons(params: Params, inactive: boolean[][], threshold: number): (ConstantNeuron | undefined)[][] {
  const result: (ConstantNeuron | undefined)[][] = [];
  hiddenLayers(params).forEach((layer, l) => {
    const sources = l === 0 ? undefined : result[l - 1];
    result.push(
      Array.from({ length: layer.cols }, (_, j): ConstantNeuron | undefined => {
        let allIncomingZero = true;
        let onlyFromConstants = true;
        let preActivation = layer.bias[j];
        for (let i = 0; i < layer.rows; i++) {
          const w = weightAt(layer, i, j);
          const source = sources?.[i];
          if (source) preActivation += source.constant * w;
          if (!isZero(w, threshold)) {
            allIncomingZero = false;
            if (!source) onlyFromConstants = false;
          }
        }
        if (onlyFromConstants) return { reason: 'incoming', chained: !allIncomingZero, constant: activations[layer.activation].output(preActivation) };
        if (inactive[l][j]) return { reason: 'inactive', chained: false, constant: 0 };
        return undefined;
      }),
    );
  });
  return result;
}

/** Pass 2 of deadNeurons: which hidden neurons can change the output. */
function neuronsReachingOutput(
  params: Params,
  constants: (ConstantNeuron | undefined)[][],
  threshold: number,
): { reaches: boolean; chained: boolean }[][] {
  const hidden = hiddenLayers(params);
  const result: { reaches: boolean; chained: boolean }[][] = new Array(hidden.length);
  for (let l = hidden.length - 1; l >= 0; l--) {
    const next = params[l + 1];
    const nextIsOutput = l + 1 === params.length - 1;
    const nextCounts = (j: number) => nextIsOutput || (result[l + 1][j].reaches && constants[l + 1][j] === undefined);
    result[l] = Array.from({ length: hidden[l].cols }, (_, i) => {
      let allOutgoingZero = true;
      let reaches = false;
      for (let j = 0; j < next.cols; j++) {
        if (isZero(weightAt(next, i, j), threshold)) continue;
        allOutgoingZero = false;
        if (nextCounts(j)) reaches = true;
      }
      return { reaches, chained: !reaches && !allOutgoingZero };
    });
  }
  return result;
}

function constantOf(state: NeuronState): number | undefined {
  return !state.alive && state.reason !== 'outgoing' ? state.constant : undefined;
}

// ---------------------------------------------------------------------------------------
// Unused inputs
// ---------------------------------------------------------------------------------------

export interface UnusedInput {
  index: number;
  name: string;
  /** `zero-weights`: its row of the first kernel is all zero; `feeds-dead-neurons`: its
   * non-zero weights lead only to dead neurons of the first hidden layer. */
  reason: 'zero-weights' | 'feeds-dead-neurons';
}

/**
 * The input features the model does not use. Without a dead-neuron report only the first
 * reason can be found. For a linear model (no hidden layer) the first kernel is the output's.
 */
export function unusedInputs(params: Params, threshold: number, inputNames: readonly string[], dead?: DeadNeuronReport): UnusedInput[] {
  const first = params[0];
  const firstHiddenStates = params.length > 1 ? dead?.layers[0]?.neurons : undefined;
  const unused: UnusedInput[] = [];
  for (let k = 0; k < first.rows; k++) {
    let allZero = true;
    let feedsLiveNeuron = false;
    for (let j = 0; j < first.cols; j++) {
      if (isZero(weightAt(first, k, j), threshold)) continue;
      allZero = false;
      if (firstHiddenStates === undefined || firstHiddenStates[j].alive) feedsLiveNeuron = true;
    }
    const name = inputNames[k] ?? `x${k + 1}`;
    if (allZero) unused.push({ index: k, name, reason: 'zero-weights' });
    else if (!feedsLiveNeuron) unused.push({ index: k, name, reason: 'feeds-dead-neurons' });
  }
  return unused;
}

// ---------------------------------------------------------------------------------------
// Shrinking
// ---------------------------------------------------------------------------------------

export interface ShrinkOptions {
  /**
   * Input columns to drop from the first kernel (indices), typically the unused inputs.
   * Off by default: the inputs are columns of the data, not part of the model, and whoever
   * feeds the smaller model must drop the same columns (see selectColumns).
   */
  removeInputs?: readonly number[];
}

export interface LayerShrink {
  layer: number;
  size: number;
  live: number;
  /** The live count, at least 1 so the model stays a model (a layer with no live neuron
   * keeps one placeholder neuron with zero weights in and out). */
  suggested: number;
  /** Indices (in the current layer) of the neurons kept. */
  keep: number[];
}

export interface ShrinkPlan {
  layers: LayerShrink[];
  inputs: { size: number; keep: number[] };
  /** Kernels and biases of the whole model, before and after. */
  parametersBefore: number;
  parametersAfter: number;
}

/** Per hidden layer: size, live count, suggested size, and the model's parameter counts. */
export function shrinkPlan(params: Params, dead: DeadNeuronReport, options: ShrinkOptions = {}): ShrinkPlan {
  checkReportMatches(params, dead);
  const inputCount = params[0].rows;
  const removed = new Set(options.removeInputs ?? []);
  for (const k of removed) {
    if (!Number.isInteger(k) || k < 0 || k >= inputCount) throw new RangeError(`removeInputs: ${k} is not an input index (0..${inputCount - 1})`);
  }
  const inputs = { size: inputCount, keep: range(inputCount).filter((k) => !removed.has(k)) };
  const layers = dead.layers.map(({ layer, size, live, neurons }) => ({
    layer,
    size,
    live,
    suggested: Math.max(live, 1),
    keep: range(size).filter((j) => neurons[j].alive),
  }));
  const sizes = [inputs.keep.length, ...layers.map((l) => l.suggested), 1];
  let parametersAfter = 0;
  for (let l = 1; l < sizes.length; l++) parametersAfter += sizes[l - 1] * sizes[l] + sizes[l];
  return { layers, inputs, parametersBefore: parameterCount(params), parametersAfter };
}

/**
 * The smaller model: dead neurons removed, constant neurons (incoming: act(bias + ...);
 * inactive ReLU: 0) folded into the next layer's bias, next.bias[j] += constant_i ·
 * next.kernel[i][j], and the inputs in options.removeInputs dropped from the first kernel.
 * The folds are summed in double precision and rounded once to float32.
 * How much the predictions change: predictionChange (measured) and predictionChangeBound.
 */
export function applyShrinkPlan(params: Params, dead: DeadNeuronReport, options: ShrinkOptions = {}): Params {
  const plan = shrinkPlan(params, dead, options);
  // For each row of the layer being built: the source neuron it comes from, or undefined
  // for the placeholder neuron of a layer that had no live neuron (its weights stay 0).
  let rowSources: (number | undefined)[] = plan.inputs.keep;
  let sourceConstants: (number | undefined)[] = [];
  return params.map((layer, l) => {
    const isOutput = l === params.length - 1;
    const kept: (number | undefined)[] = isOutput ? [0] : plan.layers[l].keep.length > 0 ? plan.layers[l].keep : [undefined];
    const rows = rowSources.length;
    const cols = kept.length;
    const kernel = new Float32Array(rows * cols);
    const bias = new Float32Array(cols);
    kept.forEach((j, c) => {
      if (j === undefined) return;
      bias[c] = foldedBias(layer, j, sourceConstants);
      rowSources.forEach((i, r) => {
        if (i !== undefined) kernel[r * cols + c] = weightAt(layer, i, j);
      });
    });
    if (!isOutput) {
      sourceConstants = dead.layers[l].neurons.map(constantOf);
      rowSources = kept;
    }
    return { rows, cols, activation: layer.activation, kernel, bias };
  });
}

/** bias_j + Σ constant_i · w_ij over the constant neurons i of the layer before. */
function foldedBias(layer: LayerParams, unit: number, sourceConstants: (number | undefined)[]): number {
  let bias = layer.bias[unit];
  sourceConstants.forEach((constant, i) => {
    if (constant !== undefined) bias += constant * weightAt(layer, i, unit);
  });
  return bias;
}

/** The chosen columns of row-major x (n rows × d columns), for a model whose inputs shrank. */
export function selectColumns(x: Float32Array, n: number, d: number, keep: readonly number[]): Float32Array {
  const out = new Float32Array(n * keep.length);
  for (let r = 0; r < n; r++) keep.forEach((k, c) => (out[r * keep.length + c] = x[r * d + k]));
  return out;
}

/**
 * The largest |prediction(original) - prediction(shrunk)| over n rows of x: the measured
 * number that shows a shrink is safe rather than assumed so. x has the original model's
 * columns; when the shrunk model dropped inputs, pass the kept ones (plan.inputs.keep).
 *
 * The tolerance, for threshold t. The shrink replaces each removed neuron's output a_i by a
 * constant c_i (its folded constant, or 0 when dropped); the next layer's pre-activation
 * then moves by Σ_i |a_i - c_i|·|w_ij|, and each later layer passes the change on through
 * |W| times the activation's Lipschitz constant (1 for relu, tanh and linear; 1/4 for
 * sigmoid). Hence:
 * - dead weights exactly 0: no change beyond float32 rounding (≈1e-7 relative);
 * - dropped non-constant neurons: their outgoing weights are <= t, so the first change is
 *   at most t · Σ_i |a_i| (summed over the dropped neurons), then amplified as above;
 * - constant neurons whose incoming weights are <= t but not 0: |a_i - c_i| <= t · Σ|inputs|;
 * - inactive ReLU neurons: exact on the training rows; elsewhere a_i may be > 0, which no
 *   threshold bounds: only the data can tell.
 * predictionChangeBound computes exactly this bound row by row; this function measures.
 */
export function predictionChange(original: Params, shrunk: Params, x: Float32Array, n: number, keptInputs?: readonly number[]): number {
  const d = original[0].rows;
  const shrunkX = shrunk[0].rows === d ? x : selectColumns(x, n, d, keptInputs ?? inputsRequired());
  const before = predict(original, x, n);
  const after = predict(shrunk, shrunkX, n);
  let largest = 0;
  for (let r = 0; r < n; r++) largest = Math.max(largest, Math.abs(before[r] - after[r]));
  return largest;
}

function inputsRequired(): never {
  throw new Error('predictionChange: the shrunk model has fewer inputs; pass keptInputs (plan.inputs.keep)');
}

/**
 * An upper bound of predictionChange for applyShrinkPlan(params, dead, options) on the
 * rows x, in exact arithmetic (float32 rounding comes on top): the error propagation of
 * predictionChange's doc comment, computed per row from the original model's activations.
 */
export function predictionChangeBound(params: Params, dead: DeadNeuronReport, x: Float32Array, n: number, options: ShrinkOptions = {}): number {
  const plan = shrinkPlan(params, dead, options);
  const outputs = forwardAll(params, x, n);
  const d = params[0].rows;
  const inputKept = new Set(plan.inputs.keep);
  let largest = 0;
  for (let r = 0; r < n; r++) {
    // error[i]: for a kept source, how far its value in the shrunk model can be from the
    // original; for a removed one, |original value - the constant that replaced it|.
    let error = Float64Array.from({ length: d }, (_, k) => (inputKept.has(k) ? 0 : Math.abs(x[r * d + k])));
    params.forEach((layer, l) => {
      const isOutput = l === params.length - 1;
      const states = isOutput ? undefined : dead.layers[l].neurons;
      const next = new Float64Array(layer.cols);
      for (let j = 0; j < layer.cols; j++) {
        if (states && !states[j].alive) {
          next[j] = Math.abs(outputs[l][r * layer.cols + j] - (constantOf(states[j]) ?? 0));
          continue;
        }
        let change = 0;
        for (let i = 0; i < layer.rows; i++) change += Math.abs(weightAt(layer, i, j)) * error[i];
        next[j] = lipschitz(layer.activation) * change;
      }
      error = next;
    });
    largest = Math.max(largest, error[0]);
  }
  return largest;
}

function lipschitz(activation: Activation): number {
  return activation === 'sigmoid' ? 0.25 : 1;
}

function checkReportMatches(params: Params, dead: DeadNeuronReport): void {
  const hidden = hiddenLayers(params);
  const matches = dead.layers.length === hidden.length && hidden.every((layer, l) => dead.layers[l].size === layer.cols);
  if (!matches) throw new Error('the dead-neuron report was made for a model of another shape');
}

function range(n: number): number[] {
  return Array.from({ length: n }, (_, i) => i);
}

// ---------------------------------------------------------------------------------------
// One run, and a variant across its runs
// ---------------------------------------------------------------------------------------

export interface WeightAnalysis {
  sparsity: SparsityReport;
  dead: DeadNeuronReport;
  unusedInputs: UnusedInput[];
  plan: ShrinkPlan;
  /** The shrink applied to this run's weights, checked on the check rows (the test split). */
  shrinkCheck: { rows: number; measured: number; bound: number };
}

/** Everything the results table and the lenses need from one run's final weights. */
export function analyzeWeights(
  params: Params,
  data: { train: Rows; test: Rows; inputNames: readonly string[] },
  threshold: number,
): WeightAnalysis {
  const dead = deadNeurons(params, data.train.x, data.train.n, threshold);
  const shrunk = applyShrinkPlan(params, dead);
  const check = data.test.n > 0 ? data.test : data.train;
  return {
    sparsity: sparsity(params, threshold),
    dead,
    unusedInputs: unusedInputs(params, threshold, data.inputNames, dead),
    plan: shrinkPlan(params, dead),
    shrinkCheck: {
      rows: check.n,
      measured: predictionChange(params, shrunk, check.x, check.n),
      bound: predictionChangeBound(params, dead, check.x, check.n),
    },
  };
}

export interface MeanSd {
  n: number;
  mean: number;
  /** Sample standard deviation (n - 1 in the denominator); undefined below 2 values. */
  sd: number | undefined;
}

/** The arithmetic mean; NaN for no values. */
export function mean(values: readonly number[]): number {
  return values.length > 0 ? values.reduce((a, b) => a + b, 0) / values.length : NaN;
}

/** The sample standard deviation, √(Σ(v - mean)²/(n - 1)); NaN below 2 values. */
export function sampleSd(values: readonly number[]): number {
  const n = values.length;
  if (n < 2) return NaN;
  const m = mean(values);
  return Math.sqrt(values.reduce((sum, v) => sum + (v - m) ** 2, 0) / (n - 1));
}

export function meanAndSd(values: readonly number[]): MeanSd {
  return { n: values.length, mean: mean(values), sd: values.length >= 2 ? sampleSd(values) : undefined };
}

/**
 * One size per hidden layer for all runs of a variant: the largest live count over the runs
 * (at least 1). The largest, not the mean or the median, so that the size is safe for every
 * run: no run loses a live neuron. Retraining at that size is what the first article does.
 */
export function suggestedSizesAcrossRuns(plans: readonly ShrinkPlan[]): number[] {
  if (plans.length === 0) return [];
  return plans[0].layers.map((_, l) => Math.max(1, ...plans.map((p) => p.layers[l].live)));
}

/** Inputs unused in every run (by name, in input order); one run using it keeps it. */
export function inputsUnusedInEveryRun(perRun: readonly (readonly UnusedInput[])[]): string[] {
  if (perRun.length === 0) return [];
  return perRun[0].filter((input) => perRun.every((run) => run.some((u) => u.index === input.index))).map((u) => u.name);
}

export interface RunsSummary {
  runs: number;
  zeroShare: MeanSd;
  /** Live neurons per hidden layer. */
  liveCounts: MeanSd[];
  suggestedSizes: number[];
  inputsUnusedInEveryRun: string[];
  /** The largest measured prediction change of a shrink over the runs. */
  largestShrinkChange: number;
}

/** A variant across its runs (pass only the runs that finished: not diverged ones). */
export function summarizeRuns(runs: readonly WeightAnalysis[]): RunsSummary {
  const layerCount = runs[0]?.dead.layers.length ?? 0;
  return {
    runs: runs.length,
    zeroShare: meanAndSd(runs.map((r) => r.sparsity.zeroShare)),
    liveCounts: range(layerCount).map((l) => meanAndSd(runs.map((r) => r.dead.layers[l].live))),
    suggestedSizes: suggestedSizesAcrossRuns(runs.map((r) => r.plan)),
    inputsUnusedInEveryRun: inputsUnusedInEveryRun(runs.map((r) => r.unusedInputs)),
    largestShrinkChange: Math.max(0, ...runs.map((r) => r.shrinkCheck.measured)),
  };
}

// ---------------------------------------------------------------------------------------
// Priors
// ---------------------------------------------------------------------------------------
//
// The penalty as a prior (MAP estimation), for the objective SSE/N + λR with a mean-squared
// data loss (RegX's mse: the mean over N training rows; the penalty is added once per batch
// to the batch mean, which is this objective in expectation) and Gaussian noise σ:
//
//   likelihood  y ~ N(f(x; w), σ²)  ⇒  -log p(y | w) = SSE/(2σ²) + const
//   the objective times N/(2σ²):     SSE/(2σ²) + (Nλ/(2σ²)) R
//   so the prior is -log p(w) = (Nλ/(2σ²)) R + const:
//   L2, R = Σw²:  Σw²/(2τ²)  with 1/(2τ²) = Nλ/(2σ²)  ⇒  τ² = σ²/(Nλ),  τ = σ/√(Nλ)
//   L1, R = Σ|w|: Σ|w|/b     with 1/b = Nλ/(2σ²)      ⇒  b = 2σ²/(Nλ)
//
// This agrees with DESIGN.md. Every kernel weight gets this prior, independently; biases
// (not penalized) have a flat one. With the mae or huber loss the likelihood is not
// Gaussian and these numbers do not hold.

export type Prior =
  | { kind: 'gaussian'; sd: number }
  | { kind: 'laplace'; scale: number }
  /** Both penalties: the density ∝ exp(-|w|/scale - w²/(2 sd²)), one prior, normalized. */
  | { kind: 'elastic-net'; scale: number; sd: number };

/**
 * The prior a variant's penalty stands for, with noise sd `sigma` and `n` training rows;
 * undefined without a penalty (a flat prior, nothing to draw) or when sigma or n is not
 * positive (noise 0 makes the prior a point, no curve).
 *
 * Elastic net (both l1 and l2): the objective's penalty is the sum, so the prior is the
 * product of the Laplace and the Gaussian factor, normalized: one curve, the true MAP
 * prior. Drawing the two factors apart would show two priors, neither of which is it.
 */
export function priorFor(variant: { l1: number; l2: number }, sigma: number, n: number): Prior | undefined {
  return priorFromTemperature(variant, 2 * sigma * sigma, n);
}

/**
 * The same argument for any data loss ℓ whose noise model is p(r) ∝ exp(-ℓ(r)/T): the
 * objective mean ℓ + λR times N/T is the negative log posterior Σℓ/T + (Nλ/T)·R, so the
 * prior is exp(-(Nλ/T)·R): Laplace with b = T/(Nλ), Gaussian with τ = √(T/(2Nλ)).
 * For mse, T = 2σ² gives priorFor's b = 2σ²/(Nλ) and τ = σ/√(Nλ).
 */
export function priorFromTemperature(variant: { l1: number; l2: number }, temperature: number, n: number): Prior | undefined {
  if (!(temperature > 0) || !Number.isFinite(temperature) || !(n > 0)) return undefined;
  const laplaceScale = () => temperature / (n * variant.l1);
  const gaussianSd = () => Math.sqrt(temperature / (2 * n * variant.l2));
  if (variant.l1 > 0 && variant.l2 > 0) return { kind: 'elastic-net', scale: laplaceScale(), sd: gaussianSd() };
  if (variant.l1 > 0) return { kind: 'laplace', scale: laplaceScale() };
  if (variant.l2 > 0) return { kind: 'gaussian', sd: gaussianSd() };
  return undefined;
}

/**
 * T of the noise model from the mean training data loss L, by maximum likelihood:
 * mse (Gaussian noise, σ² = L): T = 2L; mae (Laplace noise, scale L): T = L;
 * huber (≈ r²/2 near zero, Gaussian with σ² = 2L): T = 2L, an approximation.
 */
export function noiseTemperature(loss: LossName, meanTrainLoss: number): number {
  return loss === 'mae' ? meanTrainLoss : 2 * meanTrainLoss;
}

/** The prior's probability density at w, to draw over a density histogram of the weights. */
export function priorDensity(prior: Prior, w: number): number {
  switch (prior.kind) {
    case 'gaussian':
      return Math.exp(-(w * w) / (2 * prior.sd * prior.sd)) / (prior.sd * Math.sqrt(2 * Math.PI));
    case 'laplace':
      return Math.exp(-Math.abs(w) / prior.scale) / (2 * prior.scale);
    case 'elastic-net':
      return Math.exp(-Math.abs(w) / prior.scale - (w * w) / (2 * prior.sd * prior.sd)) / elasticNetNormalizer(prior.scale, prior.sd);
  }
}

/**
 * ∫ exp(-|w|/b - w²/(2τ²)) dw = 2∫₀^∞ ... = τ√(2π) · erfcx(τ/(√2·b)), from
 * ∫₀^∞ exp(-a·w - c·w²) dw = √(π/(4c)) · exp(a²/(4c)) · erfc(a/(2√c)) with a = 1/b,
 * c = 1/(2τ²). It tends to 2b (Laplace) as τ → ∞ and to τ√(2π) (Gaussian) as b → ∞.
 */
function elasticNetNormalizer(b: number, tau: number): number {
  return tau * Math.sqrt(2 * Math.PI) * erfcx(tau / (Math.SQRT2 * b));
}

/**
 * exp(x²)·erfc(x) for x >= 0, without overflow: the rational Chebyshev fit of Numerical
 * Recipes (erfcc, relative error < 1.2e-7 everywhere), which has the form
 * erfc(x) = t·exp(-x² + P(t)), so exp(x²)·erfc(x) = t·exp(P(t)).
 */
function erfcx(x: number): number {
  const t = 1 / (1 + 0.5 * x);
  const p =
    -1.26551223 +
    t * (1.00002368 + t * (0.37409196 + t * (0.09678418 + t * (-0.18628806 + t * (0.27886807 + t * (-1.13520398 + t * (1.48851587 + t * (-0.82215223 + t * 0.17087277))))))));
  return t * Math.exp(p);
}

export interface Histogram {
  /** bins + 1 edges, from range[0] to range[1]. */
  edges: number[];
  counts: number[];
  /** counts / (total · binWidth): comparable with priorDensity. */
  density: number[];
  binWidth: number;
  /** All values given, including those outside. */
  total: number;
  /** Values beyond the range, or not finite. */
  outside: number;
}

/**
 * Counts in `bins` equal bins over `range` (default: the finite values' min and max; a
 * single value gets a bin of width 1 around it). Bins are [lo, hi) except the last, which
 * includes the upper edge.
 */
export function histogram(values: ArrayLike<number>, bins: number, range?: readonly [number, number]): Histogram {
  if (!Number.isInteger(bins) || bins < 1) throw new RangeError(`bins must be an integer >= 1, got ${bins}`);
  const [lo, hi] = range ?? defaultRange(values);
  if (!(hi > lo)) throw new RangeError(`range must have range[1] > range[0], got [${lo}, ${hi}]`);
  const counts = new Array<number>(bins).fill(0);
  let outside = 0;
  for (let i = 0; i < values.length; i++) {
    const v = values[i];
    if (!(v >= lo && v <= hi)) {
      outside++;
      continue;
    }
    counts[Math.min(bins - 1, Math.floor(((v - lo) / (hi - lo)) * bins))]++;
  }
  const binWidth = (hi - lo) / bins;
  const total = values.length;
  return {
    edges: Array.from({ length: bins + 1 }, (_, k) => lo + k * binWidth),
    counts,
    density: counts.map((c) => (total > 0 ? c / (total * binWidth) : 0)),
    binWidth,
    total,
    outside,
  };
}

function defaultRange(values: ArrayLike<number>): [number, number] {
  let min = Infinity;
  let max = -Infinity;
  for (let i = 0; i < values.length; i++) {
    if (!Number.isFinite(values[i])) continue;
    min = Math.min(min, values[i]);
    max = Math.max(max, values[i]);
  }
  if (min > max) return [-1, 1];
  if (min === max) return [min - 0.5, max + 0.5];
  return [min, max];
}

/** All kernel weights of a model in one array (the penalized weights, for a histogram). */
export function kernelWeights(params: Params): Float32Array {
  const out = new Float32Array(params.reduce((sum, l) => sum + l.kernel.length, 0));
  let offset = 0;
  for (const layer of params) {
    out.set(layer.kernel, offset);
    offset += layer.kernel.length;
  }
  return out;
}

// ---------------------------------------------------------------------------------------
// The gradient of the data loss, and L1's optimality check
// ---------------------------------------------------------------------------------------

export interface LayerGradient {
  kernel: Float32Array;
  bias: Float32Array;
}

/**
 * ∂L_data/∂w for every kernel and bias, L_data the mean loss over the n rows (the full
 * training set for the optimality check), by a plain backward pass. It follows tf.js'
 * gradient conventions so that it is the gradient the engines follow: d|r|/dr = -1 at
 * r = 0, relu'(0) = 0, and for huber the quadratic branch at |r| = δ (tf.minimum's).
 * Sums are in double precision over mlp.forwardAll's activations.
 */
export function dataLossGradient(params: Params, x: Float32Array, y: Float32Array, n: number, loss: LossName, huberDelta: number): LayerGradient[] {
  if (!(n >= 1)) throw new RangeError(`dataLossGradient needs at least one row, got n = ${n}`);
  const outputs = forwardAll(params, x, n);
  const last = params.length - 1;
  const predictions = outputs[last];
  // delta: ∂L/∂(pre-activation) of the current layer, n × cols.
  let delta = new Float64Array(n);
  for (let r = 0; r < n; r++) {
    delta[r] = (lossDerivative(loss, predictions[r] - y[r], huberDelta) / n) * activationDerivative(params[last].activation, predictions[r]);
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
    const previousActivation = params[l - 1].activation;
    const previous = new Float64Array(n * rows);
    for (let r = 0; r < n; r++) {
      for (let i = 0; i < rows; i++) {
        let sum = 0;
        for (let j = 0; j < cols; j++) sum += kernel[i * cols + j] * delta[r * cols + j];
        previous[r * rows + i] = sum * activationDerivative(previousActivation, input[r * rows + i]);
      }
    }
    delta = previous;
  }
  return gradients;
}

/** d loss(r)/dr, tf.js style: |r| = a, huber = 0.5·q² + δ(a - q) with q = min(a, δ). */
function lossDerivative(loss: LossName, r: number, huberDelta: number): number {
  const signForGradient = r > 0 ? 1 : -1;
  switch (loss) {
    case 'mse':
      return 2 * r;
    case 'mae':
      return signForGradient;
    case 'huber': {
      const a = Math.abs(r);
      const dqda = a <= huberDelta ? 1 : 0;
      const q = Math.min(a, huberDelta);
      return (q * dqda + huberDelta * (1 - dqda)) * signForGradient;
    }
  }
}

/** act'(z) from the output a = act(z), as tf.js computes it; relu'(0) = 0. */
function activationDerivative(activation: Activation, a: number): number {
  switch (activation) {
    case 'relu':
      return a > 0 ? 1 : 0;
    case 'tanh':
      return 1 - a * a;
    case 'sigmoid':
      return a * (1 - a);
    case 'linear':
      return 1;
  }
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
