// Predictions for snapshots the trainer sent without them (stored results keep no curves
// per snapshot): the fit at an earlier epoch, predicted-vs-true for several inputs. The
// forward pass is src/core/mlp.ts's; this only remembers its answers across redraws.
import { predict, type Params } from '../core/mlp';

const cache = new WeakMap<Params, WeakMap<ArrayLike<number>, Float32Array>>();

/** predict, remembered per (weights, inputs) pair: snapshots are redrawn many times. */
export function cachedPredict(params: Params, x: ArrayLike<number>, n: number): Float32Array {
  let byInput = cache.get(params);
  if (!byInput) cache.set(params, (byInput = new WeakMap()));
  let out = byInput.get(x);
  if (!out) byInput.set(x, (out = predict(params, x, n)));
  return out;
}
