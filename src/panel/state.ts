// The panel's model: everything it draws, built from the host's messages. A stored results
// document alone gives the same state as the live messages that produced it, so a panel
// reopened later shows what it showed at the end of the training.
//
// applyHostMessage updates the state in place (a long run sends thousands of messages; a
// copy per message would be wasted) and returns what changed, so the view redraws only
// those parts. It does not touch the DOM: the unit tests drive it with plain messages.
import { DEFAULT_SPARSITY_THRESHOLD } from '../core/defaults';
import { penaltyFormula } from '../core/penalties';
import type { StepTrace, WeightAddress } from '../core/step-trace';
import type { HostToPanel, PanelHeader, TrainingStatus } from '../panel/protocol';
import type { TrainingEvent } from '../core/training-events';
import { historyOf, Thinning, type EpochMetrics, type History } from '../core/history';
import { MAX_HISTORY_POINTS } from '../core/limits';
import type { Experiment, Variant } from '../core/experiment';
import type { Params } from '../core/mlp';
import type { DatasetSummary, ResultsDocument, RunResult, VariantSummary } from '../core/results';
import { restoreDataset, restoreParams, restoreResults, restoreRunResult, toF32 } from '../core/results-codec';

/** The weights at one epoch, and the predictions on dataset.grid when the trainer sent them. */
export interface Frame {
  epoch: number;
  params: Params;
  curve?: Float32Array;
}

export interface RunState {
  run: number;
  history: History;
  frames: Frame[];
  /** The finished run, with its analysis. */
  result?: RunResult;
  /** The last epoch reported, and of how many. */
  epoch: number;
  epochs: number;
  stepsPerSecond?: number;
  error?: string;
  /** While the run trains: its history and frames as thinned series (the trainer's rule). */
  live?: { history: Thinning<EpochMetrics>; frames: Thinning<Frame> };
}

export interface VariantState {
  name: string;
  formula: string;
  /** The penalty's weights, when the experiment is known: the prior needs them. */
  penalty?: { l1: number; l2: number; group?: number };
  /** Indexed by run number (0-based). */
  runs: RunState[];
  summary?: VariantSummary;
}

export interface PanelError {
  message: string;
  path?: string;
  variant?: string;
  run?: number;
}

export interface PanelState {
  header?: PanelHeader;
  status: TrainingStatus;
  /** 'results' once a complete document is shown; 'live' while trainer messages fill it. */
  source: 'empty' | 'live' | 'results';
  engine?: string;
  backend?: string;
  engineReason?: string;
  experiment?: Experiment;
  dataset?: DatasetSummary;
  runsPerVariant: number;
  epochs: number;
  variants: VariantState[];
  results?: ResultsDocument;
  /** The results shown before the training that made these (train on save, Train again): drawn
   * faintly beside the new ones for comparison. */
  ghost?: ResultsDocument;
  errors: PanelError[];
  /** The step view: a clicked weight's replay, asked for (no trace yet), shown, or failed. */
  stepView?: StepViewState;
}

export interface StepViewState {
  variant: string;
  run: number;
  weight: WeightAddress;
  trace?: StepTrace;
  /** Whether the replay ended on the stored run's weights exactly. */
  matchesStored?: boolean;
  failure?: string;
}

export type Change = 'header' | 'structure' | 'dataset' | 'history' | 'frames' | 'results' | 'errors' | 'stepView';

/** Frames a live run keeps, thinned by the trainer's rule; the history keeps MAX_HISTORY_POINTS as the trainer does. */
export const maxFrames = 400;

export function createState(): PanelState {
  return { status: 'idle', source: 'empty', runsPerVariant: 0, epochs: 0, variants: [], errors: [] };
}

function emptyHistory(): History {
  return { epoch: [], trainDataLoss: [], trainPenalty: [], testDataLoss: [], testAbsError: [] };
}

function newRun(run: number, epochs: number): RunState {
  return { run, history: emptyHistory(), frames: [], epoch: 0, epochs };
}

export function sparsityThreshold(state: PanelState): number {
  return state.experiment?.sparsity?.threshold ?? DEFAULT_SPARSITY_THRESHOLD;
}

export function findVariant(state: PanelState, name: string): VariantState | undefined {
  return state.variants.find((v) => v.name === name);
}

/** The variant and run a message is about; created when a message names one not announced. */
function runOf(state: PanelState, variantName: string, run: number): RunState {
  let variant = findVariant(state, variantName);
  if (!variant) {
    variant = { name: variantName, formula: '', runs: [] };
    const known = state.experiment?.variants.find((v) => v.name === variantName);
    if (known) variant.penalty = penaltyOf(known);
    state.variants.push(variant);
  }
  let runState = variant.runs[run];
  if (!runState) {
    for (let r = 0; r <= run; r++) variant.runs[r] ??= newRun(r, state.epochs);
    runState = variant.runs[run];
  }
  state.runsPerVariant = Math.max(state.runsPerVariant, run + 1);
  return runState;
}

/** The live series of a run, made on its first live message from what the run holds already. */
function liveSeries(run: RunState): NonNullable<RunState['live']> {
  if (run.live) return run.live;
  const live = { history: new Thinning<EpochMetrics>(1, MAX_HISTORY_POINTS), frames: new Thinning<Frame>(1, maxFrames) };
  run.history.epoch.forEach((epoch, i) => live.history.offer(epoch, metricsAt(run.history, i)));
  for (const frame of run.frames) live.frames.offer(frame.epoch, frame);
  return (run.live = live);
}

function metricsAt(history: History, i: number): EpochMetrics {
  return {
    epoch: history.epoch[i],
    trainDataLoss: history.trainDataLoss[i],
    trainPenalty: history.trainPenalty[i],
    testDataLoss: history.testDataLoss[i],
    testAbsError: history.testAbsError[i],
    ...(history.testAccuracy ? { trainAccuracy: history.trainAccuracy?.[i] ?? NaN, testAccuracy: history.testAccuracy[i] } : {}),
  };
}

function appendMetrics(run: RunState, m: EpochMetrics): boolean {
  const { history } = run;
  const last = history.epoch[history.epoch.length - 1];
  if (last !== undefined && m.epoch <= last) return false;
  if (liveSeries(run).history.offer(m.epoch, m).length > 0) {
    run.history = historyOf(liveSeries(run).history.items);
    return true;
  }
  history.epoch.push(m.epoch);
  history.trainDataLoss.push(m.trainDataLoss);
  history.trainPenalty.push(m.trainPenalty);
  history.testDataLoss.push(m.testDataLoss);
  history.testAbsError.push(m.testAbsError);
  // A classifier's accuracies (history.ts), kept beside the losses.
  if (m.testAccuracy !== undefined) {
    (history.trainAccuracy ??= []).push(m.trainAccuracy ?? NaN);
    (history.testAccuracy ??= []).push(m.testAccuracy);
  }
  return true;
}

function addFrame(run: RunState, frame: Frame): boolean {
  const frames = liveSeries(run).frames;
  if (frames.offer(frame.epoch, frame).includes(frame)) return false;
  run.frames = frames.items.map((item) => item.value);
  return true;
}

/** A finished run replaces what the live messages built: its history and snapshots are the trainer's record. */
function framesOfResult(result: RunResult, live: Frame[] = []): Frame[] {
  const liveCurves = new Map(live.filter((f) => f.curve).map((f) => [f.epoch, f.curve!]));
  const frames: Frame[] = result.snapshots.map((s) => {
    const curve = liveCurves.get(s.epoch);
    return { epoch: s.epoch, params: s.params, ...(curve ? { curve } : {}) };
  });
  const last = frames[frames.length - 1];
  if (result.curve) {
    if (last && last.epoch === result.epochs) last.curve = result.curve;
    else if (!last || last.epoch < result.epochs) frames.push({ epoch: result.epochs, params: result.params, curve: result.curve });
  } else if (!last || last.epoch < result.epochs) {
    frames.push({ epoch: result.epochs, params: result.params });
  }
  return frames;
}

function applyRunResult(run: RunState, result: RunResult): void {
  const frames = framesOfResult(result, run.frames);
  run.result = result;
  run.live = undefined;
  run.history = result.history;
  run.frames = frames;
  run.epoch = result.epochs;
  if (result.diverged) run.error = result.diverged.message;
}

/** The state a results document alone gives (header and status are the caller's). */
export function stateFromResults(input: ResultsDocument, previous?: PanelState): PanelState {
  const results = restoreResults(input);
  const { experiment } = results;
  const state: PanelState = {
    ...(previous?.header ? { header: previous.header } : {}),
    status: previous?.header?.status ?? (results.cancelled ? 'cancelled' : 'finished'),
    source: 'results',
    engine: results.engine,
    backend: results.backend,
    experiment,
    dataset: results.dataset,
    runsPerVariant: experiment.runs,
    epochs: experiment.training.epochs,
    variants: results.variants.map(({ variant, runs, summary }) => {
      const state: VariantState = { name: variant.name, formula: summary?.formula ?? '', penalty: penaltyOf(variant), runs: [], summary };
      for (const result of runs) {
        const run = newRun(result.run, experiment.training.epochs);
        applyRunResult(run, result);
        state.runs[result.run] = run;
      }
      for (let r = 0; r < state.runs.length; r++) state.runs[r] ??= newRun(r, experiment.training.epochs);
      return state;
    }),
    results,
    ...(previous?.ghost ? { ghost: previous.ghost } : {}),
    errors: results.variants.flatMap(({ variant, runs }) =>
      runs.filter((r) => r.diverged).map((r) => ({ message: `${variant.name}, run ${r.run + 1}: ${r.diverged!.message}`, variant: variant.name, run: r.run })),
    ),
  };
  return state;
}

export function applyTrainingEvent(state: PanelState, message: TrainingEvent, changes: Set<Change>): PanelState {
  switch (message.type) {
    case 'ready':
      state.engine = message.engine;
      state.backend = message.backend;
      state.engineReason = message.engineReason;
      changes.add('header');
      return state;
    case 'dataset':
      state.dataset = restoreDataset(message.dataset);
      if (state.source === 'empty') state.source = 'live';
      changes.add('dataset');
      return state;
    case 'progress': {
      const run = runOf(state, message.variant, message.run);
      const structure = run.history.epoch.length === 0;
      if (appendMetrics(run, message.metrics)) changes.add('history');
      run.epoch = message.metrics.epoch;
      run.epochs = message.epochs;
      state.epochs = Math.max(state.epochs, message.epochs);
      run.stepsPerSecond = message.stepsPerSecond;
      if (state.source === 'empty') state.source = 'live';
      if (structure) changes.add('structure');
      changes.add('header');
      return state;
    }
    case 'snapshot': {
      const run = runOf(state, message.variant, message.run);
      const frame: Frame = { epoch: message.epoch, params: restoreParams(message.params), ...(message.curve ? { curve: toF32(message.curve) } : {}) };
      if (run.frames.length === 0) changes.add('structure');
      if (addFrame(run, frame)) changes.add('frames');
      if (state.source === 'empty') state.source = 'live';
      return state;
    }
    case 'runFinished': {
      const run = runOf(state, message.variant, message.run);
      applyRunResult(run, restoreRunResult(message.result));
      changes.add('history').add('frames').add('results').add('header');
      return state;
    }
    case 'finished': {
      const next = stateFromResults(message.results, state);
      changes.add('structure').add('dataset').add('history').add('frames').add('results').add('header').add('errors');
      // Keep errors reported live that the document does not carry (a crashed run).
      for (const e of state.errors) if (!next.errors.some((n) => n.message === e.message)) next.errors.push(e);
      return next;
    }
    case 'error':
      state.errors.push({
        message: message.message,
        ...(message.path !== undefined ? { path: message.path } : {}),
        ...(message.variant !== undefined ? { variant: message.variant } : {}),
        ...(message.run !== undefined ? { run: message.run } : {}),
      });
      if (message.variant !== undefined && message.run !== undefined) runOf(state, message.variant, message.run).error = message.message;
      changes.add('errors');
      return state;
  }
}

/**
 * The state after one host message, and what changed. Returns a new state object when the
 * message replaces everything ('results', 'trainingStarted', a trainer 'finished'), else
 * the same one, updated.
 */
export function applyHostMessage(state: PanelState, message: HostToPanel): { state: PanelState; changes: Set<Change> } {
  const changes = new Set<Change>();
  switch (message.type) {
    case 'header':
      state.header = message.header;
      state.status = message.header.status;
      changes.add('header');
      return { state, changes };
    case 'trainingStarted': {
      const { experiment } = message;
      const { runs } = experiment;
      const { epochs } = experiment.training;
      const next: PanelState = {
        ...createState(),
        ...(state.header ? { header: state.header } : {}),
        ...(state.results ?? state.ghost ? { ghost: state.results ?? state.ghost } : {}),
        status: 'training',
        source: 'live',
        experiment,
        runsPerVariant: runs,
        epochs,
        variants: experiment.variants
          // A path variant has no numbered runs: its path comes with the results.
          .filter((v) => message.variants.includes(v.name) && !v.path)
          .map((v) => ({
            name: v.name,
            formula: penaltyFormula(v, experiment.penaltyConvention),
            penalty: penaltyOf(v),
            runs: Array.from({ length: runs }, (_, r) => newRun(r, epochs)),
          })),
      };
      ['header', 'structure', 'dataset', 'history', 'frames', 'results', 'errors'].forEach((c) => changes.add(c as Change));
      return { state: next, changes };
    }
    case 'trainer': {
      let current = state;
      for (const m of message.messages) current = applyTrainingEvent(current, m, changes);
      return { state: current, changes };
    }
    case 'results': {
      const next = stateFromResults(message.results, state);
      if (message.previousAsGhost && (state.results ?? state.ghost)) next.ghost = state.results ?? state.ghost;
      ['header', 'structure', 'dataset', 'history', 'frames', 'results', 'errors'].forEach((c) => changes.add(c as Change));
      return { state: next, changes };
    }
    case 'stepTrace': {
      // Only the answer to what was asked last: an older click's replay is dropped.
      const asked = state.stepView;
      if (!asked || asked.variant !== message.variant || asked.run !== message.run || !sameWeight(asked.weight, message.trace.weight)) return { state, changes };
      state.stepView = { ...asked, trace: message.trace, matchesStored: message.matchesStored };
      changes.add('stepView');
      return { state, changes };
    }
    case 'stepTraceFailed':
      if (state.stepView) state.stepView = { ...state.stepView, failure: message.message };
      changes.add('stepView');
      return { state, changes };
  }
}

/** A variant's penalty strengths, the group's only when it has one. */
function penaltyOf(variant: Pick<Variant, 'l1' | 'l2' | 'group'>): { l1: number; l2: number; group?: number } {
  return { l1: variant.l1, l2: variant.l2, ...(variant.group ? { group: variant.group } : {}) };
}

/** The panel asked for a weight's step view: shown as pending until its trace comes. */
export function askStepView(state: PanelState, variant: string, run: number, weight: WeightAddress): void {
  state.stepView = { variant, run, weight };
}

function sameWeight(a: WeightAddress, b: WeightAddress): boolean {
  return a.layer === b.layer && a.part === b.part && a.index === b.index;
}

/** The frame a variant shows at `epoch`: the last one at or before it (the first when none is). */
export function frameAt(frames: readonly Frame[], epoch: number): Frame | undefined {
  if (frames.length === 0) return undefined;
  let lo = 0;
  let hi = frames.length - 1;
  if (epoch < frames[0].epoch) return frames[0];
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if (frames[mid].epoch <= epoch) lo = mid;
    else hi = mid - 1;
  }
  return frames[lo];
}

/** The sorted epochs of every frame of these runs: the steps of the epoch slider. */
export function frameEpochs(runs: readonly (RunState | undefined)[]): number[] {
  const set = new Set<number>();
  for (const run of runs) for (const f of run?.frames ?? []) set.add(f.epoch);
  return [...set].sort((a, b) => a - b);
}

/** Training progress over every run: epochs done and epochs in all. */
export function progressOf(state: PanelState): { done: number; total: number } {
  let done = 0;
  const perRun = state.epochs;
  for (const v of state.variants) for (const r of v.runs) done += Math.min(r?.epoch ?? 0, r?.epochs || perRun);
  return { done, total: state.variants.length * state.runsPerVariant * perRun };
}
