// The experiment file: its types (defaults filled), parsing with positions, validation.
// The JSON schema in schemas/regx.schema.json is the one definition of the format and of
// its defaults; this module adds what a schema cannot check and maps every problem to the
// JSON path and the exact place in the text.
import Ajv, { type ErrorObject } from 'ajv';
import * as jsonc from 'jsonc-parser';
import schema from '../../schemas/regx.schema.json';
import { comparisonPairs } from './analysis/paired';
import type { FeatureId } from './features';
import { MAX_JSON_DEPTH } from './limits';
import { isClassificationLoss, type ClassificationLoss } from './loss-kinds';

export type Activation = 'relu' | 'tanh' | 'sigmoid' | 'linear';
export type Initializer = 'glorotUniform' | 'glorotNormal' | 'heUniform' | 'heNormal';
/** Losses of a residual, for a target value. */
export type RegressionLoss = 'mse' | 'mae' | 'huber';
export type { ClassificationLoss };
export type LossName = RegressionLoss | ClassificationLoss;
export type OptimizerName = 'sgd' | 'adam';
export type L1Method = 'subgradient' | 'proximal' | 'cumulative';
/** The group lasso's groups: a hidden neuron's outgoing or incoming kernel weights, or an input's weights. */
export type GroupKind = 'outgoing' | 'incoming' | 'inputs';
export type EngineChoice = 'auto' | 'tfjs' | 'fast';
/** TensorFlow.js backends: tfjs-node's native TensorFlow, WebAssembly, plain JavaScript. */
export type BackendName = 'tensorflow' | 'wasm' | 'cpu';
export type BackendChoice = 'auto' | BackendName;
/** How a file's `l2` reads: tf.js' l2·Σw², or TensorFlow 1's l2·Σw²/2 (l2_regularizer). */
export type PenaltyConvention = 'tfjs' | 'tf1';

export interface LineData {
  kind: 'line';
  samples: number;
  slope: number;
  intercept: number;
  xMin: number;
  xMax: number;
  noise: number;
  outliers: number;
  outlierScale: number;
  testFraction: number;
}

export interface SparseLinearData {
  kind: 'sparse-linear';
  samples: number;
  features: number;
  informative: number;
  noise: number;
  testFraction: number;
}

/** What a CSV's target column holds: numbers to predict, or class labels (strings or integers). */
export type CsvTask = 'regression' | 'classification';

export interface CsvData {
  kind: 'csv';
  path: string;
  inputs: string[];
  target: string;
  standardize: boolean;
  testFraction: number;
  task: CsvTask;
}

/** TensorFlow Playground's four classification sets and scikit-learn's two moons: 2-D points
 * in two classes, the network seeing the picked features of each point. */
export const POINT_SET_KINDS = ['circle', 'xor', 'gauss', 'spiral', 'moons'] as const;
export type PointSetKind = (typeof POINT_SET_KINDS)[number];

export interface PointSetData {
  kind: PointSetKind;
  samples: number;
  /** Playground's noise slider over 100: 0 to 0.5. */
  noise: number;
  testFraction: number;
  /** The network's inputs, in this order (Playground's feature ids). */
  features: FeatureId[];
}

/** The features a point set's network sees when the file picks none (the schema's default). */
export const DEFAULT_FEATURES: readonly FeatureId[] = schema.definitions.pointSetData.properties.features.default as FeatureId[];

export function isPointSet(data: DataSpec): data is PointSetData {
  return (POINT_SET_KINDS as readonly string[]).includes(data.kind);
}

export type DataSpec = LineData | SparseLinearData | CsvData | PointSetData;

/**
 * Whether the data are class labels rather than values: one of the 2-D point sets, or a CSV
 * file with `"task": "classification"`. The one place that says so.
 */
export function isClassification(data: DataSpec): boolean {
  return isPointSet(data) || (data.kind === 'csv' && data.task === 'classification');
}

/** The loss a file without `training.loss` trains with: mse for values; for labels, one
 * sigmoid logit for the point sets (two classes), softmax over k logits for a CSV file. */
export function defaultLoss(data: DataSpec): LossName {
  if (!isClassification(data)) return 'mse';
  return data.kind === 'csv' ? 'categoricalCrossentropy' : 'binaryCrossentropy';
}

/** Whether λ_max of a linear model has a formula under this loss (path/lambda-max.ts): mse, huber, binary cross-entropy. */
export function hasExactLambdaMax(loss: LossName): loss is 'mse' | 'huber' | 'binaryCrossentropy' {
  return loss === 'mse' || loss === 'huber' || loss === 'binaryCrossentropy';
}

export interface HiddenLayer {
  units: number;
  activation: Activation;
}

export interface TrainingSpec {
  optimizer: OptimizerName;
  learningRate: number;
  momentum: number;
  beta1: number;
  beta2: number;
  epsilon: number;
  batchSize: number;
  epochs: number;
  loss: LossName;
  huberDelta: number;
  engine: EngineChoice;
}

/** A variant's `path` (core/path/grid.ts reads it), defaults filled where they do not depend on the data. */
export interface PathSpec {
  /** Share of λ that goes to L1: 1 lasso, 0 ridge, between: elastic net. */
  l1Ratio: number;
  /** The grid itself, as the file gives it (any order; run largest first). */
  values?: number[];
  /** Values of a generated grid (DEFAULT_PATH_COUNT when absent). */
  count?: number;
  /** Smallest λ of a generated grid as a share of the largest; by the data's shape when absent. */
  ratio?: number;
  /** [smallest, largest] λ of a generated grid, instead of λ_max computed from the data. */
  range?: [number, number];
  /** Folds of the cross-validation on the training split. */
  folds: number;
}

export interface Variant {
  name: string;
  l1: number;
  /** In tf.js' convention, l2·Σw², whatever the file's penaltyConvention (parsing converts). */
  l2: number;
  l1Method: L1Method;
  /** The group lasso's λg: λg·Σ_g √p_g·‖w_g‖₂ (absent: 0). */
  group?: number;
  /** Which weights form the group lasso's groups (absent: `outgoing`). */
  groups?: GroupKind;
  /** A λ grid to cross-validate instead of one strength (then l1 and l2 are 0). */
  path?: PathSpec;
}

/** An experiment as run: every default filled, layers normalized to objects. */
export interface Experiment {
  name: string;
  description?: string;
  seed: number;
  runs: number;
  data: DataSpec;
  model: { layers: HiddenLayer[]; initializer: Initializer };
  training: TrainingSpec;
  variants: Variant[];
  /** Pairs of variants the file asks to compare (by name), beside each against no penalty. */
  compare?: [string, string][];
  regularizeBiases: boolean;
  /** How the file wrote `l2`; the variants' l2 are already converted to tf.js' convention. */
  penaltyConvention: PenaltyConvention;
  sparsity: { threshold: number };
  snapshots: { every: number; maxFrames: number };
}

export interface Problem {
  /** JSON path in dotted form, e.g. `data.samples` or `variants[1].l1`; '' for the whole file. */
  path: string;
  message: string;
  /** Where in the text the problem is (character offset and length). */
  offset: number;
  length: number;
  severity: 'error' | 'warning';
  /** Which check found it: JSON syntax, the schema, or RegX's own rules and file checks.
   * (In VS Code the first two come from the JSON language service already.) */
  source: 'json' | 'schema' | 'rules';
}

export type ParseResult =
  | { ok: true; experiment: Experiment; problems: Problem[] }
  /** `experiment` is there when the file matched the schema and only RegX's own rules failed. */
  | { ok: false; problems: Problem[]; experiment?: Experiment };

export type JsonPath = (string | number)[];

export function formatPath(path: JsonPath): string {
  let out = '';
  for (const segment of path) {
    if (typeof segment === 'number') out += `[${segment}]`;
    else out += out === '' ? segment : `.${segment}`;
  }
  return out;
}

// Compiled on first use: the extension activates without paying for it.
let compiled: ReturnType<Ajv['compile']> | undefined;
function validateSchema(value: unknown): ReturnType<Ajv['compile']> {
  // strictNumbers: Infinity and NaN are no numbers (nonFiniteProblems says so first, at the place).
  compiled ??= new Ajv({ allErrors: true, useDefaults: true, verbose: true, strict: false, strictNumbers: true }).compile(schema);
  compiled(value);
  return compiled;
}

/** Parses the text of a `*.regx.json` file and checks it against the schema and the rules
 * the schema cannot state. Files outside (CSV columns) are checked by `checkDataFiles`. */
export function parseExperiment(text: string): ParseResult {
  const tooDeep = nestingProblem(text);
  if (tooDeep) return { ok: false, problems: [tooDeep] };
  const syntaxErrors: jsonc.ParseError[] = [];
  const tree = jsonc.parseTree(text, syntaxErrors, { disallowComments: true, allowTrailingComma: false });
  if (syntaxErrors.length > 0 || tree === undefined) {
    const problems = syntaxErrors.map((e) => ({
      path: '',
      message: `invalid JSON: ${describeSyntaxError(e.error)}`,
      offset: e.offset,
      length: Math.max(e.length, 1),
      severity: 'error' as const,
      source: 'json' as const,
    }));
    if (problems.length === 0) problems.push({ path: '', message: 'the file is empty', offset: 0, length: 0, severity: 'error', source: 'json' });
    return { ok: false, problems };
  }
  const nonFinite = nonFiniteProblems(tree, text);
  const raw: unknown = jsonc.getNodeValue(tree);
  const locate = (path: JsonPath, key?: string) => locateInTree(tree, path, key);
  // ajv fills defaults in place: work on a copy the caller never sees half-filled.
  const filled = structuredClone(raw);
  const problems: Problem[] = [];
  const validation = validateSchema(filled);
  if (validation.errors?.length || nonFinite.length > 0) {
    // The schema would also refuse a non-finite number, as "null": said once, as written.
    const said = new Set(nonFinite.map((p) => p.path));
    problems.push(...nonFinite, ...schemaProblems(validation.errors ?? [], locate).filter((p) => !said.has(p.path)));
    return { ok: false, problems };
  }
  const experiment = normalize(filled as RawExperiment, lossGiven(raw));
  problems.push(...ruleProblems(experiment, locate));
  if (problems.some((p) => p.severity === 'error')) return { ok: false, problems, experiment };
  return { ok: true, experiment, problems };
}

/** Nesting deeper than MAX_JSON_DEPTH, at the bracket that goes too deep: found by one pass
 * over the characters (strings skipped), since parsing it into values recurses once per level. */
function nestingProblem(text: string): Problem | undefined {
  let depth = 0;
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (inString) {
      if (c === '\\') i++;
      else if (c === '"') inString = false;
    } else if (c === '"') {
      inString = true;
    } else if (c === '{' || c === '[') {
      if (++depth > MAX_JSON_DEPTH) {
        return { path: '', message: `invalid experiment: nested more than ${MAX_JSON_DEPTH} levels deep`, offset: i, length: 1, severity: 'error', source: 'json' };
      }
    } else if (c === '}' || c === ']') {
      depth = Math.max(0, depth - 1);
    }
  }
  return undefined;
}

/** Numbers too large for a double (1e999) parse as Infinity, which JSON cannot hold and the
 * schema's checks would show as "null": said here with the text as written. */
function nonFiniteProblems(tree: jsonc.Node, text: string): Problem[] {
  const problems: Problem[] = [];
  const visit = (node: jsonc.Node) => {
    if (node.type === 'number' && !Number.isFinite(node.value)) {
      problems.push({
        path: formatPath(jsonc.getNodePath(node)),
        message: `must be a finite number, got ${text.slice(node.offset, node.offset + node.length)} (beyond the range of a number)`,
        offset: node.offset,
        length: node.length,
        severity: 'error',
        source: 'rules',
      });
    }
    node.children?.forEach(visit);
  };
  visit(tree);
  return problems;
}

/** The shape after schema validation with defaults: layers may still be bare numbers. */
type RawExperiment = Omit<Experiment, 'model' | 'snapshots'> & {
  model: { layers: (number | { units: number; activation?: Activation })[]; activation: Activation; initializer: Initializer };
  snapshots: { every?: number; maxFrames: number };
};

/** Whether the file itself names `training.loss` (the schema's default fills it otherwise). */
function lossGiven(raw: unknown): boolean {
  const training = (raw as { training?: unknown } | null)?.training;
  return typeof training === 'object' && training !== null && 'loss' in training;
}

function normalize(raw: RawExperiment, lossIsGiven: boolean): Experiment {
  const { activation, initializer } = raw.model;
  const layers = raw.model.layers.map((entry) =>
    typeof entry === 'number' ? { units: entry, activation } : { units: entry.units, activation: entry.activation ?? activation },
  );
  const every = raw.snapshots.every ?? snapshotEvery(raw.training.epochs, raw.snapshots.maxFrames);
  // One convention from here on: TensorFlow 1's l2·Σw²/2 is tf.js' (l2/2)·Σw² (halving is exact in binary).
  const variants = raw.penaltyConvention === 'tf1' ? raw.variants.map((v) => ({ ...v, l2: v.l2 / 2 })) : raw.variants;
  // The schema documents mse as the default; classification data default to a cross-entropy.
  const training = lossIsGiven ? raw.training : { ...raw.training, loss: defaultLoss(raw.data) };
  return { ...raw, variants, training, model: { layers, initializer }, snapshots: { every, maxFrames: raw.snapshots.maxFrames } };
}

/** The snapshot interval that spreads at most maxFrames snapshots over the epochs, when the file sets none. */
export function snapshotEvery(epochs: number, maxFrames: number): number {
  return Math.max(1, Math.ceil(epochs / maxFrames));
}

type Locate = (path: JsonPath, key?: string) => { offset: number; length: number };

function locateInTree(tree: jsonc.Node, path: JsonPath, key?: string): { offset: number; length: number } {
  // Walk down as far as the path exists: a missing property is shown on its parent.
  let node = tree;
  for (const segment of path) {
    const child = jsonc.findNodeAtLocation(node, [segment]);
    if (child === undefined) break;
    node = child;
  }
  if (key !== undefined && node.type === 'object') {
    const property = node.children?.find((p) => p.children?.[0]?.value === key);
    const keyNode = property?.children?.[0];
    if (keyNode) return { offset: keyNode.offset, length: keyNode.length };
  }
  // For an object or array, underline only its opening line's worth.
  if (node.type === 'object' || node.type === 'array') {
    const keyNode = node.parent?.type === 'property' ? node.parent.children?.[0] : undefined;
    if (keyNode) return { offset: keyNode.offset, length: keyNode.length };
    return { offset: node.offset, length: 1 };
  }
  return { offset: node.offset, length: node.length };
}

function pointerToPath(pointer: string): JsonPath {
  if (pointer === '') return [];
  return pointer
    .slice(1)
    .split('/')
    .map((s) => s.replace(/~1/g, '/').replace(/~0/g, '~'))
    .map((s) => (/^\d+$/.test(s) ? Number(s) : s));
}

function show(value: unknown): string {
  const text = JSON.stringify(value);
  if (text === undefined) return String(value);
  return text.length > 40 ? `${text.slice(0, 37)}...` : text;
}

type SchemaNode = {
  type?: string | string[];
  enum?: unknown[];
  const?: unknown;
  minimum?: number;
  maximum?: number;
  exclusiveMinimum?: number;
  exclusiveMaximum?: number;
  minLength?: number;
  maxLength?: number;
  minItems?: number;
  maxItems?: number;
  $ref?: string;
  anyOf?: SchemaNode[];
};

/** What a value at a schema node must be, in words: "an integer >= 2", "one of "sgd", "adam"". */
export function expectation(node: SchemaNode): string {
  if (node.$ref) return expectation(resolveRef(node.$ref));
  if (node.enum) return `one of ${node.enum.map(show).join(', ')}`;
  if (node.const !== undefined) return show(node.const);
  if (node.anyOf) return node.anyOf.map(expectation).join(' or ');
  const type = Array.isArray(node.type) ? node.type.join(' or ') : node.type;
  const noun =
    type === 'integer' ? 'an integer'
    : type === 'number' ? 'a number'
    : type === 'string' ? `${node.minLength ? 'a non-empty string' : 'a string'}${node.maxLength !== undefined ? ` of at most ${node.maxLength} characters` : ''}`
    : type === 'boolean' ? 'true or false'
    : type === 'array' ? arrayNoun(node)
    : type === 'object' ? 'an object'
    : 'a value';
  const bounds: string[] = [];
  if (node.minimum !== undefined) bounds.push(`>= ${node.minimum}`);
  if (node.exclusiveMinimum !== undefined) bounds.push(`> ${node.exclusiveMinimum}`);
  if (node.maximum !== undefined) bounds.push(`<= ${node.maximum}`);
  if (node.exclusiveMaximum !== undefined) bounds.push(`< ${node.exclusiveMaximum}`);
  return [noun, bounds.join(' and ')].filter(Boolean).join(' ');
}

function arrayNoun(node: SchemaNode): string {
  const items = (n: number) => `${n} item${n === 1 ? '' : 's'}`;
  if (node.minItems && node.maxItems !== undefined) return `an array of at least ${items(node.minItems)} and at most ${node.maxItems}`;
  if (node.minItems) return `an array of at least ${items(node.minItems)}`;
  if (node.maxItems !== undefined) return `an array of at most ${items(node.maxItems)}`;
  return 'an array';
}

function resolveRef(ref: string): SchemaNode {
  const path = pointerToPath(ref.replace(/^#/, ''));
  let node: unknown = schema;
  for (const segment of path) node = (node as Record<string | number, unknown>)[segment];
  return node as SchemaNode;
}

function schemaProblems(errors: ErrorObject[], locate: Locate): Problem[] {
  const byKey = new Map<string, Problem>();
  const anyOfPaths = new Set<string>();
  for (const error of errors) {
    // `if` only says which `then` failed; the `then` errors say what is wrong. An `anyOf`
    // failure is reported once for its path by its own keyword below.
    if (error.keyword === 'if') continue;
    const path = pointerToPath(error.instancePath);
    if (error.keyword === 'required') {
      const missing = formatPath([...path, (error.params as { missingProperty: string }).missingProperty]);
      byKey.set(`required:${missing}`, { path: missing, message: 'is missing (required)', ...locate(path), severity: 'error', source: 'schema' });
      continue;
    }
    if (error.keyword === 'additionalProperties') {
      const extra = (error.params as { additionalProperty: string }).additionalProperty;
      const allowed = Object.keys((error.parentSchema as { properties?: object }).properties ?? {});
      const fullPath = formatPath([...path, extra]);
      byKey.set(`extra:${fullPath}`, {
        path: fullPath,
        message: `is not a known property here; expected one of ${allowed.map((a) => `"${a}"`).join(', ')}`,
        ...locate(path, extra),
        severity: 'error',
        source: 'schema',
      });
      continue;
    }
    if (error.keyword === 'uniqueItems') {
      byKey.set(`unique:${formatPath(path)}`, {
        path: formatPath(path),
        message: `must not list the same item twice, got ${show(error.data)}`,
        ...locate(path),
        severity: 'error',
        source: 'schema',
      });
      continue;
    }
    // Errors inside an anyOf branch repeat what the anyOf itself says.
    if (error.schemaPath.includes('/anyOf/')) continue;
    const message = `must be ${expectation(error.parentSchema as SchemaNode)}, got ${show(error.data)}`;
    if (error.keyword === 'anyOf') anyOfPaths.add(formatPath(path));
    const key = `value:${formatPath(path)}`;
    if (!byKey.has(key)) byKey.set(key, { path: formatPath(path), message, ...locate(path), severity: 'error', source: 'schema' });
  }
  // An anyOf that failed only because of something deeper is better said by the deeper error.
  const problems = [...byKey.values()];
  return problems.filter((p) => !anyOfPaths.has(p.path) || !problems.some((q) => q.path.startsWith(p.path) && q.path.length > p.path.length));
}

function ruleProblems(experiment: Experiment, locate: Locate): Problem[] {
  const problems: Problem[] = [];
  const add = (path: JsonPath, message: string, severity: Problem['severity'] = 'error') =>
    problems.push({ path: formatPath(path), message, ...locate(path), severity, source: 'rules' });

  const seen = new Map<string, number>();
  experiment.variants.forEach((variant, i) => {
    const first = seen.get(variant.name);
    if (first !== undefined) add(['variants', i, 'name'], `must be unique, "${variant.name}" is also the name of variants[${first}]`);
    else seen.set(variant.name, i);
    if (variant.l1Method !== 'subgradient' && experiment.training.optimizer !== 'sgd') {
      add(['variants', i, 'l1Method'], `"${variant.l1Method}" needs training.optimizer "sgd", got "${experiment.training.optimizer}"`);
    }
    const group = variant.group ?? 0;
    const proximalGroup = variant.l1Method === 'proximal' && group > 0;
    if (variant.l1Method !== 'subgradient' && variant.l1 === 0 && !proximalGroup && !(variant.path && variant.path.l1Ratio > 0)) {
      add(['variants', i, 'l1Method'], `has no effect while l1 is 0`, 'warning');
    }
    // With momentum m, the step after the update is applied to weights the velocity keeps
    // pushing: the iteration settles where the lasso for l1·(1 - m) does, not l1.
    const { momentum, optimizer } = experiment.training;
    if (variant.l1Method !== 'subgradient' && variant.l1 > 0 && optimizer === 'sgd' && momentum > 0) {
      add(
        ['variants', i, 'l1Method'],
        `"${variant.l1Method}" needs training.momentum 0, got ${momentum}: with momentum m its steps settle at the lasso for l1·(1 - m) = ${+(variant.l1 * (1 - momentum)).toPrecision(3)}, not for l1 = ${variant.l1}. Set training.momentum to 0, or l1Method "subgradient"`,
      );
    } else if (proximalGroup && optimizer === 'sgd' && momentum > 0) {
      add(
        ['variants', i, 'l1Method'],
        `"proximal" needs training.momentum 0, got ${momentum}: with momentum m the block shrink settles at the group lasso for group·(1 - m) = ${+(group * (1 - momentum)).toPrecision(3)}, not for group = ${group}. Set training.momentum to 0, or l1Method "subgradient"`,
      );
    }
    problems.push(...groupProblems(experiment, variant, ['variants', i], locate));
  });
  experiment.variants.forEach((variant, i) => pathProblems(experiment, variant, i, add));
  compareProblems(experiment, add);
  const { data, training } = experiment;
  // Subgradient L1 leaves "zero" weights jittering within about lr·l1/(1 - m) of zero (the
  // velocity sums the l1·sign(w) pushes): a threshold below twice that counts them as alive.
  // Said on the λ that causes it.
  experiment.variants.forEach((variant, i) => {
    const momentum = training.optimizer === 'sgd' ? training.momentum : 0;
    const jitter = (training.learningRate * variant.l1) / (1 - momentum);
    if (variant.l1Method !== 'subgradient' || jitter === 0 || experiment.sparsity.threshold >= 2 * jitter) return;
    const needed = +(2 * jitter).toPrecision(3);
    const formula = momentum > 0 ? 'lr·l1/(1 - momentum)' : 'lr·l1';
    add(
      ['variants', i, 'l1'],
      `with subgradient L1, weights jitter within about ${formula} = ${+jitter.toPrecision(3)} of zero, above sparsity.threshold ${experiment.sparsity.threshold}: they would not count as zero. Set sparsity.threshold to at least ${needed}, or l1Method "proximal"`,
      'warning',
    );
  });
  if (data.kind === 'sparse-linear' && data.informative > data.features) {
    add(['data', 'informative'], `must be at most data.features (${data.features}), got ${data.informative}`);
  }
  if (data.kind === 'line' && !(data.xMax > data.xMin)) {
    add(['data', 'xMax'], `must be greater than data.xMin (${data.xMin}), got ${data.xMax}`);
  }
  if (data.kind === 'csv' && data.inputs.includes(data.target)) {
    add(['data', 'target'], `must not also be an input column, got "${data.target}"`);
  }
  if (data.kind !== 'csv') {
    const train = data.samples - Math.round(data.samples * data.testFraction);
    if (train < 1) add(['data', 'testFraction'], `leaves no training sample out of ${data.samples}`);
  }
  const crossEntropy = isClassificationLoss(training.loss);
  if (crossEntropy && !isClassification(data)) {
    add(
      ['training', 'loss'],
      `"${training.loss}" needs class labels: data.kind one of ${POINT_SET_KINDS.map((k) => `"${k}"`).join(', ')}, or "csv" with data.task "classification"; got data.kind "${data.kind}". For values use "mse", "mae" or "huber"`,
    );
  } else if (!crossEntropy && isClassification(data)) {
    add(
      ['training', 'loss'],
      `"${training.loss}" compares values, but data.kind "${data.kind}" gives class labels: use "binaryCrossentropy" (two classes) or "categoricalCrossentropy" (k classes), or leave training.loss out for ${JSON.stringify(defaultLoss(data))}`,
    );
  }
  if (training.momentum > 0 && training.optimizer !== 'sgd') {
    add(['training', 'momentum'], `applies to optimizer "sgd" only, got optimizer "${training.optimizer}"`, 'warning');
  }
  return problems;
}

/** `compare` names two different variants per pair, each pair once, none already compared against no penalty. */
function compareProblems(experiment: Experiment, add: (path: JsonPath, message: string) => void): void {
  const names = experiment.variants.map((v) => v.name);
  const baselinePairs = comparisonPairs(experiment.variants).map((pair) => [...pair].sort().join('\u0000'));
  const seen = new Map<string, number>();
  (experiment.compare ?? []).forEach((pair, i) => {
    pair.forEach((name, j) => {
      if (!names.includes(name)) add(['compare', i, j], `must name a variant (${names.map((n) => `"${n}"`).join(', ')}), got "${name}"`);
    });
    if (pair[0] === pair[1]) return add(['compare', i], `must name two different variants, got "${pair[0]}" twice`);
    const key = [...pair].sort().join('\u0000');
    const first = seen.get(key);
    if (first !== undefined) return add(['compare', i], `repeats compare[${first}]`);
    seen.set(key, i);
    if (baselinePairs.includes(key)) add(['compare', i], `is already compared: every variant is compared against the one without a penalty`);
  });
}

/** How many inputs the data gives the network. */
function inputCount(data: DataSpec): number {
  if (isPointSet(data)) return data.features.length;
  return data.kind === 'line' ? 1 : data.kind === 'sparse-linear' ? data.features : data.inputs.length;
}

/** What a variant's group lasso does on this network: groups that do not exist, groups of one
 * weight (plain L1 there), and the methods that set no group to zero. */
function groupProblems(experiment: Experiment, variant: Variant, at: JsonPath, locate: Locate): Problem[] {
  const problems: Problem[] = [];
  const add = (key: string, message: string) => problems.push({ path: formatPath([...at, key]), message, ...locate([...at, key]), severity: 'warning', source: 'rules' });
  const group = variant.group ?? 0;
  if (group === 0) {
    if (variant.groups !== undefined) add('groups', 'has no effect while group is 0');
    return problems;
  }
  const groups = variant.groups ?? 'outgoing';
  const hidden = experiment.model.layers;
  const inputs = inputCount(experiment.data);
  if (hidden.length === 0 && groups !== 'inputs') {
    add('group', `a linear model has no hidden neurons, so groups "${groups}" has no group and group has no effect; use groups "inputs" (for a linear model, single weights: plain L1)`);
    return problems;
  }
  // A group of one weight: √1·‖w‖ = |w|. Sizes of every layer, inputs first, the output's 1 last.
  const sizes = [inputs, ...hidden.map((l) => l.units), 1];
  const single: string[] = [];
  const unit = (n: number) => (n === sizes.length - 1 ? 'the output has 1 unit' : `hidden layer ${n} has 1 unit`);
  hidden.forEach((_, l) => {
    if (groups === 'incoming' && sizes[l] === 1) single.push(`the incoming groups of hidden layer ${l + 1} are single weights (${l === 0 ? 'it has 1 input' : `hidden layer ${l} has 1 unit`})`);
    if (groups === 'outgoing' && sizes[l + 2] === 1) single.push(`the outgoing groups of hidden layer ${l + 1} are single weights (${unit(l + 2)})`);
  });
  if (groups === 'inputs' && sizes[1] === 1) single.push(`${hidden.length === 0 ? 'the input groups of a linear model' : 'the input groups'} are single weights (${unit(1)})`);
  if (single.length > 0) add('group', `${single.join('; ')}: there the group lasso is plain L1 with λ = ${group}`);
  if (variant.l1Method === 'cumulative') {
    add('l1Method', `"cumulative" applies to L1 only: the group term stays in the gradient, as with "subgradient", and sets no group exactly to 0; use "proximal" for whole groups at 0`);
  }
  return problems;
}

/** What a path variant must say beyond its schema: a grid given one way, strengths only through it. */
function pathProblems(experiment: Experiment, variant: Variant, i: number, add: (path: JsonPath, message: string) => void): void {
  const { path } = variant;
  if (!path) return;
  const at = ['variants', i, 'path'];
  if (variant.l1 > 0 || variant.l2 > 0) add(['variants', i, variant.l1 > 0 ? 'l1' : 'l2'], 'must be left out of a variant with a path: its strengths are the path\'s λ (l1 = l1Ratio·λ, l2 = (1 - l1Ratio)·λ)');
  // A path moves l1 and l2 only; a group lasso held fixed beside it would mislabel every λ.
  if ((variant.group ?? 0) > 0) add(['variants', i, 'group'], 'must be left out of a variant with a path: paths of the group lasso are not supported (λ moves l1 and l2 only); compare group strengths as fixed variants');
  if (path.values) {
    for (const key of ['count', 'ratio', 'range'] as const) {
      if (path[key] !== undefined) add([...at, key], `must be left out when path.values gives the grid itself`);
    }
    return;
  }
  if (path.range && path.ratio !== undefined) add([...at, 'ratio'], 'must be left out when path.range gives the smallest λ');
  if (path.range && !(path.range[0] < path.range[1])) add([...at, 'range'], `must be [smallest, largest] with smallest < largest, got [${path.range.join(', ')}]`);
  // λ_max is exact for a linear model with a differentiable loss; otherwise it is the λ at which the weights die, which pure L2 never reaches.
  const exactTop = experiment.model.layers.length === 0 && hasExactLambdaMax(experiment.training.loss);
  if (!path.range && path.l1Ratio === 0 && !exactTop) {
    add([...at, 'l1Ratio'], 'is 0 (pure L2), whose weights no λ kills, and λ_max has no formula for this model: give path.range or path.values');
  }
  if (experiment.data.kind !== 'csv') {
    const train = experiment.data.samples - Math.round(experiment.data.samples * experiment.data.testFraction);
    if (train < path.folds) add([...at, 'folds'], `must be at most the ${train} training rows`);
  }
}

function describeSyntaxError(code: jsonc.ParseErrorCode): string {
  const text = jsonc.printParseErrorCode(code);
  // InvalidSymbol -> "invalid symbol"
  return text.replace(/([a-z])([A-Z])/g, '$1 $2').toLowerCase();
}

/** Where a JSON path is in the text of an experiment file (for problems found outside it). */
export function locateInText(text: string, path: JsonPath): { offset: number; length: number } {
  const tree = jsonc.parseTree(text);
  return tree ? locateInTree(tree, path) : { offset: 0, length: 0 };
}

/** Line and column (both 1-based) of an offset, for messages outside the editor. */
export function lineColumn(text: string, offset: number): { line: number; column: number } {
  let line = 1;
  let lineStart = 0;
  for (let i = 0; i < offset && i < text.length; i++) {
    if (text.charCodeAt(i) === 10) {
      line++;
      lineStart = i + 1;
    }
  }
  return { line, column: offset - lineStart + 1 };
}
