// How far the hidden layers can shrink: the plan, the smaller model itself (dead neurons
// removed, constant ones folded into the next layer's bias), and how much that changes the
// predictions, measured and bounded.
import { activations } from '../activations';
import { forwardAll, parameterCount, predict, type LayerParams, type Params } from '../mlp';
import { constantOf, type DeadNeuronReport } from './neurons';
import { hiddenLayers, range, weightAt } from './weights';

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
    // The output keeps every unit: the one prediction, or a classifier's k logits.
    const kept: (number | undefined)[] = isOutput ? Array.from({ length: layer.cols }, (_, j) => j) : plan.layers[l].keep.length > 0 ? plan.layers[l].keep : [undefined];
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
  // Every output of every row: one, or a classifier's k logits.
  for (let i = 0; i < before.length; i++) largest = Math.max(largest, Math.abs(before[i] - after[i]));
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
        next[j] = activations[layer.activation].lipschitz * change;
      }
      error = next;
    });
    for (const outputError of error) largest = Math.max(largest, outputError);
  }
  return largest;
}

function checkReportMatches(params: Params, dead: DeadNeuronReport): void {
  const hidden = hiddenLayers(params);
  const matches = dead.layers.length === hidden.length && hidden.every((layer, l) => dead.layers[l].size === layer.cols);
  if (!matches) throw new Error('the dead-neuron report was made for a model of another shape');
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
