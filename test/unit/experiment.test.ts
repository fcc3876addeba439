// The experiment file: defaults come from the schema, and every kind of mistake is
// reported with its JSON path, what was expected, and where it is in the text.
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { describe, test } from 'node:test';
import { checkDataFiles } from '../../src/runtime/check-experiment';
import { lineColumn, parseExperiment } from '../../src/core/experiment';
import { experimentFrom } from '../support/fixtures';

const minimal = { name: 'm', data: { kind: 'line' }, variants: [{ name: 'L1', l1: 0.3 }] };

function problemsOf(json: unknown): { path: string; message: string }[] {
  const result = parseExperiment(typeof json === 'string' ? json : JSON.stringify(json, null, 2));
  return result.problems.filter((p) => p.severity === 'error').map(({ path, message }) => ({ path, message }));
}

describe('defaults', () => {
  test('a minimal file is filled in from the schema', () => {
    const e = experimentFrom(minimal);
    assert.equal(e.seed, 1);
    assert.equal(e.runs, 1);
    assert.deepEqual(e.data, { kind: 'line', samples: 100, slope: 2, intercept: 1, xMin: -1, xMax: 1, noise: 0.1, outliers: 0, outlierScale: 5, testFraction: 0.25 });
    assert.deepEqual(e.variants[0], { name: 'L1', l1: 0.3, l2: 0, l1Method: 'subgradient' });
    assert.equal(e.training.optimizer, 'sgd');
    assert.equal(e.regularizeBiases, false);
    assert.equal(e.sparsity.threshold, 1e-3);
  });

  test('layers may be sizes or objects, and take the model activation unless they name their own', () => {
    const e = experimentFrom({ ...minimal, model: { layers: [4, { units: 3, activation: 'tanh' }], activation: 'sigmoid' } });
    assert.deepEqual(e.model.layers, [
      { units: 4, activation: 'sigmoid' },
      { units: 3, activation: 'tanh' },
    ]);
  });

  test('[] layers is a linear model', () => {
    assert.deepEqual(experimentFrom({ ...minimal, model: { layers: [] } }).model.layers, []);
  });

  test('snapshots default to at most maxFrames over the epochs', () => {
    const e = experimentFrom({ ...minimal, training: { epochs: 1000 }, snapshots: { maxFrames: 50 } });
    assert.equal(e.snapshots.every, 20);
  });
});

describe('every problem names its JSON path and what was expected', () => {
  const cases: [string, unknown, { path: string; message: RegExp }][] = [
    ['a string for an integer', { ...minimal, data: { kind: 'line', samples: '100' } }, { path: 'data.samples', message: /^must be an integer >= 2 and <= 1000000, got "100"$/ }],
    ['too few samples', { ...minimal, data: { kind: 'line', samples: 1 } }, { path: 'data.samples', message: /integer >= 2 and <= 1000000, got 1/ }],
    ['a negative λ', { ...minimal, variants: [{ name: 'a', l1: -0.1 }] }, { path: 'variants[0].l1', message: /must be a number >= 0, got -0.1/ }],
    ['a zero learning rate', { ...minimal, training: { learningRate: 0 } }, { path: 'training.learningRate', message: /must be a number > 0, got 0/ }],
    ['testFraction of 1', { ...minimal, data: { kind: 'line', testFraction: 1 } }, { path: 'data.testFraction', message: /< 1, got 1/ }],
    ['a layer of size 0', { ...minimal, model: { layers: [10, 0] } }, { path: 'model.layers[1]', message: /integer >= 1/ }],
    ['an unknown activation', { ...minimal, model: { activation: 'gelu' } }, { path: 'model.activation', message: /one of "relu", "tanh", "sigmoid", "linear", got "gelu"/ }],
    ['an unknown data kind', { ...minimal, data: { kind: 'spiral' } }, { path: 'data.kind', message: /one of "line", "sparse-linear", "csv"/ }],
    ['a typo in a property', { ...minimal, trainng: {} }, { path: 'trainng', message: /not a known property.*"training"/ }],
    ['a missing name', { data: minimal.data, variants: minimal.variants }, { path: 'name', message: /is missing/ }],
    ['no variants', { ...minimal, variants: [] }, { path: 'variants', message: /at least 1 item/ }],
    ['a csv without columns', { ...minimal, data: { kind: 'csv', path: 'a.csv' } }, { path: 'data.inputs', message: /is missing/ }],
    ['two variants with one name', { ...minimal, variants: [{ name: 'a' }, { name: 'a' }] }, { path: 'variants[1].name', message: /must be unique/ }],
    ['proximal L1 with adam', { ...minimal, training: { optimizer: 'adam' }, variants: [{ name: 'a', l1: 0.1, l1Method: 'proximal' }] }, { path: 'variants[0].l1Method', message: /needs training.optimizer "sgd"/ }],
    ['more informative features than features', { ...minimal, data: { kind: 'sparse-linear', features: 3, informative: 5 } }, { path: 'data.informative', message: /at most data.features \(3\), got 5/ }],
    ['an empty x range', { ...minimal, data: { kind: 'line', xMin: 1, xMax: 1 } }, { path: 'data.xMax', message: /greater than data.xMin/ }],
  ];
  for (const [name, json, expected] of cases) {
    test(name, () => {
      const problems = problemsOf(json);
      const match = problems.find((p) => p.path === expected.path);
      assert.ok(match, `expected a problem at ${expected.path}, got ${JSON.stringify(problems)}`);
      assert.match(match.message, expected.message);
    });
  }

  test('a zero threshold inside the jitter of subgradient L1 is a warning', () => {
    const warn = (json: object) => parseExperiment(JSON.stringify(json)).problems.filter((p) => p.severity === 'warning' && p.path === 'variants[0].l1');
    const [problem] = warn({ ...minimal, training: { learningRate: 0.01 }, variants: [{ name: 'L1', l1: 0.3 }] });
    assert.match(problem.message, /^with subgradient L1, weights jitter within about lr·l1 = 0.003 of zero, above sparsity.threshold 0.001: .* at least 0.006/);
    assert.deepEqual(warn({ ...minimal, training: { learningRate: 0.01 }, variants: [{ name: 'L1', l1: 0.3 }], sparsity: { threshold: 0.01 } }), []);
    assert.deepEqual(warn({ ...minimal, training: { learningRate: 0.01 }, variants: [{ name: 'L1', l1: 0.3, l1Method: 'proximal' }] }), []);
  });

  test('all problems are listed at once, not only the first', () => {
    const paths = problemsOf({ ...minimal, seed: 'x', runs: 0, training: { epochs: -1 } }).map((p) => p.path);
    assert.deepEqual(paths.sort(), ['runs', 'seed', 'training.epochs']);
  });

  test('the place of a problem is the value in the text', () => {
    const text = JSON.stringify({ ...minimal, data: { kind: 'line', samples: '100' } }, null, 2);
    const [problem] = parseExperiment(text).problems;
    assert.equal(text.slice(problem.offset, problem.offset + problem.length), '"100"');
    assert.deepEqual(lineColumn(text, problem.offset), { line: 5, column: 16 });
  });

  test('broken JSON is reported with its place', () => {
    const problems = parseExperiment('{\n  "name": "x",\n}').problems;
    assert.ok(problems.length > 0);
    assert.match(problems[0].message, /invalid JSON/);
    assert.equal(lineColumn('{\n  "name": "x",\n}', problems[0].offset).line, 3);
  });

  test('comments are not JSON', () => {
    assert.match(problemsOf('{ // no\n "name": "x" }')[0].message, /invalid JSON/);
  });
});

describe('checks of the CSV file an experiment names', () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'regx-csv-'));
  fs.writeFileSync(path.join(dir, 'data.csv'), 'a,b,y\n1,2,3\n4,5,6\n');
  const experimentPath = path.join(dir, 'e.regx.json');
  const check = async (data: object, workspaceRoot?: string) => {
    const json = { ...minimal, data: { kind: 'csv', ...data } };
    const text = JSON.stringify(json, null, 2);
    return (await checkDataFiles(experimentFrom(json), text, experimentPath, workspaceRoot)).problems.map((p) => ({ path: p.path, message: p.message, text: text.slice(p.offset, p.offset + p.length) }));
  };

  test('named columns that exist pass', async () => {
    assert.deepEqual(await check({ path: 'data.csv', inputs: ['a', 'b'], target: 'y' }), []);
  });

  test('a missing column names the entry and lists the columns the file has', async () => {
    const [problem] = await check({ path: 'data.csv', inputs: ['a', 'c'], target: 'y' });
    assert.equal(problem.path, 'data.inputs[1]');
    assert.equal(problem.text, '"c"');
    assert.match(problem.message, /no column "c" in the CSV; the file has "a", "b", "y"/);
  });

  test('a missing file is reported on data.path', async () => {
    const [problem] = await check({ path: 'nope.csv', inputs: ['a'], target: 'y' });
    assert.equal(problem.path, 'data.path');
    assert.match(problem.message, /no such file/);
  });

  test('a file outside the workspace is refused', async () => {
    const [problem] = await check({ path: '../elsewhere.csv', inputs: ['a'], target: 'y' }, dir);
    assert.equal(problem.path, 'data.path');
    assert.match(problem.message, /inside the workspace/);
  });
});
