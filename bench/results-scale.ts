// `npm run bench:results`: what the largest trainings cost and leave on disk, through the CLI
// as a user runs it (dist/cli.js, so `npm run build` first). Two workloads, each in a fresh
// CLI process with its trainer:
//  1. a CSV of 200,000 rows × 20 inputs (generated into a temporary folder), one epoch;
//  2. the largest network the schema allows, layers [4096, 4096] (16.9M weights), a few steps.
// Reports wall time, CPU time (user + system, the CLI and its trainer with its threads),
// peak RSS of the largest process (the trainer; /usr/bin/time's maximum resident set, which
// covers the waited-for children) and the size of results.json and results.bin, then the
// time to read them back. CPU time is the figure to compare when other processes share the cores. `--quick`: 20,000 rows and [1024, 1024].
// A benchmark, not a test: nothing here fails on a slow machine.
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { Random } from '../src/core/random';
import { readResults } from '../src/runtime/results-file';
import { megabytes, root } from './common';

const quick = process.argv.includes('--quick');
const csvRows = quick ? 20_000 : 200_000;
const csvInputs = 20;
const largestLayer = quick ? 1024 : 4096;
const timeCommand = '/usr/bin/time';
const cli = path.join(root, 'dist', 'cli.js');

interface Workload {
  name: string;
  experiment: object;
}

/** y = Σ w_j x_j + noise, w_j = 0 for every other input; written in chunks, never held whole. */
function writeCsv(file: string, rows: number, inputs: number): void {
  const random = new Random(7);
  const weights = Array.from({ length: inputs }, (_, j) => (j % 2 === 0 ? 0 : (j + 1) / inputs));
  const descriptor = fs.openSync(file, 'w');
  fs.writeSync(descriptor, `${[...weights.map((_, j) => `x${j + 1}`), 'y'].join(',')}\n`);
  let chunk: string[] = [];
  for (let r = 0; r < rows; r++) {
    const x = weights.map(() => random.next() * 2 - 1);
    const y = x.reduce((sum, v, j) => sum + v * weights[j], 0) + 0.1 * (random.next() - 0.5);
    chunk.push([...x, y].map((v) => v.toFixed(5)).join(','));
    if (chunk.length === 10_000 || r === rows - 1) {
      fs.writeSync(descriptor, `${chunk.join('\n')}\n`);
      chunk = [];
    }
  }
  fs.closeSync(descriptor);
}

function workloads(): Workload[] {
  return [
    {
      name: `CSV ${csvRows.toLocaleString('en-US')} rows × ${csvInputs} inputs, layers [32, 32], batch 32, 1 epoch, 2 variants × 1 run`,
      experiment: {
        name: 'wide csv',
        data: { kind: 'csv', path: 'data.csv', inputs: Array.from({ length: csvInputs }, (_, j) => `x${j + 1}`), target: 'y' },
        model: { layers: [32, 32] },
        training: { optimizer: 'sgd', learningRate: 0.01, batchSize: 32, epochs: 1, loss: 'mse' },
        variants: [{ name: 'L1', l1: 0.001, l1Method: 'proximal' }, { name: 'L2', l2: 0.001 }],
      },
    },
    {
      name: `line, 100 samples, layers [${largestLayer}, ${largestLayer}], batch 32 (3 steps), 1 epoch, 1 run`,
      experiment: {
        name: 'largest network',
        data: { kind: 'line', samples: 100 },
        model: { layers: [largestLayer, largestLayer] },
        training: { optimizer: 'sgd', learningRate: 0.001, batchSize: 32, epochs: 1, loss: 'mse' },
        variants: [{ name: 'L1', l1: 0.0001 }],
      },
    },
  ];
}

function measure(dir: string, index: number, workload: Workload) {
  const experimentFile = path.join(dir, `w${index}.regx.json`);
  fs.writeFileSync(experimentFile, JSON.stringify(workload.experiment, null, 2));
  const out = path.join(dir, `out${index}`);
  const command = [process.execPath, cli, 'train', experimentFile, '--out', out, '--quiet'];
  const timed = fs.existsSync(timeCommand);
  const started = performance.now();
  const child = timed
    ? spawnSync(timeCommand, ['-f', 'REGX-TIME %e %M %U %S', ...command], { encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 })
    : spawnSync(command[0], command.slice(1), { encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
  const seconds = (performance.now() - started) / 1000;
  const timing = /REGX-TIME ([\d.]+) (\d+) ([\d.]+) ([\d.]+)/.exec(child.stderr ?? '');
  const jsonFile = path.join(out, 'results.json');
  const size = (file: string) => (fs.existsSync(file) ? fs.statSync(file).size : undefined);
  let readSeconds: number | undefined;
  if (child.status === 0) {
    const t = performance.now();
    readResults(jsonFile);
    readSeconds = (performance.now() - t) / 1000;
  }
  return {
    status: child.status,
    engine: /training with the (.*?) \(/.exec(child.stderr ?? '')?.[1] ?? '?',
    error: child.status === 0 ? undefined : (child.stderr ?? '').trim().split('\n').slice(-3).join(' / '),
    seconds,
    peakRss: timing ? Number(timing[2]) * 1024 : undefined,
    cpuSeconds: timing ? Number(timing[3]) + Number(timing[4]) : undefined,
    jsonBytes: size(jsonFile),
    binaryBytes: size(path.join(out, 'results.bin')),
    readSeconds,
  };
}

function main(): void {
  if (!fs.existsSync(cli)) throw new Error(`${path.relative(process.cwd(), cli)} is missing: run \`npm run build\` first`);
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'regx-results-scale-'));
  try {
    const t = performance.now();
    writeCsv(path.join(dir, 'data.csv'), csvRows, csvInputs);
    console.log(`# Results at scale\n`);
    console.log(
      `Machine: ${os.availableParallelism()} cores (${os.cpus()[0]?.model ?? 'unknown cpu'}), ${megabytes(os.totalmem())} RAM; Node ${process.versions.node}; ` +
        `the CSV (${megabytes(fs.statSync(path.join(dir, 'data.csv')).size)}) written in ${((performance.now() - t) / 1000).toFixed(1)} s; ` +
        `load average ${os.loadavg()[0].toFixed(1)} at the start.\n`,
    );
    const rows = workloads().map((workload, i) => {
      const m = measure(dir, i, workload);
      const mb = (bytes: number | undefined) => (bytes === undefined ? '-' : bytes < 1024 * 1024 ? `${Math.ceil(bytes / 1024)} KB` : megabytes(bytes));
      return [
        workload.name,
        m.engine,
        m.status === 0 ? `${m.seconds.toFixed(1)} s` : `failed (exit ${m.status}): ${m.error}`,
        m.cpuSeconds === undefined ? '-' : `${m.cpuSeconds.toFixed(1)} s`,
        m.peakRss === undefined ? `- (needs ${timeCommand})` : mb(m.peakRss),
        mb(m.jsonBytes),
        mb(m.binaryBytes),
        m.readSeconds === undefined ? '-' : `${m.readSeconds.toFixed(2)} s`,
      ];
    });
    const header = ['workload', 'engine', 'wall time (CLI, start to exit)', 'CPU time', 'peak RSS (largest process)', 'results.json', 'results.bin', 'read back'];
    console.log([header, header.map(() => '---'), ...rows].map((r) => `| ${r.join(' | ')} |`).join('\n'));
    console.log(`\nLoad average ${os.loadavg()[0].toFixed(1)} at the end.`);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

main();
