// Which losses are for class labels: the one list, imported by the format (experiment.ts) and
// by the maths and results, which the panel bundles without the format's validator.
export const classificationLosses = ['binaryCrossentropy', 'categoricalCrossentropy'] as const;

/** Cross-entropy on the logits, for class labels: one logit (sigmoid) or k (softmax). */
export type ClassificationLoss = (typeof classificationLosses)[number];

/** Whether a loss reads logits against class labels (a cross-entropy) rather than a residual. */
export function isClassificationLoss(loss: string): loss is ClassificationLoss {
  return (classificationLosses as readonly string[]).includes(loss);
}
