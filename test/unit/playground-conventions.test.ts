// What the README tells a TensorFlow Playground user about carrying λ across, checked against
// Playground's own update (its nn.ts updateWeights, written out below as the oracle): one step of
// RegX's engine with l2 = λ/2 (or l2 = λ under penaltyConvention "tf1") is Playground's L2 step
// with λ; proximal L1 with λ is Playground's L1 step wherever a weight keeps its sign or crosses
// 0, and the two part only at 0, where Playground freezes the weight and proximal L1 does not.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { parseExperiment } from '../../src/core/experiment';
import { proximal } from '../../src/core/penalties';
import type { Penalty } from '../../src/core/penalties';
import { fastEngine } from '../../src/runtime/fast-engine';
import { allRows, dataset, linearParams, runSpec } from '../support/fixtures';

/** One weight of Playground's updateWeights: the data step, then the penalty's; an L1 step that
 * makes the weight cross 0 sets it to exactly 0 and marks it dead, and a dead weight never moves. */
function playgroundStep(state: { w: number; dead: boolean }, dataGradient: number, lr: number, lambda: number, regularization: 'L1' | 'L2'): { w: number; dead: boolean } {
  if (state.dead) return state;
  const { w } = state;
  const penaltyDerivative = regularization === 'L2' ? w : w < 0 ? -1 : w > 0 ? 1 : 0;
  const afterData = w - lr * dataGradient;
  const next = afterData - lr * lambda * penaltyDerivative;
  if (regularization === 'L1' && afterData * next < 0) return { w: 0, dead: true };
  return { w: next, dead: false };
}

// A linear model y = w·x + b on two rows with mse: the data gradient of w_j is mean(2·r·x_j).
const x = [
  [1, 2],
  [3, -1],
];
const y = [1, 2];
const w0 = [0.5, -0.25];
const b0 = 0.1;
const lr = 0.1;
const dataGradient = (weights: number[]) => {
  const r = x.map((row, i) => row[0] * weights[0] + row[1] * weights[1] + b0 - y[i]);
  return [0, 1].map((j) => (2 * r[0] * x[0][j] + 2 * r[1] * x[1][j]) / 2);
};

function regxStep(penalty: Partial<Penalty>): number[] {
  const session = fastEngine().createSession(runSpec(dataset(x, y), linearParams(w0, b0), { learningRate: lr, batchSize: 2, loss: 'mse' }, penalty));
  session.runEpoch(allRows(2));
  const kernel = Array.from(session.params()[0].kernel);
  session.dispose();
  return kernel;
}

const assertClose = (actual: number[], expected: number[]) =>
  actual.forEach((a, i) => assert.ok(Math.abs(a - expected[i]) <= 1e-6, `weight ${i}: RegX ${a}, Playground ${expected[i]}`));

describe("Playground's penalties in RegX's terms", () => {
  const lambda = 0.3;
  const playground = (regularization: 'L1' | 'L2') => w0.map((w, j) => playgroundStep({ w, dead: false }, dataGradient(w0)[j], lr, lambda, regularization).w);

  test("Playground's L2 with λ is RegX's l2 = λ/2 (tf.js' l2·Σw²): Playground's penalty is ½·Σw²", () => {
    assertClose(regxStep({ l2: lambda / 2 }), playground('L2'));
  });

  test('under penaltyConvention "tf1" the file\'s l2 is Playground\'s λ as it is', () => {
    const parsed = parseExperiment(JSON.stringify({ name: 'p', data: { kind: 'line' }, penaltyConvention: 'tf1', variants: [{ name: 'L2', l2: lambda }] }));
    assert.ok(parsed.ok);
    assertClose(regxStep({ l2: parsed.experiment.variants[0].l2 }), playground('L2'));
  });

  test("Playground's L1 with λ is RegX's proximal L1 with l1 = λ on weights that keep their sign", () => {
    assertClose(regxStep({ l1: lambda, l1Method: 'proximal' }), playground('L1'));
  });

  test('a weight the L1 step would carry across 0 lands on exactly 0 in both', () => {
    // v = w − lr·H within lr·λ of 0 on the weight's own side.
    const cases = [
      [0.02, 0.1],
      [-0.01, -0.05],
    ];
    for (const [w, h] of cases) {
      const v = w - lr * h;
      assert.ok(Math.sign(v) === Math.sign(w) && Math.abs(v) < lr * lambda);
      // === rather than Object.is: proximal keeps the sign of v, so −0 on the negative side.
      assert.ok(playgroundStep({ w, dead: false }, h, lr, lambda, 'L1').w === 0);
      assert.ok(proximal(v, lr, lambda, 0) === 0);
    }
  });

  test('at 0 they part: Playground keeps the weight at 0 for good, proximal L1 lets a data gradient above λ move it again', () => {
    const dead = playgroundStep({ w: 0.02, dead: false }, 0.1, lr, lambda, 'L1');
    assert.deepEqual(dead, { w: 0, dead: true });
    const strongGradient = -2 * lambda;
    assert.equal(playgroundStep(dead, strongGradient, lr, lambda, 'L1').w, 0);
    assert.ok(proximal(0 - lr * strongGradient, lr, lambda, 0) > 0, 'proximal: |lr·H| > lr·λ moves it off 0');
    const weakGradient = -0.5 * lambda;
    assert.equal(proximal(0 - lr * weakGradient, lr, lambda, 0), 0, 'proximal: a data gradient within λ leaves it at 0');
  });
});
