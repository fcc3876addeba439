// The shrink plan and the smaller model: constants folded into the next biases, worked out on
// paper, and the measured change of the predictions within its bound on random networks.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { deadNeurons } from '../../src/core/analysis/neurons';
import { applyShrinkPlan, predictionChange, predictionChangeBound, shrinkPlan } from '../../src/core/analysis/shrink';
import { unusedInputs } from '../../src/core/analysis/unused-inputs';
import { parameterCount, predict } from '../../src/core/mlp';
import { Random } from '../../src/core/random';
import { chainNetwork, dense, lineX, near, randomSparseNetwork, threshold } from '../support/analysis-networks';

describe('shrink', () => {
  it('plans one neuron per layer for the chain network, with the parameter counts', () => {
    const params = chainNetwork();
    const plan = shrinkPlan(params, deadNeurons(params, lineX, lineX.length, threshold));
    assert.deepEqual(plan.layers, [
      { layer: 0, size: 5, live: 1, suggested: 1, keep: [0] },
      { layer: 1, size: 4, live: 1, suggested: 1, keep: [0] },
    ]);
    assert.deepEqual(plan.inputs, { size: 1, keep: [0] });
    assert.equal(plan.parametersBefore, 5 + 5 + 20 + 4 + 4 + 1);
    assert.equal(plan.parametersAfter, 2 + 2 + 2);
  });

  it('folds the constants into the next biases and keeps the predictions when dead weights are exactly 0', () => {
    const params = chainNetwork();
    const dead = deadNeurons(params, lineX, lineX.length, threshold);
    const shrunk = applyShrinkPlan(params, dead);
    assert.deepEqual(
      shrunk.map((l) => [l.rows, l.cols, l.activation, [...l.kernel], [...l.bias]]),
      [
        [1, 1, 'relu', [1], [0]],
        // m0's bias: 0 + n1·1 + n3·0 = 0.5
        [1, 1, 'relu', [1], [0.5]],
        // out's bias: 0.3 + m1·1 + m2·1 = 0.3 + 1.1
        [1, 1, 'linear', [2], [Math.fround(Math.fround(0.3) + Math.fround(0.1) + 1)]],
      ],
    );
    // out = 2x + 2.4 before and after.
    const before = predict(params, lineX, lineX.length);
    lineX.forEach((x, r) => near(before[r], 2 * x + 2.4, 1e-6));
    assert.ok(predictionChange(params, shrunk, lineX, lineX.length) <= 1e-6);
    assert.ok(predictionChangeBound(params, dead, lineX, lineX.length) <= 1e-6);
  });

  it('measures the small change when dead weights are just below the threshold, and bounds it', () => {
    // n1's incoming weight and n2's weight to m0 become 9e-4 (< threshold): the original
    // computes out = 2x + 2.4 + 5.4e-3·x (n1 adds 9e-4·x to m0 and 1.8e-3·x to m1, n2 adds
    // 9e-4·x to m0, m0 counts twice), the shrunk model still 2x + 2.4: 1.08e-2 at x = 2.
    const params = chainNetwork(9e-4);
    const dead = deadNeurons(params, lineX, lineX.length, threshold);
    assert.deepEqual(
      dead.layers.map((l) => l.live),
      [1, 1],
    );
    const shrunk = applyShrinkPlan(params, dead);
    const expected = 3 * 2 * Math.fround(9e-4) * 2;
    const measured = predictionChange(params, shrunk, lineX, lineX.length);
    const bound = predictionChangeBound(params, dead, lineX, lineX.length);
    near(measured, expected, 2e-6, 'measured');
    near(bound, expected, 1e-7, 'bound');
    assert.ok(measured <= bound + 2e-6);
  });

  it('a sigmoid neuron with zero incoming weights is folded as sigmoid(bias)', () => {
    // h1 = sigmoid(0) = 0.5 whatever x; out = 3·h0 + 4·0.5 + 0.25.
    const params = [dense('sigmoid', [[1, 0]], [0, 0]), dense('linear', [[3], [4]], [0.25])];
    const dead = deadNeurons(params, lineX, lineX.length, threshold);
    assert.deepEqual(dead.layers[0].neurons[1], { alive: false, reason: 'incoming', chained: false, constant: 0.5 });
    const shrunk = applyShrinkPlan(params, dead);
    assert.deepEqual([...shrunk[1].kernel], [3]);
    assert.deepEqual([...shrunk[1].bias], [2.25]);
    assert.ok(predictionChange(params, shrunk, lineX, lineX.length) <= 1e-6);
  });

  it('a layer with no live neuron keeps one placeholder with zero weights', () => {
    // n0 = tanh(1) constant, n1 has output weight 0: out = 2·tanh(1) + 0.7 everywhere.
    const params = [dense('tanh', [[0, 1]], [1, 0]), dense('linear', [[2], [0]], [0.7])];
    const dead = deadNeurons(params, lineX, lineX.length, threshold);
    const plan = shrinkPlan(params, dead);
    assert.deepEqual(plan.layers[0], { layer: 0, size: 2, live: 0, suggested: 1, keep: [] });
    const shrunk = applyShrinkPlan(params, dead);
    assert.deepEqual(
      shrunk.map((l) => [l.rows, l.cols, [...l.kernel], [...l.bias]]),
      [
        [1, 1, [0], [0]],
        [1, 1, [0], [Math.fround(0.7 + 2 * Math.tanh(1))]],
      ],
    );
    assert.equal(plan.parametersAfter, 4);
    assert.ok(predictionChange(params, shrunk, lineX, lineX.length) <= 1e-6);
  });

  it('refuses a dead-neuron report made for another model', () => {
    const dead = deadNeurons(chainNetwork(), lineX, lineX.length, threshold);
    const other = [dense('relu', [[1, 1]], [0, 0]), dense('linear', [[1], [1]], [0])];
    assert.throws(() => shrinkPlan(other, dead), /another shape/);
  });
});

describe('on random sparse networks', () => {
  it('the measured change of a shrink stays within its bound, also on rows it was not found on', () => {
    const random = new Random(6);
    for (let trial = 0; trial < 500; trial++) {
      const params = randomSparseNetwork(random);
      const d = params[0].rows;
      const train = Float32Array.from({ length: 6 * d }, () => random.normal());
      const test = Float32Array.from({ length: 20 * d }, () => 2 * random.normal());
      const dead = deadNeurons(params, train, 6, threshold);
      const removeInputs = unusedInputs(params, threshold, [], dead).map((u) => u.index);
      const plan = shrinkPlan(params, dead, { removeInputs });
      const shrunk = applyShrinkPlan(params, dead, { removeInputs });
      assert.equal(parameterCount(shrunk), plan.parametersAfter);
      const measured = predictionChange(params, shrunk, test, 20, plan.inputs.keep);
      const bound = predictionChangeBound(params, dead, test, 20, { removeInputs });
      assert.ok(measured <= bound + 1e-5 * (1 + bound), `trial ${trial}: measured ${measured} > bound ${bound}`);
    }
  });
});
