// `npx tsx bench/before-after.ts --before REV`: the fast engine's steps/s at REV against the
// working tree's, on the seed configuration (batch 1) and on larger networks and batches.
// The machine is shared, so one process runs both versions in turns (--rounds times each)
// and keeps the best figure of each: the two see the same conditions. REV's
// src/runtime/fast-engine.ts is copied beside the current one for the run (its imports then
// resolve to the current engine.ts and core), and removed afterwards.
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { parseArgs } from 'node:util';
import type { Engine, RunSpec } from '../src/runtime/engine';
import { fastEngine } from '../src/runtime/fast-engine';
import { Random, permutation } from '../src/core/random';
import { loadExperiment, loadLineData, loadSeedData, root, runSpecFor, widthSpec } from './common';

const { values } = parseArgs({ options: { before: { type: 'string' }, rounds: { type: 'string', default: '3' } } });
if (!values.before) throw new Error('bench/before-after.ts: --before expects a git revision (a commit, branch or tag), e.g. --before main');
const rounds = Number(values.rounds);
if (!Number.isInteger(rounds) || rounds < 1) throw new Error(`bench/before-after.ts: --rounds expects a whole number ≥ 1, not "${values.rounds}"`);

/** Steps per second of the best of repeated epochs over `seconds`. */
function stepsPerSecond(engine: Engine, spec: RunSpec, seconds = 0.4): number {
  const session = engine.createSession(spec);
  const order = permutation(spec.dataset.train.n, new Random(2));
  const steps = Math.ceil(order.length / spec.training.batchSize);
  session.runEpoch(order); // warm-up
  let best = Infinity;
  const until = performance.now() + seconds * 1000;
  for (let calls = 0; calls < 3 || performance.now() < until; calls++) {
    const started = performance.now();
    session.runEpoch(order);
    best = Math.min(best, performance.now() - started);
  }
  session.dispose();
  return (steps / best) * 1000;
}

(async () => {
  const copy = path.join(root, 'src', 'runtime', `fast-engine.before-${process.pid}.ts`);
  fs.writeFileSync(copy, execFileSync('git', ['show', `${values.before}:src/runtime/fast-engine.ts`], { cwd: root }));
  try {
    const before = ((await import(copy)) as typeof import('../src/runtime/fast-engine')).fastEngine();
    const after = fastEngine();
    const experiment = loadExperiment();
    const seedData = await loadSeedData(experiment);
    const lineData = await loadLineData();
    const seedVariant = experiment.variants.find((v) => v.l1 > 0) ?? experiment.variants[0];
    const cases: [string, RunSpec][] = [
      ['seed configuration 1-10-10-10-1, batch 1', runSpecFor(experiment, seedData, seedVariant, 0)],
      ...([[10, 32], [32, 32], [64, 32], [64, 128], [128, 8], [128, 32], [256, 32]] as const).map(
        ([width, batch]): [string, RunSpec] => [`1-${width}-${width}-${width}-1, batch ${batch}`, widthSpec(lineData, width, batch)],
      ),
    ];
    console.log(`| network, batch | fast engine at ${values.before} (steps/s) | fast engine now (steps/s) | now / before |`);
    console.log('| --- | --- | --- | --- |');
    for (const [name, spec] of cases) {
      let old = 0;
      let now = 0;
      for (let round = 0; round < rounds; round++) {
        old = Math.max(old, stepsPerSecond(before, spec));
        now = Math.max(now, stepsPerSecond(after, spec));
      }
      const count = (n: number) => Math.round(n).toLocaleString('en-US');
      console.log(`| ${name} | ${count(old)} | ${count(now)} | ${(now / old).toFixed(2)}× |`);
    }
  } finally {
    fs.rmSync(copy, { force: true });
  }
})();
