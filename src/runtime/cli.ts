// regx: train an experiment from a terminal, a script or CI.
//   regx train FILE [--out DIR] [--json] [--engine auto|tfjs|fast] [--backend auto|tensorflow|wasm|cpu] [--variant NAME]...
//   regx validate FILE [--memory-budget MIB] [--max-csv-mib MIB]
//   regx verify-shrink FILE [--out DIR] [--variant NAME]... [--fine-tune] [--margin SHARE] [--max-sizes N]
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
import { defaultVerificationSettings, type VerificationSettings } from '../core/analysis/shrink-verification';
import { computedOn, mergeWithStored, resultsMatch, type ResultsDocument } from '../core/results';
import { describeKept, formatReport, formatVerification } from './report';
import { judgedErrorName } from '../core/judged-error';
import type { EpochMetrics } from '../core/history';
import { VerificationCancelled, variantsToVerify, verificationCost, verifyShrink } from './verify-shrink';
import { readResults, writeResults } from './results-file';
import { TrainerClient } from './trainer-client';
import { version } from '../../package.json';

const usage = `regx ${version}: regularization experiments on small neural networks

usage:
  regx train FILE [options]    train every variant of an experiment, print the results table
  regx validate FILE           check an experiment file, list every problem, estimate its cost
  regx verify-shrink FILE      train the suggested smaller sizes of the stored results again, same
                               seeds, sizes chosen on validation rows carved from the training split;
                               adds what it found to results.json

options for train and validate:
  --memory-budget MIB  refuse experiments expected to need more memory (default ${DEFAULT_MEMORY_BUDGET_MIB})
  --max-csv-mib MIB    refuse CSV files larger than this (default ${DEFAULT_MAX_CSV_MIB})

options for train:
  --out DIR          where results.json goes (default: results/<file name>)
  --json             print the results document to stdout instead of the table
  --engine NAME      auto (default), tfjs or fast
  --backend NAME     auto (default), tensorflow, wasm or cpu
  --variant NAME     train only this variant (repeatable)
  --quiet            no progress bars

options for verify-shrink (also --out, --variant, --engine, --backend, --json, --quiet):
  --fine-tune        start from the pruned trained weights instead of fresh ones
  --margin SHARE     accept a size whose error is, at the 95% interval's upper end, less than
                     SHARE of the original's mean error above it (default ${defaultVerificationSettings.marginShare})
  --max-sizes N      try at most N sizes per variant (default ${defaultVerificationSettings.maxSizes})`;

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
      'fine-tune': { type: 'boolean', default: false },
      margin: { type: 'string' },
      'max-sizes': { type: 'string' },
      help: { type: 'boolean', short: 'h', default: false },
      version: { type: 'boolean', default: false },
    },
  });
  if (values.version) return print(version);
  const [command, file] = positionals;
  if (values.help || !command) return print(usage);
  if (command !== 'train' && command !== 'validate' && command !== 'verify-shrink') return fail(`unknown command "${command}"\n\n${usage}`);
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
  const choices = { engine: values.engine as EngineChoice, ...(variantCount ? { variants: variantCount, variantNames: values.variant } : {}) };
  const { problems, cost } = await checkExperiment(parsed, text, experimentPath, undefined, { memoryBudgetMiB, maxCsvMiB }, choices);
  for (const problem of problems) console.error(describeProblem(file, text, problem));
  if (!parsed.ok || problems.some((p) => p.severity === 'error')) {
    console.error(`${file}: ${problems.filter((p) => p.severity === 'error').length} problem(s); nothing was trained`);
    return 1;
  }
  const experiment = parsed.experiment;
  const costLine = cost ? `; estimated cost: ${formatCost(cost)}` : '';
  if (command === 'validate') return print(`${file}: valid (${experiment.variants.length} variants × ${experiment.runs} runs)${costLine}`);
  if (command === 'verify-shrink') {
    const settings = verificationOptions(values);
    if (typeof settings === 'string') return fail(settings);
    const resultsDir = path.resolve(values.out ?? defaultOutDir(file));
    return verify(experiment, experimentPath, resultsDir, settings, {
      json: values.json!,
      quiet: values.quiet! || !process.stderr.isTTY,
      engine: values.engine as EngineChoice,
      backend: values.backend as BackendChoice,
      maxCsvMiB,
      ...(values.variant ? { variants: values.variant } : {}),
    });
  }

  const unknown = (values.variant ?? []).filter((name) => !experiment.variants.some((v) => v.name === name));
  if (unknown.length > 0) return fail(`--variant: no variant named ${unknown.map((n) => `"${n}"`).join(', ')} in ${file}`);
  const outDir = path.resolve(values.out ?? defaultOutDir(file));
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
      console.error(`training with the ${computedOn(m)} (${m.engineReason})`);
      if (!bars) return;
      // One bar per run, in file order, before the runs (which train in parallel) report.
      // A path variant trains no numbered runs (its trainings report nothing until the path is done).
      for (const variant of experiment.variants.filter((v) => !v.path && (!options.variants || options.variants.includes(v.name)))) {
        for (let run = 0; run < experiment.runs; run++) {
          const label = key(variant.name, run);
          barOf.set(label, bars.create(experiment.training.epochs, 0, { label: label.padEnd(24), info: '' }));
        }
      }
    })
    .on('progress', (m) => {
      barOf.get(key(m.variant, m.run))?.update(m.metrics.epoch, { info: `${progressError(m.metrics)}  ${Math.round(m.stepsPerSecond)} steps/s` });
    })
    .on('runFinished', (m) => {
      if (bars) return;
      const r = m.result;
      const measured = r.classification ? `test log-loss ${r.classification.logLoss.toFixed(3)}, accuracy ${(r.classification.accuracy * 100).toFixed(1)}%` : `test |error| ${r.testAbsError.toFixed(2)}`;
      console.error(`${key(m.variant, m.run)}: ${r.diverged ? r.diverged.message : `${measured}, ${r.steps} steps in ${r.seconds.toFixed(2)} s`}`);
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

/** A run's progress line: its test |error|, or a classifier's test log-loss and accuracy. */
function progressError(metrics: EpochMetrics): string {
  if (metrics.testAccuracy !== undefined) return `test log-loss ${metrics.testDataLoss.toFixed(3)}, accuracy ${(metrics.testAccuracy * 100).toFixed(1)}%`;
  return `test |error| ${metrics.testAbsError.toFixed(2)}`;
}

function defaultOutDir(file: string): string {
  return path.join('results', path.basename(file).replace(/\.regx\.json$|\.json$/, ''));
}

function verificationOptions(values: { 'fine-tune'?: boolean; margin?: string; 'max-sizes'?: string }): Partial<VerificationSettings> | string {
  const settings: Partial<VerificationSettings> = { mode: values['fine-tune'] ? 'fine-tune' : 'retrain' };
  if (values.margin !== undefined) {
    const share = Number(values.margin);
    if (!(Number.isFinite(share) && share > 0)) return `--margin: expected a positive share of the original's mean error (0.1 is a tenth), got "${values.margin}"`;
    settings.marginShare = share;
  }
  if (values['max-sizes'] !== undefined) {
    const count = Number(values['max-sizes']);
    if (!(Number.isInteger(count) && count >= 1 && count <= 20)) return `--max-sizes: expected a whole number from 1 to 20, got "${values['max-sizes']}"`;
    settings.maxSizes = count;
  }
  return settings;
}

/**
 * verify-shrink: the stored results of DIR must come from this experiment as it is now; the
 * verification is added to them and written back. Ctrl-C or SIGTERM stops it and writes nothing.
 */
async function verify(
  experiment: Experiment,
  experimentPath: string,
  outDir: string,
  settings: Partial<VerificationSettings>,
  options: { json: boolean; quiet: boolean; engine: EngineChoice; backend: BackendChoice; variants?: string[]; maxCsvMiB: number },
): Promise<number> {
  const file = path.join(outDir, 'results.json');
  const shown = path.relative(process.cwd(), file) || file;
  const stored = storedResults(file);
  if (!stored) return fail(`verify-shrink: no results in ${shown}; train first (regx train ${path.relative(process.cwd(), experimentPath)}${outDir === path.resolve(defaultOutDir(experimentPath)) ? '' : ` --out ${path.relative(process.cwd(), outDir)}`})`);
  if (!resultsMatch(stored, experiment)) return fail(`verify-shrink: ${shown} was trained from another version of the experiment; train again first`);
  const unknown = (options.variants ?? []).filter((name) => !stored.variants.some((v) => v.variant.name === name));
  if (unknown.length > 0) return fail(`--variant: no trained variant named ${unknown.map((n) => `"${n}"`).join(', ')} in ${shown}`);
  const toVerify = variantsToVerify(stored, options.variants);
  if (toVerify.length === 0) return print(`verify-shrink: no variant suggests a smaller network; nothing to verify`);
  console.error(`verify-shrink: ${toVerify.map((v) => `${v.variant.name} [${v.original.join(', ')}] → [${v.suggested.join(', ')}]`).join(', ')}; estimated cost at most: ${formatCost(verificationCost(stored, settings, options.variants))}`);
  let stoppedBy: NodeJS.Signals | undefined;
  const stop = (signal: NodeJS.Signals) => (stoppedBy = signal);
  for (const signal of stopSignals) process.on(signal, stop);
  const bar = options.quiet ? undefined : new cliProgress.SingleBar({ format: 'verify-shrink [{bar}] {value}/{total} trainings  {info}', hideCursor: true, stream: process.stderr }, cliProgress.Presets.shades_grey);
  const started = performance.now();
  try {
    const verifications = await verifyShrink(stored, {
      experimentPath,
      settings,
      engine: options.engine,
      backend: options.backend,
      maxCsvMiB: options.maxCsvMiB,
      ...(options.variants ? { variants: options.variants } : {}),
      isCancelled: () => stoppedBy !== undefined,
      onProgress: (done, planned, what) => {
        if (!bar) return;
        if (done === 1) bar.start(planned, 0, { info: what });
        bar.update(done, { info: what });
      },
    });
    bar?.stop();
    const written: ResultsDocument = { ...stored, shrinkVerification: verifications };
    writeResults(file, written);
    if (options.json) process.stdout.write(fs.readFileSync(file, 'utf8') + '\n');
    else console.log(formatVerification(verifications, (performance.now() - started) / 1000, judgedErrorName(stored.experiment.training.loss)) + `\n\nwrote ${shown}`);
    return 0;
  } catch (error) {
    bar?.stop();
    if (!(error instanceof VerificationCancelled)) throw error;
    console.error(`cancelled: nothing written, ${shown} is as it was`);
    return 128 + os.constants.signals[stoppedBy ?? 'SIGINT'];
  } finally {
    for (const signal of stopSignals) process.off(signal, stop);
  }
}

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
