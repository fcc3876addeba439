// `npx tsx bench/two-core.ts`: where sharing one run's batches between two threads pays
// (simd-batch.ts, batch-threads.ts). For 1-w-w-w-1 ReLU networks and batches, the fast
// engine's steps/s with each batch on one thread and on two, in turns (--rounds, 3 by default;
// best epoch over --seconds each, best over the rounds), so that both see the same load; then
// the smallest work per step (batch × weights) from which two threads won on every larger row
// measured: what choose-engine.ts' TWO_THREADS_MIN_WORK is set from. Also the time a session
// takes to start its second thread, which a run pays once.
// Same training as the crossover and bench/pytorch.ts: SGD lr 0.001, L1 0.01, the line data.
import * as os from 'node:os';
import { parseArgs } from 'node:util';
import { TWO_THREADS_MIN_WORK, weightCount } from '../src/runtime/choose-engine';
import { fastEngine } from '../src/runtime/fast-engine';
import { epochStepsPerSecond, loadLineData, widthSpec } from './common';

const { values } = parseArgs({ options: { rounds: { type: 'string', default: '3' }, seconds: { type: 'string', default: '1' } } });
const rounds = Number(values.rounds);
const seconds = Number(values.seconds);

/** [width, batch]: the small networks, the rows (1-64-64-64-1 at 128, 1-128-128-128-1 at 32), and wider. */
const cases: [number, number][] = [
  [10, 32],
  [10, 128],
  [32, 32],
  [32, 128],
  [64, 8],
  [64, 32],
  [64, 128],
  [128, 8],
  [128, 32],
  [128, 128],
  [256, 8],
  [256, 32],
  [256, 128],
  [512, 32],
];

(async () => {
  const started = performance.now();
  const loadAtStart = os.loadavg()[0];
  const data = await loadLineData();
  // Every batch on two threads: what they do, without the session's own timing of both ways.
  const engines = { 1: fastEngine({ batchKernel: 'wasm-simd', batchThreads: 1 }), 2: fastEngine({ batchKernel: 'wasm-simd', batchThreads: 2, fixedThreads: true }) };
  const best = { 1: new Map<string, number>(), 2: new Map<string, number>() };
  const key = ([width, batch]: [number, number]) => `${width}/${batch}`;
  for (let round = 0; round < rounds; round++) {
    for (const c of cases) {
      for (const threads of [1, 2] as const) {
        const rate = epochStepsPerSecond(engines[threads], widthSpec(data, c[0], c[1]), seconds);
        best[threads].set(key(c), Math.max(best[threads].get(key(c)) ?? 0, rate));
      }
    }
  }

  // Starting the second thread: a session's creation with it, less one without.
  const spec = widthSpec(data, 128, 32);
  const startTimes: number[] = [];
  for (let i = 0; i < 5; i++) {
    for (const threads of [1, 2] as const) {
      const t = performance.now();
      engines[threads].createSession(spec).dispose();
      startTimes.push((threads === 2 ? 1 : -1) * (performance.now() - t));
    }
  }
  const startMs = (startTimes.reduce((sum, t) => sum + t, 0) / 5).toFixed(0);

  const count = (n: number) => Math.round(n).toLocaleString('en-US');
  const rows = cases.map((c) => {
    const weights = weightCount({ inputs: 1, hidden: [c[0], c[0], c[0]].map((units) => ({ units, activation: 'relu' as const })) });
    const [one, two] = [best[1].get(key(c))!, best[2].get(key(c))!];
    return { c, weights, work: weights * c[1], one, two };
  });
  rows.sort((a, b) => a.work - b.work);
  // The smallest work from which two threads won on every row of that work and more.
  let from = Infinity;
  for (let i = rows.length - 1; i >= 0 && rows[i].two > rows[i].one; i--) from = rows[i].work;

  console.log(`2 threads against 1, ${os.availableParallelism()} cores, Node ${process.versions.node}, load average ${loadAtStart.toFixed(2)} at the start, ${os.loadavg()[0].toFixed(2)} at the end; ${rounds} rounds of ${seconds} s, best of each.\n`);
  console.log(`| network | batch | weights | work (batch × weights) | 1 thread (steps/s) | 2 threads (steps/s) | 2 threads / 1 | auto (TWO_THREADS_MIN_WORK ${count(TWO_THREADS_MIN_WORK)}) |`);
  console.log('| --- | --- | --- | --- | --- | --- | --- | --- |');
  for (const { c, weights, work, one, two } of rows) {
    console.log(`| 1-${c[0]}-${c[0]}-${c[0]}-1 | ${c[1]} | ${count(weights)} | ${count(work)} | ${count(one)} | ${count(two)} | ${(two / one).toFixed(2)}× | ${work >= TWO_THREADS_MIN_WORK ? 2 : 1} |`);
  }
  console.log(`\nTwo threads won on every row from a work of ${from === Infinity ? '(none)' : count(from)} on.`);
  console.log(`Starting a session's second thread took ${startMs} ms (mean of 5).`);
  console.log(`bench took ${((performance.now() - started) / 1000).toFixed(0)} s`);
})();
