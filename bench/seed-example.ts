// Wall time of the seed example (3 variants × 5 runs, 100 epochs, batch 1), in a fresh process
// (argument: trainRun or runExperiment):
//  1. "trainRun": the runs as run-experiment.ts trains them (chooseEngine on training.engine,
//     snapshots with the fitted curve on a grid), from reading the file to the last outcome;
//  2. "runExperiment": the orchestrator itself, messages, analysis and all, when it picks
//     the fast engine (reported as skipped while it trains on tfjs).
// Module loading is not counted (startupSeconds, under tsx). Prints one JSON line.
import { parseArgs } from 'node:util';
import { chooseEngine } from '../src/runtime/choose-engine';
import { trainRun } from '../src/runtime/engine';
import { predict } from '../src/core/mlp';
import { loadExperiment, loadSeedData, peakRssBytes, runSpecFor, seedExperimentPath } from './common';

async function viaTrainRun() {
  const started = performance.now();
  const experiment = loadExperiment();
  const dataset = await loadSeedData(experiment);
  const grid = Float32Array.from({ length: 200 }, (_, i) => i / 199);
  let engineName = '';
  let reason = '';
  let steps = 0;
  let snapshots = 0;
  for (const variant of experiment.variants) {
    for (let run = 0; run < experiment.runs; run++) {
      const spec = runSpecFor(experiment, dataset, variant, run);
      const chosen = await chooseEngine(spec, experiment.training.engine, async () => (await import('../src/runtime/backend')).loadTensorflow('auto'));
      engineName = `${chosen.engine.name} (${chosen.engine.backend})`;
      reason = chosen.reason;
      const outcome = await trainRun(chosen.engine, spec, {
        onSnapshot: ({ params }) => {
          predict(params, grid, grid.length);
          snapshots++;
        },
      });
      steps += outcome.steps;
    }
  }
  return { seconds: (performance.now() - started) / 1000, engine: engineName, reason, steps, snapshots };
}

async function viaRunExperiment() {
  const { runExperiment } = await import('../src/runtime/run-experiment');
  const started = performance.now();
  const experiment = loadExperiment();
  let engine = '';
  let messages = 0;
  await runExperiment(experiment, {
    experimentPath: seedExperimentPath,
    emit(message) {
      messages++;
      if (message.type === 'ready') engine = message.engine;
    },
    isCancelled: () => engine !== '' && engine !== 'fast',
  });
  const seconds = (performance.now() - started) / 1000;
  return engine === 'fast' ? { seconds, engine, messages } : { skipped: `runExperiment trains on ${engine || 'an unknown engine'}` };
}

(async () => {
  const startup = process.uptime();
  const { positionals } = parseArgs({ allowPositionals: true });
  const mode = positionals[0] ?? 'trainRun';
  if (positionals.length > 1 || (mode !== 'trainRun' && mode !== 'runExperiment')) {
    throw new Error(`usage: seed-example.ts [trainRun|runExperiment], got ${positionals.join(' ')}`);
  }
  let result: object;
  if (mode === 'trainRun') result = await viaTrainRun();
  else {
    try {
      result = await viaRunExperiment();
    } catch (error) {
      result = { skipped: `runExperiment failed: ${(error as Error).message.split('\n')[0]}` };
    }
  }
  console.log(JSON.stringify({ mode, startupSeconds: startup, ...result, peakRss: peakRssBytes() }));
})().catch((error) => {
  console.error(error);
  process.exit(1);
});
