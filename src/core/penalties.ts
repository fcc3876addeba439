// The penalties, as plain formulas. They follow tf.regularizers: l1*sum|w| and l2*sum(w^2),
// summed over the kernels (and the biases when regularizeBiases), added once per batch to
// the mean data loss. How the L1 term is optimized is the variant's l1Method:
//
//   subgradient  w <- w - lr*(g + l1*sign(w) + 2*l2*w)   sign(0) = -1, as tf.js' gradient of |w|
//                (TensorFlow 1's tf.sign(0) is 0: no push on a weight at exactly 0)
//   proximal     v  = w - lr*g
//                w <- sign(v)*max(|v| - lr*l1, 0) / (1 + 2*lr*l2)
//   cumulative   v  = w - lr*(g + 2*l2*w), then the cumulative L1 step of Tsuruoka et al.
//                (2009) with u = lr*l1 summed over all steps so far (see cumulativeL1Step).
//
// Subgradient SGD leaves L1 weights jittering within about lr*l1 of zero, never at it;
// the other two reach exact zeros.
//
// The group lasso (`group` = λg) adds λg·Σ_g √p_g·‖w_g‖₂ over groups of kernel weights
// (never biases), p_g the group's size; the groups are chosen by `groups` (see groupedAxis).
//   subgradient  the gradient gains λg·√p_g·w_g/‖w_g‖ (0 for a group at exactly 0: the
//                smallest subgradient there, so a zero group with no data gradient stays)
//   proximal     after the per-weight step above, the block shrink
//                w_g <- w_g·max(0, 1 - lr·λg·√p_g/((1 + 2*lr*l2)·‖w_g‖)),
//                which with the soft-threshold before it is the exact proximal operator of
//                lr*(l1*|w| + l2*w^2 + λg·√p_g·‖w_g‖): shrinking ‖S(v)‖ by lr·λg·√p_g.
//   cumulative   is L1's alone: the group term stays in the gradient, as with subgradient.
// A group of one weight is |w|: there the group lasso is plain L1 with λ = λg.
import type { GroupKind, L1Method, PenaltyConvention } from './experiment';
import type { Params } from './mlp';

export interface Penalty {
  l1: number;
  l2: number;
  l1Method: L1Method;
  regularizeBiases: boolean;
  /** The group lasso's λg (0 or absent: none). */
  group?: number;
  /** Which weights form a group (default: each hidden neuron's outgoing weights). */
  groups?: GroupKind;
}

/** The group lasso's strength and grouping with the defaults filled. */
export function groupPenalty(penalty: Pick<Penalty, 'group' | 'groups'>): { group: number; groups: GroupKind } {
  return { group: penalty.group ?? 0, groups: penalty.groups ?? 'outgoing' };
}

/**
 * Which groups a layer's kernel (rows = inputs × cols = units) is cut into, for a network of
 * `layerCount` layers (the last is the output unit):
 * - `outgoing`: a hidden neuron's weights to the next layer, the rows of every kernel after
 *   the first (a group at 0 removes the neuron outright);
 * - `incoming`: a hidden neuron's kernel weights from the layer before (bias excluded), the
 *   columns of every kernel but the output's (a group at 0 leaves the neuron at act(bias),
 *   which folds into the next bias);
 * - `inputs`: an input's weights to the first layer, the rows of the first kernel (feature
 *   selection).
 */
export function groupedAxis(layer: number, layerCount: number, groups: GroupKind): 'rows' | 'columns' | undefined {
  switch (groups) {
    case 'outgoing':
      return layer >= 1 ? 'rows' : undefined;
    case 'incoming':
      return layer < layerCount - 1 ? 'columns' : undefined;
    case 'inputs':
      return layer === 0 ? 'rows' : undefined;
  }
}

/** One group: the kernel entries start + k·stride (k < size) of a layer, and whose weights they are. */
export interface WeightGroup {
  layer: number;
  start: number;
  stride: number;
  size: number;
  /** The hidden layer (0 = first) of the neuron the group belongs to, or -1 for an input. */
  ownerLayer: number;
  /** The neuron's (or input's) index. */
  owner: number;
}

/** Every group of a network's kernels under a grouping, layer by layer. */
export function weightGroups(shapes: readonly { rows: number; cols: number }[], groups: GroupKind): WeightGroup[] {
  const found: WeightGroup[] = [];
  shapes.forEach(({ rows, cols }, layer) => {
    const axis = groupedAxis(layer, shapes.length, groups);
    // A row is an input's or a neuron's weights to this layer; a column is one of this layer's neurons' incoming weights.
    const ownerLayer = axis === 'rows' ? layer - 1 : layer;
    if (axis === 'rows') for (let r = 0; r < rows; r++) found.push({ layer, start: r * cols, stride: 1, size: cols, ownerLayer, owner: r });
    if (axis === 'columns') for (let c = 0; c < cols; c++) found.push({ layer, start: c, stride: cols, size: rows, ownerLayer, owner: c });
  });
  return found;
}

/** ‖w_g‖₂ of a group of `values` read from `offset` (the kernel's place in a flat array). */
export function groupNorm(values: ArrayLike<number>, group: WeightGroup, offset = 0): number {
  let squares = 0;
  for (let k = 0, i = offset + group.start; k < group.size; k++, i += group.stride) squares += values[i] * values[i];
  return Math.sqrt(squares);
}

/** w_g·max(0, 1 - threshold/‖w_g‖) in place: the proximal operator of threshold·‖w_g‖₂. */
export function blockShrink(values: Float32Array, group: WeightGroup, threshold: number, offset = 0): void {
  const norm = groupNorm(values, group, offset);
  if (norm === 0) return;
  const factor = Math.max(0, 1 - threshold / norm);
  for (let k = 0, i = offset + group.start; k < group.size; k++, i += group.stride) values[i] *= factor;
}

/** Adds strength·√p·w_g/‖w_g‖ (nothing for a zero group) to `gradient`, both read from `offset`. */
export function addGroupGradient(gradient: Float64Array, values: ArrayLike<number>, group: WeightGroup, strength: number, offset = 0): void {
  const norm = groupNorm(values, group, offset);
  if (norm === 0) return;
  const scale = (strength * Math.sqrt(group.size)) / norm;
  for (let k = 0, i = offset + group.start; k < group.size; k++, i += group.stride) gradient[i] += scale * values[i];
}

/** λg·Σ_g √p_g·‖w_g‖₂ over a network's groups. */
export function groupPenaltyValue(params: Params, penalty: Pick<Penalty, 'group' | 'groups'>): number {
  const { group, groups } = groupPenalty(penalty);
  if (group === 0) return 0;
  let sum = 0;
  for (const g of weightGroups(params, groups)) sum += Math.sqrt(g.size) * groupNorm(params[g.layer].kernel, g);
  return group * sum;
}

export function penaltyValue(params: Params, penalty: Penalty): number {
  const grouped = groupPenaltyValue(params, penalty);
  if (penalty.l1 === 0 && penalty.l2 === 0) return grouped;
  let abs = 0;
  let squares = 0;
  for (const layer of params) {
    const groups = penalty.regularizeBiases ? [layer.kernel, layer.bias] : [layer.kernel];
    for (const values of groups) {
      for (let i = 0; i < values.length; i++) {
        abs += Math.abs(values[i]);
        squares += values[i] * values[i];
      }
    }
  }
  return penalty.l1 * abs + penalty.l2 * squares + grouped;
}

/** The penalty formula as shown next to λ; l2 is tf.js', shown as the file wrote it
 * (TensorFlow 1's convention: its value doubled, over 2). */
export function penaltyFormula(penalty: Pick<Penalty, 'l1' | 'l2' | 'group' | 'groups'>, convention: PenaltyConvention = 'tfjs'): string {
  const terms = [];
  const { group, groups } = groupPenalty(penalty);
  if (penalty.l1 > 0) terms.push(`${penalty.l1}·Σ|w|`);
  if (penalty.l2 > 0) terms.push(convention === 'tf1' ? `${penalty.l2 * 2}·Σw²/2` : `${penalty.l2}·Σw²`);
  if (group > 0) terms.push(`${group}·Σ√p‖w_g‖ (${groups})`);
  return terms.length === 0 ? 'no penalty' : terms.join(' + ');
}

/** Which gradient terms the optimizer sees for a method: the rest is applied after the step. */
export function gradientTerms(penalty: Penalty): { l1: number; l2: number; group: number } {
  const { group } = groupPenalty(penalty);
  switch (penalty.l1Method) {
    case 'subgradient':
      return { l1: penalty.l1, l2: penalty.l2, group };
    case 'proximal':
      return { l1: 0, l2: 0, group: 0 };
    case 'cumulative':
      return { l1: 0, l2: penalty.l2, group };
  }
}

/** The step applied after the optimizer's, for what gradientTerms leaves out of the gradient:
 * proximal takes every penalty (so it runs for L2 or the group alone too), cumulative the L1 part. */
export function stepAfterUpdate(penalty: Penalty): 'none' | 'proximal' | 'cumulative' {
  if (penalty.l1Method === 'proximal' && (penalty.l1 > 0 || penalty.l2 > 0 || groupPenalty(penalty).group > 0)) return 'proximal';
  if (penalty.l1Method === 'cumulative' && penalty.l1 > 0) return 'cumulative';
  return 'none';
}

/** The block shrink's threshold after the per-weight proximal step: lr·λg·√p/(1 + 2·lr·l2). */
export function blockShrinkThreshold(lr: number, group: number, size: number, l2: number): number {
  return (lr * group * Math.sqrt(size)) / (1 + 2 * lr * l2);
}

/** The proximal operator of lr*(l1*|w| + l2*w^2) at v. */
export function proximal(v: number, lr: number, l1: number, l2: number): number {
  const shrunk = Math.max(Math.abs(v) - lr * l1, 0);
  return (Math.sign(v) * shrunk) / (1 + 2 * lr * l2);
}

/**
 * One weight's cumulative L1 step (Tsuruoka, Tsujii & Ananiadou 2009, "Stochastic gradient
 * descent training for L1-regularized log-linear models with cumulative penalty").
 * u: the total L1 penalty each weight could have received so far (sum of lr*l1 over steps);
 * q: the total this weight actually received (its own state). Returns the new [w, q].
 */
export function cumulativeL1Step(w: number, u: number, q: number): [number, number] {
  const z = w;
  if (w > 0) w = Math.max(0, w - (u + q));
  else if (w < 0) w = Math.min(0, w + (u - q));
  return [w, q + (w - z)];
}
