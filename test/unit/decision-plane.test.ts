// The decision boundary's numbers (core/decision-plane.ts): the square over the points, the
// grid's cells and where a point lands on the picture, the network's inputs at the cells,
// class probabilities from logits, and the maps of one forward pass.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { classProbabilities, gridPoints, networkInputs, planeBounds, planeFeatures, planeMaps, toPicture } from '../../src/core/decision-plane';
import { featureRows, FEATURE_IDS } from '../../src/core/features';
import { forwardAll, type Params } from '../../src/core/mlp';

const close = (a: number, b: number, tolerance = 1e-6) => assert.ok(Math.abs(a - b) <= tolerance, `${a} ≉ ${b}`);

describe('the plane', () => {
  test('a square around every point of every set, with a margin, centred on them', () => {
    const bounds = planeBounds([Float32Array.of(0, 0, 4, 1)], 0.1);
    // x1 spans 4, x2 spans 1: the square's side is 4 padded by a tenth on each side.
    close(bounds.x1[1] - bounds.x1[0], 4.8);
    close(bounds.x2[1] - bounds.x2[0], 4.8);
    close((bounds.x1[0] + bounds.x1[1]) / 2, 2);
    close((bounds.x2[0] + bounds.x2[1]) / 2, 0.5);
    const both = planeBounds([Float32Array.of(-3, 0), Float32Array.of(5, 2)], 0);
    assert.deepEqual(both, { x1: [-3, 5], x2: [-3, 5] });
  });

  test('without points (or with only NaN), the square from -1 to 1', () => {
    assert.deepEqual(planeBounds([]), { x1: [-1, 1], x2: [-1, 1] });
    assert.deepEqual(planeBounds([Float32Array.of(NaN, NaN)]), { x1: [-1, 1], x2: [-1, 1] });
  });

  test('grid cells are the centres, row-major, row 0 at the top (largest x2), column 0 at the left', () => {
    const grid = gridPoints({ x1: [0, 4], x2: [0, 2] }, 2);
    assert.deepEqual(Array.from(grid), [1, 1.5, 3, 1.5, 1, 0.5, 3, 0.5]);
  });

  test('a point lands on the picture where its cell is drawn', () => {
    const bounds = { x1: [-2, 6], x2: [-1, 7] } as const;
    const size = 8;
    const grid = gridPoints({ x1: [...bounds.x1], x2: [...bounds.x2] }, size);
    for (const cell of [0, 9, 27, 63]) {
      const { x, y } = toPicture({ x1: [...bounds.x1], x2: [...bounds.x2] }, 80, 80, grid[2 * cell], grid[2 * cell + 1]);
      close(x, ((cell % size) + 0.5) * 10);
      close(y, (Math.floor(cell / size) + 0.5) * 10);
    }
  });

  test('the features of a network: every input one of Playground\'s, in its order; anything else is not a plane', () => {
    assert.deepEqual(planeFeatures(['x1Squared', 'x2Squared']), ['x1Squared', 'x2Squared']);
    assert.equal(planeFeatures(['x1', 'width']), undefined);
    assert.equal(planeFeatures([]), undefined);
  });

  test('inputs at the cells are the features of their points, standardized as the training rows were', () => {
    const points = Float32Array.of(1, 2, -3, 0.5);
    const features = ['x1x2', 'sinX2', 'x1'] as const;
    assert.deepEqual(networkInputs(points, features), featureRows(points, features));
    const standardized = networkInputs(points, features, { inputMean: [1, 0, -1], inputStd: [2, 1, 0] });
    close(standardized[0], (1 * 2 - 1) / 2);
    close(standardized[1], Math.fround(Math.sin(2)), 1e-7);
    close(standardized[2], 1 + 1, 1e-7); // a constant column (sd 0) is only centred
  });
});

describe('class probabilities from logits', () => {
  const out = new Float64Array(3);
  test('one logit: p(class 1) = sigmoid(z)', () => {
    classProbabilities([0, 2], 1, 1, out);
    close(out[1], 1 / (1 + Math.exp(-2)));
    close(out[0] + out[1], 1);
  });

  test('k logits: a softmax that sums to 1 and does not overflow', () => {
    classProbabilities([1000, 999, 0], 0, 3, out);
    close(out[0] + out[1] + out[2], 1);
    close(out[0] / out[1], Math.E, 1e-9);
    assert.equal(out[2], 0);
    classProbabilities([1, 2, 3], 0, 3, out);
    const e = [Math.exp(1), Math.exp(2), Math.exp(3)];
    e.forEach((v, c) => close(out[c], v / (e[0] + e[1] + e[2])));
  });
});

describe('the maps of one forward pass', () => {
  // x1 → 2 relu → 1 logit: h1 = relu(x1), h2 = relu(-x1), z = h1 - h2 = x1.
  const sign: Params = [
    { rows: 1, cols: 2, activation: 'relu', kernel: Float32Array.of(1, -1), bias: new Float32Array(2) },
    { rows: 2, cols: 1, activation: 'linear', kernel: Float32Array.of(1, -1), bias: new Float32Array(1) },
  ];
  const size = 4;
  const bounds = { x1: [-2, 2] as [number, number], x2: [-2, 2] as [number, number] };
  const inputs = networkInputs(gridPoints(bounds, size), ['x1']);

  test('binary: class 1 where the logit is positive, on the right half of every row; p(class 1) per cell', () => {
    const maps = planeMaps(sign, inputs, size);
    assert.equal(maps.classes, 2);
    for (let row = 0; row < size; row++) {
      assert.deepEqual(Array.from(maps.predicted.subarray(row * size, (row + 1) * size)), [0, 0, 1, 1]);
      // x1 at the cell centres: -1.5, -0.5, 0.5, 1.5.
      [-1.5, -0.5, 0.5, 1.5].forEach((x1, col) => close(maps.probability[row * size + col], 1 / (1 + Math.exp(-x1))));
    }
  });

  test('every hidden neuron\'s own output over the cells, as the forward pass gives it', () => {
    const maps = planeMaps(sign, inputs, size);
    const hidden = forwardAll(sign, inputs, size * size)[0];
    assert.equal(maps.neurons.length, 1);
    assert.equal(maps.neurons[0].length, 2);
    for (let i = 0; i < size * size; i++) {
      assert.equal(maps.neurons[0][0][i], hidden[2 * i]);
      assert.equal(maps.neurons[0][1][i], hidden[2 * i + 1]);
    }
  });

  test('k classes: the argmax class and its probability', () => {
    // Three logits from (x1, x2): x1, x2 and 0.
    const three: Params = [{ rows: 2, cols: 3, activation: 'linear', kernel: Float32Array.of(1, 0, 0, 0, 1, 0), bias: new Float32Array(3) }];
    const maps = planeMaps(three, networkInputs(gridPoints(bounds, 2), ['x1', 'x2']), 2);
    // Cells: top-left (-1, 1), top-right (1, 1), bottom-left (-1, -1), bottom-right (1, -1).
    assert.equal(maps.classes, 3);
    assert.deepEqual(Array.from(maps.predicted), [1, 0, 2, 0]);
    close(maps.probability[2], 1 / (1 + 2 * Math.exp(-1)), 1e-6);
  });

  test('a network of all seven features maps the plane through the same table as the trainer', () => {
    const d = FEATURE_IDS.length;
    const params: Params = [{ rows: d, cols: 1, activation: 'linear', kernel: Float32Array.from({ length: d }, (_, j) => (j + 1) / 10), bias: Float32Array.of(-1) }];
    const grid = gridPoints(bounds, 3);
    const maps = planeMaps(params, networkInputs(grid, FEATURE_IDS), 3);
    const logits = forwardAll(params, featureRows(grid, FEATURE_IDS), 9)[0];
    logits.forEach((z, i) => close(maps.probability[i], 1 / (1 + Math.exp(-z)), 1e-6));
  });
});
