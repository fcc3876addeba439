// What results.json says about one run beyond the weights: errors in the target's units,
// certified zeros for L1 variants, and the neurons dead before training started.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import type { RunOutcome } from '../../src/core/history';
import type { Params } from '../../src/core/mlp';
import { analyzeRun, summarizeDataset } from '../../src/core/results';
import { dataset, experimentFrom } from '../support/fixtures';

const experiment = experimentFrom({ name: 'r', data: { kind: 'line' }, model: { layers: [2] }, variants: [{ name: 'L1', l1: 0.1 }, { name: 'none' }] });

// x >= 0 and zero biases: the hidden neuron with a negative weight is off on every row.
const start: Params = [
  { rows: 1, cols: 2, activation: 'relu', kernel: Float32Array.of(1, -1), bias: Float32Array.of(0, 0) },
  { rows: 2, cols: 1, activation: 'linear', kernel: Float32Array.of(1, 0), bias: Float32Array.of(0) },
];
const data = dataset([[0], [1], [2], [3]], [0, 1, 2, 3]);
const withTest = { ...data, test: data.train, standardization: { inputMean: [0], inputStd: [1], targetMean: 100, targetStd: 10 } };
const outcome: RunOutcome = { params: start, history: { epoch: [0], trainDataLoss: [0], trainPenalty: [0], testDataLoss: [0], testAbsError: [0] }, snapshots: [{ epoch: 0, params: start }], steps: 0, seconds: 0 };

function analyze(variant: number, params: Params = start) {
  return analyzeRun({ experiment, variant: experiment.variants[variant], run: 0, seed: 1, dataset: withTest, summary: summarizeDataset(withTest), outcome: { ...outcome, params } });
}

describe('the analysis of a run in the results', () => {
  test('counts the hidden neurons dead at the initial weights, per hidden layer', () => {
    assert.deepEqual(analyze(0).analysis.deadBeforeTraining, [1]);
  });

  test('certifies the zeros of an L1 variant only', () => {
    const l1 = analyze(0).analysis.certifiedZeros;
    assert.ok(l1, 'an L1 variant has its zeros checked');
    assert.equal(l1.zeros, 1, "the output's zero weight from the dead neuron");
    assert.equal(analyze(1).analysis.certifiedZeros, undefined);
  });

  test("reports the test errors in the target's units", () => {
    // Off by 0.5 standard deviations of 10 on every row: 5 in the target's units.
    const shifted: Params = [start[0], { ...start[1], bias: Float32Array.of(0.5) }];
    const run = analyze(1, shifted);
    assert.ok(Math.abs(run.testErrors.mae - 5) < 1e-6, `MAE ${run.testErrors.mae}`);
    assert.ok(Math.abs(run.testAbsError - 20) < 1e-5, `total ${run.testAbsError}`);
  });
});
