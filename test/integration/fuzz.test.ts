// A seeded structured fuzzer over the experiment format: a few hundred mutations of the
// examples (keys dropped, values replaced or retyped, huge, negative and non-finite numbers,
// deep nesting, CSV paths that are not files or are malformed) go through the checks the CLI
// runs. Every case must end in a clean answer: no crash, no stack trace, every problem
// positioned as file:line:column, and training agrees with validation (the data loads exactly
// when validation accepts it, and a clamped training of what it accepts runs).
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { describe, test } from 'node:test';
import fc from 'fast-check';
import { checkDataFiles, checkExperiment, describeProblem, type CheckLimits } from '../../src/runtime/check-experiment';
import { FAST_ENGINE_MAX_WORK } from '../../src/runtime/choose-engine';
import { DataError, loadDataset, type Dataset } from '../../src/runtime/data';
import { trainRun } from '../../src/runtime/engine';
import { fastEngine } from '../../src/runtime/fast-engine';
import { runSpec } from '../../src/runtime/run-experiment';
import { parseExperiment, type Experiment } from '../../src/core/experiment';

const SEED = 20261205;
const CASES = 300;
/** A small budget keeps what validation accepts quick to load. */
const limits: CheckLimits = { memoryBudgetMiB: 400, maxCsvMiB: 1, parallelism: 1 };

const examples = path.resolve(__dirname, '../../examples');
const scratch = fs.mkdtempSync(path.join(os.tmpdir(), 'regx-fuzz-'));
const bases = ['seed-l1-vs-l2', 'sparse-features', 'houses-csv'].map((name) => JSON.parse(fs.readFileSync(path.join(examples, `${name}.regx.json`), 'utf8')) as Record<string, unknown>);

// CSV files good and bad, in the scratch folder the experiments are written to.
const houses = fs.readFileSync(path.join(examples, 'houses.csv'), 'utf8');
const csvFiles: Record<string, string> = {
  'houses.csv': houses,
  'header-only.csv': houses.split('\n')[0] + '\n',
  'empty.csv': '',
  'quote.csv': houses.replace(/\n(\d)/, '\n"$1'),
  'twice.csv': houses.replace('rooms', 'area'),
  'words.csv': houses.replace(/\n[\d.]+,/, '\nmany,'),
  'one-row.csv': houses.split('\n').slice(0, 2).join('\n') + '\n',
  'ragged.csv': houses.replace(/\n([^\n]*)\n/, '\n$1,9,9\n1\n'),
};
for (const [name, text] of Object.entries(csvFiles)) fs.writeFileSync(path.join(scratch, name), text);
fs.mkdirSync(path.join(scratch, 'folder.csv'));
const large = path.join(scratch, 'large.csv');
fs.writeFileSync(large, 'area,price\n');
fs.truncateSync(large, 2 * 1024 * 1024); // sparse, above the fuzz limit of 1 MiB
const fifo = process.platform === 'win32' ? undefined : path.join(scratch, 'fifo.csv');
if (fifo) spawnSync('mkfifo', [fifo]);
const csvPaths = [...Object.keys(csvFiles), 'folder.csv', 'large.csv', 'missing.csv', '../outside.csv', '/dev/zero', ...(fifo ? ['fifo.csv'] : [])];
const columns = ['area', 'rooms', 'age', 'distance_to_park', 'lucky_number', 'price', 'nope', ''];

// Values JSON.stringify cannot write stand in as markers, replaced in the text.
const INFINITY = '"__fuzz_infinity__"';
const MINUS_INFINITY = '"__fuzz_minus_infinity__"';
const DEEP = '"__fuzz_deep__"';

const nastyValue = fc.oneof(
  fc.constantFrom(0, -1, 1, 2, 0.5, -0.5, 1e-320, 1e9, 2 ** 31, 2 ** 53 + 1, 1e21, 1e308, -1e308, 4096, 4097, 1_000_001),
  fc.double({ noNaN: true, noDefaultInfinity: true }),
  fc.integer(),
  fc.constantFrom(INFINITY, MINUS_INFINITY, DEEP).map((marker) => JSON.parse(marker) as string),
  fc.constantFrom('', 'x', '10', 'relu', 'csv', 'line', 'sparse-linear', 'x'.repeat(300)),
  fc.constantFrom(null, true, false, [], {}, [1, 2], [4096, 4096], { units: 5 }, { kind: 'csv' }),
  fc.constantFrom(...csvPaths),
  fc.array(fc.constantFrom(...columns), { maxLength: 4 }),
);

type Mutation =
  | { op: 'drop'; at: number[] }
  | { op: 'replace'; at: number[]; value: unknown }
  | { op: 'add'; at: number[]; key: string; value: unknown }
  | { op: 'csv'; path: string; inputs: string[]; target: string };

const where = fc.array(fc.nat(), { minLength: 1, maxLength: 4 });
const mutation: fc.Arbitrary<Mutation> = fc.oneof(
  fc.record({ op: fc.constant('drop' as const), at: where }),
  { arbitrary: fc.record({ op: fc.constant('replace' as const), at: where, value: nastyValue }), weight: 4 },
  fc.record({ op: fc.constant('add' as const), at: where, key: fc.constantFrom('extra', 'samples', 'units', 'every', 'l1', 'kind'), value: nastyValue }),
  fc.record({ op: fc.constant('csv' as const), path: fc.constantFrom(...csvPaths), inputs: fc.array(fc.constantFrom(...columns), { minLength: 1, maxLength: 3 }), target: fc.constantFrom(...columns) }),
);
const fuzzCase = fc.record({ base: fc.nat({ max: bases.length - 1 }), mutations: fc.array(mutation, { minLength: 1, maxLength: 3 }) });

/** Walks `at` down the value (each index picks a key or an item), and returns the container and key reached. */
function reach(root: Record<string, unknown>, at: number[]): { parent: Record<string, unknown> | unknown[]; key: string | number } | undefined {
  let parent: Record<string, unknown> | unknown[] = root;
  let key: string | number | undefined;
  for (const index of at) {
    const keys: (string | number)[] = Array.isArray(parent) ? parent.map((_, i) => i) : Object.keys(parent);
    if (keys.length === 0) break;
    key = keys[index % keys.length];
    const child = (parent as Record<string | number, unknown>)[key];
    if (typeof child !== 'object' || child === null) break;
    if (index === at[at.length - 1]) break;
    parent = child as Record<string, unknown> | unknown[];
  }
  return key === undefined ? undefined : { parent, key };
}

function mutate(base: Record<string, unknown>, mutations: Mutation[]): string {
  const value = structuredClone(base);
  for (const m of mutations) {
    if (m.op === 'csv') {
      value.data = { kind: 'csv', path: m.path, inputs: m.inputs, target: m.target };
      continue;
    }
    const spot = reach(value, m.at);
    if (!spot) continue;
    const container = spot.parent as Record<string | number, unknown>;
    if (m.op === 'drop') {
      if (Array.isArray(spot.parent)) spot.parent.splice(spot.key as number, 1);
      else delete container[spot.key];
    } else if (m.op === 'replace') {
      container[spot.key] = m.value;
    } else {
      const target = container[spot.key];
      if (typeof target === 'object' && target !== null && !Array.isArray(target)) (target as Record<string, unknown>)[m.key] = m.value;
    }
  }
  return JSON.stringify(value, null, 2)
    .replaceAll(INFINITY, '1e999')
    .replaceAll(MINUS_INFINITY, '-1e999')
    .replaceAll(DEEP, `${'['.repeat(10_000)}${']'.repeat(10_000)}`);
}

const stackTrace = /\n\s+at |\bat [\w.<>]+ \(.*:\d+:\d+\)|Error: /;

/** A training of what validation accepted, clamped to one epoch over at most 64 rows. */
async function clampedTraining(experiment: Experiment, dataset: Dataset): Promise<void> {
  const rows = Math.min(dataset.train.n, 64);
  const d = dataset.d;
  const train = { x: dataset.train.x.slice(0, rows * d), y: dataset.train.y.slice(0, rows), outlier: dataset.train.outlier.slice(0, rows), n: rows };
  const small: Dataset = { ...dataset, train, test: train };
  const clamped: Experiment = { ...experiment, training: { ...experiment.training, epochs: 1 }, snapshots: { every: 1, maxFrames: 2 } };
  const spec = runSpec(clamped, experiment.variants[0], 0, small);
  if (spec.training.batchSize * (spec.initialParams.reduce((n, l) => n + l.kernel.length + l.bias.length, 0)) > FAST_ENGINE_MAX_WORK) return;
  const outcome = await trainRun(fastEngine(), spec);
  assert.ok(outcome.steps > 0 || outcome.diverged !== undefined, 'the clamped training ran an epoch, or said why it stopped');
}

describe('fuzzing the experiment format', () => {
  const cases = fc.sample(fuzzCase, { seed: SEED, numRuns: CASES });

  test(`${CASES} mutations of the examples: no crash, no stack trace, every problem positioned, training agrees with validation`, async () => {
    const tally = { valid: 0, invalid: 0, dataRefused: 0, trained: 0 };
    for (const [index, { base, mutations }] of cases.entries()) {
      const text = mutate(bases[base], mutations);
      const name = `case-${index}.regx.json`;
      const file = path.join(scratch, name);
      fs.writeFileSync(file, text);
      const context = `case ${index} (seed ${SEED}): ${JSON.stringify(mutations).slice(0, 400)}`;
      const parsed = parseExperiment(text);
      const { problems } = await checkExperiment(parsed, text, file, scratch, limits);
      for (const problem of problems) {
        const line = describeProblem(name, text, problem);
        assert.match(line, /^case-\d+\.regx\.json:\d+:\d+: (error|warning): /, context);
        assert.doesNotMatch(line, stackTrace, `${context}\n${line}`);
        assert.ok(!line.includes('\n'), `${context}: one line per problem\n${line}`);
        if (problem.path) assert.ok(!problem.message.startsWith(`${problem.path}:`), `${context}: the path said twice\n${line}`);
      }
      const valid = !problems.some((p) => p.severity === 'error');
      tally[valid ? 'valid' : 'invalid']++;
      if (!parsed.experiment) continue;

      // The data loads exactly when its checks pass, and fails with the same path when they do not.
      const experiment = parsed.experiment;
      const dataProblems = (await checkDataFiles(experiment, text, file, scratch, limits)).problems;
      const budgetRefused = problems.some((p) => /above the memory budget/.test(p.message));
      if (budgetRefused) continue;
      let dataset: Dataset | undefined;
      try {
        dataset = await loadDataset(experiment.data, experiment.seed, scratch, scratch, limits);
      } catch (error) {
        assert.ok(error instanceof DataError, `${context}: loading failed with ${String(error)}`);
        assert.ok(dataProblems.some((p) => p.path === error.path), `${context}: training refused the data (${error.path}: ${error.message}) but validation did not`);
        tally.dataRefused++;
        continue;
      }
      assert.deepEqual(dataProblems, [], `${context}: validation refused data that training loads`);
      if (valid) {
        await clampedTraining(experiment, dataset);
        tally.trained++;
      }
    }
    // The mutations reach both sides: the fuzzer is not only producing one kind of file.
    assert.ok(tally.valid >= 10 && tally.invalid >= CASES / 2, JSON.stringify(tally));
    assert.ok(tally.dataRefused >= 10 && tally.trained >= 10, JSON.stringify(tally));
  });

  test('a sample through the real CLI: validate and train give the same verdict, positioned, without a stack trace', () => {
    const cli = path.resolve(__dirname, '../../dist/cli.js');
    // Invalid files only: train refuses them before starting a trainer, so this stays quick.
    const sample = cases
      .map(({ base, mutations }, index) => ({ index, text: mutate(bases[base], mutations) }))
      .filter(({ text }) => !parseExperiment(text).ok)
      .slice(0, 4);
    for (const { index, text } of sample) {
      const file = path.join(scratch, `cli-${index}.regx.json`);
      fs.writeFileSync(file, text);
      const run = (command: string) => spawnSync(process.execPath, [cli, command, file, '--max-csv-mib', '1', '--out', path.join(scratch, 'out')], { encoding: 'utf8', cwd: scratch });
      const validate = run('validate');
      const train = run('train');
      assert.equal(validate.status, 1, validate.stderr);
      assert.equal(train.status, 1, train.stderr);
      for (const output of [validate.stderr, train.stderr]) {
        assert.doesNotMatch(output, stackTrace);
        const lines = output.trim().split('\n');
        assert.match(lines.at(-1)!, /problem\(s\); nothing was trained$/);
        for (const line of lines.slice(0, -1)) assert.match(line, /^.*cli-\d+\.regx\.json:\d+:\d+: (error|warning): /);
      }
      assert.equal(validate.stderr, train.stderr);
    }
  });
});
