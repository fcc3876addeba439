// The CLI stopped the ways a terminal, a script or CI stops it: Ctrl-C (SIGINT to the whole
// process group), SIGTERM, SIGKILL to the CLI or to its trainer, and two CLIs writing into
// one --out. Each training here would last minutes; every wait is a poll with a deadline.
import assert from 'node:assert/strict';
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { after, describe, test } from 'node:test';
import type { ResultsDocument } from '../../src/core/results';
import { readResults } from '../../src/runtime/results-file';

const cli = path.resolve(__dirname, '../../dist/cli.js');
if (!fs.existsSync(cli)) throw new Error('dist/cli.js is missing: run `npm run build` first (npm test does)');
const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'regx-cancel-'));
const runs = 30;

// Each run takes a good part of a second, and there are far more runs than cores.
fs.writeFileSync(
  path.join(dir, 'long.regx.json'),
  JSON.stringify({
    name: 'long',
    runs,
    data: { kind: 'line', samples: 200 },
    model: { layers: [16, 16] },
    training: { batchSize: 1, epochs: 600 },
    variants: [
      { name: 'L1', l1: 0.01 },
      { name: 'L2', l2: 0.01 },
    ],
  }),
);
const resultsFile = path.join(dir, 'out', 'results.json');

interface Cli {
  child: ChildProcess;
  pid: number;
  stderr(): string;
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
}

const started: Cli[] = [];

/** The CLI as the leader of its own process group, as a shell starts a foreground job. */
function regx(...args: string[]): Cli {
  const child = spawn(process.execPath, [cli, ...args], { cwd: dir, detached: true, stdio: ['ignore', 'pipe', 'pipe'] });
  let stderr = '';
  child.stderr!.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
  child.stdout!.resume();
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) => child.on('close', (code, signal) => resolve({ code, signal })));
  const started_ = { child, pid: child.pid!, stderr: () => stderr, exited };
  started.push(started_);
  return started_;
}

after(() => {
  for (const { child } of started) if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
});

async function until<T>(what: string, probe: () => T | undefined | false, timeoutMs = 20_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = probe();
    if (value !== undefined && value !== false) return value;
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

interface ProcessRow {
  pid: number;
  ppid: number;
  state: string;
  args: string;
}

/** Every process: from /proc on Linux (minimal images have no ps), else from ps. */
function processes(): ProcessRow[] {
  if (fs.existsSync('/proc/self/stat')) {
    return fs.readdirSync('/proc').flatMap((entry) => {
      if (!/^\d+$/.test(entry)) return [];
      try {
        // "pid (name) state ppid ...": the name may hold spaces and parentheses.
        const stat = fs.readFileSync(`/proc/${entry}/stat`, 'utf8');
        const [state, ppid] = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
        const args = fs.readFileSync(`/proc/${entry}/cmdline`, 'utf8').replaceAll('\0', ' ');
        return [{ pid: Number(entry), ppid: Number(ppid), state, args }];
      } catch {
        return []; // it ended while we looked
      }
    });
  }
  const listing = spawnSync('ps', ['-A', '-o', 'pid=,ppid=,stat=,args='], { encoding: 'utf8' }).stdout;
  return listing
    .split('\n')
    .map((line) => /^\s*(\d+)\s+(\d+)\s+(\S+)\s+(.*)$/.exec(line))
    .filter((m) => m !== null)
    .map((m) => ({ pid: Number(m[1]), ppid: Number(m[2]), state: m[3], args: m[4] }));
}

/** The trainer process the CLI started. */
function trainerOf(cliPid: number): number | undefined {
  return processes().find((p) => p.ppid === cliPid && p.args.includes('trainer.js'))?.pid;
}

/** Running, not a zombie waiting for its parent to collect it. */
function isRunning(pid: number): boolean {
  return processes().some((p) => p.pid === pid && !p.state.startsWith('Z'));
}

const hasFinishedRun = (run: Cli) => /run \d+: test \|error\|/.test(run.stderr());
const isTraining = (run: Cli) => run.stderr().includes('training with the');

/** "kept 4 of 60 runs (L1: runs 1-2, 4; L2: run 1)" -> { L1: [0, 1, 3], L2: [0] }, run numbers from 0. */
function keptRuns(stderr: string): Record<string, number[]> {
  const match = /cancelled: kept (\d+) of (\d+) runs \((.*)\); /.exec(stderr);
  assert.ok(match, `the CLI says what it kept: ${stderr}`);
  const kept: Record<string, number[]> = {};
  for (const part of match[3].split('; ')) {
    const [, variant, list] = /^(\w+): runs? (.*)$/.exec(part)!;
    kept[variant] = list.split(', ').flatMap((range) => {
      const [first, last = first] = range.split('-').map(Number);
      return Array.from({ length: last - first + 1 }, (_, i) => first + i - 1);
    });
  }
  assert.equal(Object.values(kept).flat().length, Number(match[1]));
  return kept;
}

function stored(): ResultsDocument {
  return readResults(resultsFile);
}

function runNumbers(document: ResultsDocument, variant: string): number[] {
  return document.variants.find((v) => v.variant.name === variant)?.runs.map((r) => r.run) ?? [];
}

describe('the CLI stopped midway', () => {
  test('Ctrl-C (SIGINT to the process group) keeps the finished runs, marked cancelled, and exits 130', async () => {
    const run = regx('train', 'long.regx.json', '--out', 'out');
    const trainer = await until('the trainer', () => trainerOf(run.pid));
    await until('a finished run', () => hasFinishedRun(run));
    process.kill(-run.pid, 'SIGINT');
    const { code } = await run.exited;
    assert.equal(code, 130, run.stderr());
    const kept = keptRuns(run.stderr());
    const results = stored();
    assert.equal(results.cancelled, true);
    for (const variant of ['L1', 'L2']) assert.deepEqual(runNumbers(results, variant), kept[variant] ?? [], `${variant}: the runs written are the runs the message names`);
    const count = results.variants.reduce((sum, v) => sum + v.runs.length, 0);
    assert.ok(count >= 1 && count < 2 * runs, `some runs, not all: ${count}`);
    assert.equal(isRunning(trainer), false, 'the trainer is gone');
  });

  test('a cancel before any run finished writes nothing and keeps the stored results', async () => {
    const before = fs.readFileSync(resultsFile);
    const run = regx('train', 'long.regx.json', '--out', 'out');
    await until('the training to start', () => isTraining(run));
    process.kill(run.pid, 'SIGTERM');
    const { code } = await run.exited;
    assert.equal(code, 143, run.stderr());
    assert.match(run.stderr(), /cancelled: none of 60 runs had finished; nothing written, out[\\/]results\.json is as it was/);
    assert.deepEqual(fs.readFileSync(resultsFile), before);
  });

  test('SIGTERM keeps the finished runs, merged with the stored results of the variants not trained, and exits 143', async () => {
    const before = stored();
    const run = regx('train', 'long.regx.json', '--out', 'out', '--variant', 'L2');
    await until('a finished run', () => hasFinishedRun(run));
    process.kill(run.pid, 'SIGTERM');
    const { code } = await run.exited;
    assert.equal(code, 143, run.stderr());
    const kept = keptRuns(run.stderr());
    assert.deepEqual(Object.keys(kept), ['L2']);
    const after = stored();
    assert.equal(after.cancelled, true);
    assert.deepEqual(runNumbers(after, 'L2'), kept.L2);
    const l1 = (document: ResultsDocument) => document.variants.find((v) => v.variant.name === 'L1');
    assert.deepEqual(l1(after)?.summary, l1(before)?.summary, "L1's stored runs are kept as they were");
  });

  test('SIGKILL to the trainer: the CLI reports the failure, exits non-zero and leaves the stored results alone', async () => {
    const before = fs.readFileSync(resultsFile);
    const run = regx('train', 'long.regx.json', '--out', 'out');
    const trainer = await until('the trainer', () => trainerOf(run.pid));
    await until('the training to start', () => isTraining(run));
    process.kill(trainer, 'SIGKILL');
    const { code } = await run.exited;
    assert.equal(code, 1);
    assert.match(run.stderr(), /the trainer stopped unexpectedly \(signal SIGKILL\)/);
    assert.deepEqual(fs.readFileSync(resultsFile), before);
  });

  test('SIGKILL to the CLI: its trainer is gone within 2 s', async () => {
    const run = regx('train', 'long.regx.json', '--out', 'out');
    const trainer = await until('the trainer', () => trainerOf(run.pid));
    await until('the training to start', () => isTraining(run));
    process.kill(run.pid, 'SIGKILL');
    await run.exited;
    await until('the orphaned trainer to exit', () => !isRunning(trainer), 2000);
  });
});

describe('two CLIs writing into one --out', () => {
  test('leave a valid results file', async () => {
    fs.writeFileSync(
      path.join(dir, 'quick.regx.json'),
      JSON.stringify({ name: 'quick', runs: 2, data: { kind: 'line', samples: 40 }, training: { epochs: 20 }, variants: [{ name: 'A' }, { name: 'B', l2: 0.1 }] }),
    );
    const writers = [regx('train', 'quick.regx.json', '--out', 'shared'), regx('train', 'quick.regx.json', '--out', 'shared')];
    const codes = await Promise.all(writers.map(async (w) => (await w.exited).code));
    assert.deepEqual(codes, [0, 0], writers.map((w) => w.stderr()).join('\n'));
    const results = readResults(path.join(dir, 'shared', 'results.json'));
    assert.deepEqual(results.variants.map((v) => v.runs.length), [2, 2]);
    assert.deepEqual(fs.readdirSync(path.join(dir, 'shared')), ['results.bin', 'results.json'], 'no temporary file is left');
  });
});
