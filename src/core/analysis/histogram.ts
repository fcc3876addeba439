// A histogram of the weights, comparable with a prior's density.
import type { Params } from '../mlp';
import type { DeadNeuronReport } from './neurons';

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

/**
 * The kernel weights by the neurons they belong to: those in or out of a neuron dead at the
 * start (at the initial weights), those in or out of a neuron switched off by training, and
 * the rest. A weight between two neurons that are off counts with the one dead at the start,
 * if either is. Together they are kernelWeights(params).
 */
export function kernelWeightsByOrigin(params: Params, dead: DeadNeuronReport): Record<'live' | 'switchedOff' | 'deadAtStart', Float32Array> {
  const groups = { live: [] as number[], switchedOff: [] as number[], deadAtStart: [] as number[] };
  const origin = (l: number, j: number): 'live' | 'switchedOff' | 'deadAtStart' => {
    const layer = dead.layers[l];
    if (!layer || layer.neurons[j]?.alive !== false) return 'live';
    return layer.deadAtStart?.[j] ? 'deadAtStart' : 'switchedOff';
  };
  const rank = { live: 0, switchedOff: 1, deadAtStart: 2 };
  params.forEach((layer, l) => {
    for (let i = 0; i < layer.rows; i++) {
      for (let j = 0; j < layer.cols; j++) {
        const from = l > 0 ? origin(l - 1, i) : 'live';
        const to = l < params.length - 1 ? origin(l, j) : 'live';
        groups[rank[from] >= rank[to] ? from : to].push(layer.kernel[i * layer.cols + j]);
      }
    }
  });
  return { live: Float32Array.from(groups.live), switchedOff: Float32Array.from(groups.switchedOff), deadAtStart: Float32Array.from(groups.deadAtStart) };
}
