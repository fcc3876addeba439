// The README's section "Shrinking, verified by training" states results: RegX's runs of the
// article's shrunk network (hidden 10-10-1) and what verifying the seed example's suggested
// sizes by training finds. This test trains both as the README says and requires every
// figure of that section to be what the trainings give.
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { test } from 'node:test';
import { parseExperiment, type Experiment } from '../../src/core/experiment';
import type { ResultsDocument } from '../../src/core/results';
import { runExperiment } from '../../src/runtime/run-experiment';
import { verifyShrink } from '../../src/runtime/verify-shrink';

const root = path.resolve(__dirname, '../..');
const seedFile = path.join(root, 'examples/seed-l1-vs-l2.regx.json');
const articleShrunk = [7.62, 13.85, 11.96, 16.95, 25.17];

function seedExperiment(): Experiment {
  const parsed = parseExperiment(fs.readFileSync(seedFile, 'utf8'));
  assert.ok(parsed.ok);
  return parsed.experiment;
}

async function train(experiment: Experiment): Promise<ResultsDocument> {
  let results: ResultsDocument | undefined;
  await runExperiment(experiment, { experimentPath: seedFile, threads: 2, emit: (m) => m.type === 'finished' && (results = m.results) });
  assert.ok(results);
  return results;
}

function section(): string {
  const readme = fs.readFileSync(path.join(root, 'README.md'), 'utf8');
  const start = readme.indexOf('### Shrinking, verified by training');
  assert.ok(start >= 0, 'the README has the section');
  return readme.slice(start, readme.indexOf('## Engines and speed', start)).replace(/\s+/g, ' ');
}

const two = (x: number) => x.toFixed(2);
const mean = (xs: number[]) => xs.reduce((s, x) => s + x, 0) / xs.length;
const sd = (xs: number[]) => Math.sqrt(xs.reduce((s, x) => s + (x - mean(xs)) ** 2, 0) / (xs.length - 1));
const sizes = (s: number[]) => `[${s.join(', ')}]`;

test("the README's shrink section states what training the shrunk network and verifying the suggestion give", async () => {
  const text = section();
  const seed = seedExperiment();

  // The article's shrink: the seed example with hidden 10-10-1, L1 only.
  const layers = seed.model.layers.map((layer, l) => (l === 2 ? { ...layer, units: 1 } : layer));
  const shrunk = await train({ ...seed, model: { ...seed.model, layers }, variants: seed.variants.filter((v) => v.name === 'L1') });
  const l1 = shrunk.variants[0].runs.map((r) => r.testAbsError);
  l1.forEach((e, r) => assert.ok(text.includes(`| ${r + 1} | ${two(articleShrunk[r])} | ${two(e)} |`), `run ${r + 1}: ${two(e)}`));
  assert.ok(text.includes(`| mean ± sd | ${two(mean(articleShrunk))} ± ${two(sd(articleShrunk))} | ${two(mean(l1))} ± ${two(sd(l1))} |`), 'the means');
  const constant = shrunk.variants[0].runs.filter((r) => r.analysis.plan.layers[2].live === 0).length;
  assert.ok(text.includes(`In ${['no', 'one', 'two', 'three', 'four', 'five'][constant]} of RegX's five runs the single ReLU`), `${constant} runs predict a constant`);

  // The verification of the seed example as shipped, default settings.
  const verifications = await verifyShrink(await train(seed), { experimentPath: seedFile, threads: 2 });
  assert.ok(text.includes('no smaller size passes'));
  for (const v of verifications) {
    assert.equal(v.suggestion, undefined, `${v.variant}: no size passed`);
    const tried = v.tried.map((t) => sizes(t.sizes)).join(', ');
    const last = v.tried[v.tried.length - 1];
    const why = v.tried.every((t) => t.collapsedRuns.length > 0)
      ? `runs collapsed to a constant: ${v.tried.map((t) => t.collapsedRuns.length).join(', ').replace(/, (\d+)$/, ' and $1')} of 5`
      : last.verdict;
    assert.ok(text.includes(`| ${v.variant} | ${sizes(v.tried[0].sizes)} | ${tried} | ${why} |`), `${v.variant}: ${tried}: ${why}`);
  }
});
