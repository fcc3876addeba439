// The quick fixes' edits change only the values they must; the rest of the file stays as written.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import * as jsonc from 'jsonc-parser';
import { readExperimentDocument, type Span } from '../../src/editor/experiment-document';
import { dropFeaturesEdits, dropInputsEdits, shrinkAllEdits, shrinkLayerEdits, shrunkExperimentText, unusedInputFixes } from '../../src/editor/shrink-edits';
import { resultsFor } from '../support/fixtures';

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

describe('removing features no run used (a point set)', () => {
  const listed = `{
  "name": "c",
  "data": {
    "kind": "circle",
    "features": ["x1", "x2", "x1Squared", "x2Squared", "x1x2", "sinX1", "sinX2"]
  },
  "variants": [{ "name": "L1", "l1": 0.01 }, { "name": "none" }]
}`;

  test('removes the named features from data.features in one edit, keeping the others in order', () => {
    const edits = dropFeaturesEdits(listed, ['x1', 'x1x2', 'sinX2']);
    assert.equal(edits.length, 1);
    const result = apply(listed, edits);
    assert.equal(result, listed.replace('["x1", "x2", "x1Squared", "x2Squared", "x1x2", "sinX1", "sinX2"]', '["x2", "x1Squared", "x2Squared", "sinX1"]'));
  });

  test('a file that lists no features sees the defaults: the ones kept are written out after data\'s last property', () => {
    const multiLine = '{\n  "data": {\n    "kind": "xor",\n    "samples": 200\n  }\n}';
    assert.equal(apply(multiLine, dropFeaturesEdits(multiLine, ['x1'])), '{\n  "data": {\n    "kind": "xor",\n    "samples": 200,\n    "features": ["x2"]\n  }\n}');
    const oneLine = '{ "data": { "kind": "xor", "samples": 200 } }';
    assert.equal(apply(oneLine, dropFeaturesEdits(oneLine, ['x2'])), '{ "data": { "kind": "xor", "samples": 200, "features": ["x1"] } }');
  });

  test('refuses to remove every feature', () => {
    assert.throws(() => dropFeaturesEdits(listed, ['x1', 'x2', 'x1Squared', 'x2Squared', 'x1x2', 'sinX1', 'sinX2']), /every feature/);
    assert.throws(() => dropFeaturesEdits('{ "data": { "kind": "xor" } }', ['x1', 'x2']), /every feature/);
  });

  /** The fixes offered with the cursor on `line` (1-based) of `text`, for L1 leaving `unused` unused. */
  const fixesAt = (text: string, line: number, unused: string[]) => {
    const results = resultsFor(text, [{ unusedInputs: unused }, { unusedInputs: [] }]);
    results.dataset = { ...results.dataset, inputNames: ['x1', 'x2', 'x1Squared', 'x2Squared', 'x1x2', 'sinX1', 'sinX2'], d: 7 };
    const lineOf = (span: Span) => text.slice(0, span.offset).split('\n').length;
    return unusedInputFixes(readExperimentDocument(text), results, (span) => lineOf(span) === line);
  };

  test('the quick fix shows on the features line, per variant that left some unused, and applies the removal', () => {
    const [fix, ...others] = fixesAt(listed, 5, ['x1', 'x2', 'x1x2', 'sinX1', 'sinX2']);
    assert.deepEqual(others, [], 'none for the variant that used every feature');
    assert.equal(fix.title, 'Remove features no run of L1 used: x1, x2, x1x2, sinX1, sinX2');
    assert.match(apply(listed, fix.edits), /"features": \["x1Squared", "x2Squared"\]/);
    assert.deepEqual(fixesAt(listed, 3, ['x1']), [], 'not on another line');
  });

  test('without a features list, it shows on the data.kind line', () => {
    const defaults = listed.replace(',\n    "features": ["x1", "x2", "x1Squared", "x2Squared", "x1x2", "sinX1", "sinX2"]', '');
    const [fix] = fixesAt(defaults, 4, ['x2']);
    assert.equal(apply(defaults, fix.edits), defaults.replace('"kind": "circle"', '"kind": "circle",\n    "features": ["x1"]'));
  });

  test('no fix when every input went unused: the network needs one', () => {
    assert.deepEqual(fixesAt(listed, 5, ['x1', 'x2', 'x1Squared', 'x2Squared', 'x1x2', 'sinX1', 'sinX2']), []);
  });

  test('a CSV keeps its fix on the data.inputs entries', () => {
    const csv = '{\n  "name": "h",\n  "data": { "kind": "csv", "path": "h.csv", "target": "y",\n    "inputs": ["a", "b"] },\n  "variants": [{ "name": "L1", "l1": 0.1 }, { "name": "none" }]\n}';
    const results = resultsFor(csv, [{ unusedInputs: ['b'] }, { unusedInputs: [] }]);
    results.dataset = { ...results.dataset, inputNames: ['a', 'b'], d: 2 };
    const fixes = unusedInputFixes(readExperimentDocument(csv), results, (span) => csv.slice(0, span.offset).split('\n').length === 4);
    assert.deepEqual(fixes.map((f) => f.title), ['Drop input columns no run of L1 used: b']);
    assert.match(apply(csv, fixes[0].edits), /"inputs": \["a"\]/);
  });
});
