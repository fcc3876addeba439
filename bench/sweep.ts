// A λ sweep on the seed network, in a fresh process: 50 L1 strengths (log-spaced 0.001..1)
// × 5 runs = 250 runs of 100 epochs, on a pool of worker threads (argument: thread count,
// default all cores). Wall time includes starting the threads. Prints one JSON line.
import * as os from 'node:os';
import { parseArgs } from 'node:util';
import { trainInParallel } from '../src/runtime/parallel';
import { loadExperiment, loadSeedData, peakRssBytes, runSpecFor } from './common';

export const sweepLambdas = Array.from({ length: 50 }, (_, i) => 0.001 * 1000 ** (i / 49));
export const sweepRuns = 5;

(async () => {
  const { positionals } = parseArgs({ allowPositionals: true });
  const threads = Number(positionals[0] ?? os.availableParallelism());
  if (positionals.length > 1 || !Number.isInteger(threads) || threads < 1) {
    throw new Error(`usage: sweep.ts [THREADS, a positive integer], got ${positionals.join(' ')}`);
  }
  const started = performance.now();
  const experiment = loadExperiment();
  const dataset = await loadSeedData(experiment);
  const specs = sweepLambdas.flatMap((l1) =>
    Array.from({ length: sweepRuns }, (_, run) => runSpecFor(experiment, dataset, { l1, l2: 0, l1Method: 'subgradient' }, run)),
  );
  const results = await trainInParallel(specs, { threads, engine: experiment.training.engine });
  const seconds = (performance.now() - started) / 1000;
  const cpu = process.cpuUsage();
  const steps = results.reduce((sum, r) => sum + r.outcome.steps, 0);
  const snapshots = results.reduce((sum, r) => sum + r.outcome.snapshots.length, 0);
  console.log(
    JSON.stringify({
      threads,
      runs: results.length,
      seconds,
      /** CPU time of the whole process, all threads, from its start (module loading included). */
      cpuSeconds: (cpu.user + cpu.system) / 1e6,
      steps,
      snapshots,
      engines: [...new Set(results.map((r) => `${r.engine} (${r.backend})`))],
      peakRss: peakRssBytes(),
      workerHeap: Math.max(...results.map((r) => r.workerHeapBytes)),
    }),
  );
})().catch((error) => {
  console.error(error);
  process.exit(1);
});
