// Two variants picked in the panel are compared as results.json compares them: run r against
// run r, with the paired t-test, said in words.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { compareVariants, type ResultsDocument, type RunResult } from '../../src/core/results';
import { pickedComparison } from '../../src/panel/compare-pick';
import { resultsFor } from '../support/fixtures';

const text = '{"name": "p", "runs": 3, "data": {"kind": "line"}, "variants": [{"name": "A", "l1": 0.1}, {"name": "B", "l2": 0.1}, {"name": "none"}]}';

/** Results whose runs carry only what a comparison reads: the run number and its test |error|. */
function withErrors(errors: Record<string, number[]>): ResultsDocument {
  const document = resultsFor(text, []);
  const run = (variant: string, r: number, testAbsError: number) => ({ variant, run: r, testAbsError }) as RunResult;
  return { ...document, variants: document.variants.map((v) => ({ ...v, runs: errors[v.variant.name].map((e, r) => run(v.variant.name, r, e)) })) };
}

describe('comparing two variants picked in the panel', () => {
  const results = withErrors({ A: [10, 12, 15], B: [9, 10, 12], none: [10, 11, 16] });

  test('says the difference, its interval and p, unadjusted because it stands alone', () => {
    const text = pickedComparison(results, 'A', 'B');
    assert.match(text, /^A - B: \+2\.00 \(95% CI /);
    assert.match(text, /this comparison alone: not adjusted/);
  });

  test('is the same test as the comparisons of results.json, before their adjustment', () => {
    const [aAgainstNone] = compareVariants(results.variants, 3);
    assert.equal(`${aAgainstNone.a} - ${aAgainstNone.b}`, 'A - none');
    assert.match(pickedComparison(results, 'A', 'none'), new RegExp(`p = ${aAgainstNone.p.toFixed(3)}`));
  });

  test('the pairs a file names form a family of their own: the comparisons against no penalty keep their adjustment', () => {
    const alone = compareVariants(results.variants, 3);
    const withNamed = compareVariants(results.variants, 3, [['A', 'B']]);
    assert.deepEqual(withNamed.slice(0, 2), alone);
    assert.equal(withNamed.length, 3);
    const [named] = withNamed.slice(2);
    assert.deepEqual([named.a, named.b, named.named, named.family, named.pAdjusted], ['A', 'B', true, 1, named.p]);
    assert.match(pickedComparison(results, 'A', 'B'), new RegExp(`p = ${named.p.toFixed(3)}`));
  });

  test('a difference within the noise is not resolved with the runs there are', () => {
    assert.match(pickedComparison(results, 'A', 'none'), /not resolved with 3 runs/);
  });

  test('a variant against itself is no comparison', () => {
    assert.equal(pickedComparison(results, 'A', 'A'), 'Pick two different variants to compare.');
  });
});
