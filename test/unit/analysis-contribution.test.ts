// Neurons judged by what they add to the next layer (the spread of their activation on the
// training rows times their outgoing weights), the review's three cases where judging by
// |w| alone is wrong, and neurons dead at the initial weights told apart from those that
// training switched off.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { keepLargestContributions, offByOrigin, removableNeurons } from '../../src/core/analysis/contribution';
import { kernelWeightsByOrigin } from '../../src/core/analysis/histogram';
import { deadNeurons } from '../../src/core/analysis/neurons';
import { applyShrinkPlan, predictionChange, predictionChangeBound } from '../../src/core/analysis/shrink';
import type { Params } from '../../src/core/mlp';
import { Random } from '../../src/core/random';
import { chainNetwork, dense, lineX, near, randomSparseNetwork, threshold } from '../support/analysis-networks';

const rows = (values: number[]) => ({ x: Float32Array.from(values), n: values.length });
const reviewThreshold = 0.01;

describe('the review cases: |w| alone says dead, the contribution says otherwise', () => {
  it('activations up to 100 with an outgoing weight of 0.009 are kept: removing it changes predictions by 0.9', () => {
    // h0 = relu(100·x) on x in [0, 1]; out = 0.009·h0 + h1.
    const params = [dense('relu', [[100, 1]], [0, 0]), dense('linear', [[0.009], [1]], [0])];
    const train = rows([0, 0.25, 0.5, 0.75, 1]);
    assert.equal(deadNeurons(params, train.x, train.n, reviewThreshold).layers[0].neurons[0].alive, false, 'by |w| it is dead');
    const report = removableNeurons(params, train, reviewThreshold);
    assert.equal(report.layers[0].neurons[0].alive, true, 'by its contribution it stays');
    // What the |w| rule's removal costs, measured.
    const byWeights = applyShrinkPlan(params, deadNeurons(params, train.x, train.n, reviewThreshold));
    near(predictionChange(params, byWeights, train.x, train.n), 0.9, 1e-5);
  });

  it('an incoming weight of 0.009 on inputs in [0, 1000] is not constant: folding it changes predictions by 9', () => {
    // h0 = relu(0.009·x + 1), 1 to 10 over the inputs; out = h0.
    const params = [dense('relu', [[0.009]], [1]), dense('linear', [[1]], [0])];
    const train = rows([0, 250, 500, 750, 1000]);
    const byWeights = deadNeurons(params, train.x, train.n, reviewThreshold);
    assert.equal(byWeights.layers[0].neurons[0].alive, false, 'by |w| it is constant');
    const folded = applyShrinkPlan(params, byWeights);
    near(predictionChange(params, folded, train.x, train.n), 9, 1e-4);
    assert.equal(removableNeurons(params, train, reviewThreshold).layers[0].neurons[0].alive, true);
  });

  it('a ReLU silent on the training rows that fires on a test row is not called dead: the change there is 4', () => {
    // h0 = relu(x - 2): 0 on the training rows x in [0, 2], 4 at the test row x = 6.
    const params = [dense('relu', [[1, 1]], [-2, 0]), dense('linear', [[1], [1]], [0])];
    const train = rows([0, 1, 2]);
    const test = rows([6]);
    const byWeights = deadNeurons(params, train.x, train.n, reviewThreshold);
    assert.equal(byWeights.layers[0].neurons[0].alive, false, 'inactive on the training rows');
    near(predictionChange(params, applyShrinkPlan(params, byWeights), test.x, test.n), 4, 1e-6);
    const report = removableNeurons(params, train, reviewThreshold, test);
    assert.deepEqual(report.layers[0].neurons[0], { alive: true, firesOnCheckRowsOnly: true });
    assert.equal(removableNeurons(params, train, reviewThreshold).layers[0].neurons[0].alive, false, 'without the test rows nothing can tell');
  });
});

describe('removableNeurons', () => {
  it('removes a constant neuron and folds its mean into the next bias', () => {
    // h1 = relu(0.5) = 0.5 on every row; out = h0 + 4·h1 + 0.25 = x + 2.25.
    const params = [dense('relu', [[1, 0]], [0, 0.5]), dense('linear', [[1], [4]], [0.25])];
    const report = removableNeurons(params, rows([...lineX]), threshold);
    assert.deepEqual(report.layers[0].neurons[1], { alive: false, reason: 'contribution', chained: false, constant: 0.5, spread: 0, outgoing: 4, contribution: 0, inactive: false });
    const shrunk = applyShrinkPlan(params, report);
    assert.deepEqual([...shrunk[1].bias], [2.25]);
    assert.ok(predictionChange(params, shrunk, lineX, lineX.length) <= 1e-6);
  });

  it('folds the mean of a neuron that varies a little, and the change stays within spread × outgoing', () => {
    // h1 = relu(1e-3·x + 1) spans 1 to 1.002; its outgoing weight 2 makes 4e-3 < 0.01.
    const params = [dense('relu', [[1, 1e-3]], [0, 1]), dense('linear', [[1], [2]], [0])];
    const train = rows([...lineX]);
    const report = removableNeurons(params, train, reviewThreshold);
    const state = report.layers[0].neurons[1];
    assert.ok(!state.alive && state.reason === 'contribution');
    near(state.constant, 1.001, 1e-6);
    near(state.contribution, 4e-3, 1e-6);
    const change = predictionChange(params, applyShrinkPlan(params, report), train.x, train.n);
    near(change, 2e-3, 1e-6, 'half the spread times the weight, at either end');
  });

  it("finds the chain network's live neurons, the chained ones in later rounds", () => {
    const report = removableNeurons(chainNetwork(), rows([...lineX]), threshold);
    assert.deepEqual(
      report.layers.map((l) => l.neurons.map((s) => s.alive)),
      [
        [true, false, false, false, false],
        [true, false, false, false],
      ],
    );
    const n4 = report.layers[0].neurons[4];
    assert.ok(!n4.alive && n4.chained, 'n4 goes only once m3, the one neuron it feeds, has gone');
    const n3 = report.layers[0].neurons[3];
    assert.ok(!n3.alive && n3.reason === 'contribution' && n3.inactive, 'n3 is a ReLU off on every training row');
  });

  it('on random networks, the measured change of its shrink stays within the bound', () => {
    const random = new Random(11);
    for (let trial = 0; trial < 300; trial++) {
      const params = randomSparseNetwork(random);
      const d = params[0].rows;
      const train = Float32Array.from({ length: 8 * d }, () => random.normal());
      const report = removableNeurons(params, { x: train, n: 8 }, threshold);
      const shrunk = applyShrinkPlan(params, report);
      const measured = predictionChange(params, shrunk, train, 8);
      const bound = predictionChangeBound(params, report, train, 8);
      assert.ok(measured <= bound + 1e-5 * (1 + bound), `trial ${trial}: measured ${measured} > bound ${bound}`);
    }
  });
});

describe('dead at the start, or switched off by training', () => {
  // x >= 0 and zero biases: at the start h1 (weight -1) never fires; h0 fires.
  const start: Params = [dense('relu', [[1, -1, 0.5]], [0, 0, 0]), dense('linear', [[1], [1], [1]], [0])];
  // After training: h2's outgoing weight went to 0 (switched off by the penalty).
  const trained: Params = [dense('relu', [[1.2, -1, 0.5]], [0.1, 0, 0]), dense('linear', [[0.8], [0.7], [0]], [0.2])];
  const train = rows([0, 1, 2, 3]);

  it('records per neuron whether it was already removable at the initial weights', () => {
    const report = removableNeurons(trained, train, threshold, undefined, start);
    assert.deepEqual(
      report.layers[0].neurons.map((s) => s.alive),
      [true, false, false],
    );
    assert.deepEqual(report.layers[0].deadAtStart, [false, true, false]);
    assert.deepEqual(offByOrigin(report.layers[0]), { 'dead-at-start': 1, 'switched-off': 1 });
  });

  it('without the initial weights, every neuron that is off counts as switched off', () => {
    const report = removableNeurons(trained, train, threshold);
    assert.equal(report.layers[0].deadAtStart, undefined);
    assert.deepEqual(offByOrigin(report.layers[0]), { 'dead-at-start': 0, 'switched-off': 2 });
  });

  it('a neuron fed only by neurons dead at the start is dead at the start too', () => {
    // g0 takes only h1 (never fires): constant 0 from the start.
    const deep: Params = [dense('relu', [[1, -1]], [0, 0]), dense('relu', [[0, 1], [1, 0]], [0, 0]), dense('linear', [[1], [1]], [0])];
    const report = removableNeurons(deep, train, threshold, undefined, deep);
    assert.deepEqual(report.layers[1].deadAtStart, [true, false]);
  });
});

describe('the weight histogram by origin', () => {
  it('puts each weight with the neuron it goes in or out of, dead at start before switched off', () => {
    const start: Params = [dense('relu', [[1, -1, 0.5]], [0, 0, 0]), dense('linear', [[1], [1], [1]], [0])];
    const trained: Params = [dense('relu', [[1.2, -1, 0.5]], [0.1, 0, 0]), dense('linear', [[0.8], [0.7], [0]], [0.2])];
    const report = removableNeurons(trained, rows([0, 1, 2, 3]), threshold, undefined, start);
    const groups = kernelWeightsByOrigin(trained, report);
    assert.deepEqual([...groups.live], [Math.fround(1.2), Math.fround(0.8)]);
    assert.deepEqual([...groups.deadAtStart], [-1, Math.fround(0.7)]);
    assert.deepEqual([...groups.switchedOff], [0.5, 0]);
  });
});

describe('pruning to given sizes, where fine-tuning starts', () => {
  it('keeps the neurons that add the most to the next layer, the removable ones last, and folds the rest', () => {
    // h0 = x (weight 2 out), h1 = 0.5 constant, h2 = x (weight 0.5 out), h3 = x (weight 1 out).
    const params = [dense('relu', [[1, 0, 1, 1]], [0, 0.5, 0, 0]), dense('linear', [[2], [3], [0.5], [1]], [0])];
    const train = rows([0, 1, 2]);
    const keep = (sizes: number[]) => keepLargestContributions(params, train, sizes, threshold).layers[0].neurons.map((s) => s.alive);
    assert.deepEqual(keep([1]), [true, false, false, false]);
    assert.deepEqual(keep([2]), [true, false, false, true]);
    assert.deepEqual(keep([4]), [true, true, true, true]);
    // At the plan's own size it is the plan: the constant h1 goes first, folded as 3·0.5.
    const pruned = applyShrinkPlan(params, keepLargestContributions(params, train, [3], threshold));
    assert.deepEqual([...pruned[1].kernel], [2, 0.5, 1]);
    assert.deepEqual([...pruned[1].bias], [1.5]);
    assert.ok(predictionChange(params, pruned, train.x, train.n) <= 1e-6);
  });
});
