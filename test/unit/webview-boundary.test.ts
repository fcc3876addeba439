// The decision boundary view's choices without the DOM: which view the data call for, the
// colours of the plane and of a neuron's map, which neurons' thumbnails are drawn flat, and
// what the boundary worker answers to one job.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { removableNeurons } from '../../src/core/analysis/contribution';
import { gridPoints, networkInputs, planeBounds, planeMaps } from '../../src/core/decision-plane';
import { FEATURE_IDS } from '../../src/core/features';
import type { Params } from '../../src/core/mlp';
import { boundaryMode, neuronMarks } from '../../src/panel/boundary-model';
import type { Rgba } from '../../src/panel/color-scale';
import { classColor, paintNeuron, paintOutput, probabilityColor, signedColor, type ClassPalette } from '../../src/panel/plane-colors';
import { paintJob } from '../../src/panel/plane-job';
import { circleResults, threeClassResults } from '../support/circle-results';

const palette: ClassPalette = { classes: [[240, 140, 0, 1], [0, 110, 220, 1], [0, 160, 0, 1]], neutral: [250, 250, 250, 1] };

/** How far a colour is from another, and whether it lies on the line from neutral toward `toward`. */
function distance(a: Rgba, b: Rgba): number {
  return Math.hypot(a[0] - b[0], a[1] - b[1], a[2] - b[2]);
}
function onWayTo(color: Rgba, toward: Rgba): boolean {
  const full = distance(palette.neutral, toward);
  return Math.abs(distance(palette.neutral, color) + distance(color, toward) - full) < 1e-6;
}

describe('which view the data call for', () => {
  test('2-D points through Playground\'s features: the plane; other classification data: confusion matrices; regression: none', () => {
    const circle = circleResults().dataset;
    assert.equal(boundaryMode(circle), 'plane');
    assert.equal(boundaryMode(threeClassResults().dataset), 'confusion');
    assert.equal(boundaryMode({ ...circle, inputNames: ['a', ...circle.inputNames.slice(1)] }), 'confusion', 'inputs that are not features cannot be mapped from the plane');
    const { classes: _c, points: _p, ...regression } = circle;
    assert.equal(boundaryMode(regression), undefined);
    assert.equal(boundaryMode(undefined), undefined);
  });
});

describe('colours of the plane', () => {
  test('two classes: neutral where undecided, class 0 toward p = 0, class 1 toward p = 1, stronger with certainty', () => {
    assert.deepEqual(probabilityColor(0.5, palette), palette.neutral);
    assert.ok(onWayTo(probabilityColor(0.9, palette), palette.classes[1]));
    assert.ok(onWayTo(probabilityColor(0.1, palette), palette.classes[0]));
    assert.ok(distance(probabilityColor(0.99, palette), palette.neutral) > distance(probabilityColor(0.7, palette), palette.neutral));
    // As far from undecided at 0.8 as at 0.2, each toward its class.
    const share = (p: number, c: number) => distance(probabilityColor(p, palette), palette.neutral) / distance(palette.classes[c], palette.neutral);
    assert.ok(Math.abs(share(0.8, 1) - share(0.2, 0)) < 1e-12);
    assert.deepEqual(probabilityColor(NaN, palette), palette.neutral);
  });

  test('k classes: the leading class\'s colour, neutral at a guess (1/k), strongest at certainty', () => {
    assert.deepEqual(classColor(2, 1 / 3, 3, palette), palette.neutral);
    assert.ok(onWayTo(classColor(2, 0.9, 3, palette), palette.classes[2]));
    assert.ok(distance(classColor(2, 1, 3, palette), palette.neutral) > distance(classColor(2, 0.6, 3, palette), palette.neutral));
  });

  test('a neuron\'s output: orange below 0, blue above, scaled to its largest |output|; a map of zeros is flat', () => {
    assert.ok(onWayTo(signedColor(-1, 2, palette), palette.classes[0]));
    assert.ok(onWayTo(signedColor(1, 2, palette), palette.classes[1]));
    const pixels = paintNeuron(Float32Array.of(0, 0, 0), palette);
    for (let i = 0; i < 3; i++) assert.deepEqual(Array.from(pixels.subarray(4 * i, 4 * i + 4)), [250, 250, 250, 255]);
    const scaled = paintNeuron(Float32Array.of(1, 2), palette);
    const strong = paintNeuron(Float32Array.of(10, 20), palette);
    assert.deepEqual(scaled, strong, 'the shape, not the size');
  });

  test('the output picture: one RGBA pixel per cell, the colour of that cell\'s probability', () => {
    const params: Params = [{ rows: 1, cols: 1, activation: 'linear', kernel: Float32Array.of(2), bias: Float32Array.of(0) }];
    const bounds = planeBounds([Float32Array.of(-1, -1, 1, 1)], 0);
    const maps = planeMaps(params, networkInputs(gridPoints(bounds, 4), ['x1']), 4);
    const pixels = paintOutput(maps, palette);
    assert.equal(pixels.length, 4 * 16);
    for (let i = 0; i < 16; i++) {
      const expected = probabilityColor(maps.probability[i], palette).map((v, c) => (c === 3 ? 255 : Math.round(v)));
      assert.deepEqual(Array.from(pixels.subarray(4 * i, 4 * i + 4)), expected);
    }
    // Each row: the left half class 0, the right half class 1.
    assert.deepEqual(Array.from(maps.predicted.subarray(0, 4)), [0, 0, 1, 1]);
  });
});

describe('which neuron thumbnails are flat', () => {
  const document = circleResults();
  const { train } = document.dataset;

  test('the neurons the analysis finds off, and only those: under L1, h1.3 (no weights in) and h1.4 (no weights out)', () => {
    const [l1, l2] = document.variants.map((v) => v.runs[0]);
    const marks = neuronMarks(removableNeurons(l1.params, train, 1e-3, undefined, l1.snapshots[0].params));
    assert.deepEqual(marks[0].map((m) => m.flat), [false, false, true, true]);
    assert.ok(marks[0].slice(2).every((m) => !m.atStart && m.why), 'switched off by training, with the reason');
    assert.deepEqual(neuronMarks(removableNeurons(l2.params, train, 1e-3))[0].map((m) => m.flat), [false, false, false, false]);
  });

  test('a neuron already off at the initial weights is marked as dead at start', () => {
    const l1 = document.variants[0].runs[0];
    // The run's own start, with h1.3's weights in set to 0 there.
    const start = l1.snapshots[0].params.map((layer, l) => (l === 0 ? { ...layer, kernel: layer.kernel.map((v, i) => (i % 4 === 2 ? 0 : v)) } : layer));
    const marks = neuronMarks(removableNeurons(l1.params, train, 1e-3, undefined, start));
    assert.equal(marks[0][2].atStart, true);
    assert.equal(marks[0][3].atStart, false);
  });

  test('every hidden neuron has a map in one pass, the seven features in', () => {
    const params = document.variants[0].runs[0].params;
    const maps = planeMaps(params, networkInputs(gridPoints(planeBounds([document.dataset.points!.train]), 8), FEATURE_IDS), 8);
    assert.equal(maps.neurons[0].length, 4);
    assert.ok(maps.neurons[0][2].every((v) => v === 0), 'h1.3 outputs tanh(0) everywhere: flat in the picture too');
  });
});

describe('one job of the boundary worker', () => {
  const document = circleResults();
  const points = document.dataset.points!;
  const job = { id: 7, params: document.variants[0].runs[0].params, features: [...FEATURE_IDS], bounds: planeBounds([points.train, points.test]), size: 16, palette };

  test('answers with the output picture, one picture per hidden neuron, and the share of the plane each class wins', () => {
    const { picture, transfer } = paintJob(job);
    assert.equal(picture.id, 7);
    const maps = planeMaps(job.params, networkInputs(gridPoints(job.bounds, 16), FEATURE_IDS), 16);
    assert.deepEqual(picture.output, paintOutput(maps, palette));
    assert.deepEqual(picture.neurons.map((layer) => layer.length), [4]);
    assert.deepEqual(picture.neurons[0][1], paintNeuron(maps.neurons[0][1], palette));
    const inside = maps.predicted.reduce((sum, c) => sum + c, 0) / 256;
    assert.ok(Math.abs(picture.shares[1] - inside) < 1e-9 && Math.abs(picture.shares[0] + picture.shares[1] - 1) < 1e-9);
    assert.ok(inside > 0.05 && inside < 0.95, 'the circle splits the plane');
    assert.equal(transfer.length, 1 + 4, 'every picture\'s buffer moves to the page');
  });

  test('another frame on the same grid gives its own picture', () => {
    const start = paintJob({ ...job, params: document.variants[0].runs[0].snapshots[0].params }).picture;
    assert.notDeepEqual(start.output, paintJob(job).picture.output);
  });
});
