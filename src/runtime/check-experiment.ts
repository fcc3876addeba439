// Every problem of an experiment file before it trains: its own (parsed by core/experiment),
// those of the CSV file it names, and whether its estimated memory fits the budget. The CLI's
// validate and train, the editor's Train command and its diagnostics all check with this, so
// they agree. Problems point into the experiment's text.
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { budgetProblem, estimateCost, generatedShape, type CostEstimate, type DataShape } from '../core/cost';
import { formatPath, lineColumn, locateInText, type EngineChoice, type Experiment, type JsonPath, type ParseResult, type Problem } from '../core/experiment';
import { DEFAULT_MAX_CSV_MIB, DEFAULT_MEMORY_BUDGET_MIB } from '../core/limits';
import { decideEngine, fastBackend } from './choose-engine';
import { DataError, readCsv, resolveCsvPath } from './data';

/** How to raise the memory budget, from the command line or in the editor. */
export const RAISE_MEMORY_BUDGET = 'regx --memory-budget MIB, or the setting regx.memoryBudgetMiB';

export interface CheckLimits {
  /** Memory budget of a training, in MiB. */
  memoryBudgetMiB: number;
  /** Largest CSV file read, in MiB. */
  maxCsvMiB: number;
  /** Trainings at once (worker threads); the machine's cores when absent. */
  parallelism?: number;
}

export const defaultLimits: CheckLimits = { memoryBudgetMiB: DEFAULT_MEMORY_BUDGET_MIB, maxCsvMiB: DEFAULT_MAX_CSV_MIB };

export interface ExperimentCheck {
  problems: Problem[];
  /** What training it would cost, when the file is valid enough to say. */
  cost?: CostEstimate;
}

export interface TrainingChoices {
  /** Variants to train (some only); every variant when absent. */
  variants?: number;
  /** Which variants train, by name (preferred over `variants`: a path variant costs more than others). */
  variantNames?: string[];
  /** The engine asked for instead of the file's training.engine (a CLI option, a setting). */
  engine?: EngineChoice;
}

/** Every problem of an experiment file, and its cost when its text and data are sound. The
 * cost and the budget count the trainings of the variants chosen, on the engine that will run. */
export async function checkExperiment(
  parsed: ParseResult,
  text: string,
  experimentPath: string,
  workspaceRoot?: string,
  limits: CheckLimits = defaultLimits,
  choices: TrainingChoices = {},
): Promise<ExperimentCheck> {
  if (!parsed.experiment) return { problems: parsed.problems };
  const experiment = parsed.experiment;
  const data = await checkDataFiles(experiment, text, experimentPath, workspaceRoot, limits);
  const problems = [...parsed.problems, ...data.problems];
  if (!data.shape) return { problems };
  const engineChoice = choices.engine && choices.engine !== 'auto' ? choices.engine : experiment.training.engine;
  const { engine } = decideEngine({ inputs: data.shape.inputs, hidden: experiment.model.layers, training: experiment.training }, engineChoice);
  const cost = estimateCost(experiment, data.shape, {
    parallelism: limits.parallelism ?? os.availableParallelism(),
    engine,
    simd: fastBackend(experiment.training.batchSize) === 'wasm-simd',
    ...(choices.variants ? { variants: choices.variants } : {}),
    ...(choices.variantNames ? { variantNames: choices.variantNames } : {}),
  });
  const tooLarge = budgetProblem(experiment, cost, limits.memoryBudgetMiB, RAISE_MEMORY_BUDGET);
  if (tooLarge) problems.push(problemAt(text, tooLarge.path, tooLarge.message));
  return { problems, cost };
}

/** The checks an experiment needs beyond its own text: the CSV file is a readable regular file
 * inside the workspace, under the size limit, with the named columns and numbers in them.
 * Gives the data's shape when it is sound. */
export async function checkDataFiles(
  experiment: Experiment,
  text: string,
  experimentPath: string,
  workspaceRoot?: string,
  limits: Pick<CheckLimits, 'maxCsvMiB'> = defaultLimits,
): Promise<{ problems: Problem[]; shape?: DataShape }> {
  const { data } = experiment;
  const generated = generatedShape(data);
  if (data.kind !== 'csv') return { problems: [], ...(generated ? { shape: generated } : {}) };
  try {
    const file = resolveCsvPath(data, path.dirname(experimentPath), workspaceRoot);
    const reading = await readCsv(data, file, { maxCsvMiB: limits.maxCsvMiB, keepValues: false });
    if (!reading.ok) return { problems: reading.problems.map((p) => problemAt(text, p.path, p.message)) };
    return { problems: [], shape: { rows: reading.table.rows, inputs: data.inputs.length } };
  } catch (error) {
    if (error instanceof DataError) return { problems: [problemAt(text, ['data', 'path'], error.message)] };
    throw error;
  }
}

function problemAt(text: string, path: JsonPath, message: string): Problem {
  return { path: formatPath(path), message, ...locateInText(text, path), severity: 'error', source: 'rules' };
}

/** A problem as the CLI prints it: `file:line:column: severity: path: message`. */
export function describeProblem(file: string, text: string, problem: Problem): string {
  const { line, column } = lineColumn(text, problem.offset);
  return `${file}:${line}:${column}: ${problem.severity}: ${problem.path ? `${problem.path}: ` : ''}${problem.message}`;
}

/** Why results cannot be written into `outDir`, checked before training by doing it: the
 * folder is created (as writing would) and a file is written into it and removed. */
export function outDirProblem(outDir: string): string | undefined {
  const results = path.join(outDir, 'results.json');
  if (fs.existsSync(outDir) && !fs.statSync(outDir).isDirectory()) return `${outDir} is a file, not a folder`;
  if (fs.existsSync(results) && !fs.statSync(results).isFile()) return `${results} exists and is not a file`;
  const probe = path.join(outDir, `.regx-write-check-${process.pid}`);
  try {
    makeFolders(outDir);
    fs.writeFileSync(probe, '');
    fs.rmSync(probe);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    const why = code === 'ENOTDIR' ? 'a file is in its path' : code === 'EACCES' || code === 'EPERM' || code === 'EROFS' ? 'permission denied' : (code ?? 'cannot write');
    return `cannot write into ${outDir}: ${why}`;
  }
  return undefined;
}

/** mkdir -p, one level at a time: Node's recursive mkdir retries forever where a parent refuses
 * new entries with ENOENT (as /proc does). */
function makeFolders(dir: string): void {
  if (fs.existsSync(dir)) return;
  const parent = path.dirname(dir);
  if (parent !== dir) makeFolders(parent);
  try {
    fs.mkdirSync(dir);
  } catch (error) {
    // Another writer (a second `regx train --out` on the same folder) may create it first.
    if ((error as NodeJS.ErrnoException).code !== 'EEXIST' || !fs.statSync(dir).isDirectory()) throw error;
  }
}
