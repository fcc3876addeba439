// The λ sliders' numbers: which variants get one, at which λ, and the log scale.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { parseExperiment } from '../../src/core/experiment';
import { lambdaAt, sliderVariants } from '../../src/panel/lambda-sliders';

describe('λ sliders', () => {
  test('one per penalized fixed variant, at its λ as the file writes it (l1, else l2, TensorFlow 1\'s l2 as written)', () => {
    const parsed = parseExperiment(JSON.stringify({
      name: 's', data: { kind: 'line' }, penaltyConvention: 'tf1',
      variants: [{ name: 'L1', l1: 0.3 }, { name: 'L2', l2: 0.3 }, { name: 'none' }, { name: 'EN', l1: 0.1, l2: 0.2 }, { name: 'path', path: {} }],
    }));
    assert.ok(parsed.ok);
    assert.deepEqual(sliderVariants(parsed.experiment), [{ name: 'L1', lambda: 0.3 }, { name: 'L2', lambda: 0.3 }, { name: 'EN', lambda: 0.1 }]);
  });

  test('positions are a log scale around the file\'s λ: 50 a decade, 4 significant digits', () => {
    assert.equal(lambdaAt(0.3, 0), 0.3);
    assert.equal(lambdaAt(0.3, 50), 3);
    assert.equal(lambdaAt(0.3, -100), 0.003);
    assert.equal(lambdaAt(0.3, 25), +(0.3 * Math.sqrt(10)).toPrecision(4));
  });
});
