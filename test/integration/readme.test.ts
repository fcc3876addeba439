// The README's section on the first article states results: its table of RegX's runs, the
// live neurons, and the paired comparisons. This test trains the seed example exactly as
// shipped and requires every figure of that section to be what the training gives.
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { test } from 'node:test';
import { pairedComparison, type PairedComparison } from '../../src/core/analysis/paired';
import { parseExperiment } from '../../src/core/experiment';
import type { ResultsDocument, RunResult } from '../../src/core/results';
import { runExperiment } from '../../src/runtime/run-experiment';

const root = path.resolve(__dirname, '../..');
const seedFile = path.join(root, 'examples/seed-l1-vs-l2.regx.json');

async function trainSeedExample(): Promise<ResultsDocument> {
  const parsed = parseExperiment(fs.readFileSync(seedFile, 'utf8'));
  assert.ok(parsed.ok);
  let results: ResultsDocument | undefined;
  await runExperiment(parsed.experiment, {
    experimentPath: seedFile,
    threads: 2,
    emit: (message) => {
      if (message.type === 'finished') results = message.results;
      if (message.type === 'error') assert.fail(message.message);
    },
  });
  assert.ok(results);
  return results;
}

/** The README's lines from the table's header to the paragraph after it. */
function seedSection(): string {
  const readme = fs.readFileSync(path.join(root, 'README.md'), 'utf8');
  const start = readme.indexOf('| run | article, L1 | RegX, L1 | RegX, L2 | RegX, no penalty |');
  assert.ok(start >= 0, 'the README has the table of the seed runs');
  return readme.slice(start, readme.indexOf('What the article leaves open', start));
}

const two = (x: number) => x.toFixed(2);
const signed = (x: number) => (x >= 0 ? '+' : '−') + two(Math.abs(x));
const minus = (x: number) => (x < 0 ? '−' : '') + two(Math.abs(x));
const mean = (xs: number[]) => xs.reduce((s, x) => s + x, 0) / xs.length;
const sd = (xs: number[]) => Math.sqrt(xs.reduce((s, x) => s + (x - mean(xs)) ** 2, 0) / (xs.length - 1));

/** "+12.74, 95% interval 3.19 to 22.29, p = 0.042" or "+40.86, −21.65 to 103.38, p = 0.144" as written. */
function comparisonText(c: PairedComparison, withWords: boolean): string {
  return `${signed(c.meanDifference)}, ${withWords ? '95% interval ' : ''}${minus(c.interval[0])} to ${minus(c.interval[1])}, p = ${c.pAdjusted.toFixed(3)}`;
}

test('the README states the seed example as a training of it gives', async () => {
  const results = await trainSeedExample();
  const section = seedSection().replace(/\s+/g, ' ');
  const errors = (name: string) => results.variants.find((v) => v.variant.name === name)!.runs.map((run: RunResult) => run.testAbsError);
  const [l1, l2, none] = [errors('L1'), errors('L2'), errors('none')];

  for (let r = 0; r < 5; r++) {
    assert.ok(section.includes(`| ${r + 1} | `) && new RegExp(`\\| ${r + 1} \\| [\\d.]+ \\| ${two(l1[r])} \\| ${two(l2[r])} \\| ${two(none[r])} \\|`).test(section), `run ${r + 1}: ${two(l1[r])} ${two(l2[r])} ${two(none[r])}`);
  }
  for (const runs of [l1, l2, none]) assert.ok(section.includes(`${two(mean(runs))} ± ${two(sd(runs))}`), `mean ± sd ${two(mean(runs))} ± ${two(sd(runs))}`);

  const live = results.variants.find((v) => v.variant.name === 'L1')!.runs.map((run) => run.analysis.plan.layers.map((l) => l.live));
  assert.ok(live.every((layers) => layers.every((count) => count <= 1)), 'at most one live neuron per layer in every run');
  assert.deepEqual(live[3], [0, 0, 0], 'in run 4 none');
  assert.ok(mean(l2) < mean(l1), "L2's mean error below L1's");

  const stored = (a: string) => results.comparisons!.find((c) => c.a === a && c.b === 'none')!;
  assert.ok(stored('L2').resolved && section.includes(comparisonText(stored('L2'), true)), comparisonText(stored('L2'), true));
  assert.ok(!stored('L1').resolved && section.includes(comparisonText(stored('L1'), false)), comparisonText(stored('L1'), false));
  assert.ok(section.includes(`about ${stored('L1').estimatedRunsFor80Power} runs would be needed`));
  const l1VsL2 = pairedComparison('L1', l1, 'L2', l2);
  assert.ok(!l1VsL2.resolved && section.includes(comparisonText(l1VsL2, false)), comparisonText(l1VsL2, false));
  assert.ok(section.includes(`about ${l1VsL2.estimatedRunsFor80Power} runs)`));
});
