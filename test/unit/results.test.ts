// The results document: written as plain JSON with kernels as rows × columns, read back with
// its typed arrays; and the results of one variant merged into those of the others.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { mergeResults, parseResults, serializeResults, type ResultsDocument } from '../../src/core/results';
import { resultsFor } from '../support/fixtures';

const text = '{"name": "r", "data": {"kind": "line"}, "model": {"layers": [2]}, "variants": [{"name": "A", "l1": 0.1}, {"name": "B", "l2": 0.1}]}';

function withRun(document: ResultsDocument): ResultsDocument {
  const params = [
    { rows: 1, cols: 2, activation: 'relu' as const, kernel: Float32Array.of(0.5, -0.25), bias: Float32Array.of(0, 0.125) },
    { rows: 2, cols: 1, activation: 'linear' as const, kernel: Float32Array.of(1, 2), bias: Float32Array.of(-1) },
  ];
  const run = { variant: 'A', run: 0, seed: 1, epochs: 1, steps: 3, seconds: 0.1, history: { epoch: [0, 1], trainDataLoss: [2, 1], trainPenalty: [0.1, 0.1], testDataLoss: [2, 1.5], testAbsError: [4, 3] }, params, snapshots: [{ epoch: 0, params }], testAbsError: 3, testPredictions: Float32Array.of(1.5), analysis: {} as ResultsDocument['variants'][number]['runs'][number]['analysis'] };
  return { ...document, variants: document.variants.map((v, i) => (i === 0 ? { ...v, runs: [run] } : v)) };
}

describe('results.json', () => {
  const document = withRun(resultsFor(text, []));
  const json = serializeResults(document);

  test('stores a kernel as rows (inputs) of columns (units), and typed arrays as plain arrays', () => {
    const plain = JSON.parse(json);
    assert.deepEqual(plain.variants[0].runs[0].params[1].kernel, [[1], [2]]);
    assert.deepEqual(plain.variants[0].runs[0].params[0].kernel, [[0.5, -0.25]]);
    assert.deepEqual(plain.variants[0].runs[0].testPredictions, [1.5]);
  });

  test('reads back the same numbers, as typed arrays', () => {
    const back = parseResults(json);
    const run = back.variants[0].runs[0];
    assert.ok(run.params[0].kernel instanceof Float32Array);
    assert.deepEqual(Array.from(run.params[0].kernel), [0.5, -0.25]);
    assert.deepEqual(Array.from(run.snapshots[0].params[1].bias), [-1]);
    assert.ok(back.dataset.train.outlier instanceof Uint8Array);
  });

  test('refuses a file that is not RegX results', () => {
    assert.throws(() => parseResults('{"format": "other"}'), /not a RegX results file/);
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
