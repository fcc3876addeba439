// regx: train an experiment from a terminal, a script or CI.
//   regx train FILE [--out DIR] [--json] [--engine auto|tfjs|fast] [--backend auto|tensorflow|wasm|cpu] [--variant NAME]...
//   regx validate FILE [--memory-budget MIB] [--max-csv-mib MIB]
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { parseArgs } from 'node:util';
import cliProgress from 'cli-progress';
import type { BackendChoice } from './backend';
import { checkExperiment, describeProblem, outDirProblem } from './check-experiment';
import { formatCost } from '../core/cost';
import { parseExperiment, type EngineChoice, type Experiment } from '../core/experiment';
import { DEFAULT_MAX_CSV_MIB, DEFAULT_MEMORY_BUDGET_MIB } from '../core/limits';
import { mergeWithStored, type ResultsDocument } from '../core/results';
import { describeKept, formatReport } from './report';
import { readResults, writeResults } from './results-file';
import { TrainerClient } from './trainer-client';
import { version } from '../../package.json';

const usage = `regx ${version}: regularization experiments on small neural networks

usage:
  regx train FILE [options]    train every variant of an experiment, print the results table
  regx validate FILE           check an experiment file, list every problem, estimate its cost

options for train and validate:
  --memory-budget MIB  refuse experiments expected to need more memory (default ${DEFAULT_MEMORY_BUDGET_MIB})
  --max-csv-mib MIB    refuse CSV files larger than this (default ${DEFAULT_MAX_CSV_MIB})

options for train:
  --out DIR          where results.json goes (default: results/<file name>)
  --json             print the results document to stdout instead of the table
  --engine NAME      auto (default), tfjs or fast
  --backend NAME     auto (default), tensorflow, wasm or cpu
  --variant NAME     train only this variant (repeatable)
  --quiet            no progress bars`;

async function main(argv: string[]): Promise<number> {
  const { values, positionals } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: {
      out: { type: 'string' },
      json: { type: 'boolean', default: false },
      engine: { type: 'string', default: 'auto' },
      backend: { type: 'string', default: 'auto' },
      variant: { type: 'string', multiple: true },
      quiet: { type: 'boolean', default: false },
      'memory-budget': { type: 'string' },
      'max-csv-mib': { type: 'string' },
      help: { type: 'boolean', short: 'h', default: false },
      version: { type: 'boolean', default: false },
    },
  });
  if (values.version) return print(version);
  const [command, file] = positionals;
  if (values.help || !command) return print(usage);
  if (command !== 'train' && command !== 'validate') return fail(`unknown command "${command}"\n\n${usage}`);
  if (!file) return fail(`regx ${command}: which experiment file?\n\n${usage}`);
  if (!['auto', 'tfjs', 'fast'].includes(values.engine!)) return fail(`--engine: expected auto, tfjs or fast, got "${values.engine}"`);
  if (!['auto', 'tensorflow', 'wasm', 'cpu'].includes(values.backend!)) return fail(`--backend: expected auto, tensorflow, wasm or cpu, got "${values.backend}"`);
  const memoryBudgetMiB = mebibytes('--memory-budget', values['memory-budget'], DEFAULT_MEMORY_BUDGET_MIB);
  const maxCsvMiB = mebibytes('--max-csv-mib', values['max-csv-mib'], DEFAULT_MAX_CSV_MIB);
  if (typeof memoryBudgetMiB === 'string') return fail(memoryBudgetMiB);
  if (typeof maxCsvMiB === 'string') return fail(maxCsvMiB);

  const experimentPath = path.resolve(file);
  let text: string;
  try {
    text = fs.readFileSync(experimentPath, 'utf8');
  } catch {
    return fail(`${file}: cannot read the file`);
  }
  const parsed = parseExperiment(text);
  const variantCount = values.variant && new Set(values.variant).size;
  const choices = { engine: values.engine as EngineChoice, ...(variantCount ? { variants: variantCount } : {}) };
  const { problems, cost } = await checkExperiment(parsed, text, experimentPath, undefined, { memoryBudgetMiB, maxCsvMiB }, choices);
  for (const problem of problems) console.error(describeProblem(file, text, problem));
  if (!parsed.ok || problems.some((p) => p.severity === 'error')) {
    console.error(`${file}: ${problems.filter((p) => p.severity === 'error').length} problem(s); nothing was trained`);
    return 1;
  }
  const experiment = parsed.experiment;
  const costLine = cost ? `; estimated cost: ${formatCost(cost)}` : '';
  if (command === 'validate') return print(`${file}: valid (${experiment.variants.length} variants × ${experiment.runs} runs)${costLine}`);

  const unknown = (values.variant ?? []).filter((name) => !experiment.variants.some((v) => v.name === name));
  if (unknown.length > 0) return fail(`--variant: no variant named ${unknown.map((n) => `"${n}"`).join(', ')} in ${file}`);
  const outDir = path.resolve(values.out ?? path.join('results', path.basename(file).replace(/\.regx\.json$|\.json$/, '')));
  const outProblem = outDirProblem(outDir);
  if (outProblem) return fail(`--out: ${outProblem}; nothing was trained`);
  if (cost) console.error(`${file}: estimated cost: ${formatCost(cost)}`);
  return train(experiment, experimentPath, outDir, {
    maxCsvMiB,
    json: values.json!,
    quiet: values.quiet! || !process.stderr.isTTY,
    engine: values.engine as EngineChoice,
    backend: values.backend as BackendChoice,
    variants: values.variant,
  });
}

async function train(
  experiment: Experiment,
  experimentPath: string,
  outDir: string,
  options: { json: boolean; quiet: boolean; engine: EngineChoice; backend: BackendChoice; variants?: string[]; maxCsvMiB: number },
): Promise<number> {
  const client = TrainerClient.start({
    trainerPath: path.join(__dirname, 'trainer.js'),
    experiment,
    experimentPath,
    options: { engine: options.engine, backend: options.backend, maxCsvMiB: options.maxCsvMiB, ...(options.variants ? { variants: options.variants } : {}) },
  });
  const bars = options.quiet
    ? undefined
    : new cliProgress.MultiBar({ format: '{label} [{bar}] {value}/{total} epochs  {info}', hideCursor: true, clearOnComplete: false, stream: process.stderr }, cliProgress.Presets.shades_grey);
  const barOf = new Map<string, cliProgress.SingleBar>();
  const key = (variant: string, run: number) => `${variant} run ${run + 1}`;
  // Ctrl-C (SIGINT), SIGTERM (kill, timeout, CI) or a closed terminal: the trainer, in a
  // process group of its own, is asked to stop; the finished runs are written and the exit
  // status says which signal stopped it. A second signal does not wait for the trainer.
  let stoppedBy: NodeJS.Signals | undefined;
  const stop = (signal: NodeJS.Signals) => {
    if (stoppedBy) return client.kill();
    stoppedBy = signal;
    void client.cancel();
  };
  for (const signal of stopSignals) process.on(signal, stop);
  client
    .on('ready', (m) => {
      console.error(`training with the ${m.engine} engine on ${m.backend} (${m.engineReason})`);
      if (!bars) return;
      // One bar per run, in file order, before the runs (which train in parallel) report.
      for (const variant of experiment.variants.filter((v) => !options.variants || options.variants.includes(v.name))) {
        for (let run = 0; run < experiment.runs; run++) {
          const label = key(variant.name, run);
          barOf.set(label, bars.create(experiment.training.epochs, 0, { label: label.padEnd(24), info: '' }));
        }
      }
    })
    .on('progress', (m) => {
      barOf.get(key(m.variant, m.run))?.update(m.metrics.epoch, { info: `test |error| ${m.metrics.testAbsError.toFixed(2)}  ${Math.round(m.stepsPerSecond)} steps/s` });
    })
    .on('runFinished', (m) => {
      if (bars) return;
      const r = m.result;
      console.error(`${key(m.variant, m.run)}: ${r.diverged ? r.diverged.message : `test |error| ${r.testAbsError.toFixed(2)}, ${r.steps} steps in ${r.seconds.toFixed(2)} s`}`);
    })
    .on('error', (m) => {
      bars?.stop();
      console.error(`error: ${m.path ? `${m.path}: ` : ''}${m.message}`);
    });
  const outcome = await client.done;
  bars?.stop();
  if (outcome.status === 'failed') return 1;
  const file = path.join(outDir, 'results.json');
  const shown = path.relative(process.cwd(), file) || file;
  const exitCode = outcome.status === 'cancelled' ? 128 + os.constants.signals[stoppedBy ?? 'SIGINT'] : 0;
  if (!outcome.results) {
    console.error(`cancelled: ${describeKept(undefined, experiment, options.variants)}; nothing written${fs.existsSync(file) ? `, ${shown} is as it was` : ''}`);
    return exitCode;
  }
  // The variants trained now replace theirs; the stored results of the others are kept.
  const written = mergeWithStored(storedResults(file), outcome.results);
  const files = writeResults(file, written);
  if (options.json) {
    process.stdout.write(fs.readFileSync(file, 'utf8') + '\n');
  } else {
    console.log(formatReport(written));
    console.log(`\nwrote ${shown} (${kib(files.jsonBytes)}) and its arrays, ${path.basename(files.binaryFile)} (${kib(files.binaryBytes)})`);
  }
  if (outcome.status === 'cancelled') console.error(`cancelled: ${describeKept(outcome.results, experiment, options.variants)}; ${shown}`);
  return exitCode;
}

const stopSignals: NodeJS.Signals[] = ['SIGINT', 'SIGTERM', 'SIGHUP'];

/** The results stored in `file`, if it holds readable ones. */
function storedResults(file: string): ResultsDocument | undefined {
  try {
    return readResults(file);
  } catch {
    return undefined;
  }
}

/** A size option in MiB: a positive number, else what to say. */
function mebibytes(option: string, value: string | undefined, fallback: number): number | string {
  if (value === undefined) return fallback;
  const mib = Number(value);
  return Number.isFinite(mib) && mib > 0 ? mib : `${option}: expected a positive number of MiB, got "${value}"`;
}

function kib(bytes: number): string {
  return bytes < 1024 * 1024 ? `${Math.ceil(bytes / 1024)} KiB` : `${(bytes / 1024 / 1024).toFixed(1)} MiB`;
}

function print(text: string): number {
  console.log(text);
  return 0;
}

function fail(text: string): number {
  console.error(text);
  return 2;
}

main(process.argv.slice(2)).then(
  (code) => (process.exitCode = code),
  (error: unknown) => {
    console.error(`regx: ${error instanceof Error ? error.message : String(error)}`);
    process.exitCode = 1;
  },
);
