// The loss curves as numbers: one series per run, and the band (min, mean, max) across runs.
// Runs report at different epochs while training (progress is throttled per run), so the
// band interpolates each run onto the union of their epochs, within that run's own range.
import type { History } from '../core/history';

export type LossKey = 'trainDataLoss' | 'testDataLoss' | 'trainPenalty' | 'total';

export const lossLabels: Record<LossKey, string> = {
  trainDataLoss: 'train data loss',
  testDataLoss: 'test data loss',
  trainPenalty: 'penalty',
  total: 'total (train data + penalty)',
};

export interface Point {
  x: number;
  y: number;
}

export function valuesOf(history: History, key: LossKey): number[] {
  if (key === 'total') return history.trainDataLoss.map((d, i) => d + (history.trainPenalty[i] ?? 0));
  return history[key];
}

export function seriesOf(history: History, key: LossKey): Point[] {
  const ys = valuesOf(history, key);
  return history.epoch.map((x, i) => ({ x, y: ys[i] }));
}

export interface BandPoint {
  x: number;
  min: number;
  max: number;
  mean: number;
  /** How many runs have a value here. */
  n: number;
}

function interpolate(xs: readonly number[], ys: readonly number[], x: number): number | undefined {
  const n = xs.length;
  if (n === 0 || x < xs[0] || x > xs[n - 1]) return undefined;
  let lo = 0;
  let hi = n - 1;
  while (hi - lo > 1) {
    const mid = (lo + hi) >> 1;
    if (xs[mid] <= x) lo = mid;
    else hi = mid;
  }
  if (xs[lo] === x) return ys[lo];
  if (xs[hi] === x) return ys[hi];
  const t = (x - xs[lo]) / (xs[hi] - xs[lo]);
  return ys[lo] + (ys[hi] - ys[lo]) * t;
}

/** At most `max` items, evenly spread, the first and the last kept: a chart is only so many pixels wide. */
export function thin<T>(items: readonly T[], max: number): T[] {
  if (items.length <= max) return items.slice();
  const step = (items.length - 1) / (max - 1);
  return Array.from({ length: max }, (_, i) => items[Math.round(i * step)]);
}

export function band(histories: readonly History[], key: LossKey, maxPoints = Infinity): BandPoint[] {
  const runs = histories.filter((h) => h.epoch.length > 0).map((h) => ({ xs: h.epoch, ys: valuesOf(h, key) }));
  const union = thin([...new Set(runs.flatMap((r) => r.xs))].sort((a, b) => a - b), maxPoints);
  const out: BandPoint[] = [];
  for (const x of union) {
    let min = Infinity;
    let max = -Infinity;
    let sum = 0;
    let n = 0;
    for (const r of runs) {
      const y = interpolate(r.xs, r.ys, x);
      if (y === undefined || !Number.isFinite(y)) continue;
      min = Math.min(min, y);
      max = Math.max(max, y);
      sum += y;
      n++;
    }
    if (n > 0) out.push({ x, min, max, mean: sum / n, n });
  }
  return out;
}

/** The value of a history at an epoch: the last recorded at or before it. */
export function valueAt(history: History, key: LossKey, epoch: number): number | undefined {
  const ys = valuesOf(history, key);
  let found: number | undefined;
  for (let i = 0; i < history.epoch.length && history.epoch[i] <= epoch; i++) found = ys[i];
  return found ?? ys[0];
}

const steps = [1, 1.5, 2, 2.5, 3, 4, 5, 6, 8, 10];
const logSteps = [1, 2, 5, 10];

/** The smallest "round" number >= value (value > 0): 1, 1.5, 2, 2.5, 3, 4, 5, 6, 8 times a power of ten. */
export function niceCeil(value: number, candidates = steps): number {
  const p = 10 ** Math.floor(Math.log10(value));
  return round((candidates.find((c) => c * p >= value * (1 - 1e-9)) ?? 10) * p);
}

/** The largest "round" number <= value (value > 0). */
export function niceFloor(value: number, candidates = steps): number {
  const p = 10 ** Math.floor(Math.log10(value));
  const below = [...candidates].reverse().find((c) => c * p <= value * (1 + 1e-9));
  return round((below ?? 1) * p);
}

/** 0.30000000000000004 -> 0.3 */
function round(value: number): number {
  return Number(value.toPrecision(12));
}

/** Axis bounds around [min, max] at round numbers: 1-2-5 on a log axis, 0 to a round maximum on a linear one. */
export function niceBounds(min: number, max: number, log: boolean): { min: number; max: number } {
  if (log) return { min: niceFloor(min, logSteps), max: niceCeil(max, logSteps) };
  const top = max > 0 ? niceCeil(max) : 1;
  return { min: min < 0 ? -niceCeil(-min) : 0, max: top };
}
