// The decision boundary view's numbers: a square grid over the plane the 2-D points lie on,
// the network's inputs at its cells (features.ts, the table the trainer uses), and in one
// forward pass (mlp.ts) the class probabilities and every hidden neuron's output over it.
// Pure: the panel runs it in a Web Worker, the tests in Node.
import { activations, logSumExp, predictedClass } from './activations';
import { featureRows, isFeatureId, type FeatureId } from './features';
import { forwardAll, type Params } from './mlp';

/** A rectangle of the plane: x1 from left to right, x2 from bottom to top. */
export interface PlaneBounds {
  x1: [number, number];
  x2: [number, number];
}

/**
 * A square around every point of the sets (row-major x1, x2), a `margin` share of its side
 * wider on each side, so a circle stays round and no point sits on the edge. Without
 * points, the square from -1 to 1.
 */
export function planeBounds(pointSets: readonly ArrayLike<number>[], margin = 0.08): PlaneBounds {
  const low = [Infinity, Infinity];
  const high = [-Infinity, -Infinity];
  for (const points of pointSets) {
    for (let i = 0; i + 1 < points.length; i += 2) {
      for (const axis of [0, 1]) {
        const v = points[i + axis];
        if (!Number.isFinite(v)) continue;
        if (v < low[axis]) low[axis] = v;
        if (v > high[axis]) high[axis] = v;
      }
    }
  }
  if (!(high[0] >= low[0]) || !(high[1] >= low[1])) return { x1: [-1, 1], x2: [-1, 1] };
  const half = Math.max(high[0] - low[0], high[1] - low[1], 1e-6) / 2;
  const padded = half * (1 + 2 * margin);
  const around = (axis: number): [number, number] => {
    const centre = (low[axis] + high[axis]) / 2;
    return [centre - padded, centre + padded];
  };
  return { x1: around(0), x2: around(1) };
}

/** The centres of size × size cells of the bounds, row-major (x1, x2): row 0 is the top (largest x2), column 0 the left. */
export function gridPoints(bounds: PlaneBounds, size: number): Float32Array {
  const out = new Float32Array(size * size * 2);
  const [x1Low, x1High] = bounds.x1;
  const [x2Low, x2High] = bounds.x2;
  for (let row = 0; row < size; row++) {
    const x2 = x2High - ((row + 0.5) / size) * (x2High - x2Low);
    for (let col = 0; col < size; col++) {
      const i = 2 * (row * size + col);
      out[i] = x1Low + ((col + 0.5) / size) * (x1High - x1Low);
      out[i + 1] = x2;
    }
  }
  return out;
}

/** Where the point (x1, x2) falls on a width × height picture of the bounds, in the same orientation as gridPoints. */
export function toPicture(bounds: PlaneBounds, width: number, height: number, x1: number, x2: number): { x: number; y: number } {
  return {
    x: ((x1 - bounds.x1[0]) / (bounds.x1[1] - bounds.x1[0])) * width,
    y: ((bounds.x2[1] - x2) / (bounds.x2[1] - bounds.x2[0])) * height,
  };
}

/** The features a network of these inputs sees, when every input is one of Playground's (a 2-D point set); else undefined. */
export function planeFeatures(inputNames: readonly string[]): FeatureId[] | undefined {
  if (inputNames.length === 0 || !inputNames.every(isFeatureId)) return undefined;
  return inputNames as FeatureId[];
}

/** The network's inputs at these points: the features, standardized as the training rows were when they were. */
export function networkInputs(points: ArrayLike<number>, features: readonly FeatureId[], standardization?: { inputMean: number[]; inputStd: number[] }): Float32Array {
  const rows = featureRows(points, features);
  if (standardization) {
    const d = features.length;
    for (let i = 0; i < rows.length; i++) {
      const j = i % d;
      rows[i] = (rows[i] - standardization.inputMean[j]) / (standardization.inputStd[j] || 1);
    }
  }
  return rows;
}

/**
 * Class probabilities of one row of logits into `out`: one logit is binary, p(class 1) =
 * sigmoid(z) and p(class 0) = 1 − p; k logits are a softmax, e^(z_c − log Σ e^z) with the
 * loss's log-sum-exp, so that no exp overflows.
 */
export function classProbabilities(logits: ArrayLike<number>, offset: number, k: number, out: Float64Array): void {
  if (k === 1) {
    const p = activations.sigmoid.output(logits[offset]);
    out[0] = 1 - p;
    out[1] = p;
    return;
  }
  const lse = logSumExp(logits, offset, k);
  for (let c = 0; c < k; c++) out[c] = Math.exp(logits[offset + c] - lse);
}

export interface PlaneMaps {
  /** Cells per side. */
  size: number;
  /** Classes the output tells apart: 2 for one logit, k for k logits. */
  classes: number;
  /** Per cell: the probability of class 1 when binary, else of the most probable class. */
  probability: Float32Array;
  /** Per cell: the most probable class. */
  predicted: Uint8Array;
  /** Per hidden layer, per neuron: its output at every cell, in the cells' order. */
  neurons: Float32Array[][];
}

/** The network over size × size cells whose inputs are `inputs` (networkInputs of gridPoints): one forward pass for the output and every hidden neuron. */
export function planeMaps(params: Params, inputs: ArrayLike<number>, size: number): PlaneMaps {
  const cells = size * size;
  const outputs = forwardAll(params, inputs, cells);
  const logits = outputs[outputs.length - 1];
  const k = params[params.length - 1].cols;
  const classes = Math.max(2, k);
  const probability = new Float32Array(cells);
  const predicted = new Uint8Array(cells);
  const p = new Float64Array(classes);
  for (let i = 0; i < cells; i++) {
    classProbabilities(logits, i * k, k, p);
    const best = predictedClass(logits, i * k, k);
    predicted[i] = best;
    probability[i] = classes === 2 ? p[1] : p[best];
  }
  const neurons = outputs.slice(0, -1).map((layer, l) => {
    const cols = params[l].cols;
    return Array.from({ length: cols }, (_, j) => {
      const map = new Float32Array(cells);
      for (let i = 0; i < cells; i++) map[i] = layer[i * cols + j];
      return map;
    });
  });
  return { size, classes, probability, predicted, neurons };
}
