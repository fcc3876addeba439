// Every example proves its point: each is trained exactly as shipped and its description's
// claim is asserted, then again with two other seeds (other data, splits and initial
// weights), so that the claim holds for the method and not for one lucky draw.
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { describe, test } from 'node:test';
import { parseExperiment, type Experiment } from '../../src/core/experiment';
import type { ResultsDocument, RunResult } from '../../src/core/results';
import * as analysis from '../../src/core/analysis';
import type { PairedComparison } from '../../src/core/analysis/paired';
import { runExperiment } from '../../src/runtime/run-experiment';
import { fruitCsv, fruitCsvPath } from '../support/fruit-csv';

const examples = path.resolve(__dirname, '../../examples');

function load(file: string): Experiment {
  const parsed = parseExperiment(fs.readFileSync(path.join(examples, file), 'utf8'));
  assert.ok(parsed.ok, `${file}: ${parsed.problems.map((p) => `${p.path}: ${p.message}`).join('; ')}`);
  return parsed.experiment;
}

async function train(file: string, experiment: Experiment): Promise<ResultsDocument> {
  let results: ResultsDocument | undefined;
  await runExperiment(experiment, {
    experimentPath: path.join(examples, file),
    threads: 2,
    emit: (message) => {
      if (message.type === 'finished') results = message.results;
      if (message.type === 'error') assert.fail(`${file}: ${message.message}`);
    },
  });
  assert.ok(results, `${file}: training finished without results`);
  return results;
}

function runsOf(results: ResultsDocument, variant: string): RunResult[] {
  const found = results.variants.find((v) => v.variant.name === variant);
  assert.ok(found, `no variant "${variant}"`);
  assert.equal(found.runs.length, results.experiment.runs, `${variant}: every run finished`);
  return found.runs;
}

/** Live neurons per hidden layer of a run. */
const live = (run: RunResult) => run.analysis.plan.layers.map((l) => l.live);

/** The inputs a linear model's run keeps: those with a non-zero weight. */
const keptInputs = (results: ResultsDocument, run: RunResult) =>
  results.dataset.inputNames.filter((_, j) => Math.abs(run.params[0].kernel[j]) > results.experiment.sparsity.threshold);

/** The paired comparison of a against b as results.json holds it (and the CLI and the panel show it). */
function comparison(results: ResultsDocument, a: string, b: string): PairedComparison {
  const found = results.comparisons?.find((c) => c.a === a && c.b === b);
  assert.ok(found, `results compare ${a} with ${b}`);
  return found;
}

/** The inputs a run of a network does not use, by the unused-inputs analysis of its first layer's weights. */
const unusedNames = (run: RunResult) => run.analysis.unusedInputs.map((u) => u.name);

/** A classifier's accuracy on every test row. */
function testAccuracy(run: RunResult): number {
  assert.ok(run.classification, `run ${run.run + 1} of ${run.variant} is a classifier's`);
  return run.classification.accuracy;
}

/**
 * A feature-selection claim: in every run, `penalized` leaves exactly `dropped` unused (first-layer
 * weights at 0, or feeding only dead neurons) at a test accuracy of at least `accuracy`, and
 * `none` uses every input.
 */
function keepsAndDrops(results: ResultsDocument, penalized: string, dropped: string[], accuracy: number): void {
  const kept = results.dataset.inputNames.filter((name) => !dropped.includes(name));
  for (const run of runsOf(results, penalized)) {
    assert.deepEqual(unusedNames(run), dropped, `${penalized} run ${run.run + 1} keeps exactly ${kept.join(', ')}`);
    assert.ok(testAccuracy(run) >= accuracy, `${penalized} run ${run.run + 1}: test accuracy ${testAccuracy(run)}, expected at least ${accuracy}`);
  }
  for (const run of runsOf(results, 'none')) assert.deepEqual(unusedNames(run), [], `none run ${run.run + 1} uses every input`);
}

/** A claim is checked on the results; `asShipped` is false for the two other seeds. */
const claims: Record<string, (results: ResultsDocument, asShipped: boolean) => void> = {
  'seed-l1-vs-l2.regx.json': (results, asShipped) => {
    const l1 = runsOf(results, 'L1');
    const l2 = runsOf(results, 'L2');
    if (asShipped) for (const run of [...l1, ...l2]) assert.equal(run.analysis.deadBeforeTraining?.[0] ?? 0, 0, `run ${run.run + 1}: no first-layer neuron is dead or constant before training`);
    l1.forEach((run, r) => {
      assert.ok(live(run).every((count) => count <= 1), `L1 run ${r + 1}: live neurons ${live(run)}, expected at most 1 per layer`);
      assert.ok(live(l2[r]).every((count) => count >= 3), `L2 run ${r + 1}: live neurons ${live(l2[r])}, expected at least 3 per layer`);
    });
    const mean = (runs: RunResult[]) => runs.reduce((s, run) => s + run.testAbsError, 0) / runs.length;
    assert.ok(mean(l2) < mean(l1), `L2's mean test |error| ${mean(l2)} is below L1's ${mean(l1)}`);
    const gap = comparison(results, 'L1', 'L2');
    assert.equal(gap.named, true, 'L1 against L2 is the pair the file names');
    if (asShipped) assert.ok(gap.interval[0] <= 0 && gap.interval[1] >= 0, `as shipped, five runs do not resolve the gap: L1 - L2 = ${gap.meanDifference}, 95% interval ${gap.interval}`);
  },
  'seed-group-lasso.regx.json': (results, asShipped) => {
    const wholeZero = (run: RunResult) => analysis.wholeZeroCounts(run.analysis.exactZeroNeurons!);
    for (const variant of ['group', 'sparse group']) {
      for (const run of runsOf(results, variant)) assert.ok(wholeZero(run).every((k) => k >= 2), `${variant} run ${run.run + 1}: neurons at exactly 0 per layer ${wholeZero(run)}, expected at least 2`);
    }
    for (const run of runsOf(results, 'L1 proximal')) assert.ok(wholeZero(run).every((k) => k >= 5), `L1 proximal run ${run.run + 1}: neurons at exactly 0 per layer ${wholeZero(run)}, expected at least 5`);
    for (const run of runsOf(results, 'L1')) {
      assert.deepEqual(wholeZero(run), [0, 0, 0], `L1 run ${run.run + 1} sets no neuron exactly to 0`);
      assert.ok(live(run).every((count) => count <= 1), `L1 run ${run.run + 1}: live neurons ${live(run)}, expected at most 1 per layer`);
    }
    const mean = (variant: string) => runsOf(results, variant).reduce((s, run) => s + run.testAbsError, 0) / results.experiment.runs;
    assert.ok(mean('sparse group') <= 1.25 * mean('none'), `the sparse group lasso's mean test |error| ${mean('sparse group')} is within 25% of no penalty's ${mean('none')}`);
    assert.ok(mean('sparse group') < 0.5 * mean('L1'), `the sparse group lasso's mean test |error| ${mean('sparse group')} is less than half of L1's ${mean('L1')}`);
    if (asShipped) {
      for (const other of ['L1', 'none']) {
        const gap = comparison(results, 'sparse group', other);
        assert.ok(gap.interval[0] <= 0 && gap.interval[1] >= 0, `as shipped, five runs do not resolve sparse group - ${other} = ${gap.meanDifference}, 95% interval ${gap.interval}`);
      }
    }
  },
  'sparse-features.regx.json': (results) => {
    const informative = results.dataset.inputNames.slice(0, 5);
    for (const run of runsOf(results, 'L1 cumulative')) {
      assert.deepEqual(keptInputs(results, run), informative, `L1 run ${run.run + 1} keeps exactly x1..x5`);
      const kernel = Array.from(run.params[0].kernel);
      assert.ok(kernel.slice(5).every((w) => w === 0), `L1 run ${run.run + 1}: the 15 others are exactly 0, got ${kernel.slice(5)}`);
      assert.deepEqual(run.analysis.certifiedZeros && { zeros: run.analysis.certifiedZeros.zeros, certified: run.analysis.certifiedZeros.certified }, { zeros: 15, certified: 15 });
    }
    for (const variant of ['L2', 'none']) {
      for (const run of runsOf(results, variant)) assert.equal(run.analysis.sparsity.kernel.exactZeros, 0, `${variant} run ${run.run + 1} sets no weight to exactly 0`);
    }
  },
  'choose-lambda.regx.json': (results) => {
    const lasso = results.paths?.find((p) => p.variant === 'lasso');
    assert.ok(lasso, 'the lasso path is in the results');
    const informative = results.dataset.inputNames.slice(0, 5);
    const kept = (index: number) => lasso.points[index].nonZeroInputs ?? [];
    const noise = (index: number) => kept(index).filter((name) => !informative.includes(name));
    assert.deepEqual(kept(0), [], 'every coefficient is exactly 0 at λ_max');
    assert.ok(lasso.coefficients!.subarray(0, results.dataset.d).every((w) => w === 0), 'and so in the stored coefficients');
    for (const [name, choice] of [['λ_1se', lasso.lambda1se], ['λ_min', lasso.lambdaMin]] as const) {
      assert.deepEqual(kept(choice.index).filter((n) => informative.includes(n)), informative, `${name} keeps x1..x5`);
    }
    assert.ok(noise(lasso.lambda1se.index).length <= 2, `λ_1se keeps at most 2 noise inputs, got ${noise(lasso.lambda1se.index)}`);
    assert.ok(noise(lasso.lambdaMin.index).length >= 5, `λ_min keeps at least 5 noise inputs, got ${noise(lasso.lambdaMin.index)}`);
    const [none] = runsOf(results, 'none');
    const noneMse = none.testErrors.rmse ** 2;
    assert.ok(lasso.lambdaMin.test.mean <= noneMse * 1.05, `λ_min tests at ${lasso.lambdaMin.test.mean}, none at ${noneMse}`);
    assert.ok(lasso.lambda1se.test.mean <= noneMse * 1.15, `λ_1se tests at ${lasso.lambda1se.test.mean}, none at ${noneMse}`);
  },
  'playground-circle.regx.json': (results) => {
    keepsAndDrops(results, 'L1', ['x1', 'x2', 'x1x2', 'sinX1', 'sinX2'], 0.95);
  },
  'playground-xor.regx.json': (results) => {
    keepsAndDrops(results, 'L1', ['x1', 'x2', 'x1Squared', 'x2Squared', 'sinX1', 'sinX2'], 0.95);
  },
  'fruit-csv.regx.json': (results) => {
    assert.deepEqual(results.dataset.classes, ['apple', 'banana', 'cherry'], 'the classes by name, sorted');
    keepsAndDrops(results, 'L1', ['price_tag', 'crate'], 0.95);
  },
  'houses-csv.regx.json': (results) => {
    const unused = (run: RunResult) => run.analysis.unusedInputs.map((u) => u.name);
    for (const run of runsOf(results, 'L1 cumulative')) {
      assert.deepEqual(unused(run), ['distance_to_park', 'lucky_number'], `L1 run ${run.run + 1} uses exactly area, rooms and age`);
    }
    for (const variant of ['L2', 'none']) {
      for (const run of runsOf(results, variant)) assert.deepEqual(unused(run), [], `${variant} run ${run.run + 1} uses all five columns`);
    }
  },
};

describe('the examples prove their claims', () => {
  const files = fs.readdirSync(examples).filter((f) => f.endsWith('.regx.json'));

  test('fruit.csv is exactly what test/support/fruit-csv.ts makes from its seed', () => {
    assert.equal(fs.readFileSync(fruitCsvPath, 'utf8'), fruitCsv());
  });

  test('every example has a claim checked here, an unpenalized variant, and states its claim', () => {
    assert.deepEqual(files.filter((f) => !(f in claims)), [], 'examples without a claim test');
    for (const file of files) {
      const experiment = load(file);
      assert.ok(experiment.variants.some((v) => v.l1 === 0 && v.l2 === 0 && !v.group), `${file} has an unpenalized variant`);
      assert.match(experiment.description ?? '', /Claim, checked by a test/, `${file} states its claim`);
    }
  });

  for (const file of files) {
    const shipped = load(file);
    // Other seeds far from the shipped one: run r uses seed + r, so near seeds would share runs.
    for (const seed of [shipped.seed, shipped.seed + 100, shipped.seed + 200]) {
      test(`${file} with seed ${seed}${seed === shipped.seed ? ' (as shipped)' : ''}`, async () => {
        claims[file]?.(await train(file, { ...shipped, seed }), seed === shipped.seed);
      });
    }
  }
});
