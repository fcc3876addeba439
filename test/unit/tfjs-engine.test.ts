// The reference engine against answers worked out by hand: one SGD step with each penalty,
// the closed-form ridge solution, and exact zeros from proximal L1 but not from subgradient L1.
import assert from 'node:assert/strict';
import { before, describe, test } from 'node:test';
import { loadTensorflow } from '../../src/runtime/backend';
import type { Engine } from '../../src/runtime/engine';
import { tfjsEngine } from '../../src/runtime/tfjs-engine';
import { allRows, dataset, linearParams, runSpec } from '../support/fixtures';

let engine: Engine;
before(async () => {
  engine = tfjsEngine(await loadTensorflow('cpu'));
});

// y = w·x + b on two rows, mse: dL/dw_j = (2/n) Σ_i r_i x_ij, dL/db = (2/n) Σ_i r_i, r = prediction - target.
const x = [
  [1, 2],
  [3, -1],
];
const y = [1, 2];
const w0 = [0.5, -0.25];
const b0 = 0.1;
const lr = 0.1;

function handGradient(): { gw: number[]; gb: number } {
  const r = x.map((row, i) => row[0] * w0[0] + row[1] * w0[1] + b0 - y[i]);
  return {
    gw: [0, 1].map((j) => (2 / 2) * (r[0] * x[0][j] + r[1] * x[1][j])),
    gb: (2 / 2) * (r[0] + r[1]),
  };
}

function oneStep(penalty: { l1?: number; l2?: number; l1Method?: 'subgradient' | 'proximal' | 'cumulative' }, weights = w0) {
  const session = engine.createSession(runSpec(dataset(x, y), linearParams(weights, b0), { learningRate: lr, batchSize: 2, loss: 'mse' }, penalty));
  const loss = session.runEpoch(allRows(2));
  const [layer] = session.params();
  session.dispose();
  return { w: Array.from(layer.kernel), b: layer.bias[0], loss };
}

function assertClose(actual: number[], expected: number[], tolerance = 1e-6) {
  actual.forEach((a, i) => assert.ok(Math.abs(a - expected[i]) <= tolerance, `index ${i}: ${a} vs ${expected[i]}`));
}

describe('one SGD step of the tfjs engine', () => {
  test('without a penalty is w - lr*g', () => {
    const { gw, gb } = handGradient();
    const { w, b } = oneStep({});
    assertClose(w, w0.map((wj, j) => wj - lr * gw[j]));
    assertClose([b], [b0 - lr * gb]);
  });

  test('reports the data loss of the rows it stepped on, at the weights it saw them with: mean r², no penalty', () => {
    const r = x.map((row, i) => row[0] * w0[0] + row[1] * w0[1] + b0 - y[i]);
    assertClose([oneStep({ l1: 0.3 }).loss], [(r[0] ** 2 + r[1] ** 2) / 2]);
  });

  test('with L1 (subgradient) is w - lr*(g + l1*sign(w)); the bias is not penalized', () => {
    const { gw, gb } = handGradient();
    const l1 = 0.3;
    const { w, b } = oneStep({ l1 });
    assertClose(w, w0.map((wj, j) => wj - lr * (gw[j] + l1 * Math.sign(wj))));
    assertClose([b], [b0 - lr * gb]);
  });

  test('with L2 is w - lr*(g + 2*l2*w)', () => {
    const { gw } = handGradient();
    const l2 = 0.3;
    const { w } = oneStep({ l2 });
    assertClose(w, w0.map((wj, j) => wj - lr * (gw[j] + 2 * l2 * wj)));
  });

  test('tf.js takes the gradient of |w| at w = 0 as -1, so a zero weight steps to +lr*l1 (less the data gradient)', () => {
    const start = [0, -0.25];
    const r = x.map((row, i) => row[1] * start[1] + b0 - y[i]);
    const g0 = r[0] * x[0][0] + r[1] * x[1][0];
    const { w } = oneStep({ l1: 0.3 }, start);
    assertClose([w[0]], [0 - lr * (g0 - 0.3)]);
  });

  test('with proximal L1 and L2 is sign(v)*max(|v| - lr*l1, 0)/(1 + 2*lr*l2) with v = w - lr*g', () => {
    const { gw } = handGradient();
    const l1 = 0.3;
    const l2 = 0.2;
    const { w } = oneStep({ l1, l2, l1Method: 'proximal' });
    const expected = w0.map((wj, j) => {
      const v = wj - lr * gw[j];
      return (Math.sign(v) * Math.max(Math.abs(v) - lr * l1, 0)) / (1 + 2 * lr * l2);
    });
    assertClose(w, expected);
  });
});

describe('training to convergence', () => {
  test('a linear model with L2 reaches the closed-form ridge solution', async () => {
    // 40 rows, 3 inputs; minimize mean((Xw + b - y)^2) + l2*|w|^2 with b unpenalized:
    // with centred Xc, yc: (Xc'Xc/n + l2*I) w = Xc'yc/n and b = mean(y) - mean(x)·w.
    const n = 40;
    const rows: number[][] = [];
    const targets: number[] = [];
    for (let i = 0; i < n; i++) {
      const row = [Math.sin(i), Math.cos(1.7 * i), ((i % 7) - 3) / 3];
      rows.push(row);
      targets.push(1.5 * row[0] - 2 * row[1] + 0.5 * row[2] + 0.3 + 0.1 * Math.sin(13 * i));
    }
    const l2 = 0.1;
    const mean = (values: number[]) => values.reduce((a, b) => a + b, 0) / values.length;
    const xMean = [0, 1, 2].map((j) => mean(rows.map((r) => r[j])));
    const yMean = mean(targets);
    const a = [0, 1, 2].map((j) => [0, 1, 2].map((k) => mean(rows.map((r) => (r[j] - xMean[j]) * (r[k] - xMean[k]))) + (j === k ? l2 : 0)));
    const c = [0, 1, 2].map((j) => mean(rows.map((r, i) => (r[j] - xMean[j]) * (targets[i] - yMean))));
    const ridge = solve3(a, c);
    const ridgeBias = yMean - xMean.reduce((s, m, j) => s + m * ridge[j], 0);

    const spec = runSpec(dataset(rows, targets), linearParams([0, 0, 0], 0), { learningRate: 0.2, batchSize: n, loss: 'mse' }, { l2 });
    const session = engine.createSession(spec);
    for (let epoch = 0; epoch < 600; epoch++) session.runEpoch(allRows(n));
    const [layer] = session.params();
    session.dispose();
    assertClose(Array.from(layer.kernel), ridge, 1e-4);
    assertClose([layer.bias[0]], [ridgeBias], 1e-4);
  });

  // y depends on x1 only; x2 and x3 are inputs the penalty should remove.
  const n = 30;
  const rows: number[][] = [];
  const targets: number[] = [];
  for (let i = 0; i < n; i++) {
    const row = [Math.sin(0.7 * i), Math.cos(2.3 * i), Math.sin(5.1 * i + 1)];
    rows.push(row);
    targets.push(2 * row[0]);
  }
  const trainL1 = (l1Method: 'subgradient' | 'proximal' | 'cumulative', batchSize: number, epochs: number) => {
    const session = engine.createSession(runSpec(dataset(rows, targets), linearParams([0.1, 0.1, -0.1], 0), { learningRate: 0.05, batchSize, loss: 'mse' }, { l1: 0.2, l1Method }));
    for (let epoch = 0; epoch < epochs; epoch++) session.runEpoch(allRows(n));
    const weights = Array.from(session.params()[0].kernel);
    session.dispose();
    return weights;
  };

  test('proximal L1 gives exact zeros on irrelevant inputs; subgradient L1 leaves them near zero but not at zero', () => {
    const proximal = trainL1('proximal', n, 300);
    const subgradient = trainL1('subgradient', n, 300);
    assert.ok(Math.abs(proximal[0]) > 0.5, `the relevant weight stays: ${proximal[0]}`);
    assert.deepEqual([proximal[1], proximal[2]].map(Math.abs), [0, 0]);
    for (const w of subgradient.slice(1)) {
      assert.notEqual(w, 0);
      assert.ok(Math.abs(w) <= 0.05 * 0.2 * 2, `subgradient L1 keeps ${w} within about lr*l1 of zero`);
    }
  });

  test('with batch size 1, cumulative L1 still reaches exact zeros', () => {
    const cumulative = trainL1('cumulative', 1, 40);
    assert.ok(Math.abs(cumulative[0]) > 0.5, `the relevant weight stays: ${cumulative[0]}`);
    assert.deepEqual([cumulative[1], cumulative[2]].map(Math.abs), [0, 0]);
  });
});

function solve3(a: number[][], c: number[]): number[] {
  // Cramer's rule: plenty for a 3 × 3 system.
  const det = (m: number[][]) =>
    m[0][0] * (m[1][1] * m[2][2] - m[1][2] * m[2][1]) - m[0][1] * (m[1][0] * m[2][2] - m[1][2] * m[2][0]) + m[0][2] * (m[1][0] * m[2][1] - m[1][1] * m[2][0]);
  const d = det(a);
  return [0, 1, 2].map((k) => det(a.map((row, i) => row.map((v, j) => (j === k ? c[i] : v)))) / d);
}
