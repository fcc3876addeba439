// The inputs a model does not use, and dropping them from the first kernel.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { deadNeurons } from '../../src/core/analysis/neurons';
import { applyShrinkPlan, predictionChange, shrinkPlan } from '../../src/core/analysis/shrink';
import { unusedInputs } from '../../src/core/analysis/unused-inputs';
import { Random } from '../../src/core/random';
import { dense, threshold } from '../support/analysis-networks';

describe('unusedInputs', () => {
  // 3 inputs (a, b, c) → 2 ReLU → output. b has no non-zero weight; c feeds only h1,
  // whose output weight is 0, so h1 is dead and c is unused too; a feeds the live h0.
  const params = [dense('relu', [[1, 0.5], [0, 0], [0, 0.7]], [0, 0]), dense('linear', [[1], [0]], [0])];
  const names = ['a', 'b', 'c'];
  const random = new Random(3);
  const n = 8;
  const x = Float32Array.from({ length: n * 3 }, () => random.normal());

  it('finds zero rows and inputs that feed only dead neurons', () => {
    const dead = deadNeurons(params, x, n, threshold);
    assert.deepEqual(unusedInputs(params, threshold, names, dead), [
      { index: 1, name: 'b', reason: 'zero-weights' },
      { index: 2, name: 'c', reason: 'feeds-dead-neurons' },
    ]);
    assert.deepEqual(unusedInputs(params, threshold, names), [{ index: 1, name: 'b', reason: 'zero-weights' }]);
  });

  it('removes unused input rows from the first kernel only when asked', () => {
    const dead = deadNeurons(params, x, n, threshold);
    assert.equal(applyShrinkPlan(params, dead)[0].rows, 3);
    const removeInputs = unusedInputs(params, threshold, names, dead).map((u) => u.index);
    const plan = shrinkPlan(params, dead, { removeInputs });
    assert.deepEqual(plan.inputs, { size: 3, keep: [0] });
    assert.equal(plan.parametersBefore, 3 * 2 + 2 + 2 + 1);
    assert.equal(plan.parametersAfter, 1 + 1 + 1 + 1);
    const shrunk = applyShrinkPlan(params, dead, { removeInputs });
    assert.deepEqual(
      shrunk.map((l) => [l.rows, l.cols, [...l.kernel]]),
      [
        [1, 1, [1]],
        [1, 1, [1]],
      ],
    );
    assert.equal(predictionChange(params, shrunk, x, n, plan.inputs.keep), 0);
    assert.throws(() => predictionChange(params, shrunk, x, n), /keptInputs/);
    assert.throws(() => shrinkPlan(params, dead, { removeInputs: [3] }), /not an input index/);
  });

  it('works on a linear model, whose only kernel is the output', () => {
    const linear = [dense('linear', [[0.5], [0], [1e-4]], [0])];
    assert.deepEqual(
      unusedInputs(linear, threshold, names, deadNeurons(linear, x, n, threshold)).map((u) => u.name),
      ['b', 'c'],
    );
  });
});
