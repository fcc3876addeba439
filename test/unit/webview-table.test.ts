// The panel's results table says what the CLI prints, and the shrink plan counts right.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { summaryHeaders as cliHeaders, summaryRows as cliRows } from '../../src/runtime/report';
import { parameterCount, summaryHeaders, summaryRows, variantPlan } from '../../src/panel/table-rows';
import { pruningCheckNote } from '../../src/core/results-table';
import { resultsFor, verificationFor } from '../support/fixtures';

const text = JSON.stringify({
  name: 'plan',
  data: { kind: 'line' },
  model: { layers: [10, 10, 10] },
  variants: [{ name: 'L1', l1: 0.3 }, { name: 'L2', l2: 0.3 }],
});

describe('results table', () => {
  const document = resultsFor(text, [
    { layerSizes: [10, 10, 10], liveNeurons: [[3, 7, 5], [1, 6, 6]], suggestedSizes: [3, 7, 6], zeroShare: 0.341, exactZeroShare: 0 },
    { layerSizes: [10, 10, 10], liveNeurons: [[10, 10, 10]], suggestedSizes: [10, 10, 10], unusedInputs: ['x'] },
  ]);

  it("has the CLI's columns and cells", () => {
    assert.deepEqual(summaryHeaders, cliHeaders);
    assert.deepEqual(summaryRows(document), cliRows(document));
  });

  it('plans the shrink of each variant', () => {
    const l1 = variantPlan(document.variants[0].summary, 1);
    assert.equal(l1.shrinks, true);
    assert.deepEqual(l1.sizesAfter, [3, 7, 6]);
    assert.deepEqual(l1.layers.map((l) => l.live), ['1-3/10', '6-7/10', '5-6/10']);
    assert.equal(l1.parametersBefore, parameterCount([1, 10, 10, 10, 1]));
    assert.equal(l1.parametersAfter, 1 * 3 + 3 + 3 * 7 + 7 + 7 * 6 + 6 + 6 + 1);
    assert.equal(variantPlan(document.variants[1].summary, 1).shrinks, false);
  });

  it('shows the neurons off at the start, and the verified sizes once training verified them', () => {
    const withStart = resultsFor(text, [{ layerSizes: [10, 10, 10], liveNeurons: [[3, 7, 5], [1, 6, 6]], suggestedSizes: [3, 7, 6], offAtStart: [[2, 0, 1], [0, 0, 4]] }, {}]);
    const plan = variantPlan(withStart.variants[0].summary, 1);
    assert.deepEqual(plan.layers.map((l) => l.offAtStart), ['2', '0', '4'], 'per layer, from the run with the most live neurons there');
    assert.deepEqual(variantPlan(document.variants[0].summary, 1).layers.map((l) => l.offAtStart), ['-', '-', '-'], 'older results do not say');
    const verification = { ...verificationFor('L1', [5, 10]), reference: { sizes: [10, 10, 10], validationErrors: [1, 2] } };
    verification.suggestion!.sizes = [5, 10, 8];
    const verified = variantPlan(document.variants[0].summary, 1, verification);
    assert.deepEqual(verified.sizesAfter, [5, 10, 8]);
    assert.deepEqual(verified.verification?.layers, ['→ 5 neurons: retrained 24.10 ± 5.80 vs 46.90 ± 9.76', 'keeps 10', '→ 8 neurons: retrained 24.10 ± 5.80 vs 46.90 ± 9.76']);
  });

  it("words the pruning check as what it is, against the test error", () => {
    const checked = resultsFor(text, [{ shrinkPredictionChange: 2.8e-4, shrinkChangeShareOfMae: 1e-4 }, { shrinkPredictionChange: 1e-5, shrinkChangeShareOfMae: 0.02 }]);
    assert.equal(pruningCheckNote(checked), "Pruning check, not a retraining: the plan applied to each run's own trained weights changes a test prediction by at most 2.8e-4, at most 2% of a run's mean absolute test error.");
  });

  it('counts the parameters of a dense model', () => {
    assert.equal(parameterCount([1, 10, 10, 10, 1]), 251);
    assert.equal(parameterCount([20, 1]), 21);
  });
});
