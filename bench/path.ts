// Regularization paths, each in a fresh process (argument: which, and the thread count):
//   network [THREADS]  the seed network's cross-validated path: 100 λ (log-spaced from 0.3
//                      down to 3e-5, a range, so no bisection) × 5 folds × 1 run × 100 epochs
//                      at batch 1 = 500 trainings of 60 rows × 100 epochs (3.0M steps), then
//                      the 2 refits; through runPaths, as `regx train` runs it
//   linear             the exact lasso path of a linear model, 100 λ from λ_max on a 500 × 20
//                      data set (coordinate descent; best of 20 calls after a warm-up), and
//                      the whole cross-validated path (6 such paths) once
//   steps              steps/s of one seed-network training: the engine's steps alone, the
//                      whole loop of trainRun, and trainRun with finalOnly (a path's trainings)
// Prints one JSON line.
import * as os from 'node:os';
import { parseArgs } from 'node:util';
import type { Experiment } from '../src/core/experiment';
import { linearPath } from '../src/core/path/coordinate-descent';
import { exactLinearPath } from '../src/core/path/exact-path';
import { logGrid, strengthsAt } from '../src/core/path/grid';
import { linearLambdaMax } from '../src/core/path/lambda-max';
import { Random, permutation } from '../src/core/random';
import { trainRun } from '../src/runtime/engine';
import { fastEngine } from '../src/runtime/fast-engine';
import { runPaths } from '../src/runtime/run-paths';
import { loadExperiment, loadSeedData, peakRssBytes, runSpecFor } from './common';

export const networkPath = { lambdas: 100, folds: 5, runs: 1, range: [3e-5, 0.3] as [number, number] };

async function network(threads: number) {
  const seed = loadExperiment();
  const experiment: Experiment = {
    ...seed,
    runs: networkPath.runs,
    variants: [{ name: 'L1 path', l1: 0, l2: 0, l1Method: 'subgradient', path: { l1Ratio: 1, count: networkPath.lambdas, range: networkPath.range, folds: networkPath.folds } }],
  };
  const started = performance.now();
  const dataset = await loadSeedData(experiment);
  const paths = await runPaths(experiment, [experiment.variants[0] as Experiment['variants'][0] & { path: NonNullable<Experiment['variants'][0]['path']> }], dataset, {
    engine: experiment.training.engine,
    backend: 'auto',
    threads,
    isCancelled: () => false,
  });
  const seconds = (performance.now() - started) / 1000;
  const cpu = process.cpuUsage();
  const trainRows = dataset.train.n;
  const foldRows = trainRows - Math.floor(trainRows / networkPath.folds);
  return {
    threads,
    fits: paths![0].fits,
    trainings: networkPath.lambdas * networkPath.folds * networkPath.runs,
    steps: networkPath.lambdas * networkPath.folds * networkPath.runs * foldRows * experiment.training.epochs,
    seconds,
    cpuSeconds: (cpu.user + cpu.system) / 1e6,
    peakRss: peakRssBytes(),
  };
}

function linear() {
  const random = new Random(1);
  const n = 500;
  const d = 20;
  const x = new Float32Array(n * d);
  const y = new Float32Array(n);
  for (let i = 0; i < n; i++) {
    let target = 1;
    for (let j = 0; j < d; j++) {
      x[i * d + j] = random.normal();
      if (j < 5) target += (j + 1) * x[i * d + j];
    }
    y[i] = target + 0.5 * random.normal();
  }
  const problem = { x, y, n, d };
  const once = () => {
    const top = linearLambdaMax(problem, { loss: 'mse', huberDelta: 1, regularizeBiases: false, share: 1 })!;
    return linearPath(problem, logGrid(top, top * 1e-4, 100).map((l) => strengthsAt(l, 1, 'tfjs')), { regularizeBiases: false });
  };
  once();
  const times: number[] = [];
  let sweeps = 0;
  for (let k = 0; k < 20; k++) {
    const started = performance.now();
    sweeps = once().reduce((s, fit) => s + fit.sweeps, 0);
    times.push(performance.now() - started);
  }
  times.sort((a, b) => a - b);
  const experiment = { ...loadExperiment(), seed: 1, regularizeBiases: false, penaltyConvention: 'tfjs' as const };
  const dataset = { inputNames: Array.from({ length: d }, (_, j) => `x${j + 1}`), targetName: 'y', d, train: { x, y, n, outlier: new Uint8Array(n) }, test: { x, y, n, outlier: new Uint8Array(n) } };
  const started = performance.now();
  exactLinearPath(experiment, { name: 'lasso', path: { l1Ratio: 1, count: 100, folds: 5 } }, dataset);
  const crossValidatedMs = performance.now() - started;
  return { rows: n, inputs: d, lambdas: 100, bestMs: times[0], medianMs: times[10], sweeps, crossValidatedMs, peakRss: peakRssBytes() };
}

async function steps() {
  const experiment = loadExperiment();
  const dataset = await loadSeedData(experiment);
  const spec = runSpecFor(experiment, dataset, { l1: 0.001, l2: 0, l1Method: 'subgradient' }, 0);
  const engine = fastEngine();
  const stepsPerRun = spec.training.epochs * dataset.train.n;
  const best = async (run: () => Promise<unknown> | unknown) => {
    let fastest = Infinity;
    for (let k = 0; k < 15; k++) {
      const started = performance.now();
      await run();
      fastest = Math.min(fastest, performance.now() - started);
    }
    return Math.round(stepsPerRun / (fastest / 1000));
  };
  const stepsOnly = await best(() => {
    const session = engine.createSession(spec);
    const random = new Random(spec.seed);
    for (let e = 0; e < spec.training.epochs; e++) session.runEpoch(permutation(dataset.train.n, random));
    session.dispose();
  });
  const whole = await best(() => trainRun(engine, spec));
  const finalOnly = await best(() => trainRun(engine, { ...spec, finalOnly: true }));
  return { stepsOnly, trainRun: whole, finalOnly };
}

(async () => {
  const { positionals } = parseArgs({ allowPositionals: true });
  const [which, threadArg] = positionals;
  const threads = Number(threadArg ?? os.availableParallelism());
  const result = which === 'network' ? await network(threads) : which === 'linear' ? linear() : which === 'steps' ? await steps() : undefined;
  if (!result) throw new Error(`usage: path.ts network [THREADS] | linear | steps, got ${positionals.join(' ')}`);
  console.log(JSON.stringify({ which, ...result }));
})().catch((error) => {
  console.error(error);
  process.exit(1);
});
