// What a training run records as it goes: the per-epoch metrics, the weight snapshots for
// the heatmaps, and the outcome of a whole run. The trainer produces them, results.json keeps
// them, the panel draws them.
import { MAX_SNAPSHOT_VALUES_PER_RUN } from './limits';
import type { Params } from './mlp';

/** Per-epoch metrics, one array entry per recorded epoch (thinned for long runs). */
export interface History {
  epoch: number[];
  /** Epoch 0: at the initial weights; after: the mean over the epoch's steps (runEpoch). */
  trainDataLoss: number[];
  trainPenalty: number[];
  testDataLoss: number[];
  /** Sum over the test rows of |prediction - target|, in the target's units: the first article's
   * measure. For a classifier, the test rows misclassified (each row's 0/1 error). */
  testAbsError: number[];
  /** Classifiers only: the share of the training and of the test rows classified right
   * (the data losses above are then the log-losses). Absent for values and in older results. */
  trainAccuracy?: number[];
  testAccuracy?: number[];
}

export interface EpochMetrics {
  epoch: number;
  trainDataLoss: number;
  trainPenalty: number;
  testDataLoss: number;
  testAbsError: number;
  trainAccuracy?: number;
  testAccuracy?: number;
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

/**
 * The one rule for thinning a long series, used by the trainer (a run's history and
 * snapshots), the editor (the progress it keeps for a panel opened late) and the panel (its
 * live curves and frames): keep the first item of every `interval` epochs, [k·interval,
 * (k+1)·interval); when more than `max` are kept, the interval doubles until they fit, and
 * the items that no longer start an interval go. On epochs 0, 1, 2, ... that keeps the
 * multiples of the interval; on the irregular epochs of progress messages, about half of
 * the items go at each doubling. The newest item may be kept beyond the rule (finish, offer)
 * until a newer one comes, so that a series reaches its last epoch.
 */
export class Thinning<T> {
  readonly items: { epoch: number; value: T }[] = [];
  /** Whether the last item is there only as the newest, beyond the rule. */
  private newestBeyondRule = false;

  constructor(
    private interval: number,
    private readonly max: number,
  ) {
    if (!(Number.isInteger(interval) && interval >= 1)) throw new RangeError(`Thinning: interval must be an integer >= 1, got ${interval}`);
    if (!(Number.isInteger(max) && max >= 1)) throw new RangeError(`Thinning: max must be an integer >= 1, got ${max}`);
  }

  /** Whether the rule keeps an item at `epoch`: the first of its interval after the last item it kept. */
  wants(epoch: number): boolean {
    const last = this.items[this.items.length - (this.newestBeyondRule ? 2 : 1)];
    return last === undefined || this.intervalOf(epoch) > this.intervalOf(last.epoch);
  }

  /** Keeps an item the rule wants (see wants). Returns the values no longer kept. */
  add(epoch: number, value: T): T[] {
    const dropped = this.dropNewestBeyondRule();
    this.items.push({ epoch, value });
    while (this.items.length > this.max) {
      this.interval *= 2;
      let previous: number | undefined;
      const kept = this.items.filter((item) => {
        const starts = previous === undefined || this.intervalOf(item.epoch) > this.intervalOf(previous);
        if (starts) previous = item.epoch;
        else dropped.push(item.value);
        return starts;
      });
      this.items.splice(0, this.items.length, ...kept);
    }
    return dropped;
  }

  /** Keeps the item of the last epoch, beyond the rule when it does not want it; in a full series, in place of the newest. */
  finish(epoch: number, value: T): void {
    const last = this.items[this.items.length - 1];
    if (last && last.epoch === epoch) return;
    if (!this.newestBeyondRule && this.items.length >= this.max && this.items.length > 1) this.items.pop();
    this.keepBeyondRule(epoch, value);
  }

  /**
   * For a live series, which shows its newest item: an item the rule wants is added, any
   * other is kept as the newest until the next one comes; an item of the newest epoch
   * replaces it, an older one is refused. Returns the values no longer kept (the offered
   * one itself when refused).
   */
  offer(epoch: number, value: T): T[] {
    const newest = this.items[this.items.length - 1];
    if (newest && epoch < newest.epoch) return [value];
    if (newest && epoch === newest.epoch) {
      const replaced = newest.value;
      newest.value = value;
      return [replaced];
    }
    if (!this.wants(epoch)) return this.keepBeyondRule(epoch, value);
    const dropped = this.add(epoch, value);
    // A doubled interval may not want it any more; as the newest, it stays. It went last.
    if (this.items[this.items.length - 1]?.epoch !== epoch) this.keepBeyondRule(epoch, dropped.pop() as T);
    return dropped;
  }

  private keepBeyondRule(epoch: number, value: T): T[] {
    const dropped = this.dropNewestBeyondRule();
    this.items.push({ epoch, value });
    this.newestBeyondRule = true;
    return dropped;
  }

  private dropNewestBeyondRule(): T[] {
    if (!this.newestBeyondRule) return [];
    this.newestBeyondRule = false;
    return [this.items.pop()!.value];
  }

  private intervalOf(epoch: number): number {
    return Math.floor(epoch / this.interval);
  }
}

/** A History from the items of a thinned series of metrics. */
export function historyOf(items: readonly { value: EpochMetrics }[]): History {
  return {
    epoch: items.map((i) => i.value.epoch),
    trainDataLoss: items.map((i) => i.value.trainDataLoss),
    trainPenalty: items.map((i) => i.value.trainPenalty),
    testDataLoss: items.map((i) => i.value.testDataLoss),
    testAbsError: items.map((i) => i.value.testAbsError),
    ...(items.length > 0 && items.every((i) => i.value.testAccuracy !== undefined)
      ? { trainAccuracy: items.map((i) => i.value.trainAccuracy ?? NaN), testAccuracy: items.map((i) => i.value.testAccuracy ?? NaN) }
      : {}),
  };
}

/**
 * Snapshot frames one run keeps: as many as asked, unless all frames together would hold
 * more than MAX_SNAPSHOT_VALUES_PER_RUN weight values; never fewer than two (the first
 * and the last weights), whatever the size of the network.
 */
export function snapshotFramesPerRun(requestedFrames: number, valuesPerFrame: number): number {
  return Math.max(2, Math.min(requestedFrames, Math.floor(MAX_SNAPSHOT_VALUES_PER_RUN / Math.max(1, valuesPerFrame))));
}

/**
 * When and how many snapshots a run takes. A network too large for the frames asked keeps
 * fewer, spread over the epochs from the start, so that a run never holds more than a few
 * frames more than it keeps.
 */
export function snapshotPlan(requested: { every: number; maxFrames: number }, epochs: number, valuesPerFrame: number): { every: number; maxFrames: number } {
  const maxFrames = snapshotFramesPerRun(requested.maxFrames, valuesPerFrame);
  if (maxFrames >= requested.maxFrames) return requested;
  return { every: Math.max(requested.every, Math.ceil(epochs / (maxFrames - 1))), maxFrames };
}
