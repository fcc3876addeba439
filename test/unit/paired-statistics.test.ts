// Paired comparisons of variants over their runs: the paired t-test, its 95% interval, Holm's
// adjustment and the runs-for-80%-power estimate, against answers computed independently
// (SciPy's ttest_rel, t.interval and the noncentral t power; R's p.adjust "holm").
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { adjustFamily, comparisonPairs, describeComparison, holmAdjust, pairedComparison, runsFor80Power } from '../../src/core/analysis/paired';

const close = (actual: number, expected: number, tolerance: number, what: string) =>
  assert.ok(Math.abs(actual - expected) <= tolerance, `${what}: expected ${expected} ± ${tolerance}, got ${actual}`);

describe('paired t-test', () => {
  // scipy.stats.ttest_rel([10,12,15,11,14], [9,10,12,10,10]): t = 3.7730, p = 0.019554;
  // t.interval(0.95, 4, loc=2.2, scale=sd/√5) = (0.58107, 3.81893).
  const comparison = pairedComparison('A', [10, 12, 15, 11, 14], 'B', [9, 10, 12, 10, 10]);

  test('works on the per-run differences: mean, sd, 95% interval and two-sided p', () => {
    assert.equal(comparison.runs, 5);
    close(comparison.meanDifference, 2.2, 1e-12, 'mean difference');
    close(comparison.sdDifference, Math.sqrt(1.7), 1e-12, 'sd of the differences');
    close(comparison.interval[0], 0.5810682152912969, 1e-9, 'interval low');
    close(comparison.interval[1], 3.8189317847087034, 1e-9, 'interval high');
    close(comparison.p, 0.019554212720304602, 1e-9, 'p');
    assert.equal(comparison.resolved, true);
  });

  test('is symmetric: swapping the variants flips the sign and keeps p', () => {
    const swapped = pairedComparison('B', [9, 10, 12, 10, 10], 'A', [10, 12, 15, 11, 14]);
    close(swapped.meanDifference, -2.2, 1e-12, 'mean difference');
    close(swapped.p, comparison.p, 1e-15, 'p');
    close(swapped.interval[0], -comparison.interval[1], 1e-12, 'interval low');
  });

  test('a difference within run-to-run noise is not resolved, and says with how many runs', () => {
    const noisy = pairedComparison('L1', [47, 30, 70, 52, 38], 'L2', [60, 41, 55, 75, 69]);
    assert.ok(noisy.interval[0] < 0 && noisy.interval[1] > 0, 'the interval spans 0');
    assert.equal(noisy.resolved, false);
    assert.match(describeComparison(noisy), /not resolved with 5 runs/);
    assert.match(describeComparison(noisy), /runs would resolve it at 80% power \(estimate\)/);
  });

  test('pairs run r with run r and leaves out a pair with a diverged run', () => {
    const withDiverged = pairedComparison('A', [10, NaN, 15, 11, 14], 'B', [9, 10, 12, 10, 10]);
    assert.equal(withDiverged.runs, 4);
    close(withDiverged.meanDifference, (1 + 3 + 1 + 4) / 4, 1e-12, 'mean difference');
  });

  test('identical differences: p is 0 (or 1 when they are all 0) and the interval a point', () => {
    assert.equal(pairedComparison('A', [3, 4, 5], 'B', [1, 2, 3]).p, 0);
    assert.equal(pairedComparison('A', [3, 4, 5], 'B', [3, 4, 5]).p, 1);
    assert.equal(pairedComparison('A', [3, 4, 5], 'B', [3, 4, 5]).resolved, false);
  });

  test('one run is no test', () => {
    const one = pairedComparison('A', [3], 'B', [1]);
    assert.ok(Number.isNaN(one.p));
    assert.equal(one.resolved, false);
    assert.equal(one.estimatedRunsFor80Power, undefined);
    assert.match(describeComparison(one), /needs at least 2 runs/);
  });

  test('runs of different counts are refused with the variants named', () => {
    assert.throws(() => pairedComparison('A', [1, 2], 'B', [1]), /A has 2 runs and B 1/);
  });
});

describe('runs needed at 80% power (an estimate)', () => {
  // The smallest n whose paired t-test at 5% has power >= 0.8 for effect size δ/s, from the
  // noncentral t distribution (SciPy): δ/s = 0.5 needs 34 pairs, 0.3 needs 90, 1.6873 needs 5.
  test('matches the exact noncentral-t answer within one run', () => {
    for (const [effect, exact] of [[0.5, 34], [0.3, 90], [1.6873229754642152, 5]]) {
      const estimate = runsFor80Power(effect, 1, 5);
      assert.ok(estimate !== undefined && Math.abs(estimate - exact) <= 1, `effect ${effect}: expected about ${exact}, got ${estimate}`);
    }
  });

  test('grows as the difference shrinks against the noise', () => {
    assert.ok(runsFor80Power(0.1, 1, 5)! > runsFor80Power(0.2, 1, 5)!);
  });

  test('has no answer for a zero difference', () => {
    assert.equal(runsFor80Power(0, 1, 5), undefined);
  });
});

describe('Holm adjustment', () => {
  test('matches R p.adjust(c(0.01, 0.04, 0.03, 0.2), "holm")', () => {
    const adjusted = holmAdjust([0.01, 0.04, 0.03, 0.2]);
    [0.04, 0.09, 0.09, 0.2].forEach((expected, i) => close(adjusted[i], expected, 1e-12, `p[${i}]`));
  });

  test('over a family, a comparison resolved alone can stop being resolved', () => {
    const alone = pairedComparison('A', [10, 12, 15, 11, 14], 'B', [9, 10, 12, 10, 10]);
    const other = pairedComparison('C', [10, 12, 15, 11, 14], 'B', [10, 12, 15, 11, 14.5]);
    const family = adjustFamily([alone, other, alone, alone]);
    assert.equal(family[0].family, 4);
    assert.ok(family[0].pAdjusted > alone.p);
    assert.equal(family[0].resolved, family[0].pAdjusted < 0.05);
  });
});

describe('which variants are compared', () => {
  test('each penalized variant against the unpenalized one', () => {
    const pairs = comparisonPairs([{ name: 'L1', l1: 0.3, l2: 0 }, { name: 'none', l1: 0, l2: 0 }, { name: 'L2', l1: 0, l2: 0.1 }]);
    assert.deepEqual(pairs, [['L1', 'none'], ['L2', 'none']]);
  });

  test('every pair when no variant is unpenalized', () => {
    const pairs = comparisonPairs([{ name: 'A', l1: 1, l2: 0 }, { name: 'B', l1: 0, l2: 1 }, { name: 'C', l1: 1, l2: 1 }]);
    assert.deepEqual(pairs, [['A', 'B'], ['A', 'C'], ['B', 'C']]);
  });
});
