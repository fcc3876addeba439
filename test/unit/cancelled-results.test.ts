// What a cancelled training leaves: its finished runs on top of the stored results they do
// not replace, and a sentence that says what was kept.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { mergeWithStored, type ResultsDocument } from '../../src/core/results';
import { describeKept } from '../../src/runtime/report';
import { resultsFor } from '../support/fixtures';

const text = '{"name": "c", "runs": 5, "data": {"kind": "line"}, "variants": [{"name": "L1", "l1": 0.1}, {"name": "L2", "l2": 0.1}, {"name": "none"}]}';

/** `document` with these run numbers per variant (runs stripped to what merging and counting read). */
function withRuns(document: ResultsDocument, runsOf: Record<string, number[]>): ResultsDocument {
  return {
    ...document,
    variants: document.variants
      .filter((v) => runsOf[v.variant.name])
      .map((v) => ({ ...v, runs: runsOf[v.variant.name].map((run) => ({ variant: v.variant.name, run }) as ResultsDocument['variants'][number]['runs'][number]) })),
  };
}

describe('a cancelled training on top of the stored results', () => {
  const storedResults = withRuns(resultsFor(text, [{ testAbsErrorMean: 1 }, { testAbsErrorMean: 2 }, { testAbsErrorMean: 3 }]), { L1: [0, 1, 2, 3, 4], L2: [0, 1, 2, 3, 4], none: [0, 1, 2, 3, 4] });
  const cancelled = { ...withRuns(resultsFor(text, [{ testAbsErrorMean: 7 }]), { L1: [0, 1, 2] }), cancelled: true };

  test('replaces the variants it trained, runs and all, keeps the others, and says it was cancelled', () => {
    const merged = mergeWithStored(storedResults, cancelled);
    assert.deepEqual(
      merged.variants.map((v) => [v.variant.name, v.runs.map((r) => r.run), v.summary.testAbsErrorMean]),
      [
        ['L1', [0, 1, 2], 7],
        ['L2', [0, 1, 2, 3, 4], 2],
        ['none', [0, 1, 2, 3, 4], 3],
      ],
    );
    assert.equal(merged.cancelled, true);
  });

  test('keeps the others when only the variant trained now changed (a λ tried or edited)', () => {
    const tried = { ...cancelled, experiment: { ...cancelled.experiment, variants: cancelled.experiment.variants.map((v) => (v.name === 'L1' ? { ...v, l1: 0.05 } : v)) } };
    assert.deepEqual(mergeWithStored(storedResults, tried).variants.map((v) => v.variant.name), ['L1', 'L2', 'none']);
    const otherChanged = { ...tried, experiment: { ...tried.experiment, variants: tried.experiment.variants.map((v) => (v.name === 'L2' ? { ...v, l2: 0.05 } : v)) } };
    assert.deepEqual(mergeWithStored(storedResults, otherChanged).variants.map((v) => v.variant.name), ['L1'], 'a variant not trained now changed: its stored results no longer apply');
  });

  test('keeps nothing of stored results from an experiment that trains differently', () => {
    const otherExperiment = withRuns(resultsFor(text.replace('"runs": 5', '"runs": 6'), []), { L2: [0] });
    assert.deepEqual(mergeWithStored(otherExperiment, cancelled).variants.map((v) => v.variant.name), ['L1']);
    assert.equal(mergeWithStored(undefined, cancelled), cancelled);
  });
});

describe('what a cancel kept, in words', () => {
  const experiment = resultsFor(text, []).experiment;

  test('counts the runs kept against those planned, and names them from 1, in ranges', () => {
    const kept = withRuns(resultsFor(text, []), { L1: [0, 1, 2, 4], L2: [3] });
    assert.equal(describeKept(kept, experiment), 'kept 5 of 15 runs (L1: runs 1-3, 5; L2: run 4)');
  });

  test('plans only the variants asked for', () => {
    const kept = withRuns(resultsFor(text, []), { L2: [1, 0] });
    assert.equal(describeKept(kept, experiment, ['L2', 'none']), 'kept 2 of 10 runs (L2: runs 1-2)');
  });

  test('says when no run had finished', () => {
    assert.equal(describeKept(undefined, experiment), 'none of 15 runs had finished');
  });
});
