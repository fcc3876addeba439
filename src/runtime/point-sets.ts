// The 2-D classification sets: TensorFlow Playground's circle, xor, gauss and spiral, drawn as
// Playground's src/dataset.ts draws them (labels ±1, noise 0 to 0.5 being its slider over 100),
// and scikit-learn's make_moons. Every draw comes from the experiment's seeded Random, so a
// file and a seed give the same points; Playground's own points (Math.random) differ.
import type { PointSetKind } from '../core/experiment';
import type { Random } from '../core/random';

export interface PointSet {
  /** Row-major (x1, x2) of each point. */
  points: Float32Array;
  /** Each point's class index into `classes`. */
  labels: Float32Array;
  classes: string[];
}

/** Playground's labels: −1 is class 0, +1 class 1. */
const PLAYGROUND_CLASSES = ['-1', '+1'];
const MOONS_CLASSES = ['0', '1'];

export function drawPointSet(kind: PointSetKind, samples: number, noise: number, random: Random): PointSet {
  const points = new Float32Array(samples * 2);
  const labels = new Float32Array(samples);
  let filled = 0;
  /** Adds a point with Playground's label (+1 or −1) or a class index for moons. */
  const add = (x1: number, x2: number, classIndex: number) => {
    points[2 * filled] = x1;
    points[2 * filled + 1] = x2;
    labels[filled++] = classIndex;
  };
  const fromSign = (positive: boolean) => (positive ? 1 : 0);
  // Playground loops i < n/2 twice; the first half takes the odd point so that there are exactly n.
  const firstHalf = Math.ceil(samples / 2);
  const halves = [firstHalf, samples - firstHalf];
  switch (kind) {
    case 'circle': {
      const radius = 5;
      // The disc's points first (r up to 2.5), then the ring's (3.5 to 5); each labelled by
      // where its noisy copy falls, while the point itself stays.
      const rings: [number, number][] = [
        [0, radius * 0.5],
        [radius * 0.7, radius],
      ];
      rings.forEach(([low, high], half) => {
        for (let i = 0; i < halves[half]; i++) {
          const r = random.uniform(low, high);
          const angle = random.uniform(0, 2 * Math.PI);
          const x1 = r * Math.sin(angle);
          const x2 = r * Math.cos(angle);
          const noisy1 = x1 + random.uniform(-radius, radius) * noise;
          const noisy2 = x2 + random.uniform(-radius, radius) * noise;
          add(x1, x2, fromSign(Math.hypot(noisy1, noisy2) < radius * 0.5));
        }
      });
      break;
    }
    case 'xor': {
      const padding = 0.3;
      const padded = (v: number) => v + (v > 0 ? padding : -padding);
      for (let i = 0; i < samples; i++) {
        const x1 = padded(random.uniform(-5, 5));
        const x2 = padded(random.uniform(-5, 5));
        const noisy1 = x1 + random.uniform(-5, 5) * noise;
        const noisy2 = x2 + random.uniform(-5, 5) * noise;
        add(x1, x2, fromSign(noisy1 * noisy2 >= 0));
      }
      break;
    }
    case 'gauss': {
      // Playground maps noise 0..0.5 linearly to a variance of 0.5..4.
      const sd = Math.sqrt(0.5 + 7 * noise);
      const centres: [number, boolean][] = [
        [2, true],
        [-2, false],
      ];
      centres.forEach(([centre, positive], half) => {
        for (let i = 0; i < halves[half]; i++) add(centre + sd * random.normal(), centre + sd * random.normal(), fromSign(positive));
      });
      break;
    }
    case 'spiral': {
      const perArm = samples / 2;
      const arms: [number, boolean][] = [
        [0, true],
        [Math.PI, false],
      ];
      arms.forEach(([delta, positive], half) => {
        for (let i = 0; i < halves[half]; i++) {
          const r = (i / perArm) * 5;
          const t = ((1.75 * i) / perArm) * 2 * Math.PI + delta;
          add(r * Math.sin(t) + random.uniform(-1, 1) * noise, r * Math.cos(t) + random.uniform(-1, 1) * noise, fromSign(positive));
        }
      });
      break;
    }
    case 'moons': {
      // make_moons: the outer half circle (class 0) gets n // 2 points, the inner one (class 1) the rest,
      // evenly spaced in angle from 0 to π, then Gaussian noise on every coordinate.
      const outer = Math.floor(samples / 2);
      const angle = (i: number, count: number) => (count > 1 ? (Math.PI * i) / (count - 1) : 0);
      for (let i = 0; i < outer; i++) add(Math.cos(angle(i, outer)), Math.sin(angle(i, outer)), 0);
      const inner = samples - outer;
      for (let i = 0; i < inner; i++) add(1 - Math.cos(angle(i, inner)), 1 - Math.sin(angle(i, inner)) - 0.5, 1);
      if (noise > 0) for (let k = 0; k < points.length; k++) points[k] += noise * random.normal();
      break;
    }
  }
  return { points, labels, classes: [...(kind === 'moons' ? MOONS_CLASSES : PLAYGROUND_CLASSES)] };
}
