// The activations and the data losses, as maths: one table each, in the spirit of TensorFlow
// Playground's nn.ts. Everything that evaluates them reads them here: mlp.ts's forward pass
// and mean losses, the analysis (constants of dead neurons, how a change grows through a
// layer), and the fast engine, whose fused loops branch on the numeric codes given here
// (test/unit/activations.test.ts ties each code to its entry). The tfjs engine maps the same
// names to tf ops.
//
// Derivatives follow tf.js' gradient conventions, so they are the gradients both engines
// follow: relu'(0) = 0, d|r|/dr = -1 at r = 0, and huber's quadratic branch at |r| = δ.
import type { Activation, LossName } from './experiment';

/** d|x|/dx as tf.js computes it: 1 for x > 0, else -1 (also at exactly 0); the L1 penalty's too. */
export function signForGradient(x: number): number {
  return x > 0 ? 1 : -1;
}

export interface ActivationFunction {
  /** The number the fast engine's loops branch on (a string compare per neuron costs too much). */
  code: number;
  output(z: number): number;
  /** d output/dz, from the output y = output(z) (as tf.js' gradients compute it). */
  derivative(y: number): number;
  /** The largest |output(a) - output(b)| / |a - b|: how much a change of the input can grow through it. */
  lipschitz: number;
}

export const activations: Readonly<Record<Activation, ActivationFunction>> = {
  linear: { code: 0, output: (z) => z, derivative: () => 1, lipschitz: 1 },
  relu: { code: 1, output: (z) => (z > 0 ? z : 0), derivative: (y) => (y > 0 ? 1 : 0), lipschitz: 1 },
  tanh: { code: 2, output: (z) => Math.tanh(z), derivative: (y) => 1 - y * y, lipschitz: 1 },
  sigmoid: { code: 3, output: (z) => 1 / (1 + Math.exp(-z)), derivative: (y) => y * (1 - y), lipschitz: 0.25 },
};

export interface LossFunction {
  /** The number the fast engine branches on. */
  code: number;
  /** The loss of one residual r = prediction - target; the data loss is its mean over the rows. */
  value(r: number, huberDelta: number): number;
  /** d value/dr, tf.js style. */
  derivative(r: number, huberDelta: number): number;
}

export const losses: Readonly<Record<LossName, LossFunction>> = {
  mse: { code: 0, value: (r) => r * r, derivative: (r) => 2 * r },
  mae: { code: 1, value: (r) => Math.abs(r), derivative: (r) => signForGradient(r) },
  huber: {
    code: 2,
    // 0.5·q² + δ·(|r| - q) with q = min(|r|, δ), as tf.losses.huberLoss writes it.
    value: (r, delta) => {
      const a = Math.abs(r);
      const quadratic = Math.min(a, delta);
      return 0.5 * quadratic * quadratic + delta * (a - quadratic);
    },
    derivative: (r, delta) => (Math.abs(r) <= delta ? r : delta * signForGradient(r)),
  },
};
