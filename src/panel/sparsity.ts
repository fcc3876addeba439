// Zero weights per layer, for the sparsity-over-epochs charts: the share of kernel weights
// with |w| <= threshold (the analysis' zero) and, apart, of exact zeros (w === 0, which only
// proximal and cumulative L1 produce), counted by the trainer's analysis.sparsity.
import { sparsity } from '../core/analysis/sparsity';
import type { Params } from '../core/mlp';

export interface LayerZeros {
  /** Share of kernel weights with |w| <= threshold. */
  near: number;
  /** Share of kernel weights exactly 0. */
  exact: number;
}

export function layerZeros(params: Params, threshold: number): LayerZeros[] {
  return sparsity(params, threshold).layers.map(({ kernel }) => ({ near: kernel.zeros / (kernel.count || 1), exact: kernel.exactZeros / (kernel.count || 1) }));
}

const cache = new WeakMap<Params, { threshold: number; zeros: LayerZeros[] }>();

export function cachedLayerZeros(params: Params, threshold: number): LayerZeros[] {
  const hit = cache.get(params);
  if (hit && hit.threshold === threshold) return hit.zeros;
  const zeros = layerZeros(params, threshold);
  cache.set(params, { threshold, zeros });
  return zeros;
}

/** Per layer, per snapshot: {epoch, near, exact}; layers as in the params. */
export function sparsityOverEpochs(snapshots: readonly { epoch: number; params: Params }[], threshold: number): { epoch: number; near: number; exact: number }[][] {
  const layers: { epoch: number; near: number; exact: number }[][] = [];
  for (const { epoch, params } of snapshots) {
    cachedLayerZeros(params, threshold).forEach((z, l) => (layers[l] ??= []).push({ epoch, ...z }));
  }
  return layers;
}
