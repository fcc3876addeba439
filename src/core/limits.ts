// The sizes RegX accepts and the budgets it trains within, in one place: the schema's
// maxima, the cost estimate that refuses an experiment before training, and the caps that
// keep results.json bounded all read them from here.

/** Default memory budget for one training (trainer process and its workers), in MiB. */
export const DEFAULT_MEMORY_BUDGET_MIB = 2048;

/** Default limit on a CSV file's size, checked before it is read, in MiB. */
export const DEFAULT_MAX_CSV_MIB = 256;

/**
 * Weight values kept for the heatmap snapshots of one run, all frames together (4 bytes
 * each): a large network keeps fewer frames so that a run's snapshots stay under 16 MiB.
 */
export const MAX_SNAPSHOT_VALUES_PER_RUN = 4_000_000;

/** Per-epoch history points kept per run (the loss curves); longer runs are thinned. */
export const MAX_HISTORY_POINTS = 1000;

/** Data points of each split that results keep for the fit view; the data set itself is not stored. */
export const MAX_STORED_POINTS = 2000;

/**
 * Input values (points × inputs) of each split that results keep: wide data keeps fewer
 * points, never fewer than MIN_STORED_POINTS, so 10,000 inputs do not store the data set.
 */
export const MAX_STORED_VALUES = 100_000;
export const MIN_STORED_POINTS = 20;

/** How many points of a split with `inputs` inputs the results keep. */
export function storedPointsLimit(inputs: number): number {
  return Math.min(MAX_STORED_POINTS, Math.max(MIN_STORED_POINTS, Math.floor(MAX_STORED_VALUES / Math.max(1, inputs))));
}

/** Above this expected training time, in seconds, the editor asks before it trains. */
export const CONFIRM_ABOVE_SECONDS = 60;

/** Deepest nesting of objects and arrays an experiment file may have (the format needs 5):
 * checked before the JSON is parsed into values, so a pathological file cannot exhaust the stack. */
export const MAX_JSON_DEPTH = 64;

/** Near the budget: the editor asks before a training expected to use more than this share of it. */
export const CONFIRM_ABOVE_BUDGET_SHARE = 0.8;

/** Points of a generated 2-D set (circle, xor, gauss, spiral, moons): Playground draws 500;
 * 10,000 still trains and draws without freezing the panel. The schema's maximum. */
export const MAX_POINT_SET_SAMPLES = 10_000;

/** Classes a CSV classification target may have: more is more likely a numeric column
 * mistaken for labels than a classification problem. */
export const MAX_CLASSES = 100;
