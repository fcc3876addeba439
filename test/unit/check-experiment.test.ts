// What is checked before a training starts, beyond the file's own text: the memory budget,
// at the JSON path to change, and the folder the results go to.
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { describe, test } from 'node:test';
import { checkExperiment, outDirProblem } from '../../src/runtime/check-experiment';
import { parseExperiment } from '../../src/core/experiment';

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'regx-check-'));
const experimentPath = path.join(dir, 'e.regx.json');

async function check(json: object, memoryBudgetMiB = 2048) {
  const text = JSON.stringify(json, null, 2);
  const result = await checkExperiment(parseExperiment(text), text, experimentPath, dir, { memoryBudgetMiB, maxCsvMiB: 256, parallelism: 2 });
  return { ...result, text };
}

describe('the memory budget, at validation', () => {
  const big = { name: 'big', runs: 5, data: { kind: 'line' }, model: { layers: [4096, 4096] }, variants: [{ name: 'a' }, { name: 'b' }] };

  test('a network that cannot fit is refused on model.layers, in the text, saying how to raise the budget', async () => {
    const { problems, text } = await check(big);
    const [problem] = problems.filter((p) => p.severity === 'error');
    assert.equal(problem.path, 'model.layers');
    assert.equal(text.slice(problem.offset, problem.offset + problem.length), '"layers"');
    assert.match(problem.message, /^needs about \d+ GiB \(estimated: .*\), above the memory budget of 2048 MiB; .*raise the budget \(regx --memory-budget MIB, or the setting regx\.memoryBudgetMiB\)$/);
  });

  test('a larger budget accepts what a smaller one refuses', async () => {
    const { cost } = await check(big);
    assert.ok(cost);
    const budget = Math.ceil(cost.memoryBytes / 1024 / 1024);
    assert.deepEqual((await check(big, budget)).problems.filter((p) => p.severity === 'error'), []);
    assert.equal((await check(big, budget - 1)).problems.filter((p) => p.severity === 'error').length, 1);
  });

  test('the cost counts the rows of a CSV file', async () => {
    fs.writeFileSync(path.join(dir, 'rows.csv'), `a,y\n${Array.from({ length: 40 }, (_, i) => `${i},${i}`).join('\n')}\n`);
    const { cost, problems } = await check({ name: 'c', data: { kind: 'csv', path: 'rows.csv', inputs: ['a'], target: 'y' }, variants: [{ name: 'v' }] });
    assert.deepEqual(problems, []);
    assert.equal(cost?.rows, 40);
    assert.equal(cost?.inputs, 1);
  });

  test('a file with errors has no cost', async () => {
    assert.equal((await check({ name: 'x', runs: 0, data: { kind: 'line' }, variants: [{ name: 'v' }] })).cost, undefined);
  });
});

describe('the results folder, before training', () => {
  test('a new folder, or an existing one, is fine; a new one is created', () => {
    const fresh = path.join(dir, 'out', 'deeper');
    assert.equal(outDirProblem(fresh), undefined);
    assert.ok(fs.statSync(fresh).isDirectory());
    assert.deepEqual(fs.readdirSync(fresh), [], 'nothing is left behind');
    assert.equal(outDirProblem(fresh), undefined);
  });

  test('an existing file is refused', () => {
    const file = path.join(dir, 'a-file');
    fs.writeFileSync(file, '');
    assert.equal(outDirProblem(file), `${file} is a file, not a folder`);
    assert.equal(outDirProblem(path.join(file, 'below')), `cannot write into ${path.join(file, 'below')}: a file is in its path`);
  });

  test('results.json being a folder is refused', () => {
    const out = path.join(dir, 'taken');
    fs.mkdirSync(path.join(out, 'results.json'), { recursive: true });
    assert.equal(outDirProblem(out), `${path.join(out, 'results.json')} exists and is not a file`);
  });
});
