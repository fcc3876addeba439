// The rule a suggested size passes by: which sizes are tried, what a collapsed run is, when
// the paired difference is within the margin, and how a verified size reads.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  candidateSizes,
  defaultVerificationSettings,
  isCollapsed,
  judgeSize,
  layerVerdict,
  suggestionOf,
  validationRows,
  verificationSummary,
  type ShrinkVerification,
} from '../../src/core/analysis/shrink-verification';

describe('the sizes tried', () => {
  it('start at the suggestion and double per layer, never reaching the original, at most maxSizes of them', () => {
    assert.deepEqual(candidateSizes([1, 1, 1], [10, 10, 10], 4), [
      [1, 1, 1],
      [2, 2, 2],
      [4, 4, 4],
      [8, 8, 8],
    ]);
    assert.deepEqual(candidateSizes([1, 1, 1], [10, 10, 10], 2), [
      [1, 1, 1],
      [2, 2, 2],
    ]);
    // A layer that keeps its size stays; the next doubling reaches the original and stops.
    assert.deepEqual(candidateSizes([6, 10, 3], [10, 10, 10], 4), [
      [6, 10, 3],
      [10, 10, 6],
    ]);
    assert.deepEqual(candidateSizes([10, 10], [10, 10], 4), [], 'nothing smaller to try');
  });

  it('refuses sizes for another number of layers', () => {
    assert.throws(() => candidateSizes([1], [10, 10], 4), /1 suggested sizes for 2 layers/);
  });

  it('carve every fifth training row out for validation by default', () => {
    const { train, validation } = validationRows(10, defaultVerificationSettings.validationShare);
    assert.deepEqual(validation, [4, 9]);
    assert.deepEqual(train, [0, 1, 2, 3, 5, 6, 7, 8]);
  });
});

describe('a collapsed run', () => {
  it('is one whose predictions do not vary over the rows', () => {
    assert.equal(isCollapsed([1.5, 1.5, 1.5]), true);
    assert.equal(isCollapsed([1000, 1000 + 1e-4]), true, 'within float32 noise of a constant');
    assert.equal(isCollapsed([1.5, 1.6, 1.5]), false);
    assert.equal(isCollapsed([3]), false, 'one row says nothing');
  });
});

describe('judging a size against the original', () => {
  const reference = [10, 12, 11, 9, 10];

  it('accepts a size whose paired difference stays below the margin at the 95% upper end', () => {
    const judged = judgeSize([3], [10.1, 12.2, 11.0, 9.1, 10.1], [], reference, 1);
    assert.equal(judged.accepted, true);
    assert.ok(judged.comparison.interval[1] < 1);
    assert.match(judged.verdict, /within the margin/);
  });

  it('does not accept a noisy size even when its mean is lower: the interval is too wide for the runs', () => {
    const judged = judgeSize([3], [2, 20, 4, 18, 3], [], reference, 1);
    assert.ok(judged.comparison.meanDifference < 0, 'lower on average');
    assert.equal(judged.accepted, false);
    assert.match(judged.verdict, /^not resolved with 5 runs/);
  });

  it('does not accept a size with a collapsed run, however good its errors', () => {
    const judged = judgeSize([1], [5, 5, 5, 5, 5], [2], reference, 1);
    assert.equal(judged.accepted, false);
    assert.equal(judged.verdict, '1 of 5 runs collapsed to a constant output');
  });

  it('does not accept a size with a run that diverged where the original did not', () => {
    const judged = judgeSize([1], [10, 12, NaN, 9, 10], [], reference, 5);
    assert.equal(judged.accepted, false);
    assert.equal(judged.verdict, '1 of 5 runs diverged');
  });

  it('needs two finished runs', () => {
    const judged = judgeSize([1], [5, NaN], [], [6, NaN], 1);
    assert.equal(judged.accepted, false);
    assert.match(judged.verdict, /at least 2 finished runs, had 1/);
  });
});

describe('how a verified size reads', () => {
  const verification = (suggested?: number[]): ShrinkVerification => ({
    variant: 'L1',
    settings: defaultVerificationSettings,
    reference: { sizes: [10, 10, 10], validationErrors: [1, 2] },
    margin: 0.15,
    trainRows: 60,
    validationRows: 15,
    tried: [judgeSize([3, 10, 3], [1, 2], [], [1, 2], 0.15)],
    ...(suggested ? { suggestion: suggestionOf(suggested, [20, 28.2], [], [40, 53.8]) } : {}),
    seconds: 1,
  });

  it('gives the retrained figures beside the original ones', () => {
    const verified = verification([3, 10, 3]);
    assert.equal(layerVerdict(verified, 0), '→ 3 neurons: retrained 24.10 ± 5.80 vs 46.90 ± 9.76');
    assert.equal(layerVerdict(verified, 1), 'keeps 10');
    assert.equal(verificationSummary(verified), 'L1: [10, 10, 10] → [3, 10, 3]: retrained 24.10 ± 5.80 vs 46.90 ± 9.76 (1 size tried)');
  });

  it('says fine-tuned for that mode, and what was tried when nothing passed', () => {
    const fineTuned = { ...verification([3, 10, 3]), settings: { ...defaultVerificationSettings, mode: 'fine-tune' as const } };
    assert.match(layerVerdict(fineTuned, 0), /: fine-tuned 24\.10/);
    assert.equal(layerVerdict(verification(), 0), 'no smaller size verified (1 tried)');
  });
});
