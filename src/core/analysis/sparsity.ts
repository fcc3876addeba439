// How sparse each layer is: zero weights (|w| <= threshold) and, apart, exact zeros.
import type { Params } from '../mlp';
import { isZero } from './weights';

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
