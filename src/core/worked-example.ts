// The worked example beside the step view: one weight w under the data loss (w − a)², so
// H = 2(w − a), trained with the file's η and λ by the three rules side by side, each step
// written as the article writes it, in RegX's conventions (tf.js: l2·Σw², so L2's step is 2ηλw):
//   L1            w_new = (w − ηλ·sign w) − ηH        sign 0 = −1, as tf.js
//   L2            w_new = (w − 2ηλ·w) − ηH
//   proximal L1   v = w − ηH,  w_new = sign v · max(|v| − ηλ, 0)
// L1's minimum is the soft-threshold S(a, λ/2): 0 when |a| <= λ/2. Plain L1 reaches it only by
// luck: near 0 its constant step ηλ overshoots and the sign flips, so w hovers within about ηλ
// of 0; the proximal step clips at 0 whenever |v| <= ηλ, so w lands on 0 and stays.
import { signForGradient } from './activations';

export type WorkedRule = 'l1' | 'l2' | 'l1-proximal';

export interface WorkedStep {
  step: number;
  w: number;
  /** The data gradient H = 2(w − a). */
  H: number;
  /** The penalty's part of the step: −ηλ·sign w, −2ηλw, or the proximal clip's change. */
  penalty: number;
  next: number;
  /** The step's equation with its numbers. */
  equation: string;
}

export interface WorkedExampleInput {
  lr: number;
  lambda: number;
  /** Where the data loss (w − a)² is smallest. */
  a: number;
  start: number;
  steps: number;
}

const show = (v: number) => (Object.is(v, -0) ? '0' : String(+v.toPrecision(4)));

export function workedExample(rule: WorkedRule, { lr, lambda, a, start, steps }: WorkedExampleInput): WorkedStep[] {
  const rows: WorkedStep[] = [];
  let w = start;
  for (let step = 1; step <= steps; step++) {
    const H = 2 * (w - a);
    let next: number;
    let penalty: number;
    let equation: string;
    if (rule === 'l1') {
      const sign = signForGradient(w);
      penalty = -lr * lambda * sign;
      next = w + penalty - lr * H;
      equation = `${show(next)} = (${show(w)} − ${show(lr)}·${show(lambda)}·(${sign})) − ${show(lr)}·${show(H)}`;
    } else if (rule === 'l2') {
      penalty = -2 * lr * lambda * w;
      next = w + penalty - lr * H;
      equation = `${show(next)} = (${show(w)} − 2·${show(lr)}·${show(lambda)}·${show(w)}) − ${show(lr)}·${show(H)}`;
    } else {
      const v = w - lr * H;
      next = Math.sign(v) * Math.max(Math.abs(v) - lr * lambda, 0);
      penalty = next - v;
      equation = `v = ${show(w)} − ${show(lr)}·${show(H)} = ${show(v)};  ${show(next)} = sign(v)·max(${show(Math.abs(v))} − ${show(lr)}·${show(lambda)}, 0)`;
    }
    rows.push({ step, w, H, penalty, next, equation });
    w = next;
  }
  return rows;
}

/** Where each rule's objective (w − a)² + penalty is smallest: L1's S(a, λ/2), L2's a/(1 + λ). */
export function workedMinimum(rule: WorkedRule, lambda: number, a: number): number {
  if (rule === 'l2') return a / (1 + lambda);
  return Math.sign(a) * Math.max(Math.abs(a) - lambda / 2, 0);
}
