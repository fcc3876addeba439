// TensorFlow Playground's input features of a 2-D point, by Playground's own ids: a file picks
// some of them (`data.features`), the network sees them as its inputs in the order picked, and
// lenses and tables name an input by its id. The decision boundary view maps the plane through
// the same table, so the panel and the trainer cannot disagree on what an input is.

export const FEATURE_IDS = ['x1', 'x2', 'x1Squared', 'x2Squared', 'x1x2', 'sinX1', 'sinX2'] as const;
export type FeatureId = (typeof FEATURE_IDS)[number];

export const features: Record<FeatureId, { label: string; of: (x1: number, x2: number) => number }> = {
  x1: { label: 'x₁', of: (x1) => x1 },
  x2: { label: 'x₂', of: (_x1, x2) => x2 },
  x1Squared: { label: 'x₁²', of: (x1) => x1 * x1 },
  x2Squared: { label: 'x₂²', of: (_x1, x2) => x2 * x2 },
  x1x2: { label: 'x₁·x₂', of: (x1, x2) => x1 * x2 },
  sinX1: { label: 'sin x₁', of: (x1) => Math.sin(x1) },
  sinX2: { label: 'sin x₂', of: (_x1, x2) => Math.sin(x2) },
};

export function isFeatureId(name: string): name is FeatureId {
  return (FEATURE_IDS as readonly string[]).includes(name);
}

/** The inputs of the points (x1, x2), row-major, one column per picked feature. */
export function featureRows(points: ArrayLike<number>, picked: readonly FeatureId[]): Float32Array {
  const n = points.length / 2;
  const rows = new Float32Array(n * picked.length);
  for (let i = 0; i < n; i++) {
    const x1 = points[2 * i];
    const x2 = points[2 * i + 1];
    for (let j = 0; j < picked.length; j++) rows[i * picked.length + j] = features[picked[j]].of(x1, x2);
  }
  return rows;
}
