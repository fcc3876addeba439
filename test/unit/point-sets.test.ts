// The 2-D classification sets: drawn as TensorFlow Playground draws circle, xor, gauss and
// spiral (and scikit-learn make_moons), reproducible from the seed, seen by the network
// through the features the file picks, and refused with the place and the allowed values
// when a feature is unknown or picked twice.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import schema from '../../schemas/regx.schema.json';
import { generatedShape } from '../../src/core/cost';
import type { Dataset } from '../../src/core/dataset';
import { parseExperiment, POINT_SET_KINDS, type PointSetData } from '../../src/core/experiment';
import { FEATURE_IDS, featureRows } from '../../src/core/features';
import { MAX_POINT_SET_SAMPLES } from '../../src/core/limits';
import { loadDataset } from '../../src/runtime/data';
import { experimentFrom } from '../support/fixtures';

const spec = (data: object): PointSetData => experimentFrom({ name: 'p', data, variants: [{ name: 'v' }] }).data as PointSetData;

/** Every point of both splits with its class index. */
function allPoints(data: Dataset): { x1: number; x2: number; label: number }[] {
  return [data.train, data.test].flatMap((part, p) => {
    const points = p === 0 ? data.points!.train : data.points!.test;
    return Array.from({ length: part.n }, (_, i) => ({ x1: points[2 * i], x2: points[2 * i + 1], label: part.y[i] }));
  });
}

const count = (points: { label: number }[], label: number) => points.filter((p) => p.label === label).length;
/** float32 storage of the points: comparisons allow its rounding. */
const close = (a: number, b: number, tolerance = 1e-5) => Math.abs(a - b) <= tolerance * Math.max(1, Math.abs(a), Math.abs(b));

describe('point sets: the file', () => {
  test("defaults are Playground's: 500 points, no noise, half of them tested, the features x1 and x2", () => {
    for (const kind of POINT_SET_KINDS) assert.deepEqual(spec({ kind }), { kind, samples: 500, noise: 0, testFraction: 0.5, features: ['x1', 'x2'] });
  });

  test('the schema lists exactly the feature ids of core/features.ts, and its largest sample count is the limit', () => {
    const definition = schema.definitions.pointSetData.properties;
    assert.deepEqual(definition.features.items.enum, [...FEATURE_IDS]);
    assert.equal(definition.samples.maximum, MAX_POINT_SET_SAMPLES);
    assert.deepEqual(definition.kind.enum, [...POINT_SET_KINDS]);
  });

  const problems = (data: object) => parseExperiment(JSON.stringify({ name: 'p', data, variants: [{ name: 'v' }] })).problems.map((p) => `${p.path}: ${p.message}`);

  test('an unknown feature is refused at its item, with the ids allowed', () => {
    assert.deepEqual(problems({ kind: 'circle', features: ['x1', 'x3'] }), [
      'data.features[1]: must be one of "x1", "x2", "x1Squared", "x2Squared", "x1x2", "sinX1", "sinX2", got "x3"',
    ]);
  });

  test('a feature picked twice is refused', () => {
    assert.deepEqual(problems({ kind: 'xor', features: ['x1', 'x1x2', 'x1'] }), ['data.features: must not list the same item twice, got ["x1","x1x2","x1"]']);
  });

  test('samples above the limit, noise above 0.5 (Playground\'s 50) and no feature are refused', () => {
    assert.deepEqual(problems({ kind: 'spiral', samples: MAX_POINT_SET_SAMPLES + 1, noise: 0.6, features: [] }), [
      `data.samples: must be an integer >= 2 and <= ${MAX_POINT_SET_SAMPLES}, got ${MAX_POINT_SET_SAMPLES + 1}`,
      'data.noise: must be a number >= 0 and <= 0.5, got 0.6',
      'data.features: must be an array of at least 1 item and at most 7, got []',
    ]);
  });

  test('the cost estimate sees one input per picked feature', () => {
    assert.deepEqual(generatedShape(spec({ kind: 'gauss', samples: 80, features: ['x1', 'x2', 'sinX1'] })), { rows: 80, inputs: 3 });
  });
});

describe('point sets: the data', () => {
  test('the same seed gives the same points and split; another seed does not', async () => {
    for (const kind of POINT_SET_KINDS) {
      const a = await loadDataset(spec({ kind, noise: 0.2 }), 1, '.');
      const b = await loadDataset(spec({ kind, noise: 0.2 }), 1, '.');
      const c = await loadDataset(spec({ kind, noise: 0.2 }), 2, '.');
      assert.deepEqual(a, b, kind);
      assert.notDeepEqual(a.points, c.points, kind);
    }
  });

  test('the network sees the picked features of each point, in the order picked, named by their ids', async () => {
    const features = ['sinX2', 'x1x2', 'x1', 'x2Squared'] as const;
    const data = await loadDataset(spec({ kind: 'xor', samples: 40, features }), 3, '.');
    assert.deepEqual(data.inputNames, features);
    assert.equal(data.d, 4);
    assert.deepEqual(data.train.x, featureRows(data.points!.train, features));
    assert.deepEqual(data.test.x, featureRows(data.points!.test, features));
  });

  test('testFraction splits the points; every split point keeps its raw point', async () => {
    const data = await loadDataset(spec({ kind: 'moons', samples: 101, testFraction: 0.3 }), 1, '.');
    assert.equal(data.test.n, 30);
    assert.equal(data.train.n, 71);
    assert.equal(data.points!.train.length, 2 * 71);
    assert.equal(data.points!.test.length, 2 * 30);
  });

  test("Playground's −1 and +1 are the classes \"-1\" and \"+1\" (labels 0 and 1); moons' are \"0\" and \"1\"", async () => {
    for (const kind of POINT_SET_KINDS) {
      const data = await loadDataset(spec({ kind }), 1, '.');
      assert.deepEqual(data.classes, kind === 'moons' ? ['0', '1'] : ['-1', '+1'], kind);
      assert.ok(allPoints(data).every((p) => p.label === 0 || p.label === 1), kind);
    }
  });

  test('circle: half the points in the disc of radius 2.5, half in the ring from 3.5 to 5; without noise +1 is inside', async () => {
    const points = allPoints(await loadDataset(spec({ kind: 'circle', samples: 1001 }), 1, '.'));
    const inside = points.filter((p) => Math.hypot(p.x1, p.x2) <= 2.5 + 1e-5);
    assert.equal(inside.length, 501);
    assert.ok(points.every((p) => Math.hypot(p.x1, p.x2) <= 2.5 + 1e-5 || (Math.hypot(p.x1, p.x2) >= 3.5 - 1e-5 && Math.hypot(p.x1, p.x2) <= 5 + 1e-5)));
    assert.ok(points.every((p) => p.label === (Math.hypot(p.x1, p.x2) < 2.5 ? 1 : 0)));
  });

  test('circle with noise: the points stay where they were drawn, the labels near the edge come from the noisy copy', async () => {
    const points = allPoints(await loadDataset(spec({ kind: 'circle', samples: 2000, noise: 0.5 }), 1, '.'));
    assert.ok(points.every((p) => Math.hypot(p.x1, p.x2) <= 2.5 + 1e-5 || Math.hypot(p.x1, p.x2) >= 3.5 - 1e-5), 'still a disc and a ring');
    const flipped = points.filter((p) => p.label !== (Math.hypot(p.x1, p.x2) < 2.5 ? 1 : 0));
    assert.ok(flipped.length > 100, `${flipped.length} labels differ from the point's own side`);
  });

  test('xor: coordinates in ±[0.3, 5.3] (padded away from the axes); without noise +1 is where x1·x2 ≥ 0', async () => {
    const points = allPoints(await loadDataset(spec({ kind: 'xor', samples: 2000 }), 1, '.'));
    assert.ok(points.every((p) => [p.x1, p.x2].every((v) => Math.abs(v) >= 0.3 - 1e-6 && Math.abs(v) <= 5.3 + 1e-5)));
    assert.ok(points.every((p) => p.label === (p.x1 * p.x2 >= 0 ? 1 : 0)));
    const noisy = allPoints(await loadDataset(spec({ kind: 'xor', samples: 2000, noise: 0.3 }), 1, '.'));
    assert.ok(noisy.some((p) => p.label !== (p.x1 * p.x2 >= 0 ? 1 : 0)), 'noise flips some labels');
  });

  test('gauss: +1 around (2, 2) and −1 around (−2, −2), variance 0.5 + 7·noise', async () => {
    for (const noise of [0, 0.5]) {
      const points = allPoints(await loadDataset(spec({ kind: 'gauss', samples: MAX_POINT_SET_SAMPLES, noise }), 1, '.'));
      for (const [label, centre] of [[1, 2], [0, -2]]) {
        const blob = points.filter((p) => p.label === label);
        assert.equal(blob.length, MAX_POINT_SET_SAMPLES / 2);
        for (const axis of ['x1', 'x2'] as const) {
          const values = blob.map((p) => p[axis]);
          const mean = values.reduce((s, v) => s + v, 0) / values.length;
          const variance = values.reduce((s, v) => s + (v - mean) ** 2, 0) / values.length;
          assert.ok(Math.abs(mean - centre) < 0.1, `noise ${noise}, label ${label}: mean ${mean}`);
          assert.ok(Math.abs(variance / (0.5 + 7 * noise) - 1) < 0.1, `noise ${noise}, label ${label}: variance ${variance}`);
        }
      }
    }
  });

  test('spiral: without noise each point lies on its arm, r = 5·i/(n/2) at angle 1.75·2π·i/(n/2), the −1 arm turned by π', async () => {
    const n = 400;
    const points = allPoints(await loadDataset(spec({ kind: 'spiral', samples: n }), 1, '.'));
    assert.equal(count(points, 1), n / 2);
    for (const p of points) {
      const r = Math.hypot(p.x1, p.x2);
      if (r < 1e-3) continue;
      const i = (r / 5) * (n / 2);
      assert.ok(close(i, Math.round(i), 1e-4), `r ${r} is a step of the arm`);
      const t = (1.75 * Math.round(i)) / (n / 2) * 2 * Math.PI + (p.label === 1 ? 0 : Math.PI);
      assert.ok(close(p.x1, r * Math.sin(t), 1e-4) && close(p.x2, r * Math.cos(t), 1e-4), `(${p.x1}, ${p.x2}) on the ${p.label === 1 ? '+1' : '−1'} arm`);
    }
    const noisy = allPoints(await loadDataset(spec({ kind: 'spiral', samples: n, noise: 0.5 }), 1, '.'));
    assert.ok(noisy.every((p, k) => Math.abs(p.x1 - points[k].x1) <= 0.5 + 1e-5), 'noise moves a coordinate by at most U(−1, 1)·noise');
  });

  test('moons: class 0 on the upper unit half circle, class 1 on the lower one around (1, 0.5); noise moves both', async () => {
    const points = allPoints(await loadDataset(spec({ kind: 'moons', samples: 201 }), 1, '.'));
    assert.equal(count(points, 0), 100, 'make_moons: n // 2 on the outer moon');
    assert.equal(count(points, 1), 101);
    for (const p of points) {
      const [cx, cy] = p.label === 0 ? [0, 0] : [1, 0.5];
      assert.ok(close(Math.hypot(p.x1 - cx, p.x2 - cy), 1), `(${p.x1}, ${p.x2}) on its half circle`);
      assert.ok(p.label === 0 ? p.x2 >= -1e-6 : p.x2 <= 0.5 + 1e-6);
    }
    const noisy = allPoints(await loadDataset(spec({ kind: 'moons', samples: 201, noise: 0.1 }), 1, '.'));
    assert.ok(noisy.some((p) => !close(Math.hypot(p.x1 - (p.label ? 1 : 0), p.x2 - (p.label ? 0.5 : 0)), 1, 1e-3)));
  });
});
