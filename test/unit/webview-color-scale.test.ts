// The heatmaps' diverging colour scale and the colour parsing behind the theme.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { divergingColor, luminance, maxAbs, mix, over, parseColor, toCss, type DivergingScale, type Rgba } from '../../src/panel/color-scale';

const scale: DivergingScale = { negative: [0, 0, 255, 1], neutral: [40, 40, 40, 1], positive: [255, 0, 0, 1] };

function close(actual: Rgba, expected: Rgba): void {
  actual.forEach((v, i) => assert.ok(Math.abs(v - expected[i]) < 1e-9, `${actual} vs ${expected}`));
}

describe('diverging colour scale', () => {
  it('maps 0 to the neutral midpoint and ±max to the two ends', () => {
    assert.deepEqual(divergingColor(0, 2, scale), scale.neutral);
    assert.deepEqual(divergingColor(-0, 2, scale), scale.neutral);
    close(divergingColor(2, 2, scale), scale.positive);
    close(divergingColor(-2, 2, scale), scale.negative);
  });

  it('clamps beyond ±max', () => {
    close(divergingColor(5, 2, scale), scale.positive);
    close(divergingColor(-5, 2, scale), scale.negative);
  });

  it('is linear in between by default, and symmetric', () => {
    close(divergingColor(1, 2, scale), [147.5, 20, 20, 1]);
    close(divergingColor(-1, 2, scale), [20, 20, 147.5, 1]);
  });

  it('with gamma 0.5 moves small weights further from neutral, keeping the ends', () => {
    close(divergingColor(0.5, 2, scale, 0.5), mix(scale.neutral, scale.positive, 0.5));
    close(divergingColor(2, 2, scale, 0.5), scale.positive);
    assert.deepEqual(divergingColor(0, 2, scale, 0.5), scale.neutral);
  });

  it('gives the midpoint for a layer of zeros and for values that are not numbers', () => {
    assert.deepEqual(divergingColor(1, 0, scale), scale.neutral);
    assert.deepEqual(divergingColor(NaN, 1, scale), scale.neutral);
    assert.deepEqual(divergingColor(1, Infinity, scale), scale.neutral);
  });

  it('finds the largest |value| over several arrays, ignoring non-finite ones', () => {
    assert.equal(maxAbs(Float32Array.of(0.5, -2), [1, NaN, -Infinity]), 2);
    assert.equal(maxAbs(), 0);
  });
});

describe('colours', () => {
  it('parses the forms themes use', () => {
    assert.deepEqual(parseColor('#1f1f1f'), [31, 31, 31, 1]);
    assert.deepEqual(parseColor('#fff'), [255, 255, 255, 1]);
    assert.deepEqual(parseColor('#00000080'), [0, 0, 0, 128 / 255]);
    assert.deepEqual(parseColor('rgb(1, 2, 3)'), [1, 2, 3, 1]);
    assert.deepEqual(parseColor('rgba(204, 204, 204, 0.5)'), [204, 204, 204, 0.5]);
    assert.deepEqual(parseColor('rgb(10 20 30 / 50%)'), [10, 20, 30, 0.5]);
    assert.equal(parseColor('var(--x)'), undefined);
    assert.equal(parseColor(''), undefined);
  });

  it('composites, mixes and prints', () => {
    assert.deepEqual(over([255, 0, 0, 0.5], [0, 0, 255, 1]), [127.5, 0, 127.5, 1]);
    assert.equal(toCss([127.6, 0, 300, 1]), 'rgb(128, 0, 255)');
    assert.equal(toCss([0, 0, 0, 1], 0.25), 'rgba(0, 0, 0, 0.25)');
    assert.ok(luminance([255, 255, 255, 1]) > 0.99 && luminance([0, 0, 0, 1]) === 0);
  });
});
