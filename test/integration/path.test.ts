// Path variants end to end: through runExperiment (exact and trained paths, the same numbers
// on one thread or two), through the results files, and through the CLI's table.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { describe, test } from 'node:test';
import { parseExperiment, type Experiment } from '../../src/core/experiment';
import { linearPath } from '../../src/core/path/coordinate-descent';
import { strengthsAt } from '../../src/core/path/grid';
import type { ResultsDocument } from '../../src/core/results';
import { decodeResults, encodeResults } from '../../src/core/results-codec';
import { loadDataset } from '../../src/runtime/data';
import { runExperiment, runSpec } from '../../src/runtime/run-experiment';
import { trainRun } from '../../src/runtime/engine';
import { fastEngine } from '../../src/runtime/fast-engine';
import { BISECTION_EPOCHS } from '../../src/core/path/bisection';

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'regx-path-'));

function experimentFrom(json: object): Experiment {
  const parsed = parseExperiment(JSON.stringify(json));
  assert.ok(parsed.ok, parsed.problems.map((p) => `${p.path}: ${p.message}`).join('; '));
  return parsed.experiment;
}

async function train(experiment: Experiment, threads: number): Promise<ResultsDocument> {
  let results: ResultsDocument | undefined;
  await runExperiment(experiment, {
    experimentPath: path.join(dir, 'x.regx.json'),
    threads,
    emit: (m) => {
      if (m.type === 'finished') results = m.results;
      if (m.type === 'error') assert.fail(m.message);
    },
  });
  assert.ok(results);
  return results;
}

const linear = {
  name: 'linear path',
  seed: 5,
  data: { kind: 'sparse-linear', samples: 120, features: 6, informative: 2, noise: 0.3 },
  training: { loss: 'mse' },
  variants: [{ name: 'lasso', path: { count: 20, folds: 4 } }, { name: 'ridge', path: { l1Ratio: 0, count: 10 } }],
};

const network = {
  name: 'network path',
  seed: 2,
  runs: 2,
  data: { kind: 'line', samples: 40, xMin: -2, xMax: 2 },
  model: { layers: [4] },
  training: { optimizer: 'sgd', learningRate: 0.05, batchSize: 4, epochs: 15, loss: 'mse' },
  sparsity: { threshold: 0.01 },
  variants: [{ name: 'none' }, { name: 'L1', l1Method: 'proximal', path: { count: 4, folds: 3 } }],
};

describe('path variants', () => {
  test('an exact linear path stores the coordinate-descent coefficients of the whole training split at every λ', async () => {
    const experiment = experimentFrom(linear);
    const results = await train(experiment, 1);
    assert.deepEqual(results.variants, [], 'path variants train no fixed-λ runs');
    const [lasso, ridge] = results.paths!;
    assert.equal(lasso.method, 'exact');
    assert.equal(lasso.points.length, 20);
    assert.equal(lasso.top.from, 'exact');
    assert.equal(ridge.top.from, 'exact', 'pure L2 takes λ_max as if its L1 share were 0.001');
    const dataset = await loadDataset(experiment.data, experiment.seed, dir);
    const expected = linearPath({ ...dataset.train, d: dataset.d }, lasso.points.map((p) => strengthsAt(p.lambda, 1, 'tfjs')), { regularizeBiases: false });
    expected.forEach((solution, k) => {
      assert.deepEqual(Array.from(lasso.coefficients!.subarray(k * dataset.d, (k + 1) * dataset.d)), Array.from(Float32Array.from(solution.weights)));
      assert.equal(lasso.points[k].nonZero, solution.weights.filter((w) => w !== 0).length);
    });
    for (const p of lasso.points) assert.equal(p.validation.count, 4, 'one error per fold');
    // Beside the optimum, SGD at each λ: never below it (up to rounding), and above it somewhere.
    const gaps = lasso.sgd!.objectiveGap;
    assert.equal(gaps.length, 20);
    assert.ok(gaps.every((g) => g >= -1e-9), `SGD never beats the optimum: ${gaps}`);
    assert.ok(gaps.some((g) => g > 1e-6), 'and stays above it at some λ');
    assert.equal(lasso.sgd!.l1Method, 'subgradient');
    assert.ok(lasso.lambda1se.lambda >= lasso.lambdaMin.lambda);
    assert.ok(lasso.lambda1se.validation.mean <= lasso.lambdaMin.validation.mean + lasso.lambdaMin.validation.se);
  });

  test('the results files keep the whole path, coefficients included', async () => {
    const results = await train(experimentFrom(linear), 1);
    const { json, binary } = encodeResults(results, 'results.bin');
    const bytes = new Uint8Array(binary.reduce((s, part) => s + part.byteLength, 0));
    binary.reduce((offset, part) => (bytes.set(part, offset), offset + part.byteLength), 0);
    const read = decodeResults(json, bytes);
    assert.deepEqual(read.paths!.map((p) => p.points.map((q) => q.lambda)), results.paths!.map((p) => p.points.map((q) => q.lambda)));
    assert.ok(read.paths![0].coefficients instanceof Float32Array);
    assert.deepEqual(Array.from(read.paths![0].sgd!.coefficients), Array.from(results.paths![0].sgd!.coefficients));
    assert.deepEqual(read.paths![0].sgd!.objectiveGap, results.paths![0].sgd!.objectiveGap);
    assert.deepEqual(Array.from(read.paths![0].coefficients!), Array.from(results.paths![0].coefficients!));
    assert.deepEqual(read.paths![0].lambdaMin, results.paths![0].lambdaMin);
  });

  test('a network path: λ_max by bisection kills every weight, folds × runs per λ, the same numbers on one thread or two', async () => {
    const experiment = experimentFrom(network);
    const [one, two] = [await train(experiment, 1), await train(experiment, 2)];
    const path1 = one.paths![0];
    assert.equal(path1.method, 'trained');
    assert.equal(path1.top.from, 'bisection');
    // The edge the bisection found: a short training of run 0 on the training split dies at it, and lives 5% below it.
    const dataset = await loadDataset(experiment.data, experiment.seed, dir);
    const shortTraining = async (lambda: number) => {
      const spec = runSpec({ ...experiment, training: { ...experiment.training, epochs: Math.min(BISECTION_EPOCHS, experiment.training.epochs) } }, { l1: lambda, l2: 0, l1Method: 'proximal' }, 0, dataset);
      const outcome = await trainRun(fastEngine(), { ...spec, finalOnly: true });
      return outcome.params.every((layer) => layer.kernel.every((w) => Math.abs(w) <= experiment.sparsity.threshold));
    };
    assert.equal(await shortTraining(path1.top.lambda), true, `every weight dies at λ_max ${path1.top.lambda}`);
    assert.equal(await shortTraining(path1.top.lambda / 1.05), false, 'some weight lives 5% below it');
    assert.ok(path1.points[0].zeroShare >= 0.9, `at the top of the grid nearly every weight of the other folds and runs is zero too: ${path1.points[0].zeroShare}`);
    assert.ok(path1.points[3].zeroShare < 0.5, 'at the bottom most weights live');
    for (const p of path1.points) {
      assert.equal(p.validation.count, 6, '3 folds × 2 runs');
      assert.equal(p.liveNeurons?.length, 1);
    }
    assert.equal(path1.lambdaMin.test.runs, 2, 'refit with both runs');
    assert.deepEqual(two.paths, one.paths!.map((p) => ({ ...p, seconds: two.paths![0].seconds })), 'reproducible across threads');
    assert.equal(one.variants.length, 1, 'the fixed variant trains as before');
  });

  test('regx train prints the path with λ_min and λ_1se marked', () => {
    const file = path.join(dir, 'linear.regx.json');
    fs.writeFileSync(file, JSON.stringify(linear));
    const cli = path.resolve(__dirname, '../../dist/cli.js');
    const result = spawnSync(process.execPath, [cli, 'train', file, '--out', path.join(dir, 'out')], { encoding: 'utf8' });
    assert.equal(result.status, 0, result.stderr);
    assert.match(result.stdout, /Path lasso:/);
    assert.match(result.stdout, /λ\s+Validation error ± se\s+Kept\s+Test error\s+SGD above optimum/);
    assert.match(result.stdout, /^λ_min( λ_1se)? →/m);
    assert.match(result.stdout, /λ_1se →/);
    assert.match(result.stdout, /^λ_min = [\d.e-]+: validation [\d.]+ ± [\d.]+; refit on the whole training split: test error/m);
    const stored = JSON.parse(fs.readFileSync(path.join(dir, 'out', 'results.json'), 'utf8'));
    assert.equal(stored.paths.length, 2);
  });
});
