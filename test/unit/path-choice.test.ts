// The pieces of a path around the solver: the grid (glmnet's defaults), the folds of the
// training split, the mean ± standard error per λ, λ_min and λ_1se, and the bisection that
// finds a network's λ_max.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { smallestDyingLambda } from '../../src/core/path/bisection';
import { chooseLambdas, summarizeErrors } from '../../src/core/path/cross-validation';
import { assignFolds, splitFold } from '../../src/core/path/folds';
import { defaultRatio, gridSize, lambdaMaxShare, logGrid, pathGrid, strengthsAt } from '../../src/core/path/grid';

describe('the λ grid', () => {
  test('a generated grid runs from λ_max down to ratio·λ_max, evenly in log λ, 100 values by default', () => {
    const grid = pathGrid({ l1Ratio: 1, folds: 5 }, { rows: 150, inputs: 20 }, () => 2);
    assert.equal(grid.length, 100);
    assert.equal(grid[0], 2);
    assert.equal(grid[99], 2 * 1e-4, 'more rows than inputs: ratio 1e-4');
    const steps = grid.slice(1).map((l, i) => Math.log(grid[i] / l));
    steps.forEach((s) => assert.ok(Math.abs(s - steps[0]) < 1e-12, 'even steps in log λ'));
    assert.equal(defaultRatio(10, 20), 1e-2, 'fewer rows than inputs: ratio 1e-2');
  });

  test('explicit values run largest first; a range replaces λ_max; count and ratio are the file\'s', () => {
    assert.deepEqual(pathGrid({ l1Ratio: 1, folds: 5, values: [0.1, 1, 0.3] }, { rows: 10, inputs: 1 }), [1, 0.3, 0.1]);
    assert.deepEqual(pathGrid({ l1Ratio: 0, folds: 5, range: [0.01, 1], count: 3 }, { rows: 10, inputs: 1 }).map((l) => +l.toPrecision(12)), [1, 0.1, 0.01]);
    assert.deepEqual(pathGrid({ l1Ratio: 1, folds: 5, count: 2, ratio: 0.5 }, { rows: 10, inputs: 1 }, () => 4), [4, 2]);
    assert.equal(gridSize({ l1Ratio: 1, folds: 5 }), 100);
    assert.throws(() => logGrid(1, 2, 3), /0 < low <= high/);
  });

  test('λ splits into l1 and l2 by the mixing ratio, l2 halved under TensorFlow 1\'s convention; pure L2 takes λ_max as if its L1 share were 0.001', () => {
    assert.deepEqual(strengthsAt(2, 0.25, 'tfjs'), { l1: 0.5, l2: 1.5 });
    assert.deepEqual(strengthsAt(2, 0.25, 'tf1'), { l1: 0.5, l2: 0.75 });
    assert.equal(lambdaMaxShare(0), 0.001);
    assert.equal(lambdaMaxShare(0.5), 0.5);
  });
});

describe('folds of the training split', () => {
  test('every row in exactly one fold, sizes within one of each other, the same for the same seed', () => {
    const folds = assignFolds(23, 5, 7);
    const sizes = [0, 1, 2, 3, 4].map((f) => folds.filter((x) => x === f).length);
    assert.equal(sizes.reduce((s, n) => s + n, 0), 23);
    assert.ok(Math.max(...sizes) - Math.min(...sizes) <= 1, `sizes ${sizes}`);
    assert.deepEqual(assignFolds(23, 5, 7), folds);
    assert.notDeepEqual(assignFolds(23, 5, 8), folds);
    assert.throws(() => assignFolds(3, 5, 1), /at least 5 training rows/);
  });

  test('a fold splits rows into training and validation, inputs kept with their targets', () => {
    const split = { x: Float32Array.from({ length: 12 }, (_, i) => i), y: Float32Array.from({ length: 6 }, (_, i) => 100 + i), outlier: new Uint8Array(6), n: 6 };
    const folds = Uint8Array.of(0, 1, 2, 0, 1, 2);
    const { train, validation } = splitFold(split, 2, folds, 1);
    assert.deepEqual(Array.from(validation.y), [101, 104]);
    assert.deepEqual(Array.from(validation.x), [2, 3, 8, 9]);
    assert.deepEqual(Array.from(train.y), [100, 102, 103, 105]);
    assert.equal(train.n + validation.n, 6);
  });
});

describe('λ_min and λ_1se', () => {
  test('mean and standard error of the finite errors', () => {
    const s = summarizeErrors([1, 2, 3, NaN]);
    assert.equal(s.mean, 2);
    assert.equal(s.count, 3);
    assert.ok(Math.abs(s.se - 1 / Math.sqrt(3)) < 1e-15);
    assert.ok(Number.isNaN(summarizeErrors([]).mean));
  });

  test('λ_min has the lowest mean; λ_1se is the largest λ within one se of it, as glmnet', () => {
    const lambdas = [8, 4, 2, 1, 0.5];
    const errors = [10, 3.05, 2.5, 2, 2.2].map((mean) => ({ mean, se: 1, count: 5 }));
    assert.deepEqual(chooseLambdas(lambdas, errors), { min: 3, oneSe: 2 }, '3.05 is just beyond 2 + 1');
    errors[3] = { mean: 2, se: 1.1, count: 5 };
    assert.deepEqual(chooseLambdas(lambdas, errors), { min: 3, oneSe: 1 }, 'the minimum\'s own se sets the bound');
    assert.equal(chooseLambdas([1], [{ mean: NaN, se: NaN, count: 0 }]), undefined);
  });
});

describe('bisection for λ_max', () => {
  for (const edge of [0.0123, 1, 37.5]) {
    test(`finds the edge ${edge} within the bracket's final factor, from either side of the start`, async () => {
      let calls = 0;
      const found = await smallestDyingLambda(async (lambda) => (calls++, lambda >= edge), { start: 1, steps: 10, maxDoublings: 40 });
      assert.ok(found !== undefined && found >= edge && found <= edge * 2 ** (1 / 1024) * 1.0000001, `found ${found}`);
      assert.ok(calls < 30, `${calls} trainings`);
    });
  }

  test('no edge within the doublings: undefined', async () => {
    assert.equal(await smallestDyingLambda(async () => false, { start: 1, steps: 4, maxDoublings: 5 }), undefined);
  });
});
