// The panel's model (src/panel/state.ts): messages in, state out. A stored results
// document alone must give the state the live messages gave; typed arrays may arrive as
// plain arrays; live histories and frames are de-duplicated and thinned.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { HostToPanel } from '../../src/panel/protocol';
import type { TrainingEvent } from '../../src/core/training-events';
import type { Dataset } from '../../src/runtime/data';
import type { History, Snapshot } from '../../src/runtime/engine';
import { MAX_HISTORY_POINTS } from '../../src/core/limits';
import { predict, type Params } from '../../src/core/mlp';
import { analyzeRun, buildResults, summarizeDataset, type ResultsDocument } from '../../src/core/results';
import { encodeResults } from '../../src/core/results-codec';
import { analysisView } from '../../src/panel/analysis-view';
import { applyHostMessage, createState, frameAt, frameEpochs, maxFrames, progressOf, sparsityThreshold, stateFromResults, type PanelState } from '../../src/panel/state';
import { experimentFrom } from '../support/fixtures';

const experiment = experimentFrom({
  name: 'tiny',
  seed: 1,
  runs: 2,
  data: { kind: 'line', samples: 8, testFraction: 0.25 },
  model: { layers: [2], activation: 'relu' },
  training: { epochs: 4, loss: 'mse' },
  variants: [
    { name: 'L1', l1: 0.1 },
    { name: 'L2', l2: 0.1 },
  ],
});

function split(xs: number[], ys: number[]) {
  return { x: Float32Array.from(xs), y: Float32Array.from(ys), n: ys.length, outlier: Uint8Array.from(ys, (_, i) => (i === 1 ? 1 : 0)) };
}

const dataset: Dataset = {
  inputNames: ['x'],
  targetName: 'y',
  d: 1,
  train: split([0, 1, 2, 3, 4, 5], [1, 9, 5, 7, 9, 11]),
  test: split([1.5, 3.5], [4, 8]),
  trueCoefficients: [2],
  trueIntercept: 1,
};

/** Weights that change with the epoch; the second hidden neuron dies (zero weights) for L1. */
function paramsAt(variant: number, run: number, epoch: number): Params {
  const s = 1 + 0.1 * run + 0.05 * epoch;
  const alive = !(variant === 0 && epoch >= 2);
  return [
    { rows: 1, cols: 2, activation: 'relu', kernel: Float32Array.of(1 * s, alive ? -0.5 * s : 0), bias: Float32Array.of(0.1, alive ? 0.2 : 0) },
    { rows: 2, cols: 1, activation: 'linear', kernel: Float32Array.of(2 * s, alive ? 0.3 : 0), bias: Float32Array.of(1) },
  ];
}

function historyOf(variant: number, run: number): History {
  const epoch = [0, 1, 2, 3, 4];
  return {
    epoch,
    trainDataLoss: epoch.map((e) => 10 / (e + 1) + run + variant),
    trainPenalty: epoch.map((e) => 0.5 - 0.05 * e),
    testDataLoss: epoch.map((e) => 12 / (e + 1) + run),
    testAbsError: epoch.map((e) => 20 / (e + 1)),
  };
}

function snapshotsOf(variant: number, run: number): Snapshot[] {
  return [0, 2, 4].map((epoch) => ({ epoch, params: paramsAt(variant, run, epoch) }));
}

const summary = summarizeDataset(dataset);

function makeDocument(): ResultsDocument {
  const runs = experiment.variants.flatMap((variant, v) =>
    [0, 1].map((run) =>
      analyzeRun({
        experiment,
        variant,
        run,
        seed: experiment.seed + run,
        dataset,
        summary,
        outcome: { params: paramsAt(v, run, 4), history: historyOf(v, run), snapshots: snapshotsOf(v, run), steps: 4, seconds: 0.1 },
      }),
    ),
  );
  return buildResults({ experiment, experimentPath: '/w/tiny.regx.json', dataset: summary, backend: 'js', engine: 'fast', versions: {}, runs, seconds: 0.4, cancelled: false });
}

/** The trainer's messages for the document: what a live training would have sent. */
function liveMessages(document: ResultsDocument): TrainingEvent[] {
  const out: TrainingEvent[] = [
    { type: 'ready', backend: 'js', engine: 'fast', engineReason: 'test', versions: {} },
    { type: 'dataset', dataset: document.dataset },
  ];
  for (const { runs } of document.variants) {
    for (const result of runs) {
      const { variant, run, history } = result;
      for (const snapshot of result.snapshots) {
        const curve = predict(snapshot.params, summary.grid!, summary.grid!.length);
        out.push({ type: 'snapshot', variant, run, epoch: snapshot.epoch, params: snapshot.params, curve });
        const i = history.epoch.indexOf(snapshot.epoch + 1);
        if (i >= 0) {
          out.push({
            type: 'progress',
            variant,
            run,
            epochs: 4,
            stepsPerSecond: 100,
            metrics: { epoch: history.epoch[i], trainDataLoss: history.trainDataLoss[i], trainPenalty: history.trainPenalty[i], testDataLoss: history.testDataLoss[i], testAbsError: history.testAbsError[i] },
          });
        }
      }
      out.push({ type: 'runFinished', variant, run, result });
    }
  }
  return out;
}

function started(): HostToPanel {
  return { type: 'trainingStarted', variants: experiment.variants.map((v) => v.name), experiment };
}

function feed(messages: HostToPanel[], state: PanelState = createState()): PanelState {
  for (const m of messages) state = applyHostMessage(state, m).state;
  return state;
}

/** What the views draw from, without identity: comparable across the two routes. */
function drawn(state: PanelState) {
  return state.variants.map((v) => ({
    name: v.name,
    penalty: v.penalty,
    runs: v.runs.map((r) => ({
      run: r.run,
      epoch: r.epoch,
      history: r.history,
      frames: r.frames.map((f) => ({ epoch: f.epoch, params: f.params.map((l) => ({ ...l, kernel: Array.from(l.kernel), bias: Array.from(l.bias) })) })),
      finished: r.result !== undefined,
      testAbsError: r.result?.testAbsError,
      live: r.result ? analysisView(r.result.analysis).dead?.layers.map((l) => l.live) : undefined,
    })),
  }));
}

describe('webview state', () => {
  const document = makeDocument();

  it('starts empty and idle', () => {
    const state = createState();
    assert.equal(state.source, 'empty');
    assert.equal(state.status, 'idle');
    assert.deepEqual(state.variants, []);
  });

  it('builds the same state from the live messages as from the results document', () => {
    const live = feed([started(), { type: 'trainer', messages: liveMessages(document) }]);
    const stored = stateFromResults(document);
    assert.equal(live.source, 'live');
    assert.equal(stored.source, 'results');
    assert.deepEqual(drawn(live), drawn(stored));
    assert.deepEqual(live.dataset, stored.dataset);
    assert.equal(live.engine, 'fast');
    assert.equal(live.backend, 'js');
  });

  it("replaces everything with the trainer's 'finished' document, and a results message does the same", () => {
    const messages = liveMessages(document);
    const finished = feed([started(), { type: 'trainer', messages: [...messages, { type: 'finished', results: document }] }]);
    const results = feed([{ type: 'results', results: document }]);
    assert.deepEqual(drawn(finished), drawn(results));
    assert.equal(finished.source, 'results');
    assert.ok(finished.results);
    assert.deepEqual(finished.experiment, experiment);
  });

  it('keeps the header and its status across a results message', () => {
    const header = { experimentPath: '/w/tiny.regx.json', experimentName: 'tiny', fileName: 'tiny.regx.json', status: 'finished' as const, stale: true };
    const state = feed([{ type: 'header', header }, { type: 'results', results: document }]);
    assert.deepEqual(state.header, header);
    assert.equal(state.status, 'finished');
  });

  it('reads a document whose typed arrays came as plain arrays and kernels as rows', () => {
    const plain = JSON.parse(encodeResults(document, 'results.bin').json) as ResultsDocument;
    assert.ok(Array.isArray(plain.variants[0].runs[0].params[0].kernel[0]), 'the fixture really has kernel rows');
    const state = feed([{ type: 'results', results: plain }]);
    assert.deepEqual(drawn(state), drawn(stateFromResults(document)));
    const frame = state.variants[0].runs[0].frames[0];
    assert.ok(frame.params[0].kernel instanceof Float32Array);
    assert.ok(state.dataset!.train.outlier instanceof Uint8Array);
    assert.ok(state.dataset!.grid instanceof Float32Array);
  });

  it('reads live snapshots and datasets sent as plain arrays', () => {
    const params = paramsAt(1, 0, 0).map((l) => ({ ...l, kernel: Array.from(l.kernel), bias: Array.from(l.bias) })) as unknown as Params;
    const plainDataset = JSON.parse(JSON.stringify({ ...summary, train: { ...summary.train, x: [...summary.train.x], y: [...summary.train.y], outlier: [...summary.train.outlier] } }));
    const state = feed([started(), { type: 'trainer', messages: [{ type: 'dataset', dataset: plainDataset }, { type: 'snapshot', variant: 'L2', run: 0, epoch: 0, params, curve: [1, 2, 3] as unknown as Float32Array }] }]);
    const frame = state.variants[1].runs[0].frames[0];
    assert.ok(frame.params[1].kernel instanceof Float32Array);
    assert.deepEqual(Array.from(frame.curve!), [1, 2, 3]);
    assert.ok(state.dataset!.train.x instanceof Float32Array);
    assert.deepEqual(Array.from(state.dataset!.train.x), Array.from(summary.train.x));
  });

  it('a runFinished replaces the live history and frames of that run, keeping the live curves', () => {
    const messages = liveMessages(document);
    const state = feed([started(), { type: 'trainer', messages }]);
    const run = state.variants[0].runs[0];
    assert.deepEqual(run.history, document.variants[0].runs[0].history);
    assert.deepEqual(run.frames.map((f) => f.epoch), [0, 2, 4]);
    assert.ok(run.frames.every((f) => f.curve instanceof Float32Array));
  });

  it('ignores repeated or older progress and snapshots (a catch-up re-sends them)', () => {
    const messages = liveMessages(document).filter((m) => m.type !== 'runFinished');
    const once = feed([started(), { type: 'trainer', messages }]);
    const twice = feed([started(), { type: 'trainer', messages }, { type: 'trainer', messages }]);
    assert.deepEqual(drawn(twice), drawn(once));
  });

  it('creates variants and runs named by messages it was not told about', () => {
    const state = feed([
      {
        type: 'trainer',
        messages: [{ type: 'progress', variant: 'X', run: 2, epochs: 10, stepsPerSecond: 1, metrics: { epoch: 3, trainDataLoss: 1, trainPenalty: 0, testDataLoss: 1, testAbsError: 1 } }],
      },
    ]);
    assert.deepEqual(state.variants.map((v) => v.name), ['X']);
    assert.equal(state.variants[0].runs.length, 3);
    assert.equal(state.runsPerVariant, 3);
    assert.equal(state.variants[0].runs[2].epoch, 3);
    assert.equal(state.source, 'live');
  });

  it("keeps a classifier's train and test accuracy beside its losses, live and thinned", () => {
    const messages: TrainingEvent[] = [];
    const epochs = MAX_HISTORY_POINTS * 2 + 10;
    for (let e = 1; e <= epochs; e++) {
      messages.push({ type: 'progress', variant: 'L1', run: 0, epochs, stepsPerSecond: 1, metrics: { epoch: e, trainDataLoss: 1 / e, trainPenalty: 0, testDataLoss: 1 / e, testAbsError: 0, trainAccuracy: e / (epochs + 1), testAccuracy: e / epochs } });
    }
    const state = feed([started(), { type: 'trainer', messages: messages.slice(0, 3) }]);
    assert.deepEqual(state.variants[0].runs[0].history.testAccuracy, [1 / epochs, 2 / epochs, 3 / epochs]);
    const thinned = feed([started(), { type: 'trainer', messages }]).variants[0].runs[0].history;
    assert.ok(thinned.epoch.length <= MAX_HISTORY_POINTS);
    assert.deepEqual(thinned.testAccuracy, thinned.epoch.map((e) => e / epochs));
    assert.deepEqual(thinned.trainAccuracy, thinned.epoch.map((e) => e / (epochs + 1)));
  });

  it('thins a long live history and many frames, keeping the first and the last', () => {
    const messages: TrainingEvent[] = [];
    const epochs = MAX_HISTORY_POINTS * 2 + 10;
    for (let e = 1; e <= epochs; e++) {
      messages.push({ type: 'progress', variant: 'L1', run: 0, epochs, stepsPerSecond: 1, metrics: { epoch: e, trainDataLoss: e, trainPenalty: 0, testDataLoss: e, testAbsError: e } });
      if (e % 5 === 0) messages.push({ type: 'snapshot', variant: 'L1', run: 0, epoch: e, params: paramsAt(0, 0, 0) });
    }
    const state = feed([started(), { type: 'trainer', messages }]);
    const run = state.variants[0].runs[0];
    assert.ok(run.history.epoch.length <= MAX_HISTORY_POINTS, `${run.history.epoch.length} points`);
    assert.equal(run.history.epoch[0], 1);
    assert.equal(run.history.epoch.at(-1), epochs);
    assert.equal(run.history.epoch.length, run.history.trainDataLoss.length);
    assert.ok(run.frames.length <= maxFrames);
    assert.equal(run.frames[0].epoch, 5);
    assert.equal(run.frames.at(-1)!.epoch, epochs - (epochs % 5));
  });

  it('records errors, by run when the trainer names one', () => {
    const state = feed([started(), { type: 'trainer', messages: [{ type: 'error', message: 'diverged', variant: 'L1', run: 1 }, { type: 'error', message: 'bad file', path: 'data.path' }] }]);
    assert.deepEqual(state.errors.map((e) => e.message), ['diverged', 'bad file']);
    assert.equal(state.variants[0].runs[1].error, 'diverged');
  });

  it('a new training forgets the previous one but keeps the header', () => {
    const header = { experimentPath: '/w/tiny.regx.json', experimentName: 'tiny', fileName: 'tiny.regx.json', status: 'training' as const };
    const state = feed([{ type: 'results', results: document }, { type: 'header', header }, started()]);
    assert.equal(state.results, undefined);
    assert.equal(state.status, 'training');
    assert.deepEqual(state.header, header);
    assert.ok(state.variants.every((v) => v.runs.every((r) => r.frames.length === 0 && r.history.epoch.length === 0)));
    assert.deepEqual(state.variants.map((v) => v.penalty), [{ l1: 0.1, l2: 0 }, { l1: 0, l2: 0.1 }]);
  });

  it('counts progress over every run: the last epoch each run reported', () => {
    // L2's runs report progress up to epoch 3 and do not finish; L1's finish at 4.
    const messages = liveMessages(document).filter((m) => !(m.type === 'runFinished' && m.variant === 'L2'));
    assert.deepEqual(progressOf(feed([started(), { type: 'trainer', messages }])), { done: 4 + 4 + 3 + 3, total: 16 });
    // ready, dataset, the snapshot at 0 and the progress of epoch 1 of L1's first run.
    assert.deepEqual(progressOf(feed([started(), { type: 'trainer', messages: messages.slice(0, 4) }])), { done: 1, total: 16 });
    assert.deepEqual(progressOf(feed([{ type: 'results', results: document }])), { done: 16, total: 16 });
  });
});

describe('the sparsity threshold', () => {
  it("is the experiment's, and without one the default an experiment file without sparsity gets", () => {
    assert.equal(sparsityThreshold(feed([started()])), experiment.sparsity.threshold);
    const other = experimentFrom({ ...experiment, sparsity: { threshold: 0.25 } });
    assert.equal(sparsityThreshold(feed([{ type: 'trainingStarted', variants: [], experiment: other }])), 0.25);
    assert.equal(sparsityThreshold(createState()), experimentFrom({ name: 'no sparsity', data: { kind: 'line' }, variants: [{ name: 'v' }] }).sparsity.threshold);
  });
});

describe('frames at an epoch', () => {
  const frames = [0, 2, 4].map((epoch) => ({ epoch, params: [] as Params }));

  it('takes the last frame at or before the epoch', () => {
    assert.equal(frameAt(frames, 0)?.epoch, 0);
    assert.equal(frameAt(frames, 1)?.epoch, 0);
    assert.equal(frameAt(frames, 2)?.epoch, 2);
    assert.equal(frameAt(frames, 3.5)?.epoch, 2);
    assert.equal(frameAt(frames, 99)?.epoch, 4);
    assert.equal(frameAt(frames, -1)?.epoch, 0);
    assert.equal(frameAt([], 1), undefined);
  });

  it('lists the epochs of several runs once, sorted', () => {
    assert.deepEqual(frameEpochs([{ frames: frames.slice(1) } as never, undefined, { frames: [{ epoch: 3 }, { epoch: 4 }] } as never]), [2, 3, 4]);
  });
});
