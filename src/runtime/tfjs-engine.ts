// The reference engine: TensorFlow.js ops, tf.train optimizers, gradients by autodiff.
// The model is a list of dense layers held as tf.Variables; the loss is the mean data loss
// plus the penalty terms the variant's l1Method puts in the gradient (see penalties.ts); the
// group lasso's term is added to the gradients by hand, since autodiff of ‖w_g‖ at a zero
// group gives 0/0.
import type { Engine, EngineSession, RunSpec } from './engine';
import type { Activation, LossName } from '../core/experiment';
import type { Params } from '../core/mlp';
import { blockShrinkThreshold, gradientTerms, groupedAxis, groupPenalty, stepAfterUpdate } from '../core/penalties';
import type { LoadedTensorflow, Tf } from './backend';

type Tensor = ReturnType<Tf['tensor']>;
type Variable = ReturnType<Tf['variable']>;

export function tfjsEngine(loaded: LoadedTensorflow): Engine {
  return {
    name: 'tfjs',
    backend: loaded.backend,
    createSession: (spec) => new TfjsSession(loaded.tf, spec),
  };
}

class TfjsSession implements EngineSession {
  private readonly kernels: Variable[];
  private readonly biases: Variable[];
  private readonly optimizer;
  private readonly x: Tensor;
  private readonly y: Tensor;
  /** Cumulative L1: the penalty each weight actually received so far (q of Tsuruoka et al.). */
  private readonly received: Variable[] = [];
  /** Cumulative L1: the penalty each weight could have received so far (u). */
  private potential = 0;

  constructor(
    private readonly tf: Tf,
    private readonly spec: RunSpec,
  ) {
    const { initialParams, training, dataset } = spec;
    this.kernels = initialParams.map((l, i) => tf.variable(tf.tensor2d(l.kernel, [l.rows, l.cols]), true, `kernel${i}`));
    this.biases = initialParams.map((l, i) => tf.variable(tf.tensor1d(l.bias), true, `bias${i}`));
    this.optimizer =
      training.optimizer === 'adam'
        ? tf.train.adam(training.learningRate, training.beta1, training.beta2, training.epsilon)
        : training.momentum > 0
          ? tf.train.momentum(training.learningRate, training.momentum)
          : tf.train.sgd(training.learningRate);
    this.x = tf.tensor2d(dataset.train.x, [dataset.train.n, spec.inputs]);
    // Categorical cross-entropy reads one-hot labels over the k logits; every other loss one column.
    const outputs = initialParams[initialParams.length - 1].cols;
    this.y =
      training.loss === 'categoricalCrossentropy'
        ? tf.tidy(() => tf.cast(tf.oneHot(tf.tensor1d(Int32Array.from(dataset.train.y), 'int32'), outputs), 'float32'))
        : tf.tensor2d(dataset.train.y, [dataset.train.n, 1]);
    if (stepAfterUpdate(spec.penalty) === 'cumulative') {
      for (const v of this.penalized()) this.received.push(tf.variable(tf.zerosLike(v), false));
    }
  }

  private penalized(): Variable[] {
    return this.spec.penalty.regularizeBiases ? [...this.kernels, ...this.biases] : this.kernels;
  }

  runEpoch(order: Uint32Array): number {
    const { batchSize } = this.spec.training;
    // The rows' data losses add up on the backend; one read per epoch, not one per step.
    let lossSum: Tensor = this.tf.scalar(0);
    for (let start = 0; start < order.length; start += batchSize) {
      const batchLoss = this.step(order.subarray(start, Math.min(start + batchSize, order.length)));
      const next = this.tf.tidy(() => this.tf.add(lossSum, batchLoss));
      lossSum.dispose();
      batchLoss.dispose();
      lossSum = next;
    }
    const mean = lossSum.dataSync()[0] / order.length;
    lossSum.dispose();
    return mean;
  }

  /** One optimizer step on these rows; returns their summed data loss (a scalar the caller disposes). */
  private step(rows: Uint32Array): Tensor {
    const tf = this.tf;
    const { training, penalty } = this.spec;
    const terms = gradientTerms(penalty);
    let rowsLoss: Tensor | undefined;
    tf.tidy(() => {
      const index = tf.tensor1d(Int32Array.from(rows), 'int32');
      const xb = tf.gather(this.x, index);
      const yb = tf.gather(this.y, index);
      // optimizer.minimize is variableGrads then applyGradients; split here to add the group term.
      const { grads } = tf.variableGrads(() => {
        let h: Tensor = xb;
        this.kernels.forEach((kernel, i) => {
          h = tfActivations[this.spec.initialParams[i].activation](tf, tf.add(tf.matMul(h, kernel), this.biases[i]));
        });
        const data = tfLosses[training.loss](tf, h, yb, training.huberDelta);
        rowsLoss = tf.keep(tf.mul(data, rows.length));
        let loss = data;
        for (const w of this.penalized()) {
          if (terms.l1 > 0) loss = tf.add(loss, tf.mul(terms.l1, tf.sum(tf.abs(w))));
          if (terms.l2 > 0) loss = tf.add(loss, tf.mul(terms.l2, tf.sum(tf.square(w))));
        }
        return loss as ReturnType<Tf['scalar']>;
      });
      if (terms.group > 0) {
        this.kernels.forEach((kernel, i) => {
          const axis = groupedAxis(i, this.kernels.length, groupPenalty(penalty).groups);
          if (axis === undefined) return;
          const { norms, size } = this.groupNorms(kernel, axis);
          grads[kernel.name] = tf.add(grads[kernel.name], tf.mul(terms.group * Math.sqrt(size), tf.divNoNan(kernel, norms)));
        });
      }
      this.optimizer.applyGradients(Object.entries(grads).map(([name, tensor]) => ({ name, tensor })));
    });
    const after = stepAfterUpdate(penalty);
    if (after === 'proximal') this.proximalStep();
    if (after === 'cumulative') this.cumulativeStep();
    return rowsLoss!;
  }

  /** ‖w_g‖ of every group of a kernel (rows: one per row, columns: one per column, kept as a
   * column or a row so it broadcasts over the kernel), and the groups' size p. */
  private groupNorms(kernel: Tensor, axis: 'rows' | 'columns'): { norms: Tensor; size: number } {
    const [rows, cols] = kernel.shape;
    const norms = this.tf.sqrt(this.tf.sum(this.tf.square(kernel), axis === 'rows' ? 1 : 0, true));
    return { norms, size: axis === 'rows' ? cols : rows };
  }

  /** w <- sign(w)*max(|w| - lr*l1, 0) / (1 + 2*lr*l2) on the penalized weights, then the
   * group's block shrink w_g <- w_g*max(0, 1 - threshold/‖w_g‖). */
  private proximalStep(): void {
    const tf = this.tf;
    const { learningRate: lr } = this.spec.training;
    const { l1, l2 } = this.spec.penalty;
    const { group, groups } = groupPenalty(this.spec.penalty);
    tf.tidy(() => {
      for (const w of this.penalized()) {
        const shrunk = tf.relu(tf.sub(tf.abs(w), lr * l1));
        w.assign(tf.div(tf.mul(tf.sign(w), shrunk), 1 + 2 * lr * l2));
      }
      if (group === 0) return;
      this.kernels.forEach((kernel, i) => {
        const axis = groupedAxis(i, this.kernels.length, groups);
        if (axis === undefined) return;
        const { norms, size } = this.groupNorms(kernel, axis);
        const factor = tf.relu(tf.sub(1, tf.divNoNan(tf.scalar(blockShrinkThreshold(lr, group, size, l2)), norms)));
        kernel.assign(tf.mul(kernel, factor));
      });
    });
  }

  /** The cumulative-penalty step of penalties.cumulativeL1Step, on whole tensors. */
  private cumulativeStep(): void {
    const tf = this.tf;
    this.potential += this.spec.training.learningRate * this.spec.penalty.l1;
    const u = this.potential;
    tf.tidy(() => {
      this.penalized().forEach((w, i) => {
        const q = this.received[i];
        const positive = tf.maximum(0, tf.sub(w, tf.add(u, q)));
        const negative = tf.minimum(0, tf.add(w, tf.sub(u, q)));
        const next = tf.where(tf.greater(w, 0), positive, tf.where(tf.less(w, 0), negative, w));
        q.assign(tf.add(q, tf.sub(next, w)));
        w.assign(next);
      });
    });
  }

  params(): Params {
    return this.spec.initialParams.map((layer, i) => ({
      ...layer,
      kernel: (this.kernels[i].dataSync() as Float32Array).slice(),
      bias: (this.biases[i].dataSync() as Float32Array).slice(),
    }));
  }

  dispose(): void {
    for (const v of [...this.kernels, ...this.biases, ...this.received, this.x, this.y]) v.dispose();
    this.optimizer.dispose();
  }
}

// activations.ts' tables as tf ops, by the same names; tf.js' autodiff gives the derivatives.

const tfActivations: Readonly<Record<Activation, (tf: Tf, z: Tensor) => Tensor>> = {
  relu: (tf, z) => tf.relu(z),
  tanh: (tf, z) => tf.tanh(z),
  sigmoid: (tf, z) => tf.sigmoid(z),
  linear: (_tf, z) => z,
};

/** The mean data loss of the outputs against the targets: of the residuals, or cross-entropy of the logits. */
const tfLosses: Readonly<Record<LossName, (tf: Tf, output: Tensor, target: Tensor, delta: number) => Tensor>> = {
  mse: (tf, output, target) => tf.mean(tf.square(tf.sub(output, target))),
  mae: (tf, output, target) => tf.mean(tf.abs(tf.sub(output, target))),
  huber: (tf, output, target, delta) => {
    const a = tf.abs(tf.sub(output, target));
    const quadratic = tf.minimum(a, delta);
    return tf.mean(tf.add(tf.mul(0.5, tf.square(quadratic)), tf.mul(delta, tf.sub(a, quadratic))));
  },
  // max(z, 0) - z·y + log1p(e^-|z|), mean over the rows; its gradient at z = 0 is 1/2 - y
  // (tf.js takes d|z|/dz = -1 there), as σ(z) - y.
  binaryCrossentropy: (tf, logits, labels) => tf.losses.sigmoidCrossEntropy(labels, logits),
  // logΣe^z - z_y by log-sum-exp, mean over the rows; its custom gradient is softmax(z) - onehot(y).
  categoricalCrossentropy: (tf, logits, onehot) => tf.losses.softmaxCrossEntropy(onehot, logits),
};
