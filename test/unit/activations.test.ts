// The activations and losses (src/core/activations.ts): each derivative is the slope of its
// function, with tf.js' choices at the kinks; and the fast engine, whose loops branch on
// numeric codes, computes with each code exactly what the table entry of that code computes.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { activations, losses as allLosses, residualLosses as losses } from '../../src/core/activations';
import { activationDerivative, activationOutput, crossEntropyRow, isCrossEntropyCode, lossDerivative, lossValue } from '../../src/runtime/pointwise';
import { crossEntropyLosses } from '../../src/core/activations';

/** -6 to 6 in steps of 1/8, with the points where the functions have kinks or branches. */
const grid = [...Array.from({ length: 97 }, (_, i) => -6 + i / 8), 0, -0, 1e-30, -1e-30, 1e-3, -1e-3, 0.7, -0.7, 40, -40, Infinity, -Infinity];
const huberDelta = 0.7;
const h = 1e-6;

function near(actual: number, expected: number, tolerance: number, message: string): void {
  assert.ok(Math.abs(actual - expected) <= tolerance, `${message}: expected ${expected} ± ${tolerance}, got ${actual}`);
}

/** Away from the kinks at 0 and ±δ, where a central difference straddles two branches. */
const smooth = grid.filter((v) => Number.isFinite(v) && Math.abs(v) > 10 * h && Math.abs(Math.abs(v) - huberDelta) > 10 * h);

describe('activations', () => {
  for (const [name, f] of Object.entries(activations)) {
    it(`${name}: the derivative, taken from the output, is the slope`, () => {
      for (const z of smooth) near(f.derivative(f.output(z)), (f.output(z + h) - f.output(z - h)) / (2 * h), 1e-6, `${name}'(${z})`);
    });

    it(`${name}: no slope is above its Lipschitz constant, and some come close`, () => {
      const slopes = smooth.map((z) => f.derivative(f.output(z)));
      assert.ok(slopes.every((s) => s <= f.lipschitz + 1e-12), name);
      near(Math.max(...slopes), f.lipschitz, 1e-3, `${name}'s largest slope`);
    });
  }

  it("relu'(0) = 0, as tf.js", () => {
    assert.equal(activations.relu.derivative(activations.relu.output(0)), 0);
  });
});

describe('losses', () => {
  for (const [name, f] of Object.entries(losses)) {
    it(`${name}: the derivative is the slope`, () => {
      for (const r of smooth) near(f.derivative(r, huberDelta), (f.value(r + h, huberDelta) - f.value(r - h, huberDelta)) / (2 * h), 1e-5, `${name}'(${r})`);
    });
  }

  it('d|r|/dr = -1 at r = 0 and huber takes its quadratic branch at |r| = δ, as tf.js', () => {
    assert.equal(losses.mae.derivative(0, huberDelta), -1);
    assert.equal(losses.huber.derivative(huberDelta, huberDelta), huberDelta);
    assert.equal(losses.huber.derivative(-huberDelta, huberDelta), -huberDelta);
  });

  it('huber is r²/2 within δ and linear beyond, continuous at δ', () => {
    near(losses.huber.value(0.5, huberDelta), 0.125, 1e-15, 'inside');
    near(losses.huber.value(2, huberDelta), huberDelta * (2 - huberDelta / 2), 1e-15, 'outside');
  });
});

describe("the fast engine's numeric codes", () => {
  it('are distinct within each table', () => {
    for (const table of [activations, allLosses]) {
      const codes = Object.values(table).map((f) => f.code);
      assert.equal(new Set(codes).size, codes.length);
    }
  });

  it("compute each activation's output and derivative, bit for bit", () => {
    for (const [name, f] of Object.entries(activations)) {
      for (const z of grid) {
        assert.equal(activationOutput(f.code, z), f.output(z), `${name}(${z})`);
        const y = f.output(z);
        assert.equal(activationDerivative(f.code, y), f.derivative(y), `${name}' at output ${y}`);
      }
    }
  });

  it("compute each cross-entropy's row loss and its gradient at the logits, bit for bit", () => {
    for (const [name, f] of Object.entries(crossEntropyLosses)) {
      assert.ok(isCrossEntropyCode(f.code), name);
      const k = name === 'binaryCrossentropy' ? 1 : 3;
      // Logits from the grid, k at a time, each label in turn; 9 in front so that offsets are read.
      for (let i = 0; i + k <= grid.length; i++) {
        const logits = [9, ...grid.slice(i, i + k)];
        const label = i % (k === 1 ? 2 : k);
        const fromTable = [0, 0, 0, 0];
        const fromCode = [0, 0, 0, 0];
        f.rowGradient(logits, 1, k, label, huberDelta, 3, fromTable, 1);
        const value = crossEntropyRow(f.code, logits, 1, k, label, 3, fromCode, 1);
        assert.ok(Object.is(value, f.rowValue(logits, 1, k, label, huberDelta)), `${name}(${logits.slice(1)}; ${label})`);
        assert.deepEqual(fromCode, fromTable, `${name}' at (${logits.slice(1)}; ${label})`);
      }
    }
  });

  it("compute each loss's value and derivative, bit for bit", () => {
    for (const [name, f] of Object.entries(losses)) {
      for (const r of grid) {
        assert.equal(lossValue(f.code, r, huberDelta), f.value(r, huberDelta), `${name}(${r})`);
        assert.equal(lossDerivative(f.code, r, huberDelta), f.derivative(r, huberDelta), `${name}'(${r})`);
      }
    }
  });
});
