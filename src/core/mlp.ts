// The network as plain numbers: shapes, initial weights, a forward pass, the data losses.
// Both engines start from these weights, and every metric is computed here from the
// weights an engine hands back, so results do not depend on which engine trained.
import { activations, losses, predictedClass } from './activations';
import type { Activation, HiddenLayer, Initializer, LossName } from './experiment';
import { isClassificationLoss } from './loss-kinds';
import type { Random } from './random';

/** One dense layer: kernel is rows (inputs) × cols (units), row-major, as tf.js stores it. */
export interface LayerParams {
  rows: number;
  cols: number;
  activation: Activation;
  kernel: Float32Array;
  bias: Float32Array;
}

export type Params = LayerParams[];

/**
 * The output units a loss needs: one (a value, or binary cross-entropy's one logit), or one
 * logit per class for categorical cross-entropy. Throws, naming training.loss, when the
 * loss does not fit the data's classes.
 */
export function outputUnits(loss: LossName, classes: readonly string[] | undefined): number {
  if (!isClassificationLoss(loss)) return 1;
  if (!classes || classes.length < 2) throw new Error(`training.loss "${loss}" needs data with at least two classes, got ${classes ? `${classes.length} class${classes.length === 1 ? '' : 'es'}` : 'values (no classes)'}`);
  if (loss === 'categoricalCrossentropy') return classes.length;
  if (classes.length > 2) throw new Error(`training.loss "binaryCrossentropy" needs two classes, the data have ${classes.length} (${classes.slice(0, 5).join(', ')}${classes.length > 5 ? ', ...' : ''}): use "categoricalCrossentropy"`);
  return 1;
}

/** The layers of a model: the hidden ones and a linear output (a value or logits) with `outputs` units. */
export function layerShapes(inputs: number, hidden: HiddenLayer[], outputs = 1): { rows: number; cols: number; activation: Activation }[] {
  const shapes = [];
  let rows = inputs;
  for (const layer of [...hidden, { units: outputs, activation: 'linear' as const }]) {
    shapes.push({ rows, cols: layer.units, activation: layer.activation });
    rows = layer.units;
  }
  return shapes;
}

/** Kernels and biases of a model, before it exists: what its size and cost are counted in. */
export function weightCount(inputs: number, hidden: HiddenLayer[], outputs = 1): number {
  return layerShapes(inputs, hidden, outputs).reduce((sum, { rows, cols }) => sum + rows * cols + cols, 0);
}

export function parameterCount(params: Params): number {
  return params.reduce((sum, layer) => sum + layer.kernel.length + layer.bias.length, 0);
}

/** Kernels from the initializer, biases 0, as tf.layers.dense does by default. */
export function initParams(inputs: number, hidden: HiddenLayer[], initializer: Initializer, random: Random, outputs = 1): Params {
  return layerShapes(inputs, hidden, outputs).map(({ rows, cols, activation }) => {
    const kernel = new Float32Array(rows * cols);
    const fanAvg = (rows + cols) / 2;
    const uniformLimit = initializer === 'glorotUniform' ? Math.sqrt(3 / fanAvg) : Math.sqrt(6 / rows);
    // Keras' truncated normal: redraw beyond 2 sd; the sd is corrected for the truncation.
    const normalSd = (initializer === 'glorotNormal' ? Math.sqrt(1 / fanAvg) : Math.sqrt(2 / rows)) / 0.87962566103423978;
    for (let i = 0; i < kernel.length; i++) {
      if (initializer === 'glorotUniform' || initializer === 'heUniform') {
        kernel[i] = random.uniform(-uniformLimit, uniformLimit);
      } else {
        let z: number;
        do z = random.normal();
        while (Math.abs(z) > 2);
        kernel[i] = z * normalSd;
      }
    }
    return { rows, cols, activation, kernel, bias: new Float32Array(cols) };
  });
}

export function cloneParams(params: Params): Params {
  return params.map((layer) => ({ ...layer, kernel: layer.kernel.slice(), bias: layer.bias.slice() }));
}

/** Outputs of every layer for n rows of x (row-major, n × inputs); the last is the prediction. */
export function forwardAll(params: Params, x: ArrayLike<number>, n: number): Float32Array[] {
  const outputs: Float32Array[] = [];
  let input: ArrayLike<number> = x;
  for (const { rows, cols, kernel, bias, activation } of params) {
    const output = new Float32Array(n * cols);
    const sum = new Float64Array(cols);
    for (let i = 0; i < n; i++) {
      sum.set(bias);
      // Row by row through the kernel, which is stored row-major: contiguous reads.
      for (let k = 0; k < rows; k++) {
        const v = input[i * rows + k];
        if (v === 0) continue; // a ReLU that is off adds nothing
        const offset = k * cols;
        for (let j = 0; j < cols; j++) sum[j] += v * kernel[offset + j];
      }
      activateRow(activation, sum, output, i * cols);
    }
    outputs.push(output);
    input = output;
  }
  return outputs;
}

/**
 * act(z) of a whole row into `out` at `offset`. One loop per activation, so that each calls
 * one function of the table and the JIT inlines it; linear's output is z itself.
 */
function activateRow(activation: Activation, z: Float64Array, out: Float32Array, offset: number): void {
  const cols = z.length;
  switch (activation) {
    case 'linear':
      out.set(z, offset);
      return;
    case 'relu': {
      const { output } = activations.relu;
      for (let j = 0; j < cols; j++) out[offset + j] = output(z[j]);
      return;
    }
    case 'tanh': {
      const { output } = activations.tanh;
      for (let j = 0; j < cols; j++) out[offset + j] = output(z[j]);
      return;
    }
    case 'sigmoid': {
      const { output } = activations.sigmoid;
      for (let j = 0; j < cols; j++) out[offset + j] = output(z[j]);
      return;
    }
  }
}

export function predict(params: Params, x: ArrayLike<number>, n: number): Float32Array {
  const outputs = forwardAll(params, x, n);
  return outputs[outputs.length - 1];
}

/**
 * The mean over the rows of each row's loss (activations.ts' losses): of the residual
 * r = prediction - target, or for cross-entropy of the row's k logits against its label.
 * `predictions` holds k outputs per target.
 */
export function meanLoss(loss: LossName, predictions: Float32Array, targets: Float32Array, huberDelta: number): number {
  const n = targets.length;
  if (n === 0) return NaN;
  const k = predictions.length / n;
  const { rowValue } = losses[loss];
  let sum = 0;
  for (let i = 0; i < n; i++) sum += rowValue(predictions, i * k, k, targets[i], huberDelta);
  return sum / n;
}

/** The class each row's outputs predict (activations.ts' predictedClass): k outputs per row. */
export function predictClasses(outputs: Float32Array, n: number): Uint32Array {
  const k = n > 0 ? outputs.length / n : 1;
  return Uint32Array.from({ length: n }, (_, i) => predictedClass(outputs, i * k, k));
}
