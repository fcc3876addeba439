// Small builders the tests share: a run spec around hand-made data and weights.
import { defaultVerificationSettings, judgeSize, suggestionOf, type ShrinkVerification } from '../../src/core/analysis/shrink-verification';
import type { Dataset } from '../../src/runtime/data';
import type { RunSpec } from '../../src/runtime/engine';
import { parseExperiment, type Experiment, type TrainingSpec } from '../../src/core/experiment';
import type { Params } from '../../src/core/mlp';
import type { Penalty } from '../../src/core/penalties';
import type { PairedComparison } from '../../src/core/analysis/paired';
import type { ResultsDocument, VariantSummary } from '../../src/core/results';

export function experimentFrom(json: object): Experiment {
  const parsed = parseExperiment(JSON.stringify(json));
  if (!parsed.ok) throw new Error(parsed.problems.map((p) => `${p.path}: ${p.message}`).join('\n'));
  return parsed.experiment;
}

export const defaultTraining: TrainingSpec = experimentFrom({ name: 't', data: { kind: 'line' }, variants: [{ name: 'v' }] }).training;

export function dataset(x: number[][], y: number[]): Dataset {
  const d = x[0].length;
  const split = { x: Float32Array.from(x.flat()), y: Float32Array.from(y), n: y.length, outlier: new Uint8Array(y.length) };
  return {
    inputNames: Array.from({ length: d }, (_, j) => `x${j + 1}`),
    targetName: 'y',
    d,
    train: split,
    test: { x: new Float32Array(0), y: new Float32Array(0), n: 0, outlier: new Uint8Array(0) },
  };
}

export function linearParams(weights: number[], bias: number): Params {
  return [{ rows: weights.length, cols: 1, activation: 'linear', kernel: Float32Array.from(weights), bias: Float32Array.of(bias) }];
}

export function runSpec(data: Dataset, initialParams: Params, training: Partial<TrainingSpec>, penalty: Partial<Penalty> = {}): RunSpec {
  return {
    inputs: data.d,
    hidden: initialParams.slice(0, -1).map((l) => ({ units: l.cols, activation: l.activation })),
    training: { ...defaultTraining, ...training },
    penalty: { l1: 0, l2: 0, l1Method: 'subgradient', regularizeBiases: false, ...penalty },
    initialParams,
    dataset: data,
    seed: 1,
    snapshots: { every: 1, maxFrames: 10 },
  };
}

export function allRows(n: number): Uint32Array {
  return Uint32Array.from({ length: n }, (_, i) => i);
}

/** A results document for an experiment text, with hand-written summaries: what lenses,
 * diagnostics and fixes read. Runs are left empty; only the summaries matter to them. */
export function resultsFor(text: string, summaries: Partial<VariantSummary>[], comparisons: PairedComparison[] = []): ResultsDocument {
  const parsed = parseExperiment(text);
  if (!parsed.ok) throw new Error('the fixture text must be a valid experiment');
  const experiment = parsed.experiment;
  const layerSizes = experiment.model.layers.map((l) => l.units);
  const empty = { x: new Float32Array(0), y: new Float32Array(0), outlier: new Uint8Array(0), n: 0, rows: 0, sampled: false };
  return {
    format: 'regx-results',
    version: 2,
    experiment,
    experimentFile: 'e.regx.json',
    createdAt: '2026-01-01T00:00:00.000Z',
    seconds: 1,
    backend: 'js',
    engine: 'fast',
    versions: {},
    cancelled: false,
    dataset: { inputNames: ['x'], targetName: 'y', d: 1, train: empty, test: empty },
    variants: experiment.variants.map((variant, i) => ({
      variant,
      runs: [],
      summary: {
        variant: variant.name,
        formula: '',
        runs: 2,
        diverged: 0,
        testAbsError: [1, 3],
        testAbsErrorMean: 2,
        testAbsErrorSd: Math.SQRT2,
        testErrorsMean: { mae: 1, rmse: 1, r2: 0.5 },
        zeroShare: 0.5,
        exactZeroShare: 0,
        layerSizes,
        liveNeurons: [layerSizes, layerSizes],
        suggestedSizes: layerSizes,
        unusedInputs: [],
        shrinkPredictionChange: 0,
        ...summaries[i],
      },
    })),
    comparisons,
  };
}

/** A verification of `variant` on [10, 10] whose one size tried passed and retrained to 20
 * and 28.2 against the original's 40 and 53.8; with no sizes, one whose size did not pass. */
export function verificationFor(variant: string, sizes?: number[]): ShrinkVerification {
  const tried = judgeSize(sizes ?? [1, 1], sizes ? [1, 2] : [9, 1], [], [1, 2], sizes ? 0.15 : 0.01);
  return {
    variant,
    settings: defaultVerificationSettings,
    reference: { sizes: [10, 10], validationErrors: [1, 2] },
    margin: 0.15,
    trainRows: 60,
    validationRows: 15,
    tried: [tried],
    ...(sizes ? { suggestion: suggestionOf(sizes, [20, 28.2], [], [40, 53.8]) } : {}),
    seconds: 1,
  };
}
