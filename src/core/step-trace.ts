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

export interface StepTrace {
  weight: WeightAddress;
  steps: number;
  /** Steps between samples: 1 keeps every step; more when the steps are too many to draw. */
  every: number;
  /** Per sample: its step (1-based), the weight before and after it, the parts of that step and the running sums up to it. */
  step: number[];
  before: number[];
  w: number[];
  data: number[];
  penalty: number[];
  optimizer: number[];
  after: number[];
  dataSum: number[];
  /** Running sum of the penalty's parts: in the gradient and after the step. */
  penaltySum: number[];
  /** The first step after which the weight was exactly 0; undefined when it never was. */
  firstZeroStep?: number;
  /** Whether it was exactly 0 after every step from firstZeroStep on. */
  stayedZero: boolean;
  /** The weight before the first step. */
  start: number;
}

/** Keeps every `every`-th step's parts, and the running sums and the zero step over all of them. */
export class StepTraceBuilder {
  readonly trace: StepTrace;
  private dataSum = 0;
  private penaltySum = 0;

  constructor(weight: WeightAddress, totalSteps: number, maxSamples: number, start: number) {
    const every = Math.max(1, Math.ceil(totalSteps / maxSamples));
    this.trace = { weight, steps: 0, every, step: [], before: [], w: [], data: [], penalty: [], optimizer: [], after: [], dataSum: [], penaltySum: [], stayedZero: false, start };
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
    if (t.steps % t.every !== 0 && t.steps !== 1) return;
    t.step.push(t.steps);
    t.before.push(parts.before);
    t.w.push(parts.next);
    t.data.push(parts.data);
    t.penalty.push(parts.penalty);
    t.optimizer.push(parts.optimizer);
    t.after.push(parts.after);
    t.dataSum.push(this.dataSum);
    t.penaltySum.push(this.penaltySum);
  }
}
