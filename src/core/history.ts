// What a training run records as it goes: the per-epoch metrics, the weight snapshots for
// the heatmaps, and the outcome of a whole run. The trainer produces them, results.json keeps
// them, the panel draws them.
import type { Params } from './mlp';

/** Per-epoch metrics, one array entry per recorded epoch (thinned for long runs). */
export interface History {
  epoch: number[];
  /** Epoch 0: at the initial weights; after: the mean over the epoch's steps (runEpoch). */
  trainDataLoss: number[];
  trainPenalty: number[];
  testDataLoss: number[];
  /** Sum over the test rows of |prediction - target|: the first article's measure. */
  testAbsError: number[];
}

export interface EpochMetrics {
  epoch: number;
  trainDataLoss: number;
  trainPenalty: number;
  testDataLoss: number;
  testAbsError: number;
}

export interface Snapshot {
  epoch: number;
  params: Params;
}

export interface RunOutcome {
  params: Params;
  history: History;
  snapshots: Snapshot[];
  steps: number;
  seconds: number;
  /** Set when the loss or a weight became NaN or infinite; training stopped there. */
  diverged?: { epoch: number; message: string };
  cancelled?: boolean;
}

/** Keeps at most `max` items of a growing series: past that, every other one goes and the interval doubles. */
export class Thinning<T> {
  readonly items: { epoch: number; value: T }[] = [];
  constructor(
    private interval: number,
    private readonly max: number,
  ) {}

  wants(epoch: number): boolean {
    return epoch % this.interval === 0;
  }

  add(epoch: number, value: T): void {
    this.items.push({ epoch, value });
    if (this.items.length > this.max) {
      this.interval *= 2;
      const kept = this.items.filter((item) => item.epoch % this.interval === 0);
      this.items.splice(0, this.items.length, ...kept);
    }
  }

  /** The last epoch is always kept, beyond the thinning. */
  finish(epoch: number, value: T): void {
    const last = this.items[this.items.length - 1];
    if (!last || last.epoch !== epoch) this.items.push({ epoch, value });
  }
}

