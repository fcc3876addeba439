// One λ slider step, trainer side: `npx tsx bench/slider-step.ts [--rounds N]` (needs
// `npm run build`: it forks dist/trainer.js as the editor does). A step trains one variant
// alone at a new λ; this measures it from the request to its outcome (results in the host's
// hands), three ways:
//   cold   a trainer process of its own per step (TrainerClient), as before the warm trainer
//   first  the first step of a warm trainer (its process starts)
//   warm   the next steps in the same warm trainer (data set and worker threads kept)
// on sparse-features' L2 (3 runs × 200 epochs at batch 10) and the seed example's L1 (5 runs
// × 100 epochs at batch 1). Best and median of the rounds. The editor adds its checks, saving
// the results and the panel's redraw (the VS Code test and the UI check print those).
import * as fs from 'node:fs';
import * as path from 'node:path';
import { parseArgs } from 'node:util';
import { parseExperiment, type Experiment } from '../src/core/experiment';
import { TrainerClient, type Training } from '../src/runtime/trainer-client';
import { WarmTrainer } from '../src/runtime/warm-trainer';

const { values } = parseArgs({ options: { rounds: { type: 'string', default: '5' } } });
const rounds = Number(values.rounds);
const root = path.resolve(__dirname, '..');
const trainerPath = path.join(root, 'dist', 'trainer.js');
if (!fs.existsSync(trainerPath)) throw new Error('dist/trainer.js is missing: run `npm run build` first');

function load(file: string): { experiment: Experiment; experimentPath: string } {
  const experimentPath = path.join(root, 'examples', file);
  const parsed = parseExperiment(fs.readFileSync(experimentPath, 'utf8'));
  if (!parsed.ok) throw new Error(`${file}: ${parsed.problems.map((p) => p.message).join('; ')}`);
  return { experiment: parsed.experiment, experimentPath };
}

/** The experiment with `variant`'s l1 or l2 scaled by `factor`, as a slider moves it. */
function moved(experiment: Experiment, variant: string, factor: number): Experiment {
  return { ...experiment, variants: experiment.variants.map((v) => (v.name === variant ? { ...v, l1: v.l1 * factor, l2: v.l2 * factor } : v)) };
}

async function timed(training: () => Training): Promise<number> {
  const started = performance.now();
  const outcome = await training().done;
  if (outcome.status !== 'finished') throw new Error(`a step ended ${outcome.status}`);
  return performance.now() - started;
}

const summary = (ms: number[]) => {
  const sorted = [...ms].sort((a, b) => a - b);
  return `best ${sorted[0].toFixed(0)} ms, median ${sorted[Math.floor(sorted.length / 2)].toFixed(0)} ms`;
};

async function main(): Promise<void> {
  console.log(`| step | cold: a process per step | first step of a warm trainer | warm steps |`);
  console.log(`| --- | --- | --- | --- |`);
  for (const [file, variant, what] of [
    ['sparse-features.regx.json', 'L2', "sparse-features' L2, 3 runs × 200 epochs at batch 10"],
    ['seed-l1-vs-l2.regx.json', 'L1', "the seed example's L1, 5 runs × 100 epochs at batch 1"],
  ] as const) {
    const { experiment, experimentPath } = load(file);
    const request = (k: number) => ({ experiment: moved(experiment, variant, 1 + 0.05 * k), experimentPath, options: { variants: [variant] } });
    const cold: number[] = [];
    const first: number[] = [];
    const warm: number[] = [];
    for (let round = 0; round < rounds; round++) {
      cold.push(await timed(() => TrainerClient.start({ trainerPath, ...request(round) })));
      const trainer = new WarmTrainer(trainerPath);
      try {
        first.push(await timed(() => trainer.train(request(round))));
        for (let k = 1; k <= 3; k++) warm.push(await timed(() => trainer.train(request(round + k))));
      } finally {
        trainer.dispose();
      }
    }
    console.log(`| ${what} | ${summary(cold)} | ${summary(first)} | ${summary(warm)} |`);
  }
}

void main();
