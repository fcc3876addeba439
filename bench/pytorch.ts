// `npx tsx bench/pytorch.ts`: the fast engine against PyTorch's eager CPU loop (bench/pytorch.py),
// on the same networks, batches and training: SGD lr 0.001, MSE plus L1 0.01 on the kernels,
// Glorot uniform kernels, 256 rows of the line data; and a softmax classifier with categorical
// cross-entropy plus L1 on 256 random rows of 50 inputs and 10 classes. Prints a Markdown table with the ratio of
// each row: RegX on one thread against PyTorch on one, and RegX on two cores (a lone run's
// batches on two threads where choose-engine.ts decides it pays) against PyTorch on two. PyTorch comes from Debian's python3-torch (`apt-get install python3-torch`), for
// this benchmark only; --python names another interpreter.
// The machine may be shared: RegX and PyTorch run in turns (--rounds, 3 by default) and each
// keeps its best figure, so that both see the same conditions.
import { spawnSync } from 'node:child_process';
import * as path from 'node:path';
import { parseArgs } from 'node:util';
import { batchThreads, chooseEngine } from '../src/runtime/choose-engine';
import type { RunSpec } from '../src/runtime/engine';
import { fastEngine } from '../src/runtime/fast-engine';
import type { Dataset, Split } from '../src/core/dataset';
import { initParams } from '../src/core/mlp';
import { Random } from '../src/core/random';
import { epochStepsPerSecond, lineSamples, loadLineData, root, widthSpec } from './common';

const { values } = parseArgs({
  options: { python: { type: 'string', default: '/usr/bin/python3' }, rounds: { type: 'string', default: '3' }, seconds: { type: 'string', default: '1' } },
});
const rounds = Number(values.rounds);
const seconds = Number(values.seconds);

interface Case {
  name: string;
  /** Units per layer, input to output. */
  sizes: number[];
  batch: number;
  /** A softmax classifier with categorical cross-entropy over this many classes (the output's units), on random rows labelled by a random linear map; absent: MSE on the line. */
  classes?: number;
}

const cases: Case[] = [
  { name: 'seed network 1-10-10-10-1', sizes: [1, 10, 10, 10, 1], batch: 1 },
  ...([[10, 32], [32, 32], [64, 32], [64, 128], [128, 32], [256, 32]] as const).map(([width, batch]) => ({
    name: `1-${width}-${width}-${width}-1`,
    sizes: [1, width, width, width, 1],
    batch,
  })),
  { name: '50-128-128-10 softmax', sizes: [50, 128, 128, 10], batch: 64, classes: 10 },
];

const training = { learningRate: 0.001, l1: 0.01 };

/** lineSamples rows of `inputs` values in [-1, 1], each labelled by the largest of `classes` random linear scores. */
function classifierData(inputs: number, classes: number): Dataset {
  const random = new Random(3);
  const map = Float32Array.from({ length: inputs * classes }, () => random.uniform(-1, 1));
  const split = (n: number): Split => {
    const x = Float32Array.from({ length: n * inputs }, () => random.uniform(-1, 1));
    const y = new Float32Array(n);
    for (let i = 0; i < n; i++) {
      const scores = Array.from({ length: classes }, (_, k) => x.subarray(i * inputs, (i + 1) * inputs).reduce((sum, v, j) => sum + v * map[j * classes + k], 0));
      y[i] = scores.indexOf(Math.max(...scores));
    }
    return { x, y, n, outlier: new Uint8Array(n) };
  };
  return {
    inputNames: Array.from({ length: inputs }, (_, j) => `x${j + 1}`),
    targetName: 'class',
    d: inputs,
    train: split(lineSamples),
    test: split(64),
    classes: Array.from({ length: classes }, (_, k) => String(k)),
  };
}

function specFor(data: Awaited<ReturnType<typeof loadLineData>>, c: Case): RunSpec {
  const base = widthSpec(data, c.sizes[1], c.batch);
  const hidden = c.sizes.slice(1, -1).map((units) => ({ units, activation: 'relu' as const }));
  const outputs = c.sizes[c.sizes.length - 1];
  return {
    ...base,
    inputs: c.sizes[0],
    hidden,
    ...(c.classes ? { dataset: classifierData(c.sizes[0], c.classes) } : {}),
    initialParams: initParams(c.sizes[0], hidden, 'glorotUniform', new Random(1), outputs),
    training: { ...base.training, loss: c.classes ? 'categoricalCrossentropy' : 'mse', learningRate: training.learningRate },
    penalty: { ...base.penalty, l1: training.l1, l2: 0, l1Method: 'subgradient', regularizeBiases: false },
  };
}

/** A case's row in the table, and its name for bench/pytorch.py. */
function key(c: Case): string {
  return `${c.name}, batch ${c.batch}`;
}

function pytorchStepsPerSecond(threads: number): Map<string, number> {
  const input = JSON.stringify(cases.map((c) => ({ ...c, name: key(c), rows: lineSamples, ...training })));
  const run = spawnSync(values.python!, [path.join(root, 'bench', 'pytorch.py'), String(threads), String(seconds)], { input, encoding: 'utf8' });
  if (run.status !== 0) throw new Error(`bench/pytorch.py with ${values.python} failed (is python3-torch installed?):\n${run.stderr}`);
  const rates = new Map<string, number>();
  for (const line of run.stdout.trim().split('\n')) {
    const { name, stepsPerSecond } = JSON.parse(line) as { name: string; stepsPerSecond: number };
    rates.set(name, stepsPerSecond);
  }
  return rates;
}

(async () => {
  const data = await loadLineData();
  // One thread; every batch on two; and a lone run on two cores as RegX trains it (chooseEngine
  // allowed two threads: the second where TWO_THREADS_MIN_WORK says, on the batches it times faster).
  const engines = { 1: fastEngine(), 2: fastEngine({ batchThreads: 2, fixedThreads: true }) };
  const best = { regx1: new Map<string, number>(), regx2: new Map<string, number>(), regxAuto: new Map<string, number>(), torch1: new Map<string, number>(), torch2: new Map<string, number>() };
  const keep = (map: Map<string, number>, key: string, value: number) => map.set(key, Math.max(map.get(key) ?? 0, value));
  const noTensorflow = () => Promise.reject(new Error('the fast engine was forced'));
  for (let round = 0; round < rounds; round++) {
    for (const c of cases) {
      const spec = specFor(data, c);
      keep(best.regx1, key(c), epochStepsPerSecond(engines[1], spec, seconds));
      // Batch 1 runs row by row in JavaScript, on one thread whatever it is allowed.
      if (c.batch > 1) keep(best.regx2, key(c), epochStepsPerSecond(engines[2], spec, seconds));
      const { engine } = await chooseEngine(spec, 'fast', noTensorflow, 2);
      keep(best.regxAuto, key(c), epochStepsPerSecond(engine, spec, seconds));
    }
    for (const [threads, map] of [[1, best.torch1], [2, best.torch2]] as const) {
      const rates = pytorchStepsPerSecond(threads);
      for (const c of cases) keep(map, key(c), rates.get(key(c)) ?? 0);
    }
  }
  const count = (n: number) => Math.round(n).toLocaleString('en-US');
  const ratio = (n: number) => `${n.toFixed(2)}×`;
  console.log(
    `| network, batch | weights | PyTorch, 1 thread | PyTorch, 2 threads | RegX (${engines[1].backend}), 1 thread | RegX, every batch on 2 threads | RegX on 2 cores (threads as decided) | RegX / PyTorch, 1 thread | RegX / PyTorch, 2 threads |`,
  );
  console.log('| --- | --- | --- | --- | --- | --- | --- | --- | --- |');
  for (const c of cases) {
    const k = key(c);
    const hidden = c.sizes.slice(1, -1).map((units) => ({ units, activation: 'relu' as const }));
    const weights = initParams(c.sizes[0], hidden, 'glorotUniform', new Random(1), c.sizes[c.sizes.length - 1]).reduce((sum, l) => sum + l.kernel.length + l.bias.length, 0);
    const regx1 = best.regx1.get(k)!;
    const regx2 = best.regx2.get(k);
    const autoThreads = batchThreads({ inputs: c.sizes[0], hidden, training: { batchSize: c.batch } }, undefined, 2);
    const onTwoCores = best.regxAuto.get(k)!;
    const [torch1, torch2] = [best.torch1.get(k)!, best.torch2.get(k)!];
    console.log(
      `| ${k} | ${count(weights)} | ${count(torch1)} | ${count(torch2)} | ${count(regx1)} | ${regx2 === undefined ? '-' : count(regx2)} | ${count(onTwoCores)} (${autoThreads}) | ${ratio(regx1 / torch1)} | ${ratio(onTwoCores / torch2)} |`,
    );
  }
})();
