// Test oracle for the group lasso: its optimality conditions at a network's weights, from the
// data-loss gradient of l1-optimality.ts. For the penalty l1·Σ|w| + l2·Σw² + λg·Σ_g √p_g·‖w_g‖
// (l2 and l1 on every kernel, biases unpenalized), a stationary point has
//   - every zero group:      ‖S(∇_g L, l1)‖ <= λg·√p_g, S the soft-threshold (without L1: ‖∇_g L‖);
//   - every non-zero group:  at its non-zero weights ∇L + l1·sign(w) + 2·l2·w + λg·√p_g·w/‖w_g‖ = 0,
//                            and at its zeros |∇L| <= l1;
//   - every weight in no group, as the lasso or ridge; every bias ∇L = 0.
// What is returned is how far each condition is from holding (0 or less: it holds).
import type { GroupKind } from '../../src/core/experiment';
import type { Params } from '../../src/core/mlp';
import { groupNorm, weightGroups } from '../../src/core/penalties';
import type { LayerGradient } from './l1-optimality';

export interface GroupOptimality {
  zeroGroups: number;
  nonZeroGroups: number;
  /** The largest ‖S(∇_g L, l1)‖ - λg·√p_g over the zero groups (-Infinity without any). */
  zeroGroupExcess: number;
  /** The largest |stationarity residual| over the non-zero weights, the zero weights' excess over l1 and the biases' gradient. */
  stationarityResidual: number;
}

export function softThreshold(g: number, l1: number): number {
  return Math.sign(g) * Math.max(Math.abs(g) - l1, 0);
}

export function groupOptimality(gradient: LayerGradient[], params: Params, penalty: { l1: number; l2: number; group: number; groups: GroupKind }): GroupOptimality {
  const { l1, l2, group } = penalty;
  // λg·√p·w/‖w_g‖ for each kernel weight in a non-zero group; 0 elsewhere.
  const groupTerm = params.map((layer) => new Float64Array(layer.kernel.length));
  let zeroGroups = 0;
  let nonZeroGroups = 0;
  let zeroGroupExcess = -Infinity;
  for (const g of weightGroups(params, penalty.groups)) {
    const { kernel } = params[g.layer];
    const norm = groupNorm(kernel, g);
    const bound = group * Math.sqrt(g.size);
    if (norm === 0) {
      zeroGroups++;
      let squares = 0;
      for (let k = 0, i = g.start; k < g.size; k++, i += g.stride) squares += softThreshold(gradient[g.layer].kernel[i], l1) ** 2;
      zeroGroupExcess = Math.max(zeroGroupExcess, Math.sqrt(squares) - bound);
    } else {
      nonZeroGroups++;
      for (let k = 0, i = g.start; k < g.size; k++, i += g.stride) groupTerm[g.layer][i] = (bound * kernel[i]) / norm;
    }
  }
  let stationarityResidual = 0;
  params.forEach((layer, l) => {
    layer.kernel.forEach((w, i) => {
      const g = gradient[l].kernel[i];
      const residual = w !== 0 ? Math.abs(g + l1 * Math.sign(w) + 2 * l2 * w + groupTerm[l][i]) : inZeroGroup(params, penalty.groups, l, i) ? 0 : Math.abs(g) - l1;
      stationarityResidual = Math.max(stationarityResidual, residual);
    });
    for (const g of gradient[l].bias) stationarityResidual = Math.max(stationarityResidual, Math.abs(g));
  });
  return { zeroGroups, nonZeroGroups, zeroGroupExcess, stationarityResidual };
}

/** Whether kernel entry i of layer l belongs to a group that is all zeros (checked by the group condition instead). */
function inZeroGroup(params: Params, groups: GroupKind, l: number, i: number): boolean {
  return weightGroups(params, groups).some((g) => g.layer === l && (i - g.start) % g.stride === 0 && (i - g.start) / g.stride >= 0 && (i - g.start) / g.stride < g.size && groupNorm(params[l].kernel, g) === 0);
}
