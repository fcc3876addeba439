// What the fake host posts to the panel in the preview: a stored results document as it
// is, and the live messages a training would have sent to produce it, cut off mid-way.
import type { HostToPanel } from '../../src/panel/protocol';
import type { TrainingEvent } from '../../src/core/training-events';
import { predict } from '../../src/core/mlp';
import type { ResultsDocument, RunResult } from '../../src/core/results';

function header(document: ResultsDocument, status: 'training' | 'finished', stale = false): HostToPanel {
  return {
    type: 'header',
    header: {
      experimentPath: `/workspace/examples/${document.experimentFile}`,
      experimentName: document.experiment.name,
      fileName: document.experimentFile,
      status,
      engine: `${document.engine} engine on ${document.backend}`,
      ...(stale ? { stale } : {}),
    },
  };
}

/** The panel reopened on stored results. */
export function resultsScenario(document: ResultsDocument): HostToPanel[] {
  return [header(document, 'finished'), { type: 'results', results: document }];
}

/** The messages of one run up to `until` epochs, in the order the trainer sends them. */
function runMessages(document: ResultsDocument, result: RunResult, until: number): TrainingEvent[] {
  const { variant, run } = result;
  const grid = document.dataset.grid;
  const epochs = document.experiment.training.epochs;
  const out: { epoch: number; message: TrainingEvent }[] = [];
  const h = result.history;
  h.epoch.forEach((epoch, i) => {
    if (epoch > until || epoch === 0) return;
    out.push({
      epoch,
      message: {
        type: 'progress',
        variant,
        run,
        epochs,
        stepsPerSecond: 3600 + 40 * i,
        metrics: { epoch, trainDataLoss: h.trainDataLoss[i], trainPenalty: h.trainPenalty[i], testDataLoss: h.testDataLoss[i], testAbsError: h.testAbsError[i] },
      },
    });
  });
  for (const snapshot of result.snapshots) {
    if (snapshot.epoch > until) continue;
    const curve = grid ? predict(snapshot.params, grid, grid.length) : undefined;
    out.push({ epoch: snapshot.epoch - 0.5, message: { type: 'snapshot', variant, run, epoch: snapshot.epoch, params: snapshot.params, ...(curve ? { curve } : {}) } });
  }
  out.sort((a, b) => a.epoch - b.epoch);
  return out.map((o) => o.message);
}

function batches(messages: TrainingEvent[], size: number): HostToPanel[] {
  const out: HostToPanel[] = [];
  for (let i = 0; i < messages.length; i += size) out.push({ type: 'trainer', messages: messages.slice(i, i + size) });
  return out;
}

/**
 * A training in progress: every run of the first variant finished, the second variant's
 * first run at `fraction` of its epochs (a hidden panel catching up gets the same).
 */
export function liveScenario(document: ResultsDocument, fraction = 0.6): HostToPanel[] {
  const { experiment } = document;
  const epochs = experiment.training.epochs;
  const trainer: TrainingEvent[] = [
    { type: 'ready', backend: document.backend, engine: document.engine, engineReason: 'preview', versions: document.versions },
    { type: 'dataset', dataset: document.dataset },
  ];
  const [first, second] = document.variants;
  for (const result of first.runs) {
    trainer.push(...runMessages(document, result, epochs));
    trainer.push({ type: 'runFinished', variant: result.variant, run: result.run, result });
  }
  if (second) trainer.push(...runMessages(document, second.runs[0], Math.round(epochs * fraction)));
  return [
    header(document, 'training'),
    { type: 'trainingStarted', variants: document.variants.map((v) => v.variant.name), experiment: { ...experiment, training: { ...experiment.training, epochs } } },
    ...batches(trainer, 40),
  ];
}

/**
 * A long training, for responsiveness: `epochs` epochs, progress every epoch of every run,
 * a snapshot every `every` epochs, in batches as the host sends them (every 100 ms).
 */
export function stressScenario(document: ResultsDocument, epochs = 5000, every = 25, batch = 400): HostToPanel[] {
  const { experiment } = document;
  const base = document.variants.map((v) => v.runs[0]);
  const messages: TrainingEvent[] = [
    { type: 'ready', backend: document.backend, engine: document.engine, engineReason: 'preview', versions: document.versions },
    { type: 'dataset', dataset: document.dataset },
  ];
  const grid = document.dataset.grid;
  for (let e = 1; e <= epochs; e++) {
    base.forEach((result, v) => {
      for (let run = 0; run < experiment.runs; run++) {
        const i = Math.min(result.history.epoch.length - 1, Math.floor((e / epochs) * result.history.epoch.length));
        const h = result.history;
        const variant = document.variants[v].variant.name;
        messages.push({
          type: 'progress',
          variant,
          run,
          epochs,
          stepsPerSecond: 5000,
          metrics: { epoch: e, trainDataLoss: h.trainDataLoss[i] * (1 + 0.01 * run), trainPenalty: h.trainPenalty[i], testDataLoss: h.testDataLoss[i], testAbsError: h.testAbsError[i] },
        });
        if (e % every === 0) {
          const s = result.snapshots[Math.min(result.snapshots.length - 1, Math.floor((e / epochs) * result.snapshots.length))];
          messages.push({ type: 'snapshot', variant, run, epoch: e, params: s.params, ...(grid ? { curve: predict(s.params, grid, grid.length) } : {}) });
        }
      }
    });
  }
  return [
    header(document, 'training'),
    { type: 'trainingStarted', variants: document.variants.map((v) => v.variant.name), experiment: { ...experiment, training: { ...experiment.training, epochs } } },
    ...batches(messages, batch),
  ];
}
