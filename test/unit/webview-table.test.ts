// The panel's results table says what the CLI prints, and the shrink plan counts right.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { summaryHeaders as cliHeaders, summaryRows as cliRows } from '../../src/runtime/report';
import { parameterCount, summaryHeaders, summaryRows, variantPlan } from '../../src/panel/table-rows';
import { resultsFor } from '../support/fixtures';

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

  it('counts the parameters of a dense model', () => {
    assert.equal(parameterCount([1, 10, 10, 10, 1]), 251);
    assert.equal(parameterCount([20, 1]), 21);
  });
});
