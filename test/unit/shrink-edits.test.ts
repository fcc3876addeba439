// The quick fixes' edits change only the values they must; the rest of the file stays as written.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import * as jsonc from 'jsonc-parser';
import { dropInputsEdits, shrinkAllEdits, shrinkLayerEdits, shrunkExperimentText } from '../../src/editor/shrink-edits';

const apply = (text: string, edits: jsonc.Edit[]) => jsonc.applyEdits(text, edits);

describe('shrinking layers', () => {
  const text = `{
  "name": "x",
  "model": {
    "layers": [10, 10,   10],
    "activation": "relu"
  }
}`;

  test('one layer: only its number changes', () => {
    assert.equal(apply(text, shrinkLayerEdits(text, 1, 3)), text.replace('[10, 10,   10]', '[10, 3,   10]'));
  });

  test('a layer written as an object keeps its other properties', () => {
    const objects = '{"model": {"layers": [{"units": 10, "activation": "tanh"}, 4]}}';
    assert.equal(apply(objects, shrinkLayerEdits(objects, 0, 2)), '{"model": {"layers": [{"units": 2, "activation": "tanh"}, 4]}}');
  });

  test('all layers to a plan, leaving equal sizes untouched', () => {
    const edits = shrinkAllEdits(text, [4, 10, 1]);
    assert.equal(edits.length, 2);
    assert.equal(apply(text, edits), text.replace('[10, 10,   10]', '[4, 10,   1]'));
  });

  test('a layer that is not in the file is an error, not a silent no-op', () => {
    assert.throws(() => shrinkLayerEdits(text, 5, 1), /model.layers\[5\] is not in the file/);
  });

  test('the shrunk copy of an experiment says so in its name', () => {
    const copy = shrunkExperimentText(text, [3, 2, 1]);
    assert.match(copy, /"name": "x \(shrunk to \[3, 2, 1\]\)"/);
    assert.match(copy, /"layers": \[3, 2,   1\]/);
  });
});

describe('dropping input columns', () => {
  const text = `{
  "data": {
    "kind": "csv",
    "inputs": [
      "area",
      "noise",
      "rooms",
      "lucky"
    ],
    "target": "price"
  }
}`;

  test('removes the named columns and keeps one per line', () => {
    const result = apply(text, dropInputsEdits(text, ['noise', 'lucky']));
    assert.equal(result, text.replace('      "noise",\n', '').replace(',\n      "lucky"', ''));
    assert.deepEqual(jsonc.parse(result).data.inputs, ['area', 'rooms']);
  });

  test('refuses to drop every column', () => {
    assert.throws(() => dropInputsEdits(text, ['area', 'noise', 'rooms', 'lucky']), /every input/);
  });
});
