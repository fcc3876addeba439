// results.json and results.bin on disk: written binary first, each atomically; a write that
// fails part-way never loses trained weights; a version 1 results.json still reads.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { afterEach, describe, mock, test } from 'node:test';
import type { ResultsDocument } from '../../src/core/results';
import type { Params } from '../../src/core/mlp';
import { readResults, writeResults } from '../../src/runtime/results-file';
import { resultsFor } from '../support/fixtures';

const text = '{"name": "f", "data": {"kind": "line"}, "model": {"layers": [30]}, "variants": [{"name": "A", "l1": 0.1}]}';

/** Results of one run whose weights are `scale` × a fixed pattern, kernels large enough for results.bin. */
function trained(scale: number, createdAt: string): ResultsDocument {
  const params: Params = [
    { rows: 20, cols: 30, activation: 'relu', kernel: Float32Array.from({ length: 600 }, (_, i) => scale * Math.cos(i)), bias: new Float32Array(30) },
    { rows: 30, cols: 1, activation: 'linear', kernel: Float32Array.from({ length: 30 }, (_, i) => scale * i), bias: Float32Array.of(scale) },
  ];
  const document = resultsFor(text, []);
  const run = { variant: 'A', run: 0, seed: 1, epochs: 1, steps: 1, seconds: 0.1, history: { epoch: [0, 1], trainDataLoss: [1, 1], trainPenalty: [0, 0], testDataLoss: [1, 1], testAbsError: [1, 1] }, params, snapshots: [{ epoch: 1, params }], testAbsError: 1, testErrors: { totalAbsError: 1, mae: 1, rmse: 1, r2: 0 }, testPredictions: new Float32Array(0), analysis: {} as ResultsDocument['variants'][number]['runs'][number]['analysis'] };
  return { ...document, createdAt, variants: [{ ...document.variants[0], runs: [run] }] };
}

function tempDir(): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), 'regx-results-file-'));
}

const kernelOf = (document: ResultsDocument) => Array.from(document.variants[0].runs[0].params[0].kernel);

afterEach(() => mock.restoreAll());

describe('writing results', () => {
  test('writes results.json and results.bin, reads them back, leaves no temporary file', () => {
    const dir = tempDir();
    const file = path.join(dir, 'results.json');
    const written = writeResults(file, trained(1, '2026-01-01T00:00:00.000Z'));
    assert.deepEqual(fs.readdirSync(dir), ['results.bin', 'results.json']);
    assert.equal(written.binaryBytes, fs.statSync(path.join(dir, 'results.bin')).size);
    assert.equal(written.jsonBytes, fs.statSync(file).size);
    assert.deepEqual(kernelOf(readResults(file)), kernelOf(trained(1, '')));
  });

  test('writes the binary before results.json', () => {
    const dir = tempDir();
    const renamed: string[] = [];
    const rename = fs.renameSync;
    mock.method(fs, 'renameSync', (from: fs.PathLike, to: fs.PathLike) => {
      renamed.push(path.basename(String(to)));
      rename(from, to);
    });
    writeResults(path.join(dir, 'results.json'), trained(1, '2026-01-01T00:00:00.000Z'));
    assert.deepEqual(renamed, ['results.bin', 'results.json']);
  });

  test('when writing results.json fails, the new weights are read from results.bin', () => {
    const dir = tempDir();
    const file = path.join(dir, 'results.json');
    writeResults(file, trained(1, '2026-01-01T00:00:00.000Z'));
    const rename = fs.renameSync;
    mock.method(fs, 'renameSync', (from: fs.PathLike, to: fs.PathLike) => {
      if (String(to).endsWith('.json')) throw Object.assign(new Error('ENOSPC: no space left on device'), { code: 'ENOSPC' });
      rename(from, to);
    });
    assert.throws(() => writeResults(file, trained(2, '2026-01-02T00:00:00.000Z')), /ENOSPC/);
    mock.restoreAll();
    assert.deepEqual(fs.readdirSync(dir), ['results.bin', 'results.json'], 'no temporary file left behind');
    const read = readResults(file);
    assert.equal(read.createdAt, '2026-01-02T00:00:00.000Z');
    assert.deepEqual(kernelOf(read), kernelOf(trained(2, '')));
  });

  test('when writing results.bin fails, the results before are kept whole', () => {
    const dir = tempDir();
    const file = path.join(dir, 'results.json');
    writeResults(file, trained(1, '2026-01-01T00:00:00.000Z'));
    const write = fs.writeSync;
    let calls = 0;
    mock.method(fs, 'writeSync', (...args: Parameters<typeof fs.writeSync>) => {
      if (++calls === 3) throw Object.assign(new Error('EIO: i/o error, write'), { code: 'EIO' });
      return (write as (...a: unknown[]) => number)(...args);
    });
    assert.throws(() => writeResults(file, trained(2, '2026-01-02T00:00:00.000Z')), /EIO/);
    mock.restoreAll();
    assert.deepEqual(fs.readdirSync(dir), ['results.bin', 'results.json']);
    assert.deepEqual(kernelOf(readResults(file)), kernelOf(trained(1, '')));
  });
});

describe('reading results', () => {
  test('a version 1 results.json, alone, still reads', () => {
    const dir = tempDir();
    const file = path.join(dir, 'results.json');
    const document = trained(1, '2026-01-01T00:00:00.000Z');
    const plain = JSON.stringify({ ...document, version: 1 }, (_key, value: unknown) => (value instanceof Float32Array || value instanceof Uint8Array ? Array.from(value) : value));
    fs.writeFileSync(file, plain);
    assert.deepEqual(kernelOf(readResults(file)), kernelOf(document));
  });

  test('names the file when there is none, or it is not results', () => {
    const dir = tempDir();
    const file = path.join(dir, 'results.json');
    assert.throws(() => readResults(file), (error: Error) => error.message.startsWith(`${file}: no such results file`));
    fs.writeFileSync(file, '{"format": "other"}');
    assert.throws(() => readResults(file), (error: Error) => error.message === `${file}: not a RegX results file (format regx-results)`);
  });
});
