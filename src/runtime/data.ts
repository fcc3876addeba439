// The data sets an experiment can train on: a noisy line with outliers, a sparse linear
// problem, or a CSV file. Each is drawn (or read) once per experiment, from the seed, and
// split into train and test the same way for every variant and run.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { parse as parseCsv } from 'csv-parse/sync';
import type { Dataset, Split } from '../core/dataset';
import { formatPath, locateInText, type CsvData, type DataSpec, type Experiment, type JsonPath, type LineData, type ParseResult, type Problem, type SparseLinearData } from '../core/experiment';
import { Random, permutation } from '../core/random';

export type { Dataset, Split };

/** A problem with the data, phrased for the person who wrote the experiment. */
export class DataError extends Error {
  constructor(
    readonly path: string,
    message: string,
  ) {
    super(`${path}: ${message}`);
    this.name = 'DataError';
  }
}

/** Draws or reads the data. CSV paths are relative to experimentDir and, when a workspace
 * root is given, must stay inside it. */
export function loadDataset(spec: DataSpec, seed: number, experimentDir: string, workspaceRoot?: string): Dataset {
  switch (spec.kind) {
    case 'line':
      return lineData(spec, seed);
    case 'sparse-linear':
      return sparseLinearData(spec, seed);
    case 'csv':
      return csvData(spec, seed, experimentDir, workspaceRoot);
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

/** The column names of a CSV file (its first row). */
export function readCsvHeader(file: string): string[] {
  let text: string;
  try {
    text = fs.readFileSync(file, 'utf8');
  } catch {
    throw new DataError('data.path', `no such file: "${file}"`);
  }
  const rows = parseCsv(text, { to_line: 1, trim: true, bom: true }) as string[][];
  if (rows.length === 0) throw new DataError('data.path', `the file is empty: "${file}"`);
  return rows[0];
}

/** Checks that the named columns exist. */
export function checkCsvColumns(spec: CsvData, header: string[]): { path: JsonPath; message: string }[] {
  const problems: { path: JsonPath; message: string }[] = [];
  const known = `the file has ${header.map((h) => `"${h}"`).join(', ')}`;
  spec.inputs.forEach((name, i) => {
    if (!header.includes(name)) problems.push({ path: ['data', 'inputs', i], message: `no column "${name}" in the CSV; ${known}` });
  });
  if (!header.includes(spec.target)) problems.push({ path: ['data', 'target'], message: `no column "${spec.target}" in the CSV; ${known}` });
  return problems;
}

/** Every problem of an experiment file: its own, and, once it matches the schema, those of the
 * files it names. The CLI, the Train command and the editor's diagnostics all check with this. */
export function experimentProblems(parsed: ParseResult, text: string, experimentPath: string, workspaceRoot?: string): Problem[] {
  return parsed.experiment ? [...parsed.problems, ...checkDataFiles(parsed.experiment, text, experimentPath, workspaceRoot)] : parsed.problems;
}

/** The checks an experiment needs beyond its own text: the CSV file exists, inside the
 * workspace, with the named columns. Problems point into the experiment's text. */
export function checkDataFiles(experiment: Experiment, text: string, experimentPath: string, workspaceRoot?: string): Problem[] {
  const { data } = experiment;
  if (data.kind !== 'csv') return [];
  const problem = (path: JsonPath, message: string): Problem => ({ path: formatPath(path), message, ...locateInText(text, path), severity: 'error', source: 'rules' });
  try {
    const header = readCsvHeader(resolveCsvPath(data, path.dirname(experimentPath), workspaceRoot));
    return checkCsvColumns(data, header).map((p) => problem(p.path, p.message));
  } catch (error) {
    if (error instanceof DataError) return [problem(['data', 'path'], error.message.replace(/^data\.path: /, ''))];
    throw error;
  }
}

function csvData(spec: CsvData, seed: number, experimentDir: string, workspaceRoot: string | undefined): Dataset {
  const file = resolveCsvPath(spec, experimentDir, workspaceRoot);
  const header = readCsvHeader(file);
  const missing = checkCsvColumns(spec, header);
  if (missing.length > 0) throw new DataError(formatPath(missing[0].path), missing[0].message);
  const records = parseCsv(fs.readFileSync(file, 'utf8'), {
    trim: true,
    bom: true,
    skip_empty_lines: true,
    from_line: 2,
    info: true,
    relax_column_count: true,
  }) as unknown as { record: string[]; info: { lines: number } }[];
  const columns = [...spec.inputs, spec.target].map((name) => header.indexOf(name));
  const d = spec.inputs.length;
  const n = records.length;
  if (n < 2) throw new DataError('data.path', `needs at least 2 data rows, "${spec.path}" has ${n}`);
  const x = new Float32Array(n * d);
  const y = new Float32Array(n);
  const bad: string[] = [];
  records.forEach(({ record, info }, i) => {
    columns.forEach((column, k) => {
      const cell = record[column];
      const value = cell === undefined || cell === '' ? NaN : Number(cell);
      if (!Number.isFinite(value)) {
        if (bad.length < 10) bad.push(`line ${info.lines} column "${header[column]}": ${cell === undefined || cell === '' ? 'missing' : `"${cell}" is not a number`}`);
        else if (bad.length === 10) bad.push('...');
      }
      if (k < d) x[i * d + k] = value;
      else y[i] = value;
    });
  });
  if (bad.length > 0) throw new DataError('data.path', `"${spec.path}" has values that are missing or not numbers: ${bad.join('; ')}`);
  const random = new Random(seed);
  const dataset: Dataset = {
    inputNames: spec.inputs,
    targetName: spec.target,
    d,
    ...split(x, y, new Uint8Array(n), d, spec.testFraction, random),
  };
  if (spec.standardize) standardize(dataset);
  return dataset;
}

function split(x: Float32Array, y: Float32Array, outlier: Uint8Array, d: number, testFraction: number, random: Random): { train: Split; test: Split } {
  const n = y.length;
  const order = permutation(n, random);
  const testCount = Math.round(n * testFraction);
  const take = (indices: Uint32Array): Split => {
    const part: Split = { x: new Float32Array(indices.length * d), y: new Float32Array(indices.length), n: indices.length, outlier: new Uint8Array(indices.length) };
    indices.forEach((source, i) => {
      part.x.set(x.subarray(source * d, source * d + d), i * d);
      part.y[i] = y[source];
      part.outlier[i] = outlier[source];
    });
    return part;
  };
  return { test: take(order.subarray(0, testCount)), train: take(order.subarray(testCount)) };
}

/** Scales inputs and target to mean 0, sd 1 with the training rows' statistics. */
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
  const target = stats((i) => train.y[i], train.n);
  for (const part of [train, test]) for (let i = 0; i < part.n; i++) part.y[i] = (part.y[i] - target.mean) / target.std;
  dataset.standardization = { inputMean, inputStd, targetMean: target.mean, targetStd: target.std };
}
