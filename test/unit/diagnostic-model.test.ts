// RegX's own problems in the editor: what the schema cannot see, at the exact place.
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { describe, test } from 'node:test';
import { problemsFor } from '../../src/editor/diagnostic-model';
import { readExperimentDocument } from '../../src/editor/experiment-document';
import { resultsFor } from '../support/fixtures';

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'regx-diagnostics-'));
const experimentPath = path.join(dir, 'e.regx.json');
const check = async (text: string, results?: ReturnType<typeof resultsFor>) =>
  (await problemsFor(readExperimentDocument(text), experimentPath, dir, results)).problems.map((p) => ({ ...p, text: text.slice(p.offset, p.offset + p.length) }));

describe('problems the schema cannot see', () => {
  test('two variants with one name, marked on the second name', async () => {
    const text = '{"name": "d", "data": {"kind": "line"}, "variants": [{"name": "a"}, {"name": "a"}]}';
    const [problem] = await check(text);
    assert.equal(problem.path, 'variants[1].name');
    assert.equal(problem.text, '"a"');
  });

  test('schema problems are left to VS Code\'s JSON support, not reported twice', async () => {
    assert.deepEqual(await check('{"name": "d", "data": {"kind": "line", "samples": "100"}, "variants": [{"name": "a"}]}'), []);
  });

  test('a CSV column that does not exist, on the column name', async () => {
    fs.writeFileSync(path.join(dir, 'h.csv'), 'area,price\n1,2\n3,4\n');
    const text = '{"name": "d", "data": {"kind": "csv", "path": "h.csv", "inputs": ["area", "rooms"], "target": "price"}, "variants": [{"name": "a"}]}';
    const [problem] = await check(text);
    assert.equal(problem.path, 'data.inputs[1]');
    assert.equal(problem.text, '"rooms"');
    assert.equal(problem.severity, 'error');
  });

  test('all of them at once: a broken rule does not hide a missing column', async () => {
    const text = '{"name": "d", "data": {"kind": "csv", "path": "h.csv", "inputs": ["rooms"], "target": "price"}, "variants": [{"name": "a"}, {"name": "a"}]}';
    assert.deepEqual((await check(text)).map((p) => p.path).sort(), ['data.inputs[0]', 'variants[1].name']);
  });
});

describe('problems found by the last training', () => {
  const text = '{"name": "d", "data": {"kind": "line"}, "model": {"layers": [4, 3]}, "sparsity": {"threshold": 0.1}, "variants": [{"name": "L1", "l1": 1}, {"name": "L2", "l2": 0.1}]}';
  const results = resultsFor(text, [{ liveNeurons: [[2, 0], [1, 0]], suggestedSizes: [2, 1] }, {}]);

  test('a layer L1 emptied in every run is a warning on that layer', async () => {
    const problems = await check(text, results);
    assert.equal(problems.length, 1);
    assert.equal(problems[0].path, 'model.layers[1]');
    assert.equal(problems[0].text, '3');
    assert.equal(problems[0].severity, 'warning');
    assert.match(problems[0].message, /^L1 left no live neuron in this layer in any run/);
  });

  test('no such warning from results older than the file', async () => {
    assert.deepEqual(await check(text.replace('"l1": 1', '"l1": 0.5'), results), []);
  });
});
