// `npx tsx bench/data-scale.ts`: the data side at the sizes issue 13 asks for, each workload in
// a fresh process so that its peak RSS is its own:
//  1. a CSV of 100,000 rows × 50 inputs (generated into a temporary folder), read as training
//     reads it (loadDataset: parsed as a stream, split, standardized), with a numeric target;
//  2. the same rows with a class label of 10 classes as the target (`task: "classification"`);
//  3. that file checked as the CLI's validate and the editor's diagnostics check it
//     (checkExperiment: the rows counted and every value checked, none kept; the cost estimated);
//  4. that file trained as the CLI and the trainer train it (runExperiment on 2 threads, the
//     results written), the experiment below: 2 variants × 5 runs × 1 epoch, batch 32;
//  5. each 2-D point set at its largest, 10,000 points seen through all seven features.
// Reports wall time and CPU time (module loading not counted), the RSS before (Node and the
// modules) and the peak RSS after (process.resourceUsage().maxRSS). A benchmark, not a test: nothing here fails on a slow machine.
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { formatCost } from '../src/core/cost';
import { parseExperiment, POINT_SET_KINDS, type Experiment } from '../src/core/experiment';
import { FEATURE_IDS } from '../src/core/features';
import { MAX_POINT_SET_SAMPLES } from '../src/core/limits';
import { Random } from '../src/core/random';
import { checkExperiment } from '../src/runtime/check-experiment';
import type { ResultsDocument } from '../src/core/results';
import { loadDataset } from '../src/runtime/data';
import { writeResults } from '../src/runtime/results-file';
import { runExperiment } from '../src/runtime/run-experiment';
import { megabytes, peakRssBytes } from './common';

const ROWS = 100_000;
const INPUTS = 50;
const CLASSES = 10;

type Workload = 'csv-regression' | 'csv-classification' | 'csv-validate' | 'csv-train' | 'point-sets';

interface Measured {
  seconds: number;
  /** User + system CPU time of the process over the workload: the figure to compare when other processes share the cores. */
  cpuSeconds: number;
  rssBefore: number;
  peakRss: number;
  note: string;
}

/** x_j ~ U(−1, 1); y = Σ x_j / 10 plus noise, and a label `class<k>` from the first input's decile. Written in chunks. */
function writeCsv(file: string): void {
  const random = new Random(13);
  const descriptor = fs.openSync(file, 'w');
  const inputs = Array.from({ length: INPUTS }, (_, j) => `x${j + 1}`);
  fs.writeSync(descriptor, `${[...inputs, 'y', 'label'].join(',')}\n`);
  let chunk: string[] = [];
  for (let r = 0; r < ROWS; r++) {
    const x = inputs.map(() => random.uniform(-1, 1));
    const y = x.reduce((sum, v) => sum + v, 0) / 10 + 0.1 * random.normal();
    const label = `class${Math.min(CLASSES - 1, Math.floor(((x[0] + 1) / 2) * CLASSES))}`;
    chunk.push(`${x.map((v) => v.toFixed(5)).join(',')},${y.toFixed(5)},${label}`);
    if (chunk.length === 10_000 || r === ROWS - 1) {
      fs.writeSync(descriptor, `${chunk.join('\n')}\n`);
      chunk = [];
    }
  }
  fs.closeSync(descriptor);
}

function experimentText(task: 'regression' | 'classification'): string {
  return JSON.stringify({
    name: `CSV ${ROWS} × ${INPUTS}`,
    data: { kind: 'csv', path: 'data.csv', inputs: Array.from({ length: INPUTS }, (_, j) => `x${j + 1}`), target: task === 'regression' ? 'y' : 'label', task },
    model: { layers: [32, 32] },
    // The loss left to its default: categorical cross-entropy for a classification CSV.
    training: { epochs: 1 },
    variants: [{ name: 'none' }, { name: 'L1', l1: 0.001, l1Method: 'cumulative' }],
  });
}

function parsed(text: string): Experiment {
  const result = parseExperiment(text);
  if (!result.experiment) throw new Error(result.problems.map((p) => `${p.path}: ${p.message}`).join('; '));
  return result.experiment;
}

async function child(workload: Workload, dir: string): Promise<Measured> {
  const rssBefore = process.memoryUsage().rss;
  const cpuBefore = process.cpuUsage();
  const started = performance.now();
  let note = '';
  if (workload === 'csv-regression' || workload === 'csv-classification') {
    const data = await loadDataset(parsed(experimentText(workload === 'csv-regression' ? 'regression' : 'classification')).data, 1, dir);
    note = `${(data.train.n + data.test.n).toLocaleString('en')} rows × ${data.d} inputs${data.classes ? `, ${data.classes.length} classes` : ''}`;
  } else if (workload === 'csv-validate') {
    const text = experimentText('classification');
    const check = await checkExperiment(parseExperiment(text), text, path.join(dir, 'data.regx.json'));
    note = `${check.problems.length ? check.problems.map((p) => p.message).join("; ") : "no problem"}; ${check.cost ? `estimated cost of the training: ${formatCost(check.cost)}` : 'no cost estimate'}`;
  } else if (workload === 'csv-train') {
    let results: ResultsDocument | undefined;
    const experimentPath = path.join(dir, 'data.regx.json');
    await runExperiment(parsed(experimentText('classification')), {
      experimentPath,
      threads: 2,
      emit: (message) => {
        if (message.type === 'finished') results = message.results;
        if (message.type === 'error') throw new Error(message.message);
      },
    });
    if (!results) throw new Error('training finished without results');
    const written = writeResults(path.join(dir, 'out', 'results.json'), results);
    const accuracy = results.variants.map((v) => `${v.variant.name} ${(100 * (v.summary.classification?.accuracyMean ?? NaN)).toFixed(1)}%`).join(', ');
    note = `${results.variants.length} variants × ${results.experiment.runs} runs, ${results.variants[0].runs[0].steps.toLocaleString('en')} steps a run, ${results.engine} on ${results.backend}; test accuracy ${accuracy}; results ${megabytes(written.jsonBytes)} + ${megabytes(written.binaryBytes)}`;
  } else {
    const times: string[] = [];
    for (const kind of POINT_SET_KINDS) {
      const start = performance.now();
      const data = await loadDataset(parsed(JSON.stringify({ name: kind, data: { kind, samples: MAX_POINT_SET_SAMPLES, noise: 0.2, features: FEATURE_IDS }, variants: [{ name: 'none' }] })).data, 1, dir);
      times.push(`${kind} ${((performance.now() - start) / 1000).toFixed(3)} s (${(data.train.n + data.test.n).toLocaleString('en')} × ${data.d})`);
    }
    note = times.join(', ');
  }
  const cpu = process.cpuUsage(cpuBefore);
  return { seconds: (performance.now() - started) / 1000, cpuSeconds: (cpu.user + cpu.system) / 1e6, rssBefore, peakRss: peakRssBytes(), note };
}

async function main(): Promise<void> {
  const childAt = process.argv.indexOf('--child');
  if (childAt >= 0) {
    const measured = await child(process.argv[childAt + 1] as Workload, process.argv[childAt + 2]);
    process.stdout.write(JSON.stringify(measured));
    return;
  }
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'regx-data-scale-'));
  try {
    const file = path.join(dir, 'data.csv');
    writeCsv(file);
    console.log(`CSV: ${ROWS.toLocaleString('en')} rows × ${INPUTS} inputs + a numeric target + a label of ${CLASSES} classes, ${megabytes(fs.statSync(file).size)}`);
    console.log('| workload | wall time | CPU time | RSS before | peak RSS | what it read |');
    console.log('| --- | --- | --- | --- | --- | --- |');
    const workloads: [Workload, string][] = [
      ['csv-regression', `CSV ${ROWS.toLocaleString('en')} × ${INPUTS}, regression, standardized (loadDataset)`],
      ['csv-classification', `CSV ${ROWS.toLocaleString('en')} × ${INPUTS}, classification, inputs standardized (loadDataset)`],
      ['csv-validate', 'the same file validated (checkExperiment: every value checked, none kept)'],
      ['csv-train', 'the same file trained, classification, layers [32, 32] (runExperiment on 2 threads, results written)'],
      ['point-sets', `each point set, ${MAX_POINT_SET_SAMPLES.toLocaleString('en')} points × 7 features (loadDataset)`],
    ];
    for (const [workload, label] of workloads) {
      const run = spawnSync(process.execPath, ['--import', 'tsx', __filename, '--child', workload, dir], { encoding: 'utf8', maxBuffer: 1 << 20 });
      if (run.status !== 0) throw new Error(`${workload}: ${run.stderr}`);
      const m = JSON.parse(run.stdout) as Measured;
      console.log(`| ${label} | ${m.seconds.toFixed(2)} s | ${m.cpuSeconds.toFixed(2)} s | ${megabytes(m.rssBefore)} | ${megabytes(m.peakRss)} | ${m.note} |`);
    }
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

void main();
