// One weight's updates, step by step: what the step view draws. A replay of a stored run
// (runtime/replay.ts) hands every step's parts to a StepTraceBuilder; ordinary training
// records nothing.
//
// In RegX's conventions (tf.js: l2·Σw²), a plain SGD step of weight w with data gradient H is
//   L1   w_new = w − ηH − ηλ₁·sign w          (sign 0 = −1, as tf.js)
//   L2   w_new = w − ηH − 2ηλ₂·w
//   group w_new = w − ηH − ηλg·√p·w/‖w_g‖
// and with l1Method proximal or cumulative the penalty acts after the data step instead: the
// soft-threshold (a clip at zero), the cumulative clip, the group's block shrink.
// The parts: data = −ηH, penalty = −η·(the penalty's gradient terms), after = what the step
// after the update changed. With momentum or Adam the update does not split into these: the
// optimizer transforms their sum, so `optimizer` (its actual change of w) is kept beside them.

export interface WeightAddress {
  /** Index in Params (0 = first hidden layer's kernel and bias). */
  layer: number;
  part: 'kernel' | 'bias';
  /** Index in the kernel (row-major, rows = inputs) or the bias. */
  index: number;
}

/** Which weight of which stored run to replay. */
export interface ReplayRequest {
  variant: string;
  /** 0-based run number. */
  run: number;
  weight: WeightAddress;
}

/** One step of one weight, as the engine took it. */
export interface StepParts {
  /** The weight before the step. */
  before: number;
  /** −η·H: the data gradient's part, before any optimizer transform. */
  data: number;
  /** −η·(the penalty's terms in the gradient): −ηλ₁·sign w, −2ηλ₂·w, the group term. */
  penalty: number;
  /** The optimizer's change of the weight from data + penalty (for SGD, their sum up to float32 rounding). */
  optimizer: number;
  /** The change made after the optimizer's step: the proximal clip or shrink, the cumulative clip. */
  after: number;
  /** The weight after the step. */
  next: number;
}

/** Given to an engine session to watch one weight. */
export interface WeightWatch {
  weight: WeightAddress;
  record(parts: StepParts): void;
}

/**
 * Per drawn point, the least and the greatest value over the steps it stands for: a part whose
 * sign alternates shows as the band between them, a part that holds as min = max.
 */
export interface StepRange {
  min: number[];
  max: number[];
}

/**
 * A point per step for the first `firstSteps` steps; past them, where the steps are too many to
 * draw, a point per `every` consecutive steps with the range of each part over them. Sampling
 * every k-th step instead would alias: an L1 weight hovering at 0 flips its penalty part's sign
 * every step, and every k-th step (k even) always lands on the same sign.
 */
export interface StepTrace {
  weight: WeightAddress;
  steps: number;
  /** The first this many steps are a point each, whatever `every` is. */
  firstSteps: number;
  /** Steps per point after the first ones: 1 when every step is drawn, more when they are too many. */
  every: number;
  /** Per point: its last step (1-based). */
  step: number[];
  /** Per point: the weight before its first step. */
  before: number[];
  /** Per point: the range of the weight after each of its steps. */
  w: StepRange;
  data: StepRange;
  penalty: StepRange;
  optimizer: StepRange;
  after: StepRange;
  /** Per point: the running sum of the data parts after its last step. */
  dataSum: number[];
  /** Per point: the running sum of the penalty's parts (in the gradient and after the step) after its last step. */
  penaltySum: number[];
  /** The first step after which the weight was exactly 0; undefined when it never was. */
  firstZeroStep?: number;
  /** Whether it was exactly 0 after every step from firstZeroStep on. */
  stayedZero: boolean;
  /** The weight before the first step. */
  start: number;
}

/** Steps kept a point each at the start of a trace: the panel lists the first of them as numbers. */
export const FIRST_STEPS_KEPT = 200;

const emptyRange = (): StepRange => ({ min: [], max: [] });

function open(range: StepRange, value: number): void {
  range.min.push(value);
  range.max.push(value);
}

function widen(range: StepRange, point: number, value: number): void {
  if (value < range.min[point]) range.min[point] = value;
  if (value > range.max[point]) range.max[point] = value;
}

/** Folds every step into the trace's points (see StepTrace), the running sums and the zero step. */
export class StepTraceBuilder {
  readonly trace: StepTrace;
  private dataSum = 0;
  private penaltySum = 0;

  /** At most `maxPoints` points for `totalSteps` steps, the first `firstSteps` of them a point each. */
  constructor(weight: WeightAddress, totalSteps: number, maxPoints: number, start: number, firstSteps = FIRST_STEPS_KEPT) {
    let every = 1;
    if (totalSteps > maxPoints) {
      if (!(firstSteps < maxPoints)) throw new RangeError(`StepTraceBuilder: maxPoints must be more than firstSteps (${firstSteps}) to draw ${totalSteps} steps, got ${maxPoints}`);
      every = Math.ceil((totalSteps - firstSteps) / (maxPoints - firstSteps));
    }
    this.trace = {
      weight,
      steps: 0,
      firstSteps,
      every,
      step: [],
      before: [],
      w: emptyRange(),
      data: emptyRange(),
      penalty: emptyRange(),
      optimizer: emptyRange(),
      after: emptyRange(),
      dataSum: [],
      penaltySum: [],
      stayedZero: false,
      start,
    };
  }

  record(parts: StepParts): void {
    const t = this.trace;
    t.steps++;
    this.dataSum += parts.data;
    this.penaltySum += parts.penalty + parts.after;
    if (parts.next === 0) {
      if (t.firstZeroStep === undefined) {
        t.firstZeroStep = t.steps;
        t.stayedZero = true;
      }
    } else if (t.firstZeroStep !== undefined) {
      t.stayedZero = false;
    }
    const opensPoint = t.steps <= t.firstSteps || (t.steps - t.firstSteps - 1) % t.every === 0;
    if (opensPoint) {
      t.step.push(t.steps);
      t.before.push(parts.before);
      open(t.w, parts.next);
      open(t.data, parts.data);
      open(t.penalty, parts.penalty);
      open(t.optimizer, parts.optimizer);
      open(t.after, parts.after);
      t.dataSum.push(this.dataSum);
      t.penaltySum.push(this.penaltySum);
      return;
    }
    // The open point takes this step in: its last step, its ranges, its sums after it.
    const point = t.step.length - 1;
    t.step[point] = t.steps;
    widen(t.w, point, parts.next);
    widen(t.data, point, parts.data);
    widen(t.penalty, point, parts.penalty);
    widen(t.optimizer, point, parts.optimizer);
    widen(t.after, point, parts.after);
    t.dataSum[point] = this.dataSum;
    t.penaltySum[point] = this.penaltySum;
  }
}
