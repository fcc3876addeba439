// One run's analysis and a variant across its runs: means, spreads, sizes and inputs that
// hold for every run.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { analyzeWeights, summarizeRuns } from '../../src/core/analysis/runs';
import { suggestedSizesAcrossRuns, type ShrinkPlan } from '../../src/core/analysis/shrink';
import { mean, meanAndSd, sampleSd } from '../../src/core/analysis/statistics';
import { inputsUnusedInEveryRun } from '../../src/core/analysis/unused-inputs';
import { chainNetwork, lineX, near, threshold } from '../support/analysis-networks';

describe('across runs', () => {
  it('mean and sample standard deviation', () => {
    const values = [2, 4, 4, 4, 5, 5, 7, 9];
    assert.equal(mean(values), 5);
    near(sampleSd(values), Math.sqrt(32 / 7), 1e-12);
    assert.deepEqual(meanAndSd([3]), { n: 1, mean: 3, sd: undefined });
    assert.ok(Number.isNaN(mean([])));
    assert.ok(Number.isNaN(sampleSd([1])));
  });

  it('suggests per layer the largest live count over the runs, at least 1', () => {
    const plan = (live: number[]) => ({ layers: live.map((l, i) => ({ layer: i, size: 10, live: l, suggested: Math.max(1, l), keep: [] })) }) as unknown as ShrinkPlan;
    assert.deepEqual(suggestedSizesAcrossRuns([plan([2, 3, 0]), plan([4, 1, 0]), plan([3, 3, 0])]), [4, 3, 1]);
  });

  it('reports only the inputs unused in every run', () => {
    const u = (index: number) => ({ index, name: `x${index + 1}`, reason: 'zero-weights' as const });
    assert.deepEqual(inputsUnusedInEveryRun([[u(0), u(2), u(3)], [u(2), u(3)], [u(3), u(2)]]), ['x3', 'x4']);
    assert.deepEqual(inputsUnusedInEveryRun([[u(0)], []]), []);
  });

  it('summarizes the analyses of two runs', () => {
    const data = { train: { x: lineX, n: lineX.length }, test: { x: Float32Array.from([0.25, 1.75]), n: 2 }, inputNames: ['x'] };
    const first = analyzeWeights(chainNetwork(), data, threshold);
    // The second run also uses m3 (output weight 1), which brings n4 back to life.
    const second = chainNetwork();
    second[2].kernel[3] = 1;
    const summary = summarizeRuns([first, analyzeWeights(second, data, threshold)]);
    assert.equal(summary.runs, 2);
    assert.deepEqual(summary.suggestedSizes, [2, 2]);
    assert.deepEqual(
      summary.liveCounts.map((m) => m.mean),
      [1.5, 1.5],
    );
    near(summary.liveCounts[0].sd!, Math.SQRT1_2, 1e-12);
    assert.deepEqual(summary.inputsUnusedInEveryRun, []);
    assert.ok(summary.largestShrinkChange <= 1e-6);
    assert.equal(first.shrinkCheck.rows, 2);
  });
});
