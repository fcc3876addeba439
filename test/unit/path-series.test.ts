// What the path view draws, from a path in the results: coefficient curves (exact), model
// measures (trained), error bars, the words for a λ, and the λ nearest a click.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import type { PathResult } from '../../src/core/path/path-result';
import { describeLambda, errorSeries, modelSeries, nearestLambda, sgdSeries } from '../../src/panel/path-series';

const point = (lambda: number, mean: number, extra: object) => ({ lambda, l1: lambda, l2: 0, validation: { mean, se: 0.1, count: 5 }, testError: mean + 0.05, nonZero: 0, zeroShare: 0.5, weightNorm: 2, ...extra });
const exact: PathResult = {
  variant: 'lasso', method: 'exact', l1Ratio: 1, top: { lambda: 1, from: 'exact' }, folds: 5, runs: 1, measure: 'mse on the held-out rows', standardized: false,
  points: [point(1, 3, { nonZeroInputs: [] }), point(0.1, 1, { nonZeroInputs: ['a'] }), point(0.01, 1.05, { nonZeroInputs: ['a', 'b'] })],
  lambdaMin: { index: 1, lambda: 0.1, validation: { mean: 1, se: 0.1, count: 5 }, test: { mean: 1.05, sd: 0, runs: 1 } },
  lambda1se: { index: 1, lambda: 0.1, validation: { mean: 1, se: 0.1, count: 5 }, test: { mean: 1.05, sd: 0, runs: 1 } },
  coefficients: Float32Array.of(0, 0, 0.5, 0, 0.9, -0.25), intercepts: Float32Array.of(1, 1, 1), fits: 18, seconds: 0.01,
};

describe('the path view\'s series', () => {
  test('an exact path: one curve per input, its coefficient at every λ', () => {
    assert.deepEqual(modelSeries(exact, ['a', 'b']), [
      { label: 'a', axis: 'y', points: [{ x: 1, y: 0 }, { x: 0.1, y: 0.5 }, { x: 0.01, y: 0.8999999761581421 }] },
      { label: 'b', axis: 'y', points: [{ x: 1, y: 0 }, { x: 0.1, y: 0 }, { x: 0.01, y: -0.25 }] },
    ]);
  });

  test('beside an exact path, SGD\'s coefficients per input and its gap to the optimum in the words for a λ', () => {
    const withSgd: PathResult = { ...exact, sgd: { l1Method: 'proximal', coefficients: Float32Array.of(0, 0, 0.25, 0, 1, -0.5), objectiveGap: [0, 0.5, 0.25] } };
    assert.deepEqual(sgdSeries(withSgd, ['a', 'b'])[1], { label: 'b, proximal SGD', axis: 'y', points: [{ x: 1, y: 0 }, { x: 0.1, y: 0 }, { x: 0.01, y: -0.5 }] });
    assert.equal(describeLambda(withSgd, 1)[3], 'proximal SGD: objective 0.5 above the optimum');
    assert.deepEqual(sgdSeries(exact, ['a', 'b']), [], 'no SGD, no series');
  });

  test('a trained path: zero share in %, live neurons per layer and the weight norm on the right axis', () => {
    const trained: PathResult = { ...exact, method: 'trained', coefficients: undefined, points: exact.points.map((p) => ({ ...p, nonZeroInputs: undefined, liveNeurons: [3, 1] })) };
    const series = modelSeries(trained, ['a', 'b']);
    assert.deepEqual(series.map((s) => [s.label, s.axis]), [['zero weights (%)', 'y'], ['live neurons, hidden 1', 'y2'], ['live neurons, hidden 2', 'y2'], ['weight norm √Σw²', 'y2']]);
    assert.deepEqual(series[0].points.map((p) => p.y), [50, 50, 50]);
    assert.match(describeLambda(trained, 0)[2], /^live neurons per hidden layer: 3, 1/);
  });

  test('error bars are mean ± se; a λ is described with its marks and non-zero inputs; a click picks the nearest λ in log λ', () => {
    const { low, high, test: testErrors } = errorSeries(exact);
    assert.deepEqual(low.map((p) => +p.y.toFixed(10)), [2.9, 0.9, 0.95]);
    assert.deepEqual(high.map((p) => +p.y.toFixed(10)), [3.1, 1.1, 1.15]);
    assert.deepEqual(testErrors.map((p) => p.y), [3.05, 1.05, 1.1]);
    assert.deepEqual(describeLambda(exact, 1), ['λ 0.1 (λ_min, λ_1se)', 'validation 1 ± 0.1, test 1.05', '1 non-zero input: a']);
    assert.equal(nearestLambda(exact, 0.3), 1, '0.3 is nearer 0.1 than 1 in log λ');
    assert.equal(nearestLambda(exact, 0.5), 0);
  });
});
