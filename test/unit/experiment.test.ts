// The experiment file: defaults come from the schema, and every kind of mistake is
// reported with its JSON path, what was expected, and where it is in the text.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { describe, test } from 'node:test';
import { checkDataFiles } from '../../src/runtime/check-experiment';
import { lineColumn, parseExperiment } from '../../src/core/experiment';
import { penaltyFormula } from '../../src/core/penalties';
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

  test('l2 is tf.js\' l2·Σw² unless the file says TensorFlow 1\'s l2·Σw²/2', () => {
    assert.equal(experimentFrom({ ...minimal, variants: [{ name: 'L2', l2: 0.3 }] }).variants[0].l2, 0.3);
    const tf1 = experimentFrom({ ...minimal, penaltyConvention: 'tf1', variants: [{ name: 'L2', l2: 0.3 }, { name: 'L1', l1: 0.3 }] });
    assert.equal(tf1.penaltyConvention, 'tf1');
    assert.equal(tf1.variants[0].l2, 0.15);
    assert.equal(tf1.variants[1].l1, 0.3, 'l1 reads the same in both conventions');
    assert.equal(penaltyFormula(tf1.variants[0], tf1.penaltyConvention), '0.3·Σw²/2', 'shown as the file wrote it');
  });

  test('the group lasso is optional: absent, a variant has none; its formula names the grouping', () => {
    const e = experimentFrom({ ...minimal, variants: [{ name: 'SGL', l1: 0.1, group: 0.2 }, { name: 'in', group: 0.3, groups: 'inputs' }] });
    assert.equal(experimentFrom(minimal).variants[0].group, undefined);
    assert.equal(penaltyFormula(e.variants[0]), '0.1·Σ|w| + 0.2·Σ√p‖w_g‖ (outgoing)');
    assert.equal(penaltyFormula(e.variants[1]), '0.3·Σ√p‖w_g‖ (inputs)');
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
    ['an unknown data kind', { ...minimal, data: { kind: 'swirl' } }, { path: 'data.kind', message: /one of "line", "sparse-linear", "csv"/ }],
    ['a typo in a property', { ...minimal, trainng: {} }, { path: 'trainng', message: /not a known property.*"training"/ }],
    ['a missing name', { data: minimal.data, variants: minimal.variants }, { path: 'name', message: /is missing/ }],
    ['no variants', { ...minimal, variants: [] }, { path: 'variants', message: /at least 1 item/ }],
    ['a csv without columns', { ...minimal, data: { kind: 'csv', path: 'a.csv' } }, { path: 'data.inputs', message: /is missing/ }],
    ['two variants with one name', { ...minimal, variants: [{ name: 'a' }, { name: 'a' }] }, { path: 'variants[1].name', message: /must be unique/ }],
    ['proximal L1 with adam', { ...minimal, training: { optimizer: 'adam' }, variants: [{ name: 'a', l1: 0.1, l1Method: 'proximal' }] }, { path: 'variants[0].l1Method', message: /needs training.optimizer "sgd"/ }],
    ['proximal L1 with momentum', { ...minimal, training: { momentum: 0.9 }, variants: [{ name: 'a', l1: 0.1, l1Method: 'proximal' }] }, { path: 'variants[0].l1Method', message: /needs training.momentum 0, got 0.9: .*lasso for l1·\(1 - m\) = 0.01, not for l1 = 0.1/ }],
    ['cumulative L1 with momentum', { ...minimal, training: { momentum: 0.5 }, variants: [{ name: 'a', l1: 0.1, l1Method: 'cumulative' }] }, { path: 'variants[0].l1Method', message: /needs training.momentum 0, got 0.5/ }],
    ['a negative group λ', { ...minimal, variants: [{ name: 'g', group: -1 }] }, { path: 'variants[0].group', message: /^must be a number >= 0, got -1$/ }],
    ['an unknown grouping', { ...minimal, variants: [{ name: 'g', group: 0.1, groups: 'neurons' }] }, { path: 'variants[0].groups', message: /^must be one of "outgoing", "incoming", "inputs", got "neurons"$/ }],
    ['a proximal group lasso with momentum', { ...minimal, training: { momentum: 0.5 }, variants: [{ name: 'g', group: 0.1, l1Method: 'proximal' }] }, { path: 'variants[0].l1Method', message: /needs training.momentum 0, got 0.5: .*group lasso for group·\(1 - m\) = 0.05, not for group = 0.1/ }],
    ['a proximal group lasso with adam', { ...minimal, training: { optimizer: 'adam' }, variants: [{ name: 'g', group: 0.1, l1Method: 'proximal' }] }, { path: 'variants[0].l1Method', message: /needs training.optimizer "sgd"/ }],
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

  test('with momentum the jitter of subgradient L1 is lr·l1/(1 - momentum)', () => {
    const warn = (json: object) => parseExperiment(JSON.stringify(json)).problems.filter((p) => p.severity === 'warning' && p.path === 'variants[0].l1');
    const json = { ...minimal, training: { learningRate: 0.01, momentum: 0.9 }, variants: [{ name: 'L1', l1: 0.3 }], sparsity: { threshold: 0.01 } };
    const [problem] = warn(json);
    assert.match(problem.message, /jitter within about lr·l1\/\(1 - momentum\) = 0.03 of zero, above sparsity.threshold 0.01: .* at least 0.06/);
    assert.deepEqual(warn({ ...json, sparsity: { threshold: 0.07 } }), []);
  });

  describe('the group lasso says what it does on this network', () => {
    const warnings = (json: object) => parseExperiment(JSON.stringify(json)).problems.filter((p) => p.severity === 'warning').map(({ path, message }) => ({ path, message }));
    const seedNetwork = { ...minimal, model: { layers: [10, 10, 10] } };

    test('one input: the first layer\'s incoming groups are single weights, plain L1', () => {
      const [problem] = warnings({ ...seedNetwork, variants: [{ name: 'g', group: 0.1, groups: 'incoming' }] });
      assert.deepEqual(problem, { path: 'variants[0].group', message: 'the incoming groups of hidden layer 1 are single weights (it has 1 input): there the group lasso is plain L1 with λ = 0.1' });
      assert.deepEqual(warnings({ ...seedNetwork, data: { kind: 'sparse-linear', features: 3, informative: 2 }, variants: [{ name: 'g', group: 0.1, groups: 'incoming' }] }), []);
    });

    test('one output: the last hidden layer\'s outgoing groups are single weights', () => {
      const [problem] = warnings({ ...seedNetwork, variants: [{ name: 'g', group: 0.1 }] });
      assert.match(problem.message, /^the outgoing groups of hidden layer 3 are single weights \(the output has 1 unit\): there the group lasso is plain L1 with λ = 0.1$/);
    });

    test('a hidden layer of one unit makes the groups beside it single weights too', () => {
      const [problem] = warnings({ ...minimal, model: { layers: [4, 1, 3] }, variants: [{ name: 'g', group: 0.1 }] });
      assert.equal(problem.message, 'the outgoing groups of hidden layer 1 are single weights (hidden layer 2 has 1 unit); the outgoing groups of hidden layer 3 are single weights (the output has 1 unit): there the group lasso is plain L1 with λ = 0.1');
      assert.match(warnings({ ...minimal, data: { kind: 'sparse-linear', features: 3, informative: 2 }, model: { layers: [4, 1, 3] }, variants: [{ name: 'g', group: 0.1, groups: 'incoming' }] })[0].message, /^the incoming groups of hidden layer 3 are single weights \(hidden layer 2 has 1 unit\)/);
    });

    test('a linear model has no neuron groups, and single-weight input groups', () => {
      const linear = { ...minimal, model: { layers: [] } };
      assert.match(warnings({ ...linear, variants: [{ name: 'g', group: 0.1 }] })[0].message, /a linear model has no hidden neurons, so groups "outgoing" has no group .* use groups "inputs"/);
      assert.match(warnings({ ...linear, variants: [{ name: 'g', group: 0.1, groups: 'inputs' }] })[0].message, /input groups of a linear model are single weights/);
    });

    test('cumulative is L1\'s alone; groups without group does nothing; proximal with the group alone has an effect', () => {
      const sparse = { ...minimal, data: { kind: 'sparse-linear', features: 3, informative: 2 }, model: { layers: [4] } };
      assert.deepEqual(warnings({ ...sparse, variants: [{ name: 'g', l1: 0.1, group: 0.1, groups: 'inputs', l1Method: 'cumulative' }] }).map((p) => p.path), ['variants[0].l1Method']);
      assert.deepEqual(warnings({ ...sparse, variants: [{ name: 'g', groups: 'inputs' }] }), [{ path: 'variants[0].groups', message: 'has no effect while group is 0' }]);
      assert.deepEqual(warnings({ ...sparse, variants: [{ name: 'g', group: 0.1, groups: 'inputs', l1Method: 'proximal' }] }), []);
    });
  });

  test('subgradient L1 with momentum is accepted: only the methods with a step after the update are refused', () => {
    assert.deepEqual(problemsOf({ ...minimal, training: { momentum: 0.9 }, variants: [{ name: 'L1', l1: 0.3 }] }), []);
  });

  test('compare names pairs of two different variants, each once, not one already compared against no penalty', () => {
    const variants = [{ name: 'L1', l1: 0.3 }, { name: 'L2', l2: 0.3 }, { name: 'none' }];
    assert.deepEqual(problemsOf({ ...minimal, variants, compare: [['L1', 'L2']] }), []);
    assert.deepEqual(problemsOf({ ...minimal, variants, compare: [['L1', 'L3'], ['L2', 'L2'], ['L2', 'L1'], ['L2', 'none']] }), [
      { path: 'compare[0][1]', message: 'must name a variant ("L1", "L2", "none"), got "L3"' },
      { path: 'compare[1]', message: 'must name two different variants, got "L2" twice' },
      { path: 'compare[3]', message: 'is already compared: every variant is compared against the one without a penalty' },
    ]);
    assert.deepEqual(problemsOf({ ...minimal, variants, compare: [['L1', 'L2'], ['L2', 'L1']] }), [{ path: 'compare[1]', message: 'repeats compare[0]' }]);
    assert.deepEqual(problemsOf({ ...minimal, variants, compare: [['L1']] }).map((p) => p.path), ['compare[0]']);
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

describe('every size has a maximum, every number is finite', () => {
  const tooLarge: [string, object, string, RegExp][] = [
    ['samples of a line', { data: { kind: 'line', samples: 1e308 } }, 'data.samples', /<= 1000000, got 1e\+308/],
    ['samples of a sparse problem', { data: { kind: 'sparse-linear', samples: 2_000_000 } }, 'data.samples', /<= 1000000/],
    ['features', { data: { kind: 'sparse-linear', features: 10_001 } }, 'data.features', /<= 10000/],
    ['informative features', { data: { kind: 'sparse-linear', informative: 10_001 } }, 'data.informative', /<= 10000/],
    ['CSV input columns', { data: { kind: 'csv', path: 'a.csv', target: 'y', inputs: Array.from({ length: 10_001 }, (_, i) => `x${i}`) } }, 'data.inputs', /at most 10000/],
    ['runs', { runs: 1001 }, 'runs', /<= 1000/],
    ['variants', { variants: Array.from({ length: 101 }, (_, i) => ({ name: `v${i}` })) }, 'variants', /at most 100/],
    ['the number of layers', { model: { layers: Array.from({ length: 21 }, () => 2) } }, 'model.layers', /at most 20 items/],
    ['units', { model: { layers: [4097] } }, 'model.layers[0]', /<= 4096/],
    ['units of a layer object', { model: { layers: [{ units: 5000 }] } }, 'model.layers[0]', /<= 4096 or an object, got {"units":5000}/],
    ['batchSize', { training: { batchSize: 65_537 } }, 'training.batchSize', /<= 65536/],
    ['epochs', { training: { epochs: 1_000_001 } }, 'training.epochs', /<= 1000000/],
    ['snapshots.every', { snapshots: { every: 1_000_001 } }, 'snapshots.every', /<= 1000000/],
    ['snapshots.maxFrames', { snapshots: { maxFrames: 1001 } }, 'snapshots.maxFrames', /<= 1000/],
    ['seed', { seed: 2 ** 31 }, 'seed', /<= 2147483647/],
    ['a name', { name: 'x'.repeat(201) }, 'name', /at most 200 characters/],
  ];
  for (const [name, change, path, message] of tooLarge) {
    test(`too large: ${name}`, () => {
      const problems = problemsOf({ ...minimal, ...change });
      const match = problems.find((p) => p.path === path);
      assert.ok(match, `expected a problem at ${path}, got ${JSON.stringify(problems)}`);
      assert.match(match.message, message);
    });
  }

  test('a number beyond the range of a double (1e999 parses as Infinity) is refused where it is written, as written', () => {
    const text = '{"name": "n", "seed": 1e999, "data": {"kind": "line", "noise": -1e999}, "variants": [{"name": "v"}]}';
    const problems = parseExperiment(text).problems;
    assert.deepEqual(
      problems.map((p) => [p.path, p.message, text.slice(p.offset, p.offset + p.length)]),
      [
        ['seed', 'must be a finite number, got 1e999 (beyond the range of a number)', '1e999'],
        ['data.noise', 'must be a finite number, got -1e999 (beyond the range of a number)', '-1e999'],
      ],
    );
  });

  test('an integer beyond the range of a double is not taken as an integer', () => {
    assert.equal(parseExperiment('{"name": "n", "runs": 1e400, "data": {"kind": "line"}, "variants": [{"name": "v"}]}').ok, false);
  });

  test('JSON nested 10,000 deep is refused at the bracket that goes too deep, without parsing it', () => {
    const text = `{"name": "deep", "description": "[[[ in a string do not count", "data": ${'['.repeat(10_000)}${']'.repeat(10_000)}}`;
    const [problem, ...others] = parseExperiment(text).problems;
    assert.deepEqual(others, []);
    assert.equal(problem.path, '');
    assert.match(problem.message, /nested more than 64 levels deep/);
    assert.equal(problem.offset, text.indexOf('[[[[') + 63);
  });

  test('nesting within the limit is parsed as usual', () => {
    const problems = problemsOf({ ...minimal, description: '{[{['.repeat(100) });
    assert.deepEqual(problems, []);
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
  const write = (name: string, text: string) => fs.writeFileSync(path.join(dir, name), text);
  const columns = { inputs: ['a', 'b'], target: 'y' };

  test('a FIFO is refused without waiting for a writer', { skip: process.platform === 'win32' }, async () => {
    const fifo = path.join(dir, 'pipe.csv');
    spawnSync('mkfifo', [fifo]);
    const [problem] = await check({ path: 'pipe.csv', ...columns });
    assert.equal(problem.path, 'data.path');
    assert.equal(problem.message, '"pipe.csv" is a FIFO, not a regular file');
  });

  test('a device is refused without reading it', { skip: !fs.existsSync('/dev/zero') }, async () => {
    const [problem] = await check({ path: '/dev/zero', ...columns });
    assert.equal(problem.message, '"/dev/zero" is a device, not a regular file');
  });

  test('a folder is refused', async () => {
    fs.mkdirSync(path.join(dir, 'folder.csv'), { recursive: true });
    const [problem] = await check({ path: 'folder.csv', ...columns });
    assert.equal(problem.message, '"folder.csv" is a folder, not a regular file');
  });

  test('a file above the size limit is refused before it is read, saying how to raise the limit', async () => {
    const large = path.join(dir, 'large.csv');
    fs.writeFileSync(large, 'a,b,y\n');
    fs.truncateSync(large, 600 * 1024 * 1024); // sparse: no 600 MiB written
    const [problem] = await check({ path: 'large.csv', ...columns });
    assert.equal(problem.path, 'data.path');
    assert.equal(problem.message, '"large.csv" is 600 MiB, above the limit of 256 MiB (raise it with regx --max-csv-mib MIB, or the setting regx.maxCsvMiB)');
    fs.rmSync(large);
  });

  test('a header without data rows is refused', async () => {
    write('header-only.csv', 'a,b,y\n');
    const [problem] = await check({ path: 'header-only.csv', ...columns });
    assert.equal(problem.path, 'data.path');
    assert.equal(problem.message, 'needs at least 2 data rows below the header, "header-only.csv" has 0');
  });

  test('an empty file is refused', async () => {
    write('empty.csv', '');
    const [problem] = await check({ path: 'empty.csv', ...columns });
    assert.match(problem.message, /"empty.csv" is empty/);
  });

  test('an unterminated quote is refused with the line of its row', async () => {
    write('quote.csv', 'a,b,y\n1,2,3\n4,"5,6\n7,8,9\n');
    const [problem] = await check({ path: 'quote.csv', ...columns });
    assert.equal(problem.path, 'data.path');
    assert.equal(problem.message, '"quote.csv" line 3: a quote opened in this row is never closed');
  });

  test('two columns with one name are refused, with both columns', async () => {
    write('twice.csv', 'a,b,y,a\n1,2,3,4\n5,6,7,8\n');
    const [problem] = await check({ path: 'twice.csv', ...columns });
    assert.equal(problem.path, 'data.path');
    assert.equal(problem.message, '"twice.csv" line 1: column 4 is named "a" like column 1; each column needs its own name');
  });

  test('values that are not numbers are found before training, with their lines', async () => {
    write('words.csv', 'a,b,y\n1,2,3\n4,five,6\n');
    const [problem] = await check({ path: 'words.csv', ...columns });
    assert.match(problem.message, /line 3 column "b": "five" is not a number/);
  });

  test('a test fraction that leaves no training row is refused', async () => {
    write('two.csv', 'a,b,y\n1,2,3\n4,5,6\n');
    const [problem] = await check({ path: 'two.csv', ...columns, testFraction: 0.9 });
    assert.equal(problem.path, 'data.testFraction');
  });

  test('messages say their path once: the path is the problem\'s, not part of its message', async () => {
    for (const file of ['nope.csv', 'header-only.csv', 'quote.csv', 'twice.csv']) {
      for (const problem of await check({ path: file, ...columns })) assert.doesNotMatch(problem.message, /data\.path/);
    }
  });
});
