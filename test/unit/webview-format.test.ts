// The fit view says when it shows a sample of the data, and how much of it.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { pointsShown } from '../../src/panel/format';

const split = (n: number, rows: number) => ({ x: new Float32Array(n), y: new Float32Array(n), outlier: new Uint8Array(n), n, rows, sampled: n < rows });

describe('points shown', () => {
  it('says nothing when every row is there', () => {
    assert.equal(pointsShown({ train: split(75, 75), test: split(25, 25) }, 'train and test'), '');
  });

  it('counts the points shown of the rows, over the splits the chart draws', () => {
    const dataset = { train: split(2000, 150_000), test: split(2000, 50_000) };
    assert.equal(pointsShown(dataset, 'train and test'), '; 4,000 of 200,000 points shown');
    assert.equal(pointsShown(dataset, 'test'), '; 2,000 of 50,000 points shown');
    assert.equal(pointsShown({ train: split(2000, 150_000), test: split(500, 500) }, 'test'), '');
  });
});
