// Verifying a suggested size by training it again: the rule applied to real trainings, the
// two modes sharing their reference, a cancel that leaves nothing, and the CLI's
// verify-shrink writing what it found into results.json.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { describe, test } from 'node:test';
import { parseExperiment } from '../../src/core/experiment';
import type { ResultsDocument } from '../../src/core/results';
import { readResults } from '../../src/runtime/results-file';
import { runExperiment } from '../../src/runtime/run-experiment';
import { candidateSizes } from '../../src/core/analysis/shrink-verification';
import { VerificationCancelled, verificationCost, verifyShrink } from '../../src/runtime/verify-shrink';

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'regx-verify-'));
// A line fitted by 6 tanh units under a strong proximal L1: most units are switched off, and
// the sizes between the suggestion and the original are worth trying.
const experimentJson = {
  name: 'shrinkable',
  seed: 3,
  runs: 4,
  data: { kind: 'line', samples: 80, slope: 2, intercept: 1, xMin: -2, xMax: 2, noise: 0.1, outliers: 0, testFraction: 0.25 },
  model: { layers: [6], activation: 'tanh' },
  training: { optimizer: 'sgd', learningRate: 0.05, batchSize: 8, epochs: 150, loss: 'mse' },
  sparsity: { threshold: 0.01 },
  variants: [{ name: 'L1', l1: 0.2, l1Method: 'proximal' }],
};
const file = path.join(dir, 'shrinkable.regx.json');
fs.writeFileSync(file, JSON.stringify(experimentJson, null, 2));

async function train(): Promise<ResultsDocument> {
  const parsed = parseExperiment(JSON.stringify(experimentJson));
  assert.ok(parsed.ok);
  let results: ResultsDocument | undefined;
  await runExperiment(parsed.experiment, { experimentPath: file, emit: (m) => m.type === 'finished' && (results = m.results) });
  assert.ok(results);
  return results;
}

describe('verifyShrink', () => {
  test('tries sizes from the suggestion up and accepts only by the rule; the accepted size is retrained on every training row', async () => {
    const results = await train();
    const suggested = results.variants[0].summary.suggestedSizes;
    assert.ok(suggested[0] < 6, `L1 switched units off: suggested ${suggested}`);
    const [verification] = await verifyShrink(results, { experimentPath: file });
    assert.deepEqual(verification.tried[0].sizes, suggested, 'the suggestion is tried first');
    assert.ok(verification.tried.length <= verification.settings.maxSizes);
    assert.equal(verification.validationRows + verification.trainRows, results.dataset.train.rows, 'validation rows come out of the training split');
    verification.tried.forEach((t, i) => {
      const passes = t.collapsedRuns.length === 0 && t.comparison.interval[1] < verification.margin;
      assert.equal(t.accepted, passes, `size ${t.sizes}: ${t.verdict}`);
      if (i < verification.tried.length - 1) assert.equal(t.accepted, false, 'the search stops at the first accepted size');
    });
    const mean = verification.reference.validationErrors.reduce((s, e) => s + e, 0) / results.experiment.runs;
    assert.ok(Math.abs(verification.margin - 0.1 * mean) < 1e-9, 'the margin is a tenth of the reference mean error');
    const accepted = verification.tried.find((t) => t.accepted);
    assert.ok(accepted, `a size passed: ${verification.tried.map((t) => t.verdict).join('; ')}`);
    const suggestion = verification.suggestion;
    assert.ok(suggestion);
    assert.deepEqual(suggestion.sizes, accepted.sizes);
    assert.equal(suggestion.testErrors.length, results.experiment.runs);
    assert.deepEqual(suggestion.originalTestErrors, results.variants[0].summary.testAbsError, 'beside the original test errors');
  });

  test('fine-tuning from the pruned weights shares the reference trainings with retraining', async () => {
    const results = await train();
    const [retrained] = await verifyShrink(results, { experimentPath: file, settings: { maxSizes: 1 } });
    const [fineTuned] = await verifyShrink(results, { experimentPath: file, settings: { maxSizes: 1, mode: 'fine-tune' } });
    assert.deepEqual(fineTuned.reference, retrained.reference, 'same seeds, same rows');
    assert.equal(fineTuned.settings.mode, 'fine-tune');
    assert.deepEqual(fineTuned.tried[0].sizes, retrained.tried[0].sizes);
    assert.notDeepEqual(fineTuned.tried[0].validationErrors, retrained.tried[0].validationErrors, 'another starting point, other errors');
  });

  test('a cancel ends it with VerificationCancelled', async () => {
    const results = await train();
    let done = 0;
    await assert.rejects(
      verifyShrink(results, { experimentPath: file, isCancelled: () => done > 0, onProgress: () => done++ }),
      (error: unknown) => error instanceof VerificationCancelled,
    );
  });

  test('its cost counts the reference, every size it may try and the final training, each for every run', async () => {
    const results = await train();
    const { suggestedSizes, layerSizes } = results.variants[0].summary;
    const tries = candidateSizes(suggestedSizes, layerSizes, 2).length;
    assert.equal(verificationCost(results, { maxSizes: 2 }).trainings, results.experiment.runs * (2 + tries));
  });
});

describe('regx verify-shrink', () => {
  const cli = path.resolve(__dirname, '../../dist/cli.js');
  const regx = (...args: string[]) => spawnSync(process.execPath, [cli, ...args], { cwd: dir, encoding: 'utf8' });

  test('refuses to run without trained results, and names the command that makes them', () => {
    const result = regx('verify-shrink', file, '--out', 'none-yet');
    assert.equal(result.status, 2);
    assert.match(result.stderr, /no results in none-yet[/\\]results\.json; train first \(regx train shrinkable\.regx\.json --out none-yet\)/);
  });

  test('refuses a bad margin', () => {
    const result = regx('verify-shrink', file, '--margin', 'a tenth');
    assert.equal(result.status, 2);
    assert.match(result.stderr, /--margin: expected a positive share/);
  });

  test('prints every size tried and writes the verification into results.json', () => {
    assert.equal(regx('train', file, '--out', 'out', '--quiet').status, 0);
    const result = regx('verify-shrink', file, '--out', 'out', '--quiet');
    assert.equal(result.status, 0, result.stderr);
    assert.match(result.stderr, /verify-shrink: L1 \[6\] → \[\d\]; estimated cost at most: \d+ trainings/);
    assert.match(result.stdout, /\[6\] \(original\)/);
    assert.match(result.stdout, /verification took \d+\.\d s/);
    const stored = readResults(path.join(dir, 'out', 'results.json'));
    const [verification] = stored.shrinkVerification ?? [];
    assert.ok(verification, 'results.json holds the verification');
    assert.equal(verification.variant, 'L1');
    if (verification.suggestion) assert.match(result.stdout, new RegExp(`L1: \\[6\\] → \\[${verification.suggestion.sizes[0]}\\]: retrained \\d+\\.\\d\\d ± \\d+\\.\\d\\d vs`));
  });
});
