// The exact linear path (core/path/coordinate-descent.ts) and λ_max (core/path/lambda-max.ts)
// against known answers: ridge in closed form, the lasso's and the elastic net's optimality
// (KKT) conditions at every λ of a path, and λ_max as the edge where the last weight leaves 0.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { linearPath, predictLinear, type LinearSolution, type Strengths } from '../../src/core/path/coordinate-descent';
import { defaultRatio, lambdaMaxShare, logGrid, strengthsAt } from '../../src/core/path/grid';
import { linearLambdaMax, type LinearProblem } from '../../src/core/path/lambda-max';
import { Random } from '../../src/core/random';
import { solveLinearSystem } from '../support/linear-algebra';

/** n rows of d standard-normal inputs (columns correlated by a shared part), y from the first `informative` of them. */
function problem(n: number, d: number, informative: number, seed: number): LinearProblem {
  const random = new Random(seed);
  const x = new Float32Array(n * d);
  const y = new Float32Array(n);
  for (let i = 0; i < n; i++) {
    const shared = random.normal();
    for (let j = 0; j < d; j++) x[i * d + j] = 0.5 * shared + random.normal() + j * 0.1;
    let target = 3;
    for (let j = 0; j < informative; j++) target += (j % 2 ? -1 : 1) * (1 + j) * x[i * d + j];
    y[i] = target + random.normal();
  }
  return { x, y, n, d };
}

/** ∂/∂w_j and ∂/∂b of (1/n)Σ(y - ŷ)², in double precision. */
function dataGradient(p: LinearProblem, solution: LinearSolution): { weights: number[]; intercept: number } {
  const predictions = Array.from({ length: p.n }, (_, i) => {
    let sum = solution.intercept;
    for (let j = 0; j < p.d; j++) sum += p.x[i * p.d + j] * solution.weights[j];
    return sum;
  });
  const weights = new Array<number>(p.d).fill(0);
  let intercept = 0;
  for (let i = 0; i < p.n; i++) {
    const g = (2 / p.n) * (predictions[i] - p.y[i]);
    intercept += g;
    for (let j = 0; j < p.d; j++) weights[j] += g * p.x[i * p.d + j];
  }
  return { weights, intercept };
}

/** The largest violation of the optimality conditions of F = data + l1·Σ|w| + l2·Σw² at a solution (biases free). */
function kktViolation(p: LinearProblem, solution: LinearSolution, { l1, l2 }: Strengths): number {
  const gradient = dataGradient(p, solution);
  let worst = Math.abs(gradient.intercept);
  solution.weights.forEach((w, j) => {
    const smooth = gradient.weights[j] + 2 * l2 * w;
    worst = Math.max(worst, w === 0 ? Math.max(0, Math.abs(smooth) - l1) : Math.abs(smooth + l1 * Math.sign(w)));
  });
  return worst;
}

describe('the exact linear path by coordinate descent', () => {
  test('ridge matches the closed form (XcᵀXc/n + l2·I)w = Xcᵀyc/n at every λ', () => {
    const p = problem(80, 6, 3, 1);
    const lambdas = logGrid(10, 1e-3, 12);
    const solutions = linearPath(p, lambdas.map((l) => strengthsAt(l, 0, 'tfjs')), { regularizeBiases: false });
    const mean = (f: (i: number) => number) => Array.from({ length: p.n }, (_, i) => f(i)).reduce((s, v) => s + v, 0) / p.n;
    const xMean = Array.from({ length: p.d }, (_, j) => mean((i) => p.x[i * p.d + j]));
    const yMean = mean((i) => p.y[i]);
    lambdas.forEach((lambda, k) => {
      const gram = Array.from({ length: p.d }, (_, a) =>
        Array.from({ length: p.d }, (_, b) => mean((i) => (p.x[i * p.d + a] - xMean[a]) * (p.x[i * p.d + b] - xMean[b])) + (a === b ? lambda : 0)),
      );
      const rhs = Array.from({ length: p.d }, (_, a) => mean((i) => (p.x[i * p.d + a] - xMean[a]) * (p.y[i] - yMean)));
      const expected = solveLinearSystem(gram, rhs);
      const expectedIntercept = yMean - xMean.reduce((s, m, j) => s + m * expected[j], 0);
      expected.forEach((w, j) => assert.ok(Math.abs(solutions[k].weights[j] - w) < 1e-8, `λ ${lambda}, w${j}: ${solutions[k].weights[j]} vs closed form ${w}`));
      assert.ok(Math.abs(solutions[k].intercept - expectedIntercept) < 1e-8, `λ ${lambda}: intercept ${solutions[k].intercept} vs ${expectedIntercept}`);
    });
  });

  for (const [name, l1Ratio] of [['lasso', 1], ['elastic net', 0.5]] as const) {
    test(`the ${name} meets its optimality conditions to 1e-6 at every λ of a 100-value path`, () => {
      const p = problem(120, 20, 5, 2);
      const top = linearLambdaMax(p, { loss: 'mse', huberDelta: 1, regularizeBiases: false, share: lambdaMaxShare(l1Ratio) })!;
      const lambdas = logGrid(top, top * defaultRatio(p.n, p.d), 100);
      const strengths = lambdas.map((l) => strengthsAt(l, l1Ratio, 'tfjs'));
      const solutions = linearPath(p, strengths, { regularizeBiases: false });
      solutions.forEach((solution, k) => {
        const violation = kktViolation(p, solution, strengths[k]);
        assert.ok(violation <= 1e-6, `λ ${lambdas[k]}: KKT violated by ${violation}`);
      });
      assert.ok(solutions[0].weights.every((w) => w === 0), 'at λ_max every weight is 0');
      assert.ok(solutions[99].weights.every((w) => w !== 0), 'at the smallest λ every weight is in');
    });
  }

  test('the lasso with a wide problem (more inputs than rows) meets its conditions too', () => {
    const p = problem(30, 60, 4, 3);
    const top = linearLambdaMax(p, { loss: 'mse', huberDelta: 1, regularizeBiases: false, share: 1 })!;
    const lambdas = logGrid(top, top * defaultRatio(p.n, p.d), 50);
    const strengths = lambdas.map((l) => strengthsAt(l, 1, 'tfjs'));
    linearPath(p, strengths, { regularizeBiases: false }).forEach((solution, k) => {
      const violation = kktViolation(p, solution, strengths[k]);
      assert.ok(violation <= 1e-6, `λ ${lambdas[k]}: KKT violated by ${violation}`);
    });
  });

  test('λ_max is the edge: every weight 0 at λ_max, one weight in just below it', () => {
    for (const l1Ratio of [1, 0.3]) {
      const p = problem(60, 8, 3, 4);
      const top = linearLambdaMax(p, { loss: 'mse', huberDelta: 1, regularizeBiases: false, share: l1Ratio })!;
      const [at, below] = linearPath(p, [top, top * 0.999].map((l) => strengthsAt(l, l1Ratio, 'tfjs')), { regularizeBiases: false });
      assert.ok(at.weights.every((w) => w === 0), `l1Ratio ${l1Ratio}: all 0 at λ_max ${top}`);
      assert.equal(below.weights.filter((w) => w !== 0).length, 1, `l1Ratio ${l1Ratio}: exactly one weight in at 0.999·λ_max`);
    }
  });

  test('with penalized biases, λ_max counts the intercept and the solution is all zeros there', () => {
    const p = problem(60, 4, 2, 5);
    const top = linearLambdaMax(p, { loss: 'mse', huberDelta: 1, regularizeBiases: true, share: 1 })!;
    const free = linearLambdaMax(p, { loss: 'mse', huberDelta: 1, regularizeBiases: false, share: 1 })!;
    assert.notEqual(top, free);
    const [at, below] = linearPath(p, [top, top * 0.99].map((l) => strengthsAt(l, 1, 'tfjs')), { regularizeBiases: true });
    assert.ok(at.weights.every((w) => w === 0) && at.intercept === 0, 'weights and intercept 0 at λ_max');
    assert.ok(below.intercept !== 0 || below.weights.some((w) => w !== 0), 'something moves below λ_max');
  });

  test('huber λ_max: the weights stay 0 under subgradient checks at λ_max and not below', () => {
    const p = problem(50, 5, 2, 6);
    const delta = 1;
    const top = linearLambdaMax(p, { loss: 'huber', huberDelta: delta, regularizeBiases: false, share: 1 })!;
    // With every weight 0, λ_max is max_j |(1/n)Σ x_ij ψ(b - y_i)| at the b that zeroes Σψ(b - y_i).
    const psi = (r: number) => (Math.abs(r) <= delta ? r : delta * Math.sign(r));
    let low = Math.min(...Array.from(p.y));
    let high = Math.max(...Array.from(p.y));
    for (let k = 0; k < 100; k++) {
      const b = (low + high) / 2;
      if (Array.from(p.y).reduce((s, y) => s + psi(b - y), 0) < 0) low = b;
      else high = b;
    }
    const b = (low + high) / 2;
    const gradients = Array.from({ length: p.d }, (_, j) => Math.abs(Array.from(p.y).reduce((s, y, i) => s + p.x[i * p.d + j] * psi(b - y), 0) / p.n));
    assert.ok(Math.abs(top - Math.max(...gradients)) < 1e-12 * top, `λ_max ${top} vs ${Math.max(...gradients)}`);
    assert.equal(linearLambdaMax(p, { loss: 'mae', huberDelta: 1, regularizeBiases: false, share: 1 }), undefined, 'mae has no closed form');
  });

  test('predictLinear is x·w + b', () => {
    const out = predictLinear({ weights: Float64Array.of(2, -1), intercept: 0.5 }, [1, 2, 3, 4], 2);
    assert.deepEqual(Array.from(out), [0.5, 2.5]);
  });
});
