// What the benchmarks share: the seed experiment, its runs as trainRun specs, timing helpers.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { loadDataset, type Dataset } from '../src/runtime/data';
import type { Engine, RunSpec } from '../src/runtime/engine';
import { parseExperiment, type Experiment, type Variant } from '../src/core/experiment';
import { runSpec } from '../src/runtime/run-experiment';
import { initParams } from '../src/core/mlp';
import { Random, permutation } from '../src/core/random';

export const root = path.resolve(__dirname, '..');
export const seedExperimentPath = path.join(root, 'examples', 'seed-l1-vs-l2.regx.json');

export function loadExperiment(file = seedExperimentPath): Experiment {
  const parsed = parseExperiment(fs.readFileSync(file, 'utf8'));
  if (!parsed.ok) throw new Error(parsed.problems.map((p) => `${p.path}: ${p.message}`).join('\n'));
  return parsed.experiment;
}

export function loadSeedData(experiment: Experiment, file = seedExperimentPath): Promise<Dataset> {
  return loadDataset(experiment.data, experiment.seed, path.dirname(file));
}

/** Run `run` of a variant, seeded exactly as run-experiment.ts seeds it. */
export function runSpecFor(experiment: Experiment, dataset: Dataset, variant: Pick<Variant, 'l1' | 'l2' | 'l1Method'>, run: number): RunSpec {
  return runSpec(experiment, variant, run, dataset);
}

/** Rows of the line data set the engine comparisons train on. */
export const lineSamples = 256;

/** The line data set (y = 2x + 1 + noise, no test rows) the engine comparisons train on. */
export function loadLineData(): Promise<Dataset> {
  return loadDataset(
    { kind: 'line', samples: lineSamples, slope: 2, intercept: 1, xMin: -1, xMax: 1, noise: 0.1, outliers: 0, outlierScale: 5, testFraction: 0 },
    1,
    root,
  );
}

/** A 1-w-w-w-1 relu network on the line data: the seed experiment's training (sgd, mae) at lr 0.001, L1 0.01 subgradient. */
export function widthSpec(dataset: Dataset, width: number, batchSize: number): RunSpec {
  const experiment = loadExperiment();
  const hidden = [width, width, width].map((units) => ({ units, activation: 'relu' as const }));
  return {
    ...runSpecFor(experiment, dataset, { l1: 0.01, l2: 0, l1Method: 'subgradient' }, 0),
    hidden,
    initialParams: initParams(1, hidden, 'glorotUniform', new Random(1)),
    training: { ...experiment.training, batchSize, learningRate: 0.001 },
  };
}

/**
 * Calls `once` until `seconds` have passed (at least 5 times, after one warm-up call) and
 * returns the durations of the calls, in seconds. Other processes share the cores, so the
 * benchmarks report the best call (the least disturbed) beside the median.
 */
export async function timeCalls(seconds: number, once: () => unknown): Promise<Timing> {
  await once(); // warm-up, not counted
  const durations: number[] = [];
  const started = performance.now();
  do {
    const t = performance.now();
    await once();
    durations.push((performance.now() - t) / 1000);
  } while (performance.now() - started < seconds * 1000 || durations.length < 5);
  durations.sort((a, b) => a - b);
  return { best: durations[0], median: durations[Math.floor(durations.length / 2)], calls: durations.length };
}

export interface Timing {
  best: number;
  median: number;
  calls: number;
}

export function megabytes(bytes: number): string {
  return `${(bytes / 1024 / 1024).toFixed(0)} MB`;
}

/** process.resourceUsage().maxRSS is in kilobytes; it covers every thread of the process. */
export function peakRssBytes(): number {
  return process.resourceUsage().maxRSS * 1024;
}

/**
 * Steps per second of a session's best epoch over `seconds` (after one warm-up epoch; at
 * least 3 epochs), as bench/pytorch.py measures PyTorch's. The session is created, and
 * disposed of, outside the time measured.
 */
export function epochStepsPerSecond(engine: Engine, spec: RunSpec, seconds: number): number {
  const session = engine.createSession(spec);
  const random = new Random(2);
  const steps = Math.ceil(spec.dataset.train.n / spec.training.batchSize);
  try {
    session.runEpoch(permutation(spec.dataset.train.n, random));
    let best = Infinity;
    const until = performance.now() + seconds * 1000;
    for (let calls = 0; calls < 3 || performance.now() < until; calls++) {
      const order = permutation(spec.dataset.train.n, random);
      const started = performance.now();
      session.runEpoch(order);
      best = Math.min(best, performance.now() - started);
    }
    return (steps / best) * 1000;
  } finally {
    session.dispose();
  }
}
