// Small builders the tests share: a run spec around hand-made data and weights.
import type { Dataset } from '../../src/training/data';
import type { RunSpec } from '../../src/training/engine';
import { parseExperiment, type Experiment, type TrainingSpec } from '../../src/training/experiment';
import type { Params } from '../../src/training/mlp';
import type { Penalty } from '../../src/training/penalties';

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
