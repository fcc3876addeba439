// The inlay hints after each size of "layers": that layer's suggestion per variant, verified
// by training or not; and the quick fix titles that carry the retrained figures.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { readExperimentDocument } from '../../src/editor/experiment-document';
import { inlayHintsFor } from '../../src/editor/inlay-model';
import { shrinkAllTitle, shrinkLayerEdits, shrinkLayerTitle } from '../../src/editor/shrink-edits';
import { resultsFor, verificationFor } from '../support/fixtures';

const text = `{
  "name": "hints",
  "runs": 2,
  "data": { "kind": "line" },
  "model": { "layers": [10, 10] },
  "variants": [
    { "name": "L1", "l1": 0.3 },
    { "name": "L2", "l2": 0.3 }
  ]
}`;
const document = readExperimentDocument(text);
const results = resultsFor(text, [{ liveNeurons: [[3, 2], [2, 2]], suggestedSizes: [3, 2], offAtStart: [[2, 0], [1, 0]] }, {}]);
const after = (offset: number) => text.slice(0, offset);

describe('inlay hints', () => {
  test('one after each size that some variant would shrink, with the suggestion not verified yet', () => {
    const hints = inlayHintsFor(document, results);
    assert.deepEqual(
      hints.map((h) => h.label),
      ['L1→3?', 'L1→2?'],
    );
    assert.ok(after(hints[0].offset).endsWith('"layers": [10'), 'right after the first size');
    assert.ok(after(hints[1].offset).endsWith('"layers": [10, 10'), 'right after the second');
    assert.equal(hints[0].tooltip, 'L1: 7/10 neurons off (2 dead at start, the rest switched off by training), so 3 suggested; not verified by training yet (RegX: Verify the Shrink Plan by Retraining)');
  });

  test('verified sizes are marked and give the retrained figures; a size that did not pass says it keeps its size', () => {
    const verified = inlayHintsFor(document, { ...results, shrinkVerification: [verificationFor('L1', [5, 10])] });
    assert.deepEqual(
      verified.map((h) => h.label),
      ['L1→5✓'],
    );
    assert.match(verified[0].tooltip, /verified by training: → 5 neurons: retrained 24\.10 ± 5\.80 vs 46\.90 ± 9\.76$/);
    const failed = inlayHintsFor(document, { ...results, shrinkVerification: [verificationFor('L1')] });
    assert.deepEqual(
      failed.map((h) => h.label),
      ['L1=10✗', 'L1=10✗'],
    );
  });

  test('none when the file no longer has the layers the results were trained with', () => {
    assert.deepEqual(inlayHintsFor(readExperimentDocument(text.replace('[10, 10]', '[10, 4]')), results), []);
    assert.deepEqual(inlayHintsFor(document, undefined), []);
  });
});

describe('the shrink quick fix', () => {
  test('edits exactly one number: the size of the layer', () => {
    const edits = shrinkLayerEdits(text, 1, 3);
    assert.equal(edits.length, 1);
    assert.equal(text.slice(edits[0].offset, edits[0].offset + edits[0].length), '10');
    assert.equal(edits[0].content, '3');
  });

  test('its title carries the retrained figures once training verified the size', () => {
    const l1 = results.variants[0].summary;
    assert.deepEqual(shrinkLayerTitle(results, l1, 0), { text: 'Shrink layer 1 to 3 neurons (L1 switched off at least 7 in every run; not verified by retraining)', size: 3 });
    const verified = { ...results, shrinkVerification: [verificationFor('L1', [5, 10])] };
    assert.deepEqual(shrinkLayerTitle(verified, l1, 0), { text: 'Shrink layer 1 to 5 neurons: retrained 24.10 ± 5.80 vs 46.90 ± 9.76 (L1, verified)', size: 5 });
    assert.equal(shrinkLayerTitle(verified, l1, 1), undefined, 'the verified size of layer 2 is its own');
    assert.equal(shrinkAllTitle(l1, verified), 'Shrink all layers as L1 suggests: [10, 10] → [5, 10]: retrained 24.10 ± 5.80 vs 46.90 ± 9.76');
  });
});
