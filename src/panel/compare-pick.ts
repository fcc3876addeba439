// The comparison of two variants the user picks in the panel: the same paired t-test as the
// comparisons in results.json, on the runs' total absolute test errors. One comparison, so no
// adjustment.
import { describeComparison, pairedComparison } from '../core/analysis/paired';
import { testErrorsByRun, type ResultsDocument } from '../core/results';

/** "A - B: +1.20 (95% CI ...), p = ...: not resolved with 5 runs ..." for two variants of the results. */
export function pickedComparison(results: ResultsDocument, a: string, b: string): string {
  if (a === b) return 'Pick two different variants to compare.';
  const errorsOf = (name: string) => testErrorsByRun(results.variants.find((v) => v.variant.name === name)?.runs ?? [], results.experiment.runs);
  return `${describeComparison(pairedComparison(a, errorsOf(a), b, errorsOf(b)))} (this comparison alone: not adjusted).`;
}
