// The cost of an experiment before it trains: what it counts, how it says it, and which part
// of the file a budget refusal points at.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { budgetProblem, estimateCost, formatBytes, formatCost, formatSeconds, stepsPerSecond } from '../../src/core/cost';
import { MAX_SNAPSHOT_VALUES_PER_RUN } from '../../src/core/limits';
import { experimentFrom } from '../support/fixtures';

const MiB = 1024 * 1024;

describe('what an experiment costs', () => {
  const seed = experimentFrom({
    name: 'seed',
    runs: 5,
    data: { kind: 'line', samples: 100, testFraction: 0.25 },
    model: { layers: [10, 10, 10] },
    training: { batchSize: 1, epochs: 100 },
    variants: [{ name: 'L1', l1: 0.3 }, { name: 'L2', l2: 0.3 }],
  });

  test('counts trainings, steps, weights and the work of a step', () => {
    const cost = estimateCost(seed, { rows: 100, inputs: 1 });
    assert.equal(cost.trainings, 2 * 5);
    // 75 training rows at batch 1, 100 epochs, per training.
    assert.equal(cost.steps, 10 * 100 * 75);
    // 1-10-10-10-1 with biases: 1*10+10 + 10*10+10 + 10*10+10 + 10*1+1.
    assert.equal(cost.weights, 20 + 110 + 110 + 11);
    assert.equal(cost.workPerStep, cost.weights * 1);
    assert.equal(cost.dataValues, 100);
  });

  test('training some variants only counts those', () => {
    assert.equal(estimateCost(seed, { rows: 100, inputs: 1 }, { variants: 1 }).trainings, 5);
  });

  test('snapshots kept per run: one every `every` epochs, at most maxFrames, and capped by the values a run may keep, at least 2 frames', () => {
    const often = experimentFrom({ name: 'o', data: { kind: 'line' }, training: { epochs: 1000 }, snapshots: { every: 1, maxFrames: 60 }, variants: [{ name: 'v' }] });
    assert.equal(estimateCost(often, { rows: 100, inputs: 1 }).snapshotFrames, 60);
    const rare = experimentFrom({ name: 'r', data: { kind: 'line' }, training: { epochs: 100 }, snapshots: { every: 50, maxFrames: 60 }, variants: [{ name: 'v' }] });
    assert.ok(estimateCost(rare, { rows: 100, inputs: 1 }).snapshotFrames <= 3);
    const huge = experimentFrom({ name: 'h', data: { kind: 'line' }, model: { layers: [4096, 4096] }, variants: [{ name: 'v' }] });
    const cost = estimateCost(huge, { rows: 100, inputs: 1 });
    assert.ok(cost.weights > MAX_SNAPSHOT_VALUES_PER_RUN);
    assert.equal(cost.snapshotFrames, 2);
    assert.equal(cost.snapshotValues, 2 * cost.weights);
  });

  test('time grows with the steps and shrinks with the trainings run at once', () => {
    const one = estimateCost(seed, { rows: 100, inputs: 1 }, { parallelism: 1 });
    const two = estimateCost(seed, { rows: 100, inputs: 1 }, { parallelism: 2 });
    const longer = estimateCost({ ...seed, training: { ...seed.training, epochs: 1000 } }, { rows: 100, inputs: 1 }, { parallelism: 1 });
    assert.ok(Math.abs(two.seconds - one.seconds / 2) < 1e-12);
    // Ten times the epochs: ten times the steps and the scoring, the same analysis at the end.
    assert.ok(longer.seconds > one.seconds * 5 && longer.seconds < one.seconds * 10, `${longer.seconds} against ${one.seconds}`);
  });

  test('on many rows the passes over them, not the steps, take the time: the largest CSV trains for seconds', () => {
    const inputs = Array.from({ length: 50 }, (_, j) => `x${j + 1}`);
    const csv = experimentFrom({ name: 'c', data: { kind: 'csv', path: 'data.csv', inputs, target: 'label', task: 'classification' }, model: { layers: [32, 32] }, training: { epochs: 1 }, variants: [{ name: 'none' }, { name: 'L1', l1: 0.001 }] });
    const cost = estimateCost(csv, { rows: 100_000, inputs: 50 }, { parallelism: 2, simd: true });
    const stepsAlone = cost.steps / stepsPerSecond(cost.workPerStep, 'fast', true) / 2;
    assert.ok(stepsAlone < 0.5, `the steps alone: ${stepsAlone} s`);
    assert.ok(cost.seconds > 5, `estimated ${cost.seconds} s (bench/data-scale.ts measured 16 s)`);
  });

  test('the speed model starts from the measured seed figure and falls as a step gets larger', () => {
    assert.equal(stepsPerSecond(251), 1.1e6);
    let previous = Infinity;
    for (const work of [251, 1e3, 1e4, 1e5, 1e6, 4e6, 1e7, 1e8]) {
      const rate = stepsPerSecond(work);
      assert.ok(rate < previous, `slower at ${work}`);
      previous = rate;
    }
  });

  test('TensorFlow.js pays a fixed cost per step: far slower on small networks, closer on large ones', () => {
    assert.ok(stepsPerSecond(251, 'tfjs') < stepsPerSecond(251, 'fast') / 100);
    assert.ok(stepsPerSecond(4e6, 'tfjs') > stepsPerSecond(4e6, 'fast') / 2);
    // Batches on the SIMD kernels: faster than the JavaScript products from a few thousand on, and than tf.js everywhere.
    for (const work of [1e4, 1e6, 4e6, 64e6]) {
      assert.ok(stepsPerSecond(work, 'fast', true) > stepsPerSecond(work, 'fast'), `work ${work}`);
      assert.ok(stepsPerSecond(work, 'fast', true) > stepsPerSecond(work, 'tfjs'), `work ${work}`);
    }
    const onTfjs = estimateCost(seed, { rows: 100, inputs: 1 }, { engine: 'tfjs' });
    assert.ok(onTfjs.seconds > estimateCost(seed, { rows: 100, inputs: 1 }).seconds * 100);
  });

  test('memory grows with the data, the network and the snapshots kept', () => {
    const base = estimateCost(seed, { rows: 100, inputs: 1 });
    assert.ok(estimateCost(seed, { rows: 100_000, inputs: 1 }).memory.data > base.memory.data);
    const wide = { ...seed, model: { ...seed.model, layers: seed.model.layers.map((l) => ({ ...l, units: 100 })) } };
    const wider = estimateCost(wide, { rows: 100, inputs: 1 });
    assert.ok(wider.memory.training > base.memory.training);
    assert.ok(wider.memory.results > base.memory.results);
    assert.equal(base.memoryBytes, base.memory.base + base.memory.data + base.memory.training + base.memory.results);
  });

  test('says it in one line', () => {
    const cost = estimateCost(seed, { rows: 100, inputs: 1 });
    assert.match(formatCost(cost), /^10 trainings, 75k steps, (under 1 s|about \d+ s), about \d+ MiB$/);
    assert.equal(formatSeconds(0.5), 'under 1 s');
    assert.equal(formatSeconds(12.4), 'about 12 s');
    assert.equal(formatSeconds(600), 'about 10 min');
    assert.equal(formatSeconds(7200), 'about 2 h');
    assert.equal(formatBytes(40 * MiB), '40 MiB');
    assert.equal(formatBytes(20 * 1024 * MiB), '20 GiB');
    assert.equal(formatBytes(2048), '2 KiB');
  });
});

describe('the memory budget', () => {
  const raise = 'raise it like this';

  test('an experiment that fits has no problem', () => {
    const fits = experimentFrom({ name: 'f', data: { kind: 'line' }, variants: [{ name: 'v' }] });
    assert.equal(budgetProblem(fits, estimateCost(fits, { rows: 100, inputs: 1 }), 2048, raise), undefined);
  });

  test('a network too large is refused on model.layers, with what it needs and how to raise the budget', () => {
    const big = experimentFrom({ name: 'b', runs: 5, data: { kind: 'line' }, model: { layers: [4096, 4096] }, variants: [{ name: 'a' }, { name: 'b' }] });
    const cost = estimateCost(big, { rows: 100, inputs: 1 });
    const problem = budgetProblem(big, cost, 2048, raise);
    assert.deepEqual(problem?.path, ['model', 'layers']);
    assert.match(problem!.message, new RegExp(`^needs about ${formatBytes(cost.memoryBytes)} \\(estimated: `));
    assert.match(problem!.message, /16\.8M weights/);
    assert.match(problem!.message, /above the memory budget of 2048 MiB; use fewer or smaller layers.*raise the budget \(raise it like this\)$/);
    assert.equal(budgetProblem(big, cost, Math.ceil(cost.memoryBytes / MiB), raise), undefined, 'a budget as large as the need accepts it');
  });

  test('a data set too large is refused on data.samples', () => {
    const many = experimentFrom({ name: 'm', data: { kind: 'sparse-linear', samples: 1_000_000, features: 10_000 }, variants: [{ name: 'v' }] });
    const problem = budgetProblem(many, estimateCost(many, { rows: 1_000_000, inputs: 10_000 }), 2048, raise);
    assert.deepEqual(problem?.path, ['data', 'samples']);
    assert.match(problem!.message, /data 1M rows × 10k inputs/);
  });

  test('many trainings of a network that alone would fit are refused on runs', () => {
    const runs = experimentFrom({ name: 'r', runs: 1000, data: { kind: 'line' }, model: { layers: [300, 300] }, variants: [{ name: 'a' }, { name: 'b' }] });
    const problem = budgetProblem(runs, estimateCost(runs, { rows: 100, inputs: 1 }), 2048, raise);
    assert.deepEqual(problem?.path, ['runs']);
    assert.match(problem!.message, /fewer runs or variants/);
  });
});
