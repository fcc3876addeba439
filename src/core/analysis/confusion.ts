// The confusion matrix of a classifier: how many rows of each true class went to each
// predicted class. The output layer gives logits: one (binary, class 1 when z > 0, that is
// p = sigmoid(z) > 0.5) or k (the largest wins, the first of equals).

/** The class the outputs out[at..at+k) predict. */
export function predictedClass(outputs: ArrayLike<number>, at: number, k: number): number {
  if (k === 1) return outputs[at] > 0 ? 1 : 0;
  let best = 0;
  for (let c = 1; c < k; c++) if (outputs[at + c] > outputs[at + best]) best = c;
  return best;
}

/**
 * counts[true class][predicted class] over the rows: labels[i] against the class of row i's
 * outputs (outputsPerRow of them, row after row). A label outside 0..classes−1 is an error.
 */
export function confusionMatrix(labels: ArrayLike<number>, outputs: ArrayLike<number>, outputsPerRow: number, classes: number): number[][] {
  if (outputs.length !== labels.length * outputsPerRow) {
    throw new Error(`confusionMatrix: ${labels.length} labels need ${labels.length * outputsPerRow} outputs (${outputsPerRow} a row), got ${outputs.length}`);
  }
  const counts = Array.from({ length: classes }, () => new Array<number>(classes).fill(0));
  for (let i = 0; i < labels.length; i++) {
    const label = labels[i];
    if (!Number.isInteger(label) || label < 0 || label >= classes) throw new Error(`confusionMatrix: row ${i}'s label ${label} is not a class index 0..${classes - 1}`);
    counts[label][predictedClass(outputs, i * outputsPerRow, outputsPerRow)] += 1;
  }
  return counts;
}
