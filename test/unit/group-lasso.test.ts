// The group lasso against known answers, on both engines: its groups and value in the core;
// on a linear model, where every input group is one weight, the lasso itself; the exact λ_max
// of input groups; and its optimality conditions at convergence, with and without L1
// (test/support/group-optimality.ts).
import assert from 'node:assert/strict';
import { before, describe, test } from 'node:test';
import { loadTensorflow } from '../../src/runtime/backend';
import type { Engine } from '../../src/runtime/engine';
import { fastEngine } from '../../src/runtime/fast-engine';
import { tfjsEngine } from '../../src/runtime/tfjs-engine';
import type { GroupKind } from '../../src/core/experiment';
import { initParams, type Params } from '../../src/core/mlp';
import { blockShrink, penaltyValue, weightGroups, type Penalty } from '../../src/core/penalties';
import { Random } from '../../src/core/random';
import { dense, near } from '../support/analysis-networks';
import { allRows, dataset, linearParams, runSpec } from '../support/fixtures';
import { groupOptimality, softThreshold } from '../support/group-optimality';
import { dataLossGradient } from '../support/l1-optimality';

describe('the group penalty in the core', () => {
  // 2 inputs, hidden layers of 4 and 3, one output.
  const shapes = [{ rows: 2, cols: 4 }, { rows: 4, cols: 3 }, { rows: 3, cols: 1 }];
  const describeGroups = (groups: GroupKind) => weightGroups(shapes, groups).map((g) => `${g.ownerLayer}:${g.owner} in layer ${g.layer}, ${g.size} weights`);

  test('outgoing: each hidden neuron\'s row of the next kernel; the last hidden layer\'s are single weights', () => {
    assert.deepEqual(describeGroups('outgoing'), [
      ...[0, 1, 2, 3].map((j) => `0:${j} in layer 1, 3 weights`),
      ...[0, 1, 2].map((j) => `1:${j} in layer 2, 1 weights`),
    ]);
  });

  test('incoming: each hidden neuron\'s column of its own kernel (the output unit has none)', () => {
    assert.deepEqual(describeGroups('incoming'), [...[0, 1, 2, 3].map((j) => `0:${j} in layer 0, 2 weights`), ...[0, 1, 2].map((j) => `1:${j} in layer 1, 4 weights`)]);
    // A layer with one input: single-weight incoming groups.
    assert.ok(weightGroups([{ rows: 1, cols: 10 }, { rows: 10, cols: 1 }], 'incoming').every((g) => g.size === 1));
  });

  test('inputs: each input\'s row of the first kernel (owner layer -1)', () => {
    assert.deepEqual(describeGroups('inputs'), ['-1:0 in layer 0, 4 weights', '-1:1 in layer 0, 4 weights']);
  });

  test('the value is λg·Σ √p·‖w_g‖, added to L1 and L2', () => {
    // Incoming groups of the hidden layer: columns (3, 4) and (0, 0); the output's kernel is in no group.
    const params = [dense('relu', [[3, 0], [4, 0]], [0, 0]), dense('linear', [[1], [2]], [0])];
    const penalty: Penalty = { l1: 0, l2: 0, l1Method: 'subgradient', regularizeBiases: false, group: 0.5, groups: 'incoming' };
    near(penaltyValue(params, penalty), 0.5 * Math.SQRT2 * 5, 1e-12);
    near(penaltyValue(params, { ...penalty, l1: 0.1, l2: 0.01 }), 0.5 * Math.SQRT2 * 5 + 0.1 * 10 + 0.01 * 30, 1e-12);
  });

  test('the block shrink scales a group toward 0 by the threshold, and sets it to 0 within it', () => {
    const values = Float32Array.from([3, 9, 4, 9]);
    const [group] = weightGroups([{ rows: 2, cols: 2 }, { rows: 2, cols: 1 }], 'incoming'); // column 0: entries 0 and 2
    blockShrink(values, group, 1);
    assert.deepEqual([...values], [Math.fround(3 * 0.8), 9, Math.fround(4 * 0.8), 9]);
    blockShrink(values, group, 4.5); // ‖(2.4, 3.2)‖ = 4
    assert.deepEqual([...values], [0, 9, 0, 9]);
  });
});

/** 40 rows of 4 inputs; y = 1.5·x1 - x2 + noise: x3 and x4 do not matter. */
function sparseData() {
  const random = new Random(17);
  const x = Array.from({ length: 40 }, () => [0, 1, 2, 3].map(() => random.normal()));
  const y = x.map(([a, b]) => 1.5 * a - b + 0.1 * random.normal());
  return dataset(x, y);
}

/** mean(2·(b - y)·x_i) for each input: the mse gradient of a linear model at w = 0 with the bias at mean(y). */
function gradientAtZero(data: ReturnType<typeof sparseData>, bias: number): number[] {
  const { x, y, n } = data.train;
  return [0, 1, 2, 3].map((i) => {
    let sum = 0;
    for (let r = 0; r < n; r++) sum += 2 * (bias - y[r]) * x[r * 4 + i];
    return sum / n;
  });
}

const meanTarget = (data: ReturnType<typeof sparseData>) => Math.fround(data.train.y.reduce((s, v) => s + v, 0) / data.train.n);

/** Trains full batch for `steps` steps; returns the final weights. */
function train(engine: Engine, params: Params, penalty: Partial<Penalty>, steps: number, learningRate = 0.05): Params {
  const data = sparseData();
  const session = engine.createSession(runSpec(data, params, { learningRate, batchSize: data.train.n, loss: 'mse' }, penalty));
  try {
    for (let s = 0; s < steps; s++) session.runEpoch(allRows(data.train.n));
    return session.params();
  } finally {
    session.dispose();
  }
}

/** A linear network 4-3-1 (one linear hidden layer): linear in x, with input groups of 3 weights. */
function linearNetwork(firstKernel: number[][], secondKernel: number[], outputBias: number): Params {
  return [dense('linear', firstKernel, [0, 0, 0]), dense('linear', secondKernel.map((w) => [w]), [outputBias])];
}

const engines: { name: string; make: () => Promise<Engine> }[] = [
  { name: 'fast', make: async () => fastEngine() },
  { name: 'tfjs (cpu)', make: async () => tfjsEngine(await loadTensorflow('cpu')) },
];

for (const { name, make } of engines) {
  describe(`the group lasso's known answers, ${name} engine`, () => {
    let engine: Engine;
    before(async () => {
      engine = await make();
    });

    test('on a linear model every input group is one weight: the group lasso is the lasso, and the sparse group lasso the lasso for l1 + λg', () => {
      const start = linearParams([0.4, -0.3, 0.2, 0.1], 0);
      for (const l1Method of ['proximal', 'subgradient'] as const) {
        const lasso = train(engine, start, { l1: 0.3, l1Method }, 30)[0].kernel;
        const grouped = train(engine, start, { group: 0.3, groups: 'inputs', l1Method }, 30)[0].kernel;
        const sparseGrouped = train(engine, start, { l1: 0.1, group: 0.2, groups: 'inputs', l1Method }, 30)[0].kernel;
        [...lasso].forEach((w, i) => {
          near(grouped[i], w, 1e-6, `${l1Method}, weight ${i}: group lasso`);
          near(sparseGrouped[i], w, 1e-6, `${l1Method}, weight ${i}: sparse group lasso`);
        });
        if (l1Method === 'proximal') assert.ok([...lasso].some((w) => w === 0) && [...lasso].some((w) => w !== 0), `the lasso zeros some weights and keeps some: ${lasso}`);
      }
    });

    test('λ_max of a linear model\'s input groups is the lasso\'s, max_i |∂L/∂w_i| at w = 0: above it every weight stays at exactly 0, below it the largest leaves', () => {
      const data = sparseData();
      const bias = meanTarget(data);
      const c = gradientAtZero(data, bias);
      const λmax = Math.max(...c.map(Math.abs));
      const largest = c.map(Math.abs).indexOf(λmax);
      const start = linearParams([0, 0, 0, 0], bias);
      const above = train(engine, start, { group: λmax * 1.01, groups: 'inputs', l1Method: 'proximal' }, 1)[0].kernel;
      assert.ok([...above].every((w) => w === 0), `every weight at 0: ${above}`);
      const below = train(engine, start, { group: λmax * 0.99, groups: 'inputs', l1Method: 'proximal' }, 1)[0].kernel;
      assert.deepEqual([...below].map((w) => w !== 0), [0, 1, 2, 3].map((i) => i === largest));
    });

    test('λ_max of a linear network\'s input groups is max_i |c_i|·‖w2‖/√h (c_i the gradient at 0 of a linear model, w2 the second kernel); with L1, max_i ‖S(c_i·w2, l1)‖/√h', () => {
      const data = sparseData();
      const bias = meanTarget(data);
      const c = gradientAtZero(data, bias);
      const w2 = [0.5, -1, 0.8];
      const zero = [0, 1, 2, 3].map(() => [0, 0, 0]);
      const start = linearNetwork(zero, w2, bias);
      // At W1 = 0, ∂L/∂W1[i][j] = c_i·w2_j; w2 and the biases feel no gradient there (the hidden outputs are 0, the residuals' mean is 0).
      for (const l1 of [0, 0.3]) {
        const groupNorms = c.map((ci) => Math.hypot(...w2.map((wj) => softThreshold(ci * wj, l1))));
        const λmax = Math.max(...groupNorms) / Math.sqrt(3);
        const largest = groupNorms.indexOf(Math.max(...groupNorms));
        const above = train(engine, start, { l1, group: λmax * 1.01, groups: 'inputs', l1Method: 'proximal' }, 20)[0].kernel;
        assert.ok([...above].every((w) => w === 0), `l1 ${l1}, λg just above λ_max = ${λmax}: W1 stays at 0, got ${above}`);
        const below = train(engine, start, { l1, group: λmax * 0.99, groups: 'inputs', l1Method: 'proximal' }, 1)[0].kernel;
        const leaving = [0, 1, 2, 3].map((i) => [...below.subarray(3 * i, 3 * i + 3)].some((w) => w !== 0));
        assert.deepEqual(leaving, [0, 1, 2, 3].map((i) => i === largest), `l1 ${l1}, λg just below λ_max: only input ${largest + 1}'s group leaves 0`);
      }
    });

    for (const l1 of [0, 0.02]) {
      test(`the optimality conditions at convergence of proximal full-batch training, input groups of a linear network${l1 > 0 ? ', with L1 (sparse group lasso)' : ''}: the useless inputs' groups at exactly 0`, () => {
        const data = sparseData();
        // L2 on every kernel keeps the product W1·w2 from trading W1's penalty for a larger w2.
        const penalty = { l1, l2: 0.01, group: 0.1, groups: 'inputs' as const };
        const start = initParams(4, [{ units: 3, activation: 'linear' }], 'glorotUniform', new Random(5));
        const trained = train(engine, start, { ...penalty, l1Method: 'proximal' }, 3000);
        const gradient = dataLossGradient(trained, data.train.x, data.train.y, data.train.n, 'mse', 1);
        const check = groupOptimality(gradient, trained, penalty);
        console.log(`${name}, l1 ${l1}: zero-group excess ${check.zeroGroupExcess.toExponential(2)}, stationarity residual ${check.stationarityResidual.toExponential(2)}`);
        assert.equal(check.zeroGroups, 2, `inputs x3 and x4 at 0: ${trained[0].kernel}`);
        assert.ok([...trained[0].kernel.subarray(6)].every((w) => w === 0), `x3 and x4's weights at exactly 0: ${trained[0].kernel}`);
        assert.ok(check.zeroGroupExcess < -0.01, `zero groups: ‖S(∇_g L, l1)‖ - λg·√p = ${check.zeroGroupExcess}, must be below 0`);
        assert.ok(check.stationarityResidual < 1e-4, `non-zero groups are stationary: residual ${check.stationarityResidual}`);
      });
    }
  });
}
