// What a classifier is measured by: on a split's rows, from the network's outputs (one logit,
// or k) and the labels: accuracy (the predicted class is the largest logit, or logit > 0 for
// one), log-loss (the mean cross-entropy, the data loss itself) and the confusion matrix.
import { predictedClass } from './activations';
import { isClassificationLoss, type ClassificationLoss } from './loss-kinds';
import { meanLoss } from './mlp';
import type { TestErrors } from './target-errors';

export interface ClassificationMetrics {
  /** Share of the rows whose predicted class is their label (NaN without rows). */
  accuracy: number;
  /** Mean cross-entropy over the rows: the log-loss (glmnet's binomial or multinomial deviance, halved). */
  logLoss: number;
  /** k × k counts: confusion[label][predicted class]. */
  confusion: number[][];
}

/** How many of the rows the outputs classify right: outputs holds outputs.length / n values per row. */
export function correctCount(outputs: ArrayLike<number>, labels: ArrayLike<number>): number {
  const n = labels.length;
  if (n === 0) return 0;
  const k = outputs.length / n;
  let correct = 0;
  for (let i = 0; i < n; i++) if (predictedClass(outputs, i * k, k) === labels[i]) correct++;
  return correct;
}

/** Share of the rows classified right (NaN without rows). */
export function accuracy(outputs: ArrayLike<number>, labels: ArrayLike<number>): number {
  return labels.length > 0 ? correctCount(outputs, labels) / labels.length : NaN;
}

/** Accuracy, log-loss and the confusion matrix of `classes` classes on the rows. */
export function classificationMetrics(loss: ClassificationLoss, outputs: Float32Array, labels: Float32Array, classes: number): ClassificationMetrics {
  if (!isClassificationLoss(loss)) throw new Error(`classificationMetrics: "${loss}" is not a classification loss`);
  const n = labels.length;
  const k = n > 0 ? outputs.length / n : 1;
  const confusion = Array.from({ length: classes }, () => new Array<number>(classes).fill(0));
  let correct = 0;
  for (let i = 0; i < n; i++) {
    const predicted = predictedClass(outputs, i * k, k);
    const label = labels[i];
    if (predicted === label) correct++;
    const row = confusion[label];
    if (row && predicted < classes) row[predicted]++;
  }
  return { accuracy: n > 0 ? correct / n : NaN, logLoss: meanLoss(loss, outputs, labels, 0), confusion };
}

/**
 * A classifier's errors in the shape of a regressor's (TestErrors), each row's error 0 when
 * its predicted class is its label and 1 when not: the total is the rows misclassified, the
 * MAE the error rate, the RMSE its square root; R² means nothing here (NaN).
 */
export function zeroOneErrors(outputs: ArrayLike<number>, labels: ArrayLike<number>): TestErrors {
  const n = labels.length;
  const wrong = n - correctCount(outputs, labels);
  return { totalAbsError: wrong, mae: n > 0 ? wrong / n : NaN, rmse: n > 0 ? Math.sqrt(wrong / n) : NaN, r2: NaN };
}
