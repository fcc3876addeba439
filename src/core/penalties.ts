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
import type { L1Method, PenaltyConvention } from './experiment';
import type { Params } from './mlp';

export interface Penalty {
  l1: number;
  l2: number;
  l1Method: L1Method;
  regularizeBiases: boolean;
}

export function penaltyValue(params: Params, penalty: Penalty): number {
  if (penalty.l1 === 0 && penalty.l2 === 0) return 0;
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
  return penalty.l1 * abs + penalty.l2 * squares;
}

/** The penalty formula as shown next to λ; l2 is tf.js', shown as the file wrote it
 * (TensorFlow 1's convention: its value doubled, over 2). */
export function penaltyFormula(penalty: Pick<Penalty, 'l1' | 'l2'>, convention: PenaltyConvention = 'tfjs'): string {
  const terms = [];
  if (penalty.l1 > 0) terms.push(`${penalty.l1}·Σ|w|`);
  if (penalty.l2 > 0) terms.push(convention === 'tf1' ? `${penalty.l2 * 2}·Σw²/2` : `${penalty.l2}·Σw²`);
  return terms.length === 0 ? 'no penalty' : terms.join(' + ');
}

/** Which gradient terms the optimizer sees for a method: the rest is applied after the step. */
export function gradientTerms(penalty: Penalty): { l1: number; l2: number } {
  switch (penalty.l1Method) {
    case 'subgradient':
      return { l1: penalty.l1, l2: penalty.l2 };
    case 'proximal':
      return { l1: 0, l2: 0 };
    case 'cumulative':
      return { l1: 0, l2: penalty.l2 };
  }
}

/** The step applied after the optimizer's, for what gradientTerms leaves out of the gradient:
 * proximal takes both penalties (so it runs for L2 alone too), cumulative the L1 part. */
export function stepAfterUpdate(penalty: Penalty): 'none' | 'proximal' | 'cumulative' {
  if (penalty.l1Method === 'proximal' && (penalty.l1 > 0 || penalty.l2 > 0)) return 'proximal';
  if (penalty.l1Method === 'cumulative' && penalty.l1 > 0) return 'cumulative';
  return 'none';
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
