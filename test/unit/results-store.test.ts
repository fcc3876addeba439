// Results are kept per experiment under the workspace's .regx folder and survive a restart.
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { test } from 'node:test';
import { ResultsStore } from '../../src/editor/results-store';
import { resultsFor } from '../support/fixtures';

const text = '{"name": "s", "data": {"kind": "line"}, "model": {"layers": [3]}, "variants": [{"name": "v"}]}';

test('saved results are read back by a new store, from .regx/<path>.results.json', () => {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'regx-store-'));
  const experimentPath = path.join(root, 'sub', 'e.regx.json');
  const store = new ResultsStore(() => root);
  const changed: string[] = [];
  store.onDidChange((file) => changed.push(file));
  assert.equal(store.get(experimentPath), undefined);
  store.save(experimentPath, resultsFor(text, []));
  assert.deepEqual(changed, [experimentPath]);
  assert.ok(fs.existsSync(path.join(root, '.regx', 'sub', 'e.results.json')));
  assert.deepEqual(fs.readdirSync(path.join(root, '.regx', 'sub')), ['e.results.bin', 'e.results.json'], 'the document and its binary, no temporary file left behind');
  const reread = new ResultsStore(() => root).get(experimentPath);
  assert.equal(reread?.experiment.name, 's');
  assert.deepEqual(reread?.variants[0].summary.layerSizes, [3]);
});

test('an unreadable results file counts as none, and the experiment file is never touched', () => {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'regx-store-'));
  const experimentPath = path.join(root, 'e.regx.json');
  fs.writeFileSync(experimentPath, text);
  fs.mkdirSync(path.join(root, '.regx'));
  fs.writeFileSync(path.join(root, '.regx', 'e.results.json'), '{ broken');
  const store = new ResultsStore(() => root);
  assert.equal(store.get(experimentPath), undefined);
  store.save(experimentPath, resultsFor(text, []));
  store.remove(experimentPath);
  assert.deepEqual(fs.readdirSync(path.join(root, '.regx')), [], 'the results file and its binary are gone');
  assert.equal(fs.readFileSync(experimentPath, 'utf8'), text);
  assert.equal(store.get(experimentPath), undefined);
});
