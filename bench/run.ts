// `npm run bench`: how fast RegX trains, against plain TensorFlow.js. Prints Markdown tables:
//  1. throughput on the seed configuration (1-10-10-10-1 ReLU, batch 1, SGD lr 0.01, MAE,
//     L1 0.3): tf.layers + model.fit({batchSize: 1}) as the baseline, the tfjs engine (a
//     custom loop) and the fast engine; "trainRun" counts everything RegX does per epoch
//     (metrics on train and test, snapshots), "engine" only the steps;
//  2. wall time and peak memory of the seed example and of a 250-run λ sweep, each in a
//     fresh process;
//  3. the crossover: steps/s of both engines as the network and the batch grow, which is
//     where choose-engine.ts' FAST_ENGINE_MAX_WORK and SIMD_ENGINE_MAX_WORK come from.
// A benchmark, not a test: nothing here fails on a slow machine.
import { spawnSync } from 'node:child_process';
import * as os from 'node:os';
import * as path from 'node:path';
import { parseArgs } from 'node:util';
import { loadTensorflow, type LoadedTensorflow } from '../src/runtime/backend';
import { crossoverFor, decideEngine, weightCount } from '../src/runtime/choose-engine';
import type { Dataset } from '../src/runtime/data';
import { trainRun, type Engine, type RunSpec } from '../src/runtime/engine';
import type { Experiment } from '../src/core/experiment';
import { fastEngine } from '../src/runtime/fast-engine';
import { Random, permutation } from '../src/core/random';
import { tfjsEngine } from '../src/runtime/tfjs-engine';
import { lineSamples, loadExperiment, loadLineData, loadSeedData, megabytes, peakRssBytes, root, runSpecFor, timeCalls, widthSpec, type Timing } from './common';

/** --quick: a smoke run of a few seconds. */
const { quick } = parseArgs({ options: { quick: { type: 'boolean', default: false } } }).values;
/** Seconds each throughput figure is measured for. */
const budget = quick ? 0.5 : 3;

type Tfjs = typeof import('@tensorflow/tfjs');

interface Throughput {
  engine: string;
  /** Steps per second in the best call and in the median one. */
  best: number;
  median: number;
}

/** Steps per second from the timing of calls that take `steps` steps each. */
function rate(engine: string, steps: number, timing: Timing): Throughput {
  return { engine, best: steps / timing.best, median: steps / timing.median };
}

/** The usual way: a tf.layers model with L1 kernel regularizers, trained by model.fit; one epoch per call. */
async function modelFit(tf: Tfjs, backend: string, experiment: Experiment, dataset: Dataset): Promise<Throughput> {
  const l1 = experiment.variants.find((v) => v.l1 > 0)?.l1 ?? 0.3;
  const model = tf.sequential();
  experiment.model.layers.forEach((layer, i) =>
    model.add(
      tf.layers.dense({
        units: layer.units,
        activation: layer.activation,
        kernelRegularizer: tf.regularizers.l1({ l1 }),
        ...(i === 0 ? { inputShape: [dataset.d] } : {}),
      }),
    ),
  );
  model.add(tf.layers.dense({ units: 1, kernelRegularizer: tf.regularizers.l1({ l1 }) }));
  model.compile({ optimizer: tf.train.sgd(experiment.training.learningRate), loss: 'meanAbsoluteError' });
  const x = tf.tensor2d(dataset.train.x, [dataset.train.n, dataset.d]);
  const y = tf.tensor2d(dataset.train.y, [dataset.train.n, 1]);
  const { batchSize } = experiment.training;
  const timing = await timeCalls(budget, () => model.fit(x, y, { batchSize, epochs: 1, shuffle: true, verbose: 0 }));
  tf.dispose([x, y]);
  model.dispose();
  return rate(`tf.layers + model.fit (${backend})`, Math.ceil(dataset.train.n / batchSize), timing);
}

/** Steps alone: session.runEpoch over shuffled epochs, `epochs` per call. */
async function engineSteps(label: string, engine: Engine, spec: RunSpec, epochs: number): Promise<Throughput> {
  const session = engine.createSession(spec);
  const random = new Random(1);
  const n = spec.dataset.train.n;
  const orders = Array.from({ length: epochs }, () => permutation(n, random));
  const timing = await timeCalls(budget, () => {
    for (const order of orders) session.runEpoch(order);
  });
  session.dispose();
  return rate(label, epochs * Math.ceil(n / spec.training.batchSize), timing);
}

/** Everything RegX does: one trainRun per call, metrics every epoch and snapshots. */
async function trainRunSteps(label: string, engine: Engine, spec: RunSpec, epochs: number): Promise<Throughput> {
  const short = { ...spec, training: { ...spec.training, epochs } };
  const timing = await timeCalls(budget, () => trainRun(engine, short));
  return rate(label, epochs * Math.ceil(spec.dataset.train.n / spec.training.batchSize), timing);
}

function child(script: string, ...args: string[]): Record<string, unknown> {
  const result = spawnSync(process.execPath, ['--import', 'tsx', path.join(root, 'bench', script), ...args], { cwd: root, encoding: 'utf8' });
  if (result.status !== 0) throw new Error(`${script} ${args.join(' ')} failed:\n${result.stderr}`);
  const lines = result.stdout.trim().split('\n');
  return JSON.parse(lines[lines.length - 1]) as Record<string, unknown>;
}

function table(header: string[], rows: (string | number)[][]): string {
  const line = (cells: (string | number)[]) => `| ${cells.join(' | ')} |`;
  return [line(header), line(header.map(() => '---')), ...rows.map(line)].join('\n');
}

const count = (n: number) => Math.round(n).toLocaleString('en-US');

async function throughput(loaded: LoadedTensorflow, tf: Tfjs): Promise<Throughput[]> {
  const experiment = loadExperiment();
  const dataset = await loadSeedData(experiment);
  const l1Variant = experiment.variants.find((v) => v.l1 > 0) ?? experiment.variants[0];
  const spec = runSpecFor(experiment, dataset, l1Variant, 0);
  const tfjs = tfjsEngine(loaded);
  const fast = fastEngine();
  return [
    await modelFit(tf, loaded.backend, experiment, dataset),
    await engineSteps(`tfjs engine (${loaded.backend}), steps only`, tfjs, spec, 1),
    await trainRunSteps(`tfjs engine (${loaded.backend}), trainRun`, tfjs, spec, 2),
    await engineSteps('fast engine (js), steps only', fast, spec, 100),
    await trainRunSteps('fast engine (js), trainRun', fast, spec, experiment.training.epochs),
  ];
}

/** Steps/s of both engines for 1-w-w-w-1 networks and growing batches. */
async function crossover(loaded: LoadedTensorflow): Promise<string[][]> {
  const samples = lineSamples;
  const dataset = await loadLineData();
  const widths = quick ? [10, 64] : [10, 32, 64, 128, 256];
  const batchSizes = quick ? [1, 32] : [1, 8, 32, 128];
  // And the largest: 67M multiply-adds a step, where the SIMD kernels' crossover was set.
  const cases = [...widths.flatMap((width) => batchSizes.map((batchSize) => [width, batchSize])), ...(quick ? [] : [[512, 128]])];
  const rows: string[][] = [];
  const seconds = quick ? 0.2 : 0.4;
  for (const [width, batchSize] of cases) {
    const spec = widthSpec(dataset, width, batchSize);
    const { hidden } = spec;
    const perSecond = async (engine: Engine) => {
      const session = engine.createSession(spec);
      const random = new Random(2);
      let order = permutation(samples, random);
      let at = 0;
      const step = () => {
        if (at + batchSize > samples) {
          order = permutation(samples, random);
          at = 0;
        }
        session.runEpoch(order.subarray(at, at + batchSize)); // one step
        at += batchSize;
      };
      // Calls of at least 2 ms: the best of many tiny calls would only measure the clock.
      step();
      const started = performance.now();
      step();
      const stepsPerCall = Math.max(1, Math.ceil(2 / Math.max(performance.now() - started, 1e-3)));
      const { best } = await timeCalls(seconds, () => {
        for (let i = 0; i < stepsPerCall; i++) step();
      });
      session.dispose();
      return stepsPerCall / best;
    };
    const fast = await perSecond(fastEngine());
    const tfjs = await perSecond(tfjsEngine(loaded));
    const weights = weightCount({ inputs: 1, hidden });
    const work = weights * batchSize;
    rows.push([
      `1-${width}-${width}-${width}-1`,
      String(batchSize),
      count(weights),
      count(work),
      count(fast),
      count(tfjs),
      `${(fast / tfjs).toFixed(fast / tfjs < 10 ? 2 : 0)}×`,
      decideEngine({ inputs: 1, hidden, training: { batchSize } }, 'auto').engine,
    ]);
  }
  return rows;
}

(async () => {
  const started = performance.now();
  const loaded = await loadTensorflow('auto');
  const tf = (await import('@tensorflow/tfjs')) as Tfjs;
  if (tf.getBackend() !== loaded.backend) throw new Error(`@tensorflow/tfjs runs on ${tf.getBackend()}, not ${loaded.backend}: two copies of tfjs-core?`);
  const cpu = os.cpus();
  console.log(`# RegX benchmark\n`);
  console.log(
    `Machine: ${os.availableParallelism()} cores (${cpu[0]?.model ?? 'unknown cpu'}), ${megabytes(os.totalmem())} RAM, ${os.platform()} ${os.release()}; ` +
      `Node ${process.versions.node}; TensorFlow.js ${loaded.version} on the ${loaded.backend} backend` +
      `${loaded.backend === 'wasm' ? ` (SIMD ${await tf.env().getAsync('WASM_HAS_SIMD_SUPPORT')}, threads ${await tf.env().getAsync('WASM_HAS_MULTITHREAD_SUPPORT')})` : ''}; ` +
      `load average ${os.loadavg()[0].toFixed(2)} at the start (other processes share these cores).\n`,
  );

  const rows = await throughput(loaded, tf);
  const [fit] = rows;
  const ratio = (value: number) => `${value.toFixed(value < 10 ? 2 : 0)}×`;
  console.log('## Throughput on the seed configuration (1-10-10-10-1 relu, batch 1, sgd lr 0.01, mae, L1 0.3)\n');
  console.log(
    table(
      ['engine', 'steps/s (best call)', 'steps/s (median call)', 'ratio to model.fit (best)', 'ratio to model.fit (median)'],
      rows.map((r) => [r.engine, count(r.best), count(r.median), ratio(r.best / fit.best), ratio(r.median / fit.median)]),
    ),
  );

  const seedRun = child('seed-example.ts', 'trainRun');
  const seedExperiment = child('seed-example.ts', 'runExperiment');
  const sweep2 = child('sweep.ts', String(os.availableParallelism()));
  const sweep1 = child('sweep.ts', '1');
  const seconds = (value: unknown) => `${Number(value).toFixed(2)} s`;
  console.log('\n## Wall time and memory (each in a fresh process; module loading not counted)\n');
  console.log(
    table(
      ['workload', 'engine', 'wall time', 'peak RSS'],
      [
        ['seed example: 3 variants × 5 runs × 100 epochs × 75 steps, snapshots (trainRun)', String(seedRun.engine), seconds(seedRun.seconds), megabytes(Number(seedRun.peakRss))],
        [
          'seed example through runExperiment (messages, analysis)',
          String(seedExperiment.engine ?? '-'),
          seedExperiment.skipped ? `skipped: ${String(seedExperiment.skipped)}` : seconds(seedExperiment.seconds),
          megabytes(Number(seedExperiment.peakRss)),
        ],
        ...[sweep2, sweep1].map((sweep) => [
          `sweep: 50 λ × 5 runs × 100 epochs, ${sweep.threads} worker thread${sweep.threads === 1 ? '' : 's'} (process CPU time ${seconds(sweep.cpuSeconds)})`,
          (sweep.engines as string[]).join(', '),
          seconds(sweep.seconds),
          `${megabytes(Number(sweep.peakRss))} (largest worker heap ${megabytes(Number(sweep.workerHeap))})`,
        ]),
      ],
    ),
  );

  const pathNetwork = child('path.ts', 'network', String(os.availableParallelism()));
  const pathLinear = child('path.ts', 'linear');
  const pathSteps = child('path.ts', 'steps');
  console.log('\n## Regularization paths (each in a fresh process; module loading not counted)\n');
  console.log(
    table(
      ['workload', 'wall time', 'peak RSS'],
      [
        [
          `seed network path: 100 λ × 5 folds × 1 run × 100 epochs, batch 1 (${count(Number(pathNetwork.trainings))} trainings, ${count(Number(pathNetwork.steps))} steps, + 2 refits), ${pathNetwork.threads} worker threads (process CPU time ${seconds(pathNetwork.cpuSeconds)})`,
          seconds(pathNetwork.seconds),
          megabytes(Number(pathNetwork.peakRss)),
        ],
        [`exact lasso path, 100 λ on 500 × 20 (${count(Number(pathLinear.sweeps))} sweeps): best of 20 / median`, `${Number(pathLinear.bestMs).toFixed(1)} ms / ${Number(pathLinear.medianMs).toFixed(1)} ms`, megabytes(Number(pathLinear.peakRss))],
        ['the same, cross-validated (5 folds + the whole training split: 6 paths)', `${Number(pathLinear.crossValidatedMs).toFixed(0)} ms`, '-'],
      ],
    ),
  );
  console.log(`\nOne seed-network training (6,000 steps): steps alone ${count(Number(pathSteps.stepsOnly))} steps/s, trainRun ${count(Number(pathSteps.trainRun))}, trainRun with finalOnly (a path's trainings) ${count(Number(pathSteps.finalOnly))} (best of 15 calls).`);

  console.log(`\n## Crossover: steps/s, fast engine vs tfjs engine (${loaded.backend}), relu, sgd, mae, L1\n`);
  console.log(
    table(['network', 'batch', 'weights', 'work (batch × weights)', `fast steps/s (batches on ${fastEngine().backend})`, 'tfjs steps/s', 'fast/tfjs', `auto (crossover ${count(crossoverFor(1))} at batch 1, ${count(crossoverFor(2))} for batches)`], await crossover(loaded)),
  );
  console.log(`\nThis process: peak RSS ${megabytes(peakRssBytes())}; bench took ${((performance.now() - started) / 1000).toFixed(0)} s.`);
})().catch((error) => {
  console.error(error);
  process.exit(1);
});
