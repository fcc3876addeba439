// Errors are reported in the target's units, whatever standardization the network trained on.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { evaluate } from '../../src/runtime/engine';
import { errorsInTargetUnits, type Standardization } from '../../src/core/target-errors';
import { dataset, defaultTraining, linearParams } from '../support/fixtures';

const close = (actual: number, expected: number, what: string) => assert.ok(Math.abs(actual - expected) <= 1e-9 * Math.max(1, Math.abs(expected)), `${what}: expected ${expected}, got ${actual}`);

// Predictions (1, 2, 3) for targets (1, 3, 5): residuals 0, -1, -2; the targets' mean is 3.
const predictions = [1, 2, 3];
const targets = [1, 3, 5];

describe('errors in the target units', () => {
  test('total absolute error, MAE, RMSE and R² on the test rows', () => {
    const errors = errorsInTargetUnits(predictions, targets, undefined);
    close(errors.totalAbsError, 3, 'total');
    close(errors.mae, 1, 'MAE');
    close(errors.rmse, Math.sqrt(5 / 3), 'RMSE');
    close(errors.r2, 1 - 5 / 8, 'R²');
  });

  test('a standardized target gives the same errors: predictions are mapped back first', () => {
    const standardization: Standardization = { inputMean: [0], inputStd: [1], targetMean: 10, targetStd: 4 };
    const scaled = (values: number[]) => values.map((v) => (v - 10) / 4);
    const errors = errorsInTargetUnits(scaled(predictions), scaled(targets), standardization);
    const direct = errorsInTargetUnits(predictions, targets, undefined);
    for (const key of ['totalAbsError', 'mae', 'rmse', 'r2'] as const) close(errors[key], direct[key], key);
  });

  test('R² needs two rows and a target that varies', () => {
    assert.ok(Number.isNaN(errorsInTargetUnits([1], [2], undefined).r2));
    assert.ok(Number.isNaN(errorsInTargetUnits([1, 2], [2, 2], undefined).r2));
  });

  test("the per-epoch test |error| of the loss curves is in the target's units too", () => {
    // The network sees targets in standard deviations of 50: a residual of 0.1 is 5 of the target.
    const data = dataset([[0], [1]], [0, 0]);
    const withTest = { ...data, test: { ...data.train, y: Float32Array.of(0.1, -0.1) }, standardization: { inputMean: [0], inputStd: [1], targetMean: 300, targetStd: 50 } };
    const metrics = evaluate(linearParams([0], 0), { dataset: withTest, training: defaultTraining, penalty: { l1: 0, l2: 0, l1Method: 'subgradient', regularizeBiases: false } }, 0);
    // 0.1 is not exact in float32: within its rounding.
    assert.ok(Math.abs(metrics.testAbsError - 10) < 1e-5, `test |error|: expected 10, got ${metrics.testAbsError}`);
  });
});
