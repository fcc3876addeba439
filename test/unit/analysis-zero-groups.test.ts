// Whole neurons at exactly zero: by their outgoing or incoming weights, inputs by theirs;
// exact zeros only, and how the table and the lenses say them.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { exactZeroNeurons, wholeZeroCounts } from '../../src/core/analysis/zero-groups';
import { summaryHeaders, summaryRow, wholeZeroRange } from '../../src/core/results-table';
import { inlayHintsFor } from '../../src/editor/inlay-model';
import { lensesFor } from '../../src/editor/lens-model';
import { readExperimentDocument } from '../../src/editor/experiment-document';
import { dense } from '../support/analysis-networks';
import { resultsFor } from '../support/fixtures';

describe('exactZeroNeurons', () => {
  // 2 inputs -> 3 hidden -> 2 hidden -> 1. Input 2 has no weight; hidden neuron 1 (layer 0)
  // no incoming weight; neuron 3 (layer 0) no outgoing weight; neuron 2 of layer 1 neither;
  // neuron 1 of layer 1's incoming weights are tiny but not 0.
  const params = [
    dense('relu', [[0, 1, 2], [0, 0, 0]], [0.5, 0, 0]),
    dense('relu', [[1, 0], [1e-9, 0], [0, 0]], [0, 0]),
    dense('linear', [[1], [0]], [0]),
  ];

  test('finds the neurons whose outgoing or incoming weights are all exactly 0, and the inputs', () => {
    assert.deepEqual(exactZeroNeurons(params), { outgoing: [[2], [1]], incoming: [[0], [1]], inputs: [1] });
  });

  test('counts a neuron once when both are 0; a weight of 1e-9 is not 0', () => {
    assert.deepEqual(wholeZeroCounts(exactZeroNeurons(params)), [2, 1]);
  });
});

describe('in the table and the lenses', () => {
  const text = JSON.stringify({ name: 'e', data: { kind: 'line' }, model: { layers: [10, 10] }, variants: [{ name: 'group', group: 0.1, l1Method: 'proximal' }, { name: 'none' }] }, null, 2);

  test('the table gives the range over the runs per layer, "?" for results that did not count them', () => {
    const results = resultsFor(text, [{ wholeZeroNeurons: [[7, 5], [8, 5]] }, {}]);
    const column = summaryHeaders.indexOf('Neurons at exactly 0');
    assert.equal(summaryRow(results.variants[0].summary)[column], '7-8/10 5/10');
    assert.equal(wholeZeroRange(results.variants[1].summary, 0), '?/10');
  });

  test('the inlay hint after a layer size says how many neurons are at exactly 0 in every run, when any are', () => {
    // Issue 11 moved the per-layer counts from the layer lenses (cut off on one line) to the
    // inlay hints after each size; the layers line keeps one short lens.
    const results = resultsFor(text, [{ liveNeurons: [[3, 5], [2, 5]], suggestedSizes: [3, 5], wholeZeroNeurons: [[7, 0], [8, 0]] }, {}]);
    const tooltips = inlayHintsFor(readExperimentDocument(text), results).map((hint) => hint.tooltip);
    assert.deepEqual(tooltips, [
      'group: 7/10 neurons off (7 at exactly 0), so 3 suggested; not verified by training yet (RegX: Verify the Shrink Plan by Retraining)',
      'group: 5/10 neurons off, so 5 suggested; not verified by training yet (RegX: Verify the Shrink Plan by Retraining)',
    ]);
    const titles = lensesFor(readExperimentDocument(text), results, { running: false, trusted: true }).map((lens) => lens.title).filter((title) => title.startsWith('layers'));
    assert.deepEqual(titles, ['layers: group → [3, 5] not verified · none keeps its size']);
  });
});
