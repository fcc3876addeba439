// The CLI as a script or CI would use it: exit codes, the table, --json, and the list of
// problems of a malformed file.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { describe, test } from 'node:test';
import { TWO_THREADS_MIN_WORK, workPerStep } from '../../src/runtime/choose-engine';

const cli = path.resolve(__dirname, '../../dist/cli.js');
const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'regx-cli-'));

function regx(...args: string[]) {
  const result = spawnSync(process.execPath, [cli, ...args], { cwd: dir, encoding: 'utf8' });
  return { code: result.status, stdout: result.stdout, stderr: result.stderr };
}

function write(name: string, json: unknown): string {
  const file = path.join(dir, name);
  fs.writeFileSync(file, typeof json === 'string' ? json : JSON.stringify(json, null, 2));
  return file;
}

describe('regx train', () => {
  const file = write('tiny.regx.json', {
    name: 'tiny',
    runs: 2,
    data: { kind: 'sparse-linear', samples: 60, features: 4, informative: 2 },
    training: { batchSize: 10, epochs: 20 },
    variants: [{ name: 'none' }, { name: 'lasso', l1: 0.05, l1Method: 'proximal' }],
  });

  test('prints the table and writes results.json', () => {
    const { code, stdout, stderr } = regx('train', file, '--out', 'out', '--backend', 'cpu');
    assert.equal(code, 0, stderr);
    assert.match(stdout, /Variant\s+Penalty\s+Test \|error\| per run\s+Mean ± sd/);
    assert.match(stdout, /^lasso\s+0.05·Σ\|w\|/m);
    const results = JSON.parse(fs.readFileSync(path.join(dir, 'out', 'results.json'), 'utf8'));
    assert.equal(results.format, 'regx-results');
    assert.deepEqual(results.variants.map((v: { summary: { testAbsError: number[] } }) => v.summary.testAbsError.length), [2, 2]);
    const kernel = results.variants[0].runs[0].params[0].kernel;
    assert.equal(kernel.length, 4, 'a kernel is stored as rows (inputs)');
    assert.equal(kernel[0].length, 1, '... of columns (units)');
    // Batches of 10 rows on the fast engine: its SIMD kernels, which this build has, and results.json says so.
    assert.equal(results.engine, 'fast');
    assert.equal(results.backend, 'wasm-simd');
    assert.match(stdout, /fast engine on wasm-simd/);
  });

  test('a lone run large enough shares its batches between two threads on two cores, several runs do not; results.json and the engine line say which', () => {
    // Three hidden layers as wide as it takes to pass TWO_THREADS_MIN_WORK at batch 64.
    let width = 8;
    const network = (units: number) => ({ inputs: 1, hidden: [units, units, units].map((u) => ({ units: u, activation: 'relu' as const })), training: { batchSize: 64 } });
    while (workPerStep(network(width)) < TWO_THREADS_MIN_WORK) width += 8;
    const twoCores = os.availableParallelism() >= 2;
    for (const runs of [1, 2]) {
      const wide = write(`wide-${runs}.regx.json`, {
        name: 'wide',
        runs,
        data: { kind: 'line', samples: 128 },
        model: { layers: network(width).hidden },
        training: { batchSize: 64, epochs: 2 },
        variants: [{ name: 'lasso', l1: 0.01 }],
      });
      const { code, stdout, stderr } = regx('train', wide, '--out', `wide-${runs}`, '--quiet');
      assert.equal(code, 0, stderr);
      const results = JSON.parse(fs.readFileSync(path.join(dir, `wide-${runs}`, 'results.json'), 'utf8'));
      const threads = runs === 1 && twoCores ? 2 : 1;
      assert.equal(results.backend, 'wasm-simd');
      assert.equal(results.threads, threads, `${runs} run(s)`);
      if (threads === 2) {
        assert.match(stderr, /training with the fast engine on wasm-simd, 2 threads per run \(.*each shared by 2 threads\)/);
        assert.match(stdout, /fast engine on wasm-simd, 2 threads per run/);
      } else {
        assert.match(stderr, /training with the fast engine on wasm-simd \(/);
        assert.doesNotMatch(stdout, /threads per run/);
      }
    }
  });

  test('--json prints the results document instead of the table', () => {
    const { code, stdout } = regx('train', file, '--out', 'json', '--json', '--backend', 'cpu');
    assert.equal(code, 0);
    assert.equal(JSON.parse(stdout).experiment.name, 'tiny');
  });

  test('a malformed file exits non-zero and lists every problem by JSON path and line', () => {
    const bad = write('bad.regx.json', { name: 'bad', runs: 0, data: { kind: 'line', samples: '100' }, variants: [{ name: 'a', l1: -1 }] });
    const { code, stderr } = regx('train', bad);
    assert.equal(code, 1);
    assert.match(stderr, /bad\.regx\.json:3:11: error: runs: must be an integer >= 1 and <= 1000, got 0/);
    assert.match(stderr, /data\.samples: must be an integer >= 2 and <= 1000000, got "100"/);
    assert.match(stderr, /variants\[0\]\.l1: must be a number >= 0, got -1/);
    assert.match(stderr, /3 problem\(s\); nothing was trained/);
  });

  test('the seed example prints its paired comparisons, each penalty against no penalty, then the pair the file names', () => {
    const seed = path.resolve(__dirname, '../../examples/seed-l1-vs-l2.regx.json');
    const { code, stdout, stderr } = regx('train', seed, '--out', 'seed');
    assert.equal(code, 0, stderr);
    assert.match(stdout, /Paired comparisons of the test \|error\|, run r against run r .*Holm-adjusted over 2 comparisons/);
    assert.match(stdout, /Comparison\s+Mean difference\s+95% interval\s+p\s+Verdict\s+Runs for 80% power \(estimate\)/);
    for (const variant of ['L1', 'L2']) assert.match(stdout, new RegExp(`^${variant} - none\\s+[+-]\\d+\\.\\d\\d\\s+-?\\d+\\.\\d\\d to -?\\d+\\.\\d\\d`, 'm'));
    const results = JSON.parse(fs.readFileSync(path.join(dir, 'seed', 'results.json'), 'utf8'));
    assert.match(stdout, /The pairs the file names \(compare\), a family of their own:\n.*\n.*\nL1 - L2\s+[+-]\d+\.\d\d/);
    assert.deepEqual(results.comparisons.map((c: { a: string; b: string }) => `${c.a} - ${c.b}`), ['L1 - none', 'L2 - none', 'L1 - L2']);
  });

  test('an unknown variant or option is refused', () => {
    assert.equal(regx('train', file, '--variant', 'ridge').code, 2);
    assert.equal(regx('train', file, '--engine', 'gpu').code, 2);
  });
});

describe('regx validate', () => {
  test('says a valid file is valid', () => {
    const file = write('ok.regx.json', { name: 'ok', data: { kind: 'line' }, variants: [{ name: 'v' }] });
    const { code, stdout } = regx('validate', file);
    assert.equal(code, 0);
    assert.match(stdout, /valid \(1 variants × 1 runs\)/);
  });
});

describe('limits, before anything trains', () => {
  const tiny = { name: 'tiny', data: { kind: 'line', samples: 20 }, training: { epochs: 2 }, variants: [{ name: 'v' }] };

  test('validate and train print the estimated cost', () => {
    const file = write('cost.regx.json', tiny);
    assert.match(regx('validate', file).stdout, /valid \(1 variants × 1 runs\); estimated cost: 1 training, \d+ steps, under 1 s, about \d+ MiB/);
    const { code, stderr } = regx('train', file, '--out', 'cost-out', '--quiet');
    assert.equal(code, 0, stderr);
    assert.match(stderr, /cost\.regx\.json: estimated cost: 1 training/);
  });

  test('--memory-budget refuses what does not fit, at the JSON path, in validate and train alike', () => {
    const file = write('budget.regx.json', { ...tiny, model: { layers: [512, 512] } });
    for (const command of ['validate', 'train']) {
      const { code, stderr } = regx(command, file, '--memory-budget', '100');
      assert.equal(code, 1, `${command}: ${stderr}`);
      assert.match(stderr, /budget\.regx\.json:\d+:\d+: error: model\.layers: needs about \d+ MiB .*above the memory budget of 100 MiB/);
    }
    assert.equal(regx('validate', file).code, 0, 'the default budget accepts it');
  });

  test('--max-csv-mib limits the CSV read, in validate and train alike', () => {
    fs.writeFileSync(path.join(dir, 'rows.csv'), `a,y\n${Array.from({ length: 5000 }, (_, i) => `${i},${i % 7}`).join('\n')}\n`);
    const file = write('csv.regx.json', { name: 'c', data: { kind: 'csv', path: 'rows.csv', inputs: ['a'], target: 'y' }, training: { epochs: 1 }, variants: [{ name: 'v' }] });
    for (const command of ['validate', 'train']) {
      const { code, stderr } = regx(command, file, '--max-csv-mib', '0.01');
      assert.equal(code, 1, `${command}: ${stderr}`);
      assert.match(stderr, /csv\.regx\.json:\d+:\d+: error: data\.path: "rows\.csv" is 0\.\d+ MiB, above the limit of 0\.01 MiB \(raise it with regx --max-csv-mib MIB/);
    }
    assert.equal(regx('validate', file).code, 0);
  });

  test('a header-only CSV fails validate as it fails train, the path said once', () => {
    fs.writeFileSync(path.join(dir, 'header.csv'), 'a,y\n');
    const file = write('header.regx.json', { name: 'h', data: { kind: 'csv', path: 'header.csv', inputs: ['a'], target: 'y' }, variants: [{ name: 'v' }] });
    for (const command of ['validate', 'train']) {
      const { code, stderr } = regx(command, file);
      assert.equal(code, 1);
      assert.match(stderr, /header\.regx\.json:\d+:\d+: error: data\.path: needs at least 2 data rows below the header, "header\.csv" has 0/);
      assert.doesNotMatch(stderr, /data\.path: data\.path/);
    }
  });

  test('--out naming an existing file is refused before training, with exit 2', () => {
    const file = write('out.regx.json', tiny);
    fs.writeFileSync(path.join(dir, 'taken'), 'not a folder');
    const { code, stderr } = regx('train', file, '--out', 'taken');
    assert.equal(code, 2);
    assert.match(stderr, /^--out: .*taken is a file, not a folder; nothing was trained$/m);
    assert.doesNotMatch(stderr, /training with|EEXIST/);
  });

  test('limits that are not positive numbers are bad options', () => {
    const file = write('opt.regx.json', tiny);
    assert.equal(regx('validate', file, '--memory-budget', 'lots').code, 2);
    assert.equal(regx('validate', file, '--max-csv-mib=-1').code, 2);
  });
});

