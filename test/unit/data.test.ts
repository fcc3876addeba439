// The data sets: reproducible from the seed, shaped as asked, and a CSV with bad values is
// refused with the line numbers of the bad rows.
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { describe, test } from 'node:test';
import { MAX_CLASSES } from '../../src/core/limits';
import { checkDataFiles } from '../../src/runtime/check-experiment';
import { DataError, loadDataset } from '../../src/runtime/data';
import { experimentFrom } from '../support/fixtures';

const line = experimentFrom({ name: 'l', data: { kind: 'line', samples: 200, outliers: 0.1, outlierScale: 5, noise: 0.05 }, variants: [{ name: 'v' }] }).data;

describe('line data', () => {
  test('the same seed gives the same data and split; another seed does not', async () => {
    const a = await loadDataset(line, 1, '.');
    const b = await loadDataset(line, 1, '.');
    const c = await loadDataset(line, 2, '.');
    assert.deepEqual(a.train.x, b.train.x);
    assert.deepEqual(a.test.y, b.test.y);
    assert.notDeepEqual(a.train.x, c.train.x);
  });

  test('splits by testFraction and marks the outliers it made', async () => {
    const data = await loadDataset(line, 1, '.');
    assert.equal(data.test.n, 50);
    assert.equal(data.train.n, 150);
    const outliers = [...data.train.outlier, ...data.test.outlier].reduce((a, b) => a + b, 0);
    assert.equal(outliers, 20);
  });

  test('points lie on the line up to the noise, outliers off it by outlierScale', async () => {
    const data = await loadDataset(line, 1, '.');
    for (const part of [data.train, data.test]) {
      for (let i = 0; i < part.n; i++) {
        const offset = part.y[i] - (2 * part.x[i] + 1);
        if (part.outlier[i]) assert.ok(Math.abs(Math.abs(offset) - 5) < 0.5, `outlier offset ${offset}`);
        else assert.ok(Math.abs(offset) < 0.5, `noise offset ${offset}`);
      }
    }
  });
});

describe('sparse-linear data', () => {
  test('only the first `informative` coefficients are non-zero', async () => {
    const spec = experimentFrom({ name: 's', data: { kind: 'sparse-linear', samples: 50, features: 8, informative: 3 }, variants: [{ name: 'v' }] }).data;
    const data = await loadDataset(spec, 4, '.');
    assert.equal(data.d, 8);
    assert.equal(data.train.x.length, data.train.n * 8);
    assert.deepEqual(data.trueCoefficients!.map((c) => c !== 0), [true, true, true, false, false, false, false, false]);
    for (const c of data.trueCoefficients!.slice(0, 3)) assert.ok(Math.abs(c) >= 1 && Math.abs(c) <= 3);
  });
});

describe('CSV data', () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'regx-data-'));
  const spec = (file: string, standardize = false) =>
    experimentFrom({ name: 'c', data: { kind: 'csv', path: file, inputs: ['a', 'b'], target: 'y', standardize, testFraction: 0 }, variants: [{ name: 'v' }] }).data;

  test('reads the named columns in file order', async () => {
    fs.writeFileSync(path.join(dir, 'ok.csv'), 'y,a,b,unused\n3,1,2,x\n6,4,5,x\n');
    const data = await loadDataset(spec('ok.csv'), 1, dir);
    assert.deepEqual(data.inputNames, ['a', 'b']);
    const rows = Array.from({ length: data.train.n }, (_, i) => [data.train.x[2 * i], data.train.x[2 * i + 1], data.train.y[i]]);
    assert.deepEqual(rows.sort((p, q) => p[0] - q[0]), [
      [1, 2, 3],
      [4, 5, 6],
    ]);
  });

  test('missing and non-numeric values are refused with their line numbers', async () => {
    fs.writeFileSync(path.join(dir, 'bad.csv'), 'a,b,y\n1,2,3\n4,,6\n7,eight,9\n10,11,12\n');
    await assert.rejects(
      () => loadDataset(spec('bad.csv'), 1, dir),
      (error: unknown) => {
        assert.ok(error instanceof DataError);
        assert.equal(error.path, 'data.path');
        assert.match(error.message, /line 3 column "b": missing/);
        assert.match(error.message, /line 4 column "b": "eight" is not a number/);
        return true;
      },
    );
  });

  test('standardize scales inputs and target to mean 0 and sd 1 on the training rows', async () => {
    fs.writeFileSync(path.join(dir, 'scale.csv'), 'a,b,y\n1,10,100\n2,20,300\n3,30,500\n4,40,700\n');
    const data = await loadDataset(spec('scale.csv', true), 1, dir);
    const mean = (v: ArrayLike<number>) => Array.from(v).reduce((s, x) => s + x, 0) / v.length;
    const sd = (v: ArrayLike<number>) => Math.sqrt(mean(Array.from(v).map((x) => (x - mean(v)) ** 2)));
    assert.ok(Math.abs(mean(data.train.y)) < 1e-6);
    assert.ok(Math.abs(sd(data.train.y) - 1) < 1e-6);
    assert.deepEqual(data.standardization?.targetMean, 400);
  });
  test('a file read in many chunks gives every row, in order', async () => {
    const rows = Array.from({ length: 20_000 }, (_, i) => `${i},${2 * i},${3 * i}`);
    fs.writeFileSync(path.join(dir, 'long.csv'), `a,b,y\n${rows.join('\n')}\n`);
    const data = await loadDataset(spec('long.csv'), 1, dir);
    assert.equal(data.train.n, 20_000);
    const seen = new Set<number>();
    for (let i = 0; i < data.train.n; i++) {
      const a = data.train.x[2 * i];
      assert.equal(data.train.x[2 * i + 1], 2 * a);
      assert.equal(data.train.y[i], 3 * a);
      seen.add(a);
    }
    assert.equal(seen.size, 20_000);
  });

  test('training refuses what validation refuses: a header without rows, a file above the limit', async () => {
    fs.writeFileSync(path.join(dir, 'header.csv'), 'a,b,y\n');
    await assert.rejects(() => loadDataset(spec('header.csv'), 1, dir), (error: unknown) => {
      assert.ok(error instanceof DataError);
      assert.equal(error.path, 'data.path');
      assert.equal(error.message, 'needs at least 2 data rows below the header, "header.csv" has 0');
      return true;
    });
    // 6 + 5,000 × 6 bytes: 0.029 MiB.
    fs.writeFileSync(path.join(dir, 'small.csv'), `a,b,y\n${'1,2,3\n'.repeat(5_000)}`);
    await assert.rejects(() => loadDataset(spec('small.csv'), 1, dir, undefined, { maxCsvMiB: 0.02 }), /^DataError: "small.csv" is 0.029 MiB, above the limit of 0.02 MiB/);
    assert.equal((await loadDataset(spec('small.csv'), 1, dir, undefined, { maxCsvMiB: 0.03 })).train.n, 5_000);
  });
});

describe('CSV classification', () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'regx-classes-'));
  const spec = (file: string, standardize = false) =>
    experimentFrom({ name: 'c', data: { kind: 'csv', path: file, inputs: ['a', 'b'], target: 'label', task: 'classification', standardize, testFraction: 0 }, variants: [{ name: 'v' }] }).data;
  /** Each training row's (a, class name), sorted by a. */
  const rowsOf = (data: Awaited<ReturnType<typeof loadDataset>>) =>
    Array.from({ length: data.train.n }, (_, i) => [data.train.x[2 * i], data.classes![data.train.y[i]]] as const).sort((p, q) => p[0] - q[0]);

  test('a csv target is numbers to predict unless the file says classification', () => {
    const { data } = experimentFrom({ name: 'c', data: { kind: 'csv', path: 'x.csv', inputs: ['a'], target: 'y' }, variants: [{ name: 'v' }] });
    assert.ok(data.kind === 'csv');
    assert.equal(data.task, 'regression');
  });

  test('string labels: classes sorted alphabetically, each row labelled by its class index', async () => {
    fs.writeFileSync(path.join(dir, 'iris.csv'), 'a,b,label\n1,0,versicolor\n2,0,setosa\n3,0,virginica\n4,0,setosa\n');
    const data = await loadDataset(spec('iris.csv'), 1, dir);
    assert.deepEqual(data.classes, ['setosa', 'versicolor', 'virginica']);
    assert.deepEqual(rowsOf(data), [[1, 'versicolor'], [2, 'setosa'], [3, 'virginica'], [4, 'setosa']]);
  });

  test('integer labels: classes sorted by value, not as text', async () => {
    fs.writeFileSync(path.join(dir, 'digits.csv'), 'a,b,label\n1,0,10\n2,0,9\n3,0,-1\n4,0,9\n');
    const data = await loadDataset(spec('digits.csv'), 1, dir);
    assert.deepEqual(data.classes, ['-1', '9', '10']);
    assert.deepEqual(rowsOf(data), [[1, '10'], [2, '9'], [3, '-1'], [4, '9']]);
  });

  test('standardize scales the inputs only: the labels stay class indices', async () => {
    fs.writeFileSync(path.join(dir, 'scaled.csv'), 'a,b,label\n1,10,b\n2,20,a\n3,30,b\n4,40,a\n');
    const data = await loadDataset(spec('scaled.csv', true), 1, dir);
    const a = Array.from({ length: data.train.n }, (_, i) => data.train.x[2 * i]);
    assert.ok(Math.abs(a.reduce((s, v) => s + v, 0)) < 1e-6, 'inputs have mean 0');
    assert.deepEqual([...data.train.y].sort(), [0, 0, 1, 1]);
  });

  test('validation counts the classes as training does, without keeping the values', async () => {
    fs.writeFileSync(path.join(dir, 'valid.csv'), 'a,b,label\n1,2,x\n3,4,y\n5,6,x\n');
    const valid = experimentFrom({ name: 'c', data: { kind: 'csv', path: 'valid.csv', inputs: ['a', 'b'], target: 'label', task: 'classification' }, variants: [{ name: 'v' }] });
    assert.deepEqual(await checkDataFiles(valid, JSON.stringify(valid), path.join(dir, 'e.regx.json')), { problems: [], shape: { rows: 3, inputs: 2 } });
    fs.writeFileSync(path.join(dir, 'single.csv'), 'a,b,label\n1,2,x\n3,4,x\n');
    const single = { ...valid, data: { ...valid.data, path: 'single.csv' } };
    const { problems } = await checkDataFiles(single, JSON.stringify(single), path.join(dir, 'e.regx.json'));
    assert.match(problems[0].message, /has one class, "x"/);
  });

  test('a missing label is refused with its line number, by training and by validation alike', async () => {
    fs.writeFileSync(path.join(dir, 'gap.csv'), 'a,b,label\n1,2,x\n3,4,\n5,6,y\n7,8\n');
    await assert.rejects(() => loadDataset(spec('gap.csv'), 1, dir), (error: unknown) => {
      assert.ok(error instanceof DataError);
      assert.match(error.message, /line 3 column "label": missing label; line 5 column "label": missing label/);
      return true;
    });
    const experiment = experimentFrom({ name: 'c', data: { kind: 'csv', path: 'gap.csv', inputs: ['a', 'b'], target: 'label', task: 'classification' }, variants: [{ name: 'v' }] });
    const { problems } = await checkDataFiles(experiment, JSON.stringify(experiment), path.join(dir, 'e.regx.json'));
    assert.match(problems[0].message, /line 3 column "label": missing label/);
  });

  test(`more than ${MAX_CLASSES} classes is refused at data.target, naming the line that brings one too many`, async () => {
    const rows = Array.from({ length: MAX_CLASSES + 5 }, (_, i) => `${i},0,${1000 + i}`);
    fs.writeFileSync(path.join(dir, 'many.csv'), `a,b,label\n${rows.join('\n')}\n`);
    await assert.rejects(() => loadDataset(spec('many.csv'), 1, dir), (error: unknown) => {
      assert.ok(error instanceof DataError);
      assert.equal(error.path, 'data.target');
      assert.match(error.message, new RegExp(`more than ${MAX_CLASSES} classes \\(line ${MAX_CLASSES + 2} brings another, "${1000 + MAX_CLASSES}"\\)`));
      return true;
    });
    fs.writeFileSync(path.join(dir, 'enough.csv'), `a,b,label\n${rows.slice(0, MAX_CLASSES).join('\n')}\n`);
    assert.equal((await loadDataset(spec('enough.csv'), 1, dir)).classes!.length, MAX_CLASSES);
  });

  test('a single class is refused: there is nothing to classify', async () => {
    fs.writeFileSync(path.join(dir, 'one.csv'), 'a,b,label\n1,2,cat\n3,4,cat\n');
    await assert.rejects(() => loadDataset(spec('one.csv'), 1, dir), /column "label" of "one.csv" has one class, "cat": classification needs at least 2/);
  });

  test('the inputs of a classification CSV must still be numbers', async () => {
    fs.writeFileSync(path.join(dir, 'text.csv'), 'a,b,label\n1,two,x\n3,4,y\n');
    await assert.rejects(() => loadDataset(spec('text.csv'), 1, dir), /line 2 column "b": "two" is not a number/);
  });
});
