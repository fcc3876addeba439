// `npx tsx bench/pytorch.ts`: the fast engine against PyTorch's eager CPU loop (bench/pytorch.py),
// on the same networks, batches and training: SGD lr 0.001, MSE plus L1 0.01 on the kernels,
// Glorot uniform kernels, 256 rows of the line data. Prints a Markdown table with the ratio of
// each row. PyTorch comes from Debian's python3-torch (`apt-get install python3-torch`), for
// this benchmark only; --python names another interpreter.
// The machine may be shared: RegX and PyTorch run in turns (--rounds, 3 by default) and each
// keeps its best figure, so that both see the same conditions.
import { spawnSync } from 'node:child_process';
import * as path from 'node:path';
import { parseArgs } from 'node:util';
import type { Engine, RunSpec } from '../src/runtime/engine';
import { fastEngine } from '../src/runtime/fast-engine';
import { initParams } from '../src/core/mlp';
import { Random, permutation } from '../src/core/random';
import { lineSamples, loadLineData, root, widthSpec } from './common';

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
}

const cases: Case[] = [
  { name: 'seed network 1-10-10-10-1', sizes: [1, 10, 10, 10, 1], batch: 1 },
  ...([[10, 32], [32, 32], [64, 32], [64, 128], [128, 32], [256, 32]] as const).map(([width, batch]) => ({
    name: `1-${width}-${width}-${width}-1`,
    sizes: [1, width, width, width, 1],
    batch,
  })),
];

const training = { learningRate: 0.001, l1: 0.01 };

function specFor(data: Awaited<ReturnType<typeof loadLineData>>, c: Case): RunSpec {
  const base = widthSpec(data, c.sizes[1], c.batch);
  const hidden = c.sizes.slice(1, -1).map((units) => ({ units, activation: 'relu' as const }));
  return {
    ...base,
    hidden,
    initialParams: initParams(c.sizes[0], hidden, 'glorotUniform', new Random(1)),
    training: { ...base.training, loss: 'mse', learningRate: training.learningRate },
    penalty: { ...base.penalty, l1: training.l1, l2: 0, l1Method: 'subgradient', regularizeBiases: false },
  };
}

/** Steps per second of the best epoch over `seconds` (after one warm-up epoch), as bench/pytorch.py measures. */
function regxStepsPerSecond(engine: Engine, spec: RunSpec): number {
  const session = engine.createSession(spec);
  const random = new Random(2);
  const steps = Math.ceil(spec.dataset.train.n / spec.training.batchSize);
  session.runEpoch(permutation(spec.dataset.train.n, random));
  let best = Infinity;
  const until = performance.now() + seconds * 1000;
  for (let calls = 0; calls < 3 || performance.now() < until; calls++) {
    const order = permutation(spec.dataset.train.n, random);
    const started = performance.now();
    session.runEpoch(order);
    best = Math.min(best, performance.now() - started);
  }
  session.dispose();
  return (steps / best) * 1000;
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
  const engine = fastEngine();
  const best = { regx: new Map<string, number>(), torch1: new Map<string, number>(), torch2: new Map<string, number>() };
  const keep = (map: Map<string, number>, key: string, value: number) => map.set(key, Math.max(map.get(key) ?? 0, value));
  for (let round = 0; round < rounds; round++) {
    for (const c of cases) keep(best.regx, key(c), regxStepsPerSecond(engine, specFor(data, c)));
    for (const [threads, map] of [[1, best.torch1], [2, best.torch2]] as const) {
      const rates = pytorchStepsPerSecond(threads);
      for (const c of cases) keep(map, key(c), rates.get(key(c)) ?? 0);
    }
  }
  const count = (n: number) => Math.round(n).toLocaleString('en-US');
  console.log(`| network, batch | weights | PyTorch, 1 thread | PyTorch, 2 threads | RegX fast engine (${engine.backend}), 1 thread | RegX / PyTorch (1 thread) |`);
  console.log('| --- | --- | --- | --- | --- | --- |');
  for (const c of cases) {
    const k = key(c);
    const weights = initParams(c.sizes[0], c.sizes.slice(1, -1).map((units) => ({ units, activation: 'relu' as const })), 'glorotUniform', new Random(1)).reduce((sum, l) => sum + l.kernel.length + l.bias.length, 0);
    const regx = best.regx.get(k)!;
    const torch1 = best.torch1.get(k)!;
    console.log(`| ${k} | ${count(weights)} | ${count(torch1)} | ${count(best.torch2.get(k)!)} | ${count(regx)} | ${(regx / torch1).toFixed(2)}× |`);
  }
})();
