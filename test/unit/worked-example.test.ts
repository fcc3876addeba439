// The worked example: one weight under (w − a)², the three rules against their known minima,
// and the reason plain L1 hovers near zero while proximal L1 lands on it.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { workedExample, workedMinimum } from '../../src/core/worked-example';

describe('the worked example', () => {
  // λ/2 = 0.15 > a = 0.1: L1's minimum is exactly 0.
  const input = { lr: 0.1, lambda: 0.3, a: 0.1, start: 1, steps: 200 };

  test('proximal L1 lands on exactly 0 and stays there', () => {
    const rows = workedExample('l1-proximal', input);
    const first = rows.findIndex((r) => r.next === 0);
    assert.ok(first >= 0 && first < 20, `reached 0 at step ${first + 1}`);
    assert.ok(rows.slice(first).every((r) => r.next === 0));
    assert.equal(workedMinimum('l1-proximal', 0.3, 0.1), 0);
  });

  test('plain L1 never lands on 0: near it the constant step ηλ overshoots, and w hovers within ηλ + η·|H| of 0', () => {
    const rows = workedExample('l1', input);
    assert.ok(rows.every((r) => r.next !== 0));
    const late = rows.slice(100);
    const band = 0.1 * 0.3 + 0.1 * 2 * (0.1 + 0.05);
    assert.ok(late.every((r) => Math.abs(r.next) <= band), `within ${band}: ${late.map((r) => r.next).slice(0, 6)}`);
    assert.ok(late.some((r) => r.next > 0) && late.some((r) => r.next < 0), 'its sign keeps flipping');
    // Its penalty part is the constant −ηλ·sign w.
    assert.ok(rows.every((r) => Math.abs(Math.abs(r.penalty) - 0.03) < 1e-15));
  });

  test('L2 shrinks in proportion to w and settles at a/(1 + λ)', () => {
    const rows = workedExample('l2', { ...input, a: 1 });
    const last = rows[rows.length - 1].next;
    assert.ok(Math.abs(last - workedMinimum('l2', 0.3, 1)) < 1e-9, `${last} vs ${1 / 1.3}`);
    rows.forEach((r) => assert.ok(Math.abs(r.penalty - -2 * 0.1 * 0.3 * r.w) < 1e-15));
  });

  test('with a beyond λ/2 both L1 rules settle at the soft-threshold a − λ/2', () => {
    const minimum = workedMinimum('l1', 0.3, 1);
    assert.equal(minimum, 0.85);
    for (const rule of ['l1', 'l1-proximal'] as const) {
      const rows = workedExample(rule, { ...input, a: 1 });
      assert.ok(Math.abs(rows[rows.length - 1].next - minimum) < 1e-9, rule);
    }
  });

  test('each step is written as the article writes it, with its numbers', () => {
    const [l1] = workedExample('l1', input);
    assert.equal(l1.equation, '0.79 = (1 − 0.1·0.3·(1)) − 0.1·1.8');
    const [l2] = workedExample('l2', input);
    assert.equal(l2.equation, '0.76 = (1 − 2·0.1·0.3·1) − 0.1·1.8');
    const [proximal] = workedExample('l1-proximal', input);
    assert.equal(proximal.equation, 'v = 1 − 0.1·1.8 = 0.82;  0.79 = sign(v)·max(0.82 − 0.1·0.3, 0)');
  });
});
