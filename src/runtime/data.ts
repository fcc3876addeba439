// The data sets an experiment can train on: a noisy line with outliers, a sparse linear
// problem, a CSV file (regression or classification), or 2-D points in two classes
// (point-sets.ts) seen through Playground's features (core/features.ts). Each is drawn (or
// read) once per experiment, from the seed, and split into train and test the same way for
// every variant and run. A CSV is opened only when it is a regular file under the size limit,
// and parsed as a stream: memory grows with the values kept, not with the text.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { pipeline } from 'node:stream/promises';
import { CsvError, parse as csvParser } from 'csv-parse';
import type { Dataset, Split } from '../core/dataset';
import { formatPath, isPointSet, type CsvData, type DataSpec, type JsonPath, type LineData, type PointSetData, type SparseLinearData } from '../core/experiment';
import { featureRows } from '../core/features';
import { DEFAULT_MAX_CSV_MIB, MAX_CLASSES } from '../core/limits';
import { Random, permutation } from '../core/random';
import { drawPointSet } from './point-sets';

export type { Dataset, Split };

/** How to raise the CSV size limit, from the command line or in the editor. */
export const RAISE_CSV_LIMIT = 'regx --max-csv-mib MIB, or the setting regx.maxCsvMiB';

/** A problem with the data, phrased for the person who wrote the experiment. `path` is the
 * JSON path it belongs to; the message does not repeat it. */
export class DataError extends Error {
  constructor(
    readonly path: string,
    message: string,
  ) {
    super(message);
    this.name = 'DataError';
  }
}

export interface DataLimits {
  /** Largest CSV file read, in MiB. */
  maxCsvMiB?: number;
}

/** Draws or reads the data. CSV paths are relative to experimentDir and, when a workspace
 * root is given, must stay inside it. */
export async function loadDataset(spec: DataSpec, seed: number, experimentDir: string, workspaceRoot?: string, limits: DataLimits = {}): Promise<Dataset> {
  if (isPointSet(spec)) return pointSetData(spec, seed);
  switch (spec.kind) {
    case 'line':
      return lineData(spec, seed);
    case 'sparse-linear':
      return sparseLinearData(spec, seed);
    case 'csv':
      return csvData(spec, seed, experimentDir, workspaceRoot, limits);
  }
}
function lineData(spec: LineData, seed: number): Dataset {
  const random = new Random(seed);
  const n = spec.samples;
  const x = new Float32Array(n);
  const y = new Float32Array(n);
  for (let i = 0; i < n; i++) {
    x[i] = random.uniform(spec.xMin, spec.xMax);
    y[i] = spec.slope * x[i] + spec.intercept + spec.noise * random.normal();
  }
  const outlier = new Uint8Array(n);
  const outlierCount = Math.round(spec.outliers * n);
  for (const i of permutation(n, random).subarray(0, outlierCount)) {
    outlier[i] = 1;
    y[i] += (random.next() < 0.5 ? -1 : 1) * spec.outlierScale;
  }
  return {
    inputNames: ['x'],
    targetName: 'y',
    d: 1,
    ...split(x, y, outlier, 1, spec.testFraction, random),
    trueCoefficients: [spec.slope],
    trueIntercept: spec.intercept,
  };
}

function pointSetData(spec: PointSetData, seed: number): Dataset {
  const random = new Random(seed);
  const { points, labels, classes } = drawPointSet(spec.kind, spec.samples, spec.noise, random);
  const d = spec.features.length;
  const { train, test } = splitOrder(spec.samples, spec.testFraction, random);
  const noOutliers = new Uint8Array(spec.samples);
  const x = featureRows(points, spec.features);
  return {
    inputNames: [...spec.features],
    targetName: 'class',
    d,
    train: takeSplit(x, labels, noOutliers, d, train),
    test: takeSplit(x, labels, noOutliers, d, test),
    classes,
    points: { train: takeRows(points, 2, train), test: takeRows(points, 2, test) },
  };
}

function sparseLinearData(spec: SparseLinearData, seed: number): Dataset {
  const random = new Random(seed);
  const { samples: n, features: d } = spec;
  // Informative coefficients: magnitude in [1, 3], random sign, so each is clearly non-zero.
  const coefficients = Array.from({ length: d }, (_, j) =>
    j < spec.informative ? (random.next() < 0.5 ? -1 : 1) * random.uniform(1, 3) : 0,
  );
  const x = new Float32Array(n * d);
  const y = new Float32Array(n);
  for (let i = 0; i < n; i++) {
    let sum = 0;
    for (let j = 0; j < d; j++) {
      const v = random.normal();
      x[i * d + j] = v;
      sum += coefficients[j] * v;
    }
    y[i] = sum + spec.noise * random.normal();
  }
  return {
    inputNames: Array.from({ length: d }, (_, j) => `x${j + 1}`),
    targetName: 'y',
    d,
    ...split(x, y, new Uint8Array(n), d, spec.testFraction, random),
    trueCoefficients: coefficients,
    trueIntercept: 0,
  };
}

/** Resolves a CSV path of an experiment and checks that it stays inside the workspace. */
export function resolveCsvPath(spec: CsvData, experimentDir: string, workspaceRoot?: string): string {
  const file = path.resolve(experimentDir, spec.path);
  if (workspaceRoot === undefined) return file;
  const relative = path.relative(path.resolve(workspaceRoot), file);
  if (relative.startsWith('..') || path.isAbsolute(relative)) {
    throw new DataError('data.path', `must stay inside the workspace, got "${spec.path}"`);
  }
  return file;
}

/** Checks that the named columns exist. */
export function checkCsvColumns(spec: CsvData, header: string[]): DataProblem[] {
  const problems: DataProblem[] = [];
  const known = `the file has ${header.map((h) => `"${h}"`).join(', ')}`;
  spec.inputs.forEach((name, i) => {
    if (!header.includes(name)) problems.push({ path: ['data', 'inputs', i], message: `no column "${name}" in the CSV; ${known}` });
  });
  if (!header.includes(spec.target)) problems.push({ path: ['data', 'target'], message: `no column "${spec.target}" in the CSV; ${known}` });
  return problems;
}

export interface DataProblem {
  path: JsonPath;
  message: string;
}

/** What reading a CSV found: its header and row count, and the values of the named columns
 * when they were asked for (inputs row by row in x, the target in y). */
export interface CsvTable {
  header: string[];
  rows: number;
  x?: Float32Array;
  /** The target: numbers, or for classification each row's index into `classes`. */
  y?: Float32Array;
  /** Classification: the target's labels, sorted. */
  classes?: string[];
}

export type CsvReading = { ok: true; table: CsvTable } | { ok: false; problems: DataProblem[] };

/** Readings without values, by file and what was checked, for the editor's diagnostics, which
 * check on every edit: a file is read again only when its size or time changes. */
const checkedFiles = new Map<string, CsvReading>();
const checkedFilesKept = 16;

/** Reads and checks the CSV an experiment names: a regular file under the size limit, a
 * header with each name once and the named columns, at least 2 data rows, numbers in the
 * named columns. Problems name their JSON path and, where there is one, the line. */
export async function readCsv(spec: CsvData, file: string, options: DataLimits & { keepValues: boolean }): Promise<CsvReading> {
  const maxMiB = options.maxCsvMiB ?? DEFAULT_MAX_CSV_MIB;
  const fail = (message: string, where: JsonPath = ['data', 'path']): CsvReading => ({ ok: false, problems: [{ path: where, message }] });
  let stat: fs.Stats;
  try {
    stat = await fs.promises.stat(file);
  } catch (error) {
    return fail(cannotOpen(spec.path, error));
  }
  const notReadable = fileProblem(spec.path, stat, maxMiB);
  if (notReadable) return fail(notReadable);
  const cacheKey = options.keepValues ? undefined : JSON.stringify([file, stat.size, stat.mtimeMs, stat.ino, maxMiB, spec.inputs, spec.target, spec.testFraction, spec.task]);
  const cached = cacheKey === undefined ? undefined : checkedFiles.get(cacheKey);
  if (cached) return cached;

  let handle: fs.promises.FileHandle;
  try {
    // Non-blocking: should the path have become a FIFO since the stat, opening it does not wait.
    handle = await fs.promises.open(file, fs.constants.O_RDONLY | (fs.constants.O_NONBLOCK ?? 0));
  } catch (error) {
    return fail(cannotOpen(spec.path, error));
  }
  let reading: CsvReading;
  try {
    const opened = fileProblem(spec.path, await handle.stat(), maxMiB);
    reading = opened ? fail(opened) : await parseCsv(spec, handle, maxMiB, options.keepValues);
  } finally {
    await handle.close();
  }
  if (cacheKey !== undefined) {
    if (checkedFiles.size >= checkedFilesKept) checkedFiles.delete(checkedFiles.keys().next().value as string);
    checkedFiles.set(cacheKey, reading);
  }
  return reading;
}

function cannotOpen(shown: string, error: unknown): string {
  const code = (error as NodeJS.ErrnoException).code;
  if (code === 'ENOENT' || code === 'ENOTDIR') return `no such file: "${shown}"`;
  if (code === 'EACCES' || code === 'EPERM') return `cannot read "${shown}": permission denied`;
  return `cannot read "${shown}"${code ? ` (${code})` : ''}`;
}

/** Why a file cannot be read as a CSV, before a byte of it is read: not a regular file, or too large. */
function fileProblem(shown: string, stat: fs.Stats, maxMiB: number): string | undefined {
  if (!stat.isFile()) {
    const kind = stat.isDirectory() ? 'a folder' : stat.isFIFO() ? 'a FIFO' : stat.isCharacterDevice() || stat.isBlockDevice() ? 'a device' : stat.isSocket() ? 'a socket' : 'not a file';
    return `"${shown}" is ${kind}, not a regular file`;
  }
  if (stat.size > maxMiB * 1024 * 1024) {
    const mib = stat.size / (1024 * 1024);
    return `"${shown}" is ${mib >= 10 ? Math.round(mib) : +mib.toPrecision(2)} MiB, above the limit of ${maxMiB} MiB (raise it with ${RAISE_CSV_LIMIT})`;
  }
  return undefined;
}

async function parseCsv(spec: CsvData, handle: fs.promises.FileHandle, maxMiB: number, keepValues: boolean): Promise<CsvReading> {
  let header: string[] | undefined;
  let columns: number[] = [];
  /** Problems that end the reading early: the header's, or a target with too many classes. */
  let stopping: DataProblem[] = [];
  let rows = 0;
  let lastLine = 0;
  const bad: string[] = [];
  const d = spec.inputs.length;
  const x = keepValues ? new GrowingFloats() : undefined;
  const y = keepValues ? new GrowingFloats() : undefined;
  // Classification: the target's labels are checked (and counted) whether values are kept or not.
  const labels = spec.task === 'classification' ? new ClassLabels() : undefined;
  const noteBad = (what: string) => {
    if (bad.length < 10) bad.push(what);
    else if (bad.length === 10) bad.push('...');
  };
  const parser = csvParser({ trim: true, bom: true, skip_empty_lines: true, info: true, relax_column_count: true });
  const source = handle.createReadStream({ start: 0, end: Math.floor(maxMiB * 1024 * 1024), autoClose: false });
  try {
    await pipeline(source, parser, async (records: AsyncIterable<{ record: string[]; info: { lines: number } }>) => {
      for await (const { record, info } of records) {
        lastLine = info.lines;
        if (header === undefined) {
          header = record;
          stopping = [...duplicateColumns(spec.path, header), ...checkCsvColumns(spec, header)];
          // The header already says the file cannot be used: stop reading.
          if (stopping.length > 0) return;
          columns = [...spec.inputs, spec.target].map((name) => header!.indexOf(name));
          continue;
        }
        rows++;
        if (labels) {
          const cell = record[columns[d]];
          if (cell === undefined || cell === '') noteBad(`line ${info.lines} column "${spec.target}": missing label`);
          else if (labels.size === MAX_CLASSES && !labels.has(cell)) {
            stopping = [{ path: ['data', 'target'], message: `column "${spec.target}" of "${spec.path}" has more than ${MAX_CLASSES} classes (line ${info.lines} brings another, "${cell}"): a classification target holds class labels; for numbers to predict, use task "regression"` }];
            return;
          }
          const label = labels.indexOf(cell);
          y?.push(label);
        }
        for (let k = 0; k < columns.length; k++) {
          if (labels && k === d) continue;
          const cell = record[columns[k]];
          const value = cell === undefined || cell === '' ? NaN : Number(cell);
          if (!Number.isFinite(value)) noteBad(`line ${info.lines} column "${header[columns[k]]}": ${cell === undefined || cell === '' ? 'missing' : `"${cell}" is not a number`}`);
          if (k < d) x?.push(value);
          else y?.push(value);
        }
      }
    });
  } catch (error) {
    // Leaving the loop early ends the pipeline with an abort.
    if (stopping.length > 0) return { ok: false, problems: stopping };
    if (error instanceof CsvError) return { ok: false, problems: [{ path: ['data', 'path'], message: csvSyntaxMessage(spec.path, error, lastLine) }] };
    throw error;
  }
  if (stopping.length > 0) return { ok: false, problems: stopping };
  const problem = (message: string, where: JsonPath = ['data', 'path']): CsvReading => ({ ok: false, problems: [{ path: where, message }] });
  if (header === undefined) return problem(`"${spec.path}" is empty; its first row must name the columns`);
  if (rows < 2) return problem(`needs at least 2 data rows below the header, "${spec.path}" has ${rows}`);
  if (bad.length > 0) return problem(`"${spec.path}" has values that are missing or not numbers: ${bad.join('; ')}`);
  if (rows - Math.round(rows * spec.testFraction) < 1) return problem(`leaves no training row out of the ${rows} of "${spec.path}"`, ['data', 'testFraction']);
  if (labels && labels.size < 2) return problem(`column "${spec.target}" of "${spec.path}" has one class, "${labels.names()[0]}": classification needs at least 2`, ['data', 'target']);
  const values = x && y ? { x: x.values(), y: labels ? labels.sortedIndices(y.values()) : y.values() } : {};
  return { ok: true, table: { header, rows, ...values, ...(labels ? { classes: labels.sorted() } : {}) } };
}

function duplicateColumns(shown: string, header: string[]): DataProblem[] {
  const first = new Map<string, number>();
  const problems: DataProblem[] = [];
  header.forEach((name, i) => {
    const earlier = first.get(name);
    if (earlier === undefined) first.set(name, i);
    else problems.push({ path: ['data', 'path'], message: `"${shown}" line 1: column ${i + 1} is named "${name}" like column ${earlier + 1}; each column needs its own name` });
  });
  return problems;
}

function csvSyntaxMessage(shown: string, error: CsvError, lastLine: number): string {
  if (error.code === 'CSV_QUOTE_NOT_CLOSED') return `"${shown}" line ${lastLine + 1}: a quote opened in this row is never closed`;
  const line = (error as CsvError & { lines?: number }).lines;
  return `"${shown}"${line ? ` line ${line}` : ''}: ${error.message}`;
}

/** The class labels of a CSV target in the order met, then sorted: integers by value when every
 * label is one, otherwise strings in code-unit order (the same on every machine). */
class ClassLabels {
  private readonly index = new Map<string, number>();

  get size(): number {
    return this.index.size;
  }

  has(label: string): boolean {
    return this.index.has(label);
  }

  /** The label's index in the order met, adding it when new. */
  indexOf(label: string): number {
    let found = this.index.get(label);
    if (found === undefined) this.index.set(label, (found = this.index.size));
    return found;
  }

  names(): string[] {
    return [...this.index.keys()];
  }

  sorted(): string[] {
    const names = this.names();
    const integer = /^[+-]?\d+$/;
    if (names.every((name) => integer.test(name))) return names.sort((a, b) => Number(a) - Number(b) || (a < b ? -1 : a > b ? 1 : 0));
    return names.sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
  }

  /** Indices in the order met, as indices into `sorted()`. */
  sortedIndices(met: Float32Array): Float32Array {
    const rank = new Map(this.sorted().map((name, i) => [name, i]));
    const byMet = this.names().map((name) => rank.get(name)!);
    return met.map((i) => byMet[i]);
  }
}

/** A Float32Array that doubles as values arrive: a CSV's rows are not known before the end. */
class GrowingFloats {
  private buffer = new Float32Array(1024);
  private length = 0;

  push(value: number): void {
    if (this.length === this.buffer.length) {
      const larger = new Float32Array(this.buffer.length * 2);
      larger.set(this.buffer);
      this.buffer = larger;
    }
    this.buffer[this.length++] = value;
  }

  values(): Float32Array {
    return this.buffer.slice(0, this.length);
  }
}

async function csvData(spec: CsvData, seed: number, experimentDir: string, workspaceRoot: string | undefined, limits: DataLimits): Promise<Dataset> {
  const file = resolveCsvPath(spec, experimentDir, workspaceRoot);
  const reading = await readCsv(spec, file, { ...limits, keepValues: true });
  if (!reading.ok) throw new DataError(formatPath(reading.problems[0].path), reading.problems[0].message);
  const { x, y, rows: n, classes } = reading.table;
  const d = spec.inputs.length;
  const random = new Random(seed);
  const dataset: Dataset = {
    inputNames: spec.inputs,
    targetName: spec.target,
    d,
    ...split(x!, y!, new Uint8Array(n), d, spec.testFraction, random),
    ...(classes ? { classes } : {}),
  };
  if (spec.standardize) standardize(dataset);
  return dataset;
}

function split(x: Float32Array, y: Float32Array, outlier: Uint8Array, d: number, testFraction: number, random: Random): { train: Split; test: Split } {
  const { train, test } = splitOrder(y.length, testFraction, random);
  return { test: takeSplit(x, y, outlier, d, test), train: takeSplit(x, y, outlier, d, train) };
}

/** Which rows are test rows and which train rows: a random order, the first testFraction of it tested. */
function splitOrder(n: number, testFraction: number, random: Random): { train: Uint32Array; test: Uint32Array } {
  const order = permutation(n, random);
  const testCount = Math.round(n * testFraction);
  return { test: order.subarray(0, testCount), train: order.subarray(testCount) };
}

function takeSplit(x: Float32Array, y: Float32Array, outlier: Uint8Array, d: number, indices: Uint32Array): Split {
  return { x: takeRows(x, d, indices), y: takeRows(y, 1, indices), n: indices.length, outlier: Uint8Array.from(indices, (source) => outlier[source]) };
}

/** The rows `indices` of a row-major array `width` values wide. */
function takeRows(values: Float32Array, width: number, indices: Uint32Array): Float32Array {
  const rows = new Float32Array(indices.length * width);
  indices.forEach((source, i) => rows.set(values.subarray(source * width, source * width + width), i * width));
  return rows;
}

/** Scales inputs and (for regression) the target to mean 0, sd 1 with the training rows' statistics. */
function standardize(dataset: Dataset): void {
  const { d, train, test } = dataset;
  const stats = (values: (i: number) => number, n: number) => {
    let mean = 0;
    for (let i = 0; i < n; i++) mean += values(i);
    mean /= n;
    let variance = 0;
    for (let i = 0; i < n; i++) variance += (values(i) - mean) ** 2;
    const std = Math.sqrt(variance / n);
    return { mean, std: std > 0 ? std : 1 };
  };
  const inputMean: number[] = [];
  const inputStd: number[] = [];
  for (let j = 0; j < d; j++) {
    const { mean, std } = stats((i) => train.x[i * d + j], train.n);
    inputMean.push(mean);
    inputStd.push(std);
    for (const part of [train, test]) for (let i = 0; i < part.n; i++) part.x[i * d + j] = (part.x[i * d + j] - mean) / std;
  }
  // Class labels are indices, not quantities: they stay as they are (mean 0, sd 1 maps them to themselves).
  const target = dataset.classes ? { mean: 0, std: 1 } : stats((i) => train.y[i], train.n);
  for (const part of [train, test]) for (let i = 0; i < part.n; i++) part.y[i] = (part.y[i] - target.mean) / target.std;
  dataset.standardization = { inputMean, inputStd, targetMean: target.mean, targetStd: target.std };
}
