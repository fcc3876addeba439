// What verifying the seed example's shrink plan by training costs (`npx tsx bench/verify-shrink.ts`):
// the seed example trained once through runExperiment, then runtime/verify-shrink.ts on its
// results for each bound on the sizes tried and both modes, each timed from start to end on
// the worker pool (2 threads here). Prints a Markdown table: the trainings the cost estimate
// plans at most, those actually run, wall time, and what was found.
// A benchmark, not a test: nothing here fails on a slow machine.
import * as path from 'node:path';
import type { VerificationMode } from '../src/core/analysis/shrink-verification';
import type { ResultsDocument } from '../src/core/results';
import { runExperiment } from '../src/runtime/run-experiment';
import { verificationCost, verifyShrink } from '../src/runtime/verify-shrink';
import { loadExperiment, seedExperimentPath } from './common';

async function main() {
  const experiment = loadExperiment();
  let results: ResultsDocument | undefined;
  const trainStarted = performance.now();
  await runExperiment(experiment, { experimentPath: seedExperimentPath, emit: (m) => m.type === 'finished' && (results = m.results) });
  const trainSeconds = (performance.now() - trainStarted) / 1000;
  if (!results) throw new Error('the seed example did not finish');
  console.log(`seed example trained in ${trainSeconds.toFixed(2)} s (${path.basename(seedExperimentPath)}, 15 runs)\n`);
  console.log('| mode | sizes tried at most | trainings planned at most | trainings run | wall time | found |');
  console.log('| --- | --- | --- | --- | --- | --- |');
  for (const mode of ['retrain', 'fine-tune'] as VerificationMode[]) {
    for (const maxSizes of [1, 2, 4]) {
      let trainings = 0;
      const started = performance.now();
      const verifications = await verifyShrink(results, { experimentPath: seedExperimentPath, settings: { mode, maxSizes }, onProgress: () => trainings++ });
      const seconds = (performance.now() - started) / 1000;
      const planned = verificationCost(results, { maxSizes }).trainings;
      console.log(`| ${mode} | ${maxSizes} | ${planned} | ${trainings} | ${seconds.toFixed(2)} s | ${verifications.map((v) => `${v.variant}: ${v.suggestion ? `[${v.suggestion.sizes.join(', ')}]` : 'none passed'} (${v.tried.length} tried)`).join('; ')} |`);
    }
  }
}

void main();
