// The results document: written as results.json (small arrays inline, kernels as rows ×
// columns) with its large arrays in results.bin, read back with its typed arrays; version 1
// files still read; a bounded sample of the data; and the results of one variant merged into
// those of the others.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { MAX_STORED_POINTS } from '../../src/core/limits';
import { mergeResults, sampleRows, summarizeDataset, type ResultsDocument } from '../../src/core/results';
import { decodeResults, decodeStoredResults, encodeResults, inlineArrayMax } from '../../src/core/results-codec';
import type { Dataset } from '../../src/core/dataset';
import type { Params } from '../../src/core/mlp';
import { resultsFor } from '../support/fixtures';

const text = '{"name": "r", "data": {"kind": "line"}, "model": {"layers": [2]}, "variants": [{"name": "A", "l1": 0.1}, {"name": "B", "l2": 0.1}]}';

function withRun(document: ResultsDocument, params: Params = smallParams(), testPredictions = Float32Array.of(1.5)): ResultsDocument {
  const run = { variant: 'A', run: 0, seed: 1, epochs: 1, steps: 3, seconds: 0.1, history: { epoch: [0, 1], trainDataLoss: [2, 1], trainPenalty: [0.1, 0.1], testDataLoss: [2, 1.5], testAbsError: [4, 3] }, params, snapshots: [{ epoch: 0, params }], testAbsError: 3, testErrors: { totalAbsError: 3, mae: 3, rmse: 3, r2: Number.NaN }, testPredictions, analysis: {} as ResultsDocument['variants'][number]['runs'][number]['analysis'] };
  return { ...document, variants: document.variants.map((v, i) => (i === 0 ? { ...v, runs: [run] } : v)) };
}

function smallParams(): Params {
  return [
    { rows: 1, cols: 2, activation: 'relu', kernel: Float32Array.of(0.5, -0.25), bias: Float32Array.of(0, 0.125) },
    { rows: 2, cols: 1, activation: 'linear', kernel: Float32Array.of(1, 2), bias: Float32Array.of(-1) },
  ];
}

/** A network with a kernel too large to stay inline (40 inputs × 12 units) and one small enough (12 × 1). */
function largeParams(): Params {
  const kernel = Float32Array.from({ length: 40 * 12 }, (_, i) => Math.sin(i) * 0.01 * i);
  return [
    { rows: 40, cols: 12, activation: 'relu', kernel, bias: Float32Array.from({ length: 12 }, (_, i) => i / 7) },
    { rows: 12, cols: 1, activation: 'linear', kernel: Float32Array.from({ length: 12 }, (_, i) => -1 - i), bias: Float32Array.of(0.5) },
  ];
}

function joined(parts: Uint8Array[]): Uint8Array {
  return new Uint8Array(Buffer.concat(parts));
}

describe('results.json', () => {
  const document = withRun(resultsFor(text, []));
  const { json, binary } = encodeResults(document, 'results.bin');

  test('stores a kernel as rows (inputs) of columns (units), and typed arrays as plain arrays', () => {
    const plain = JSON.parse(json);
    assert.deepEqual(plain.variants[0].runs[0].params[1].kernel, [[1], [2]]);
    assert.deepEqual(plain.variants[0].runs[0].params[0].kernel, [[0.5, -0.25]]);
    assert.deepEqual(plain.variants[0].runs[0].testPredictions, [1.5]);
  });

  test('reads back the same numbers, as typed arrays', () => {
    const back = decodeResults(json, joined(binary));
    const run = back.variants[0].runs[0];
    assert.ok(run.params[0].kernel instanceof Float32Array);
    assert.deepEqual(Array.from(run.params[0].kernel), [0.5, -0.25]);
    assert.deepEqual(Array.from(run.snapshots[0].params[1].bias), [-1]);
    assert.ok(back.dataset.train.outlier instanceof Uint8Array);
  });

  test('refuses a file that is not RegX results', () => {
    assert.throws(() => decodeResults('{"format": "other"}'), /not a RegX results file/);
    assert.throws(() => decodeResults('{ broken'), /not a RegX results file/);
  });

  test('names the version when a file is of a version it does not read', () => {
    assert.throws(() => decodeResults('{"format": "regx-results", "version": 3}'), /version 3, written by another RegX; this one reads versions 1 and 2/);
  });
});

describe('results.bin', () => {
  const params = largeParams();
  const predictions = Float32Array.from({ length: 300 }, (_, i) => i / 3);
  const document = withRun(resultsFor(text, []), params, predictions);
  const { json, binary } = encodeResults(document, 'results.bin');
  const bytes = joined(binary);
  const plain = JSON.parse(json);

  test('holds the arrays longer than the inline limit, little-endian float32 at the offset results.json gives', () => {
    assert.ok(params[0].kernel.length > inlineArrayMax && params[1].kernel.length <= inlineArrayMax, 'the fixture has one large kernel and one small');
    const reference = plain.variants[0].runs[0].params[0].kernel;
    assert.deepEqual({ ...reference, offset: undefined }, { $binary: 'float32', offset: undefined, length: 40 * 12 });
    const view = new DataView(bytes.buffer, bytes.byteOffset + reference.offset, reference.length * 4);
    for (const i of [0, 1, 11, 12, 479]) assert.equal(view.getFloat32(i * 4, true), params[0].kernel[i], `kernel value ${i}, row-major`);
    assert.equal(plain.variants[0].runs[0].testPredictions.$binary, 'float32');
    assert.deepEqual(plain.variants[0].runs[0].params[1].kernel, Array.from({ length: 12 }, (_, i) => [-1 - i]), 'the small kernel stays inline as rows');
  });

  test('an array the document holds twice (the last snapshot is the final weights) is stored once', () => {
    const copies = withRun(resultsFor(text, []), params, predictions);
    copies.variants[0].runs[0].snapshots = [{ epoch: 1, params: params.map((l) => ({ ...l, kernel: l.kernel.slice(), bias: l.bias.slice() })) }];
    const copiedBytes = joined(encodeResults(copies, 'results.bin').binary).byteLength;
    assert.ok(bytes.byteLength <= copiedBytes - params[0].kernel.byteLength, `${bytes.byteLength} bytes shared, ${copiedBytes} bytes with copies`);
  });

  test('round trip: every number back, in typed arrays', () => {
    const back = decodeResults(json, bytes);
    const run = back.variants[0].runs[0];
    assert.deepEqual(run.params, params);
    assert.deepEqual(run.snapshots[0].params, params);
    assert.deepEqual(run.testPredictions, predictions);
    assert.deepEqual(back.experiment, document.experiment);
    assert.deepEqual(back.variants[0].summary, document.variants[0].summary);
  });

  test('reads its arrays wherever the bytes lie in memory (a copy when they are not aligned)', () => {
    const shifted = new Uint8Array(bytes.byteLength + 1);
    shifted.set(bytes, 1);
    assert.deepEqual(decodeResults(json, shifted.subarray(1)).variants[0].runs[0].params, params);
  });

  test('holds the whole document: the binary alone reads the same results', () => {
    assert.deepEqual(decodeStoredResults(undefined, bytes), decodeResults(json, bytes));
  });

  test('a binary cut short, or one of another training, is refused with a clear message', () => {
    assert.throws(() => decodeResults(json, bytes.subarray(0, bytes.byteLength - 10)), /cut short/);
    const other = encodeResults({ ...document, createdAt: '2030-01-01T00:00:00.000Z' }, 'results.bin');
    assert.throws(() => decodeResults(json, joined(other.binary)), /belongs to another training/);
    assert.throws(() => decodeResults(json), /results\.bin, which is missing/);
  });

  test('when results.json and results.bin disagree, the newer document is read', () => {
    const newer = encodeResults({ ...withRun(resultsFor(text, []), params.map((l) => ({ ...l, bias: l.bias.map((b) => b + 1) })), predictions), createdAt: '2030-01-01T00:00:00.000Z' }, 'results.bin');
    const newerBytes = joined(newer.binary);
    // The binary of a later write is on disk, its results.json failed: the binary wins.
    assert.deepEqual(decodeStoredResults(json, newerBytes).createdAt, '2030-01-01T00:00:00.000Z');
    // A results.json written later than the binary beside it (version 1, by an older RegX): the JSON wins.
    const laterV1 = versionOneText({ createdAt: '2031-01-01T00:00:00.000Z' });
    assert.equal(decodeStoredResults(laterV1, newerBytes).createdAt, '2031-01-01T00:00:00.000Z');
  });
});

/** A results.json as RegX wrote it before results.bin: version 1, every array inline. */
function versionOneText(overrides: { createdAt?: string } = {}): string {
  const document = withRun(resultsFor(text, []));
  const split = { x: [0.5, 1.5], y: [2, 4], outlier: [0, 1], n: 2 };
  const run = document.variants[0].runs[0];
  return JSON.stringify({
    ...document,
    version: 1,
    createdAt: overrides.createdAt ?? document.createdAt,
    dataset: { inputNames: ['x'], targetName: 'y', d: 1, train: split, test: split, grid: [0, 1] },
    variants: document.variants.map((v, i) =>
      i === 0
        ? {
            ...v,
            runs: [
              {
                ...run,
                params: [{ rows: 1, cols: 2, activation: 'relu', kernel: [[0.5, -0.25]], bias: [0, 0.125] }, { rows: 2, cols: 1, activation: 'linear', kernel: [[1], [2]], bias: [-1] }],
                snapshots: [],
                testPredictions: [1.5],
              },
            ],
          }
        : v,
    ),
  });
}

describe('a results.json of version 1 (no results.bin)', () => {
  test('reads, with its typed arrays, every split counted as all its rows', () => {
    const back = decodeStoredResults(versionOneText(), undefined);
    assert.equal(back.version, 2, 'held as the current version');
    assert.deepEqual(back.variants[0].runs[0].params, smallParams());
    assert.deepEqual(Array.from(back.dataset.train.outlier), [0, 1]);
    assert.ok(back.dataset.grid instanceof Float32Array);
    assert.deepEqual([back.dataset.test.n, back.dataset.test.rows, back.dataset.test.sampled], [2, 2, false]);
  });
});

describe('the data that results keep', () => {
  test('a sample of a large split: bounded, deterministic, in row order, evenly spread, with every outlier', () => {
    const n = 100_003;
    const outlier = new Uint8Array(n);
    for (const i of [5, 50_000, 99_999]) outlier[i] = 1;
    const rows = sampleRows(outlier, n, 1000);
    assert.equal(rows.length, 1000);
    assert.deepEqual(rows, sampleRows(outlier, n, 1000));
    for (const i of [5, 50_000, 99_999]) assert.ok(rows.includes(i), `outlier ${i} kept`);
    assert.ok(rows.every((r, i) => i === 0 || r > rows[i - 1]), 'rows in order, none twice');
    assert.equal(rows[0], 0);
    const gaps = Array.from(rows.slice(1), (r, i) => r - rows[i]);
    assert.ok(Math.max(...gaps) <= Math.ceil(n / (1000 - 3)), `evenly spread: the largest gap is ${Math.max(...gaps)}`);
  });

  test('when outliers alone are more than the sample, it spreads over them', () => {
    const rows = sampleRows(new Uint8Array(50).fill(1), 50, 10);
    assert.deepEqual(Array.from(rows), [0, 5, 10, 15, 20, 25, 30, 35, 40, 45]);
  });

  test('a small split is kept whole', () => {
    assert.deepEqual(Array.from(sampleRows(new Uint8Array(4), 4, 10)), [0, 1, 2, 3]);
  });

  test('summarizeDataset keeps MAX_STORED_POINTS points per split and says how many rows there were', () => {
    const d = 3;
    const split = (n: number) => ({ x: Float32Array.from({ length: n * d }, (_, i) => i), y: Float32Array.from({ length: n }, (_, i) => i), n, outlier: new Uint8Array(n) });
    const dataset: Dataset = { inputNames: ['a', 'b', 'c'], targetName: 'y', d, train: split(3 * MAX_STORED_POINTS), test: split(10) };
    const summary = summarizeDataset(dataset);
    assert.deepEqual([summary.train.n, summary.train.rows, summary.train.sampled], [MAX_STORED_POINTS, 3 * MAX_STORED_POINTS, true]);
    assert.equal(summary.train.x.length, MAX_STORED_POINTS * d);
    // Each kept point is a whole row: x of row r is 3r, 3r+1, 3r+2 and y is r.
    for (let i = 0; i < summary.train.n; i += 397) {
      const row = summary.train.y[i];
      assert.deepEqual(Array.from(summary.train.x.subarray(i * d, (i + 1) * d)), [row * d, row * d + 1, row * d + 2]);
    }
    assert.deepEqual([summary.test.n, summary.test.rows, summary.test.sampled], [10, 10, false]);
  });

  test('a 2-D classification set keeps its class names and, for each stored row, its point on the plane', () => {
    const d = 7;
    // Row r's point is (r, -r) and its label r mod 3; its inputs start with the point.
    const split = (n: number) => ({
      x: Float32Array.from({ length: n * d }, (_, i) => (i % d === 0 ? Math.floor(i / d) : i % d === 1 ? -Math.floor(i / d) : 0)),
      y: Float32Array.from({ length: n }, (_, r) => r % 3),
      n,
      outlier: new Uint8Array(n),
    });
    const points = (n: number) => Float32Array.from({ length: 2 * n }, (_, i) => (i % 2 === 0 ? i / 2 : -(i - 1) / 2));
    const trainRows = 3 * MAX_STORED_POINTS;
    const dataset: Dataset = { inputNames: ['a', 'b', 'c', 'd', 'e', 'f', 'g'], targetName: 'class', d, train: split(trainRows), test: split(10), classes: ['red', 'green', 'blue'], points: { train: points(trainRows), test: points(10) } };
    const summary = summarizeDataset(dataset);
    assert.deepEqual(summary.classes, ['red', 'green', 'blue']);
    assert.ok(summary.train.sampled);
    assert.equal(summary.points!.train.length, 2 * summary.train.n);
    assert.equal(summary.points!.test.length, 2 * summary.test.n);
    for (let i = 0; i < summary.train.n; i += 211) {
      const row = summary.train.x[i * d];
      assert.deepEqual(Array.from(summary.points!.train.subarray(2 * i, 2 * i + 2)), [row, -row], `stored row ${i} is data row ${row}`);
      assert.equal(summary.train.y[i], row % 3);
    }
    const document = { ...withRun(resultsFor(text, [])), dataset: summary };
    const { json, binary } = encodeResults(document, 'results.bin');
    const back = decodeResults(json, joined(binary));
    assert.deepEqual(back.dataset.classes, ['red', 'green', 'blue']);
    assert.ok(back.dataset.points!.train instanceof Float32Array);
    assert.deepEqual(back.dataset.points!.train, summary.points!.train);
    assert.deepEqual(back.dataset.points!.test, summary.points!.test);
  });

  test('regression data keep neither classes nor points', () => {
    const split = { x: Float32Array.of(1, 2), y: Float32Array.of(3, 4), n: 2, outlier: new Uint8Array(2) };
    const summary = summarizeDataset({ inputNames: ['x'], targetName: 'y', d: 1, train: split, test: split });
    assert.equal('classes' in summary, false);
    assert.equal('points' in summary, false);
  });
});

describe('training one variant', () => {
  const before = resultsFor(text, [{ testAbsErrorMean: 10 }, { testAbsErrorMean: 20 }]);
  const onlyB = { ...resultsFor(text, [{}, { testAbsErrorMean: 5 }]), variants: resultsFor(text, [{}, { testAbsErrorMean: 5 }]).variants.slice(1) };

  test('replaces that variant and keeps the others, in file order', () => {
    const merged = mergeResults(before, onlyB, true);
    assert.deepEqual(merged.variants.map((v) => [v.variant.name, v.summary.testAbsErrorMean]), [['A', 10], ['B', 5]]);
  });

  test('keeps nothing of results from a different experiment', () => {
    assert.deepEqual(mergeResults(before, onlyB, false).variants.map((v) => v.variant.name), ['B']);
    assert.equal(mergeResults(undefined, onlyB, true), onlyB);
  });
});
