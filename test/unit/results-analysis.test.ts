// What results.json says about one run beyond the weights: errors in the target's units,
// certified zeros for L1 variants, and the neurons dead before training started.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import type { RunOutcome } from '../../src/core/history';
import type { Params } from '../../src/core/mlp';
import { analyzeRun, summarizeDataset, summarizeVariant } from '../../src/core/results';
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

  test('records per neuron which were dead at the start, and the summary counts them apart', () => {
    const run = analyze(0);
    assert.deepEqual(run.analysis.dead.layers[0].deadAtStart, [false, true]);
    assert.deepEqual(summarizeVariant(experiment.variants[0], [run]).offAtStart, [[1]]);
  });

  test("measures the pruning check in the target's units and against the test error", () => {
    // Off by 0.5 sd (5 in the target's units) on every row, as below; h1 = relu(1e-4·x) spans
    // 3e-4 with an outgoing weight of 1, below the 1e-3 threshold, so it goes and its mean
    // 1.5e-4 folds into the output's bias: a prediction moves by at most 1.5e-4 sd = 1.5e-3.
    const params: Params = [{ ...start[0], kernel: Float32Array.of(1, 1e-4) }, { ...start[1], kernel: Float32Array.of(1, 1), bias: Float32Array.of(0.5) }];
    const run = analyze(1, params).analysis;
    assert.equal(run.dead.layers[0].live, 1);
    const check = run.shrinkCheckVsError;
    assert.ok(check, 'the check is set beside the error');
    assert.ok(Math.abs(check.measured - 1.5e-3) < 1e-5, `measured ${check.measured}`);
    assert.ok(Math.abs(check.shareOfMae - 1.5e-3 / 5) < 1e-6, `share ${check.shareOfMae}`);
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
