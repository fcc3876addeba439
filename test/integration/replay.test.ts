// The step view's replay: a stored run trained again with one weight watched ends on the
// stored weights exactly, and the parts it records are the update rules' parts.
import assert from 'node:assert/strict';
import { before, describe, test } from 'node:test';
import type { Experiment } from '../../src/core/experiment';
import type { ResultsDocument } from '../../src/core/results';
import { loadDataset, type Dataset } from '../../src/runtime/data';
import { replayWeight } from '../../src/runtime/replay';
import { runExperiment } from '../../src/runtime/run-experiment';
import { experimentFrom } from '../support/fixtures';

const lr = 0.01;
const experiment: Experiment = experimentFrom({
  name: 'replay',
  seed: 3,
  runs: 2,
  data: { kind: 'line', samples: 60, xMin: -5, xMax: 5, noise: 0.1 },
  model: { layers: [6, 6] },
  training: { learningRate: lr, batchSize: 1, epochs: 30, loss: 'mae' },
  sparsity: { threshold: 0.01 },
  variants: [
    { name: 'L1', l1: 0.1 },
    { name: 'L2', l2: 0.1 },
    { name: 'group', group: 0.1, l1Method: 'proximal' },
  ],
});

let results: ResultsDocument;
let dataset: Dataset;
before(async () => {
  await runExperiment(experiment, {
    experimentPath: 'replay.regx.json',
    threads: 2,
    emit: (message) => {
      if (message.type === 'finished') results = message.results;
    },
  });
  dataset = await loadDataset(experiment.data, experiment.seed, '.');
});

const stored = (variant: string, run: number) => results.variants.find((v) => v.variant.name === variant)!.runs.find((r) => r.run === run)!.params;

describe('replaying one weight of a stored run', () => {
  test('ends on the stored run\'s weights exactly, every layer, for every variant and run', async () => {
    for (const { name } of experiment.variants) {
      for (const run of [0, 1]) {
        const { params } = await replayWeight(experiment, dataset, { variant: name, run, weight: { layer: 1, part: 'kernel', index: 7 } });
        params.forEach((layer, l) => {
          assert.deepEqual(layer.kernel, stored(name, run)[l].kernel, `${name} run ${run + 1}, layer ${l} kernel`);
          assert.deepEqual(layer.bias, stored(name, run)[l].bias, `${name} run ${run + 1}, layer ${l} bias`);
        });
      }
    }
  });

  test('L1 (SGD): the penalty part is −lr·l1·sign w, constant in size while the sign holds; the parts add up to the change', async () => {
    const { trace } = await replayWeight(experiment, dataset, { variant: 'L1', run: 0, weight: { layer: 1, part: 'kernel', index: 7 } }, Infinity);
    assert.equal(trace.every, 1);
    assert.equal(trace.steps, 30 * 45);
    assert.deepEqual(trace.step, Array.from({ length: trace.steps }, (_, i) => i + 1), 'a point per step');
    let previous = trace.start;
    trace.w.min.forEach((w, i) => {
      const expected = -Math.fround(lr) * Math.fround(0.1) * (previous > 0 ? 1 : -1);
      assert.equal(trace.penalty.min[i], expected, `step ${trace.step[i]}: penalty part`);
      assert.equal(trace.penalty.max[i], expected, `step ${trace.step[i]}: one step, one value`);
      assert.equal(trace.after.max[i], 0, 'subgradient L1 has no step after the update');
      assert.ok(Math.abs(trace.data.min[i] + trace.penalty.min[i] - (w - previous)) <= 1e-7, `step ${trace.step[i]}: data + penalty = the change, up to float32 rounding`);
      previous = w;
    });
  });

  test('L2: the penalty part is −2·lr·l2·w, proportional to the weight', async () => {
    const { trace } = await replayWeight(experiment, dataset, { variant: 'L2', run: 1, weight: { layer: 0, part: 'kernel', index: 2 } }, Infinity);
    let previous = trace.start;
    trace.w.min.forEach((w, i) => {
      assert.ok(Math.abs(trace.penalty.min[i] - -2 * Math.fround(lr) * Math.fround(0.1) * previous) <= 1e-12, `step ${trace.step[i]}`);
      previous = w;
    });
  });

  test('the group lasso (proximal): the block shrink is the part after the update, and a weight of a zeroed neuron reaches exactly 0 and stays', async () => {
    // Find a hidden neuron of the first layer whose outgoing group the stored run left at exactly 0.
    const final = stored('group', 0);
    const cols = final[1].cols;
    const neuron = Array.from({ length: final[1].rows }, (_, r) => r).find((r) => final[1].kernel.subarray(r * cols, (r + 1) * cols).every((w) => w === 0));
    assert.ok(neuron !== undefined, 'the group lasso zeroed a first-layer neuron');
    const { trace } = await replayWeight(experiment, dataset, { variant: 'group', run: 0, weight: { layer: 1, part: 'kernel', index: neuron * cols } }, Infinity);
    assert.ok(trace.firstZeroStep !== undefined && trace.stayedZero, `reached 0 at step ${trace.firstZeroStep} and stayed: ${trace.stayedZero}`);
    assert.ok([...trace.penalty.min, ...trace.penalty.max].every((p) => p === 0), 'nothing of the penalty is in the gradient');
    assert.ok(trace.after.min.some((a) => a !== 0), 'the block shrink moves it');
    assert.equal(trace.dataSum.length, trace.step.length);
  });

  test('with momentum the update does not split: the optimizer\'s step is kept beside the gradient\'s parts', async () => {
    const withMomentum = { ...experiment, runs: 1, training: { ...experiment.training, momentum: 0.9 }, variants: [experiment.variants[0]] };
    const { trace } = await replayWeight(withMomentum, dataset, { variant: 'L1', run: 0, weight: { layer: 1, part: 'kernel', index: 7 } }, Infinity);
    let previous = trace.start;
    let split = 0;
    trace.w.min.forEach((w, i) => {
      assert.equal(trace.optimizer.min[i], w - previous, `step ${trace.step[i]}: the optimizer's step is the change`);
      if (Math.abs(trace.data.min[i] + trace.penalty.min[i] - trace.optimizer.min[i]) > 1e-6) split++;
      previous = w;
    });
    assert.ok(split > trace.steps / 2, `the velocity carries earlier steps: data + penalty differs from the step in ${split} of ${trace.steps} steps`);
  });

  test('a long run: the first steps a point each, then a point per `every` steps with the range of each part over them, the sums over every step', async () => {
    const weight = { layer: 1, part: 'kernel', index: 7 } as const;
    const maxPoints = 300;
    const { trace } = await replayWeight(experiment, dataset, { variant: 'L1', run: 0, weight }, maxPoints);
    const { trace: full } = await replayWeight(experiment, dataset, { variant: 'L1', run: 0, weight }, Infinity);
    assert.equal(trace.steps, full.steps);
    assert.equal(trace.every, Math.ceil((trace.steps - trace.firstSteps) / (maxPoints - trace.firstSteps)));
    assert.ok(trace.every > 1 && trace.step.length <= maxPoints, `${trace.step.length} points, a point per ${trace.every} steps`);
    let first = 1;
    trace.step.forEach((last, point) => {
      const steps = last - first + 1;
      assert.equal(steps, point < trace.firstSteps ? 1 : Math.min(trace.every, trace.steps - first + 1), `point ${point}: steps ${first} to ${last}`);
      for (const part of ['w', 'data', 'penalty', 'optimizer', 'after'] as const) {
        const values = full[part].min.slice(first - 1, last);
        assert.equal(trace[part].min[point], Math.min(...values), `point ${point}: the least ${part} of steps ${first} to ${last}`);
        assert.equal(trace[part].max[point], Math.max(...values), `point ${point}: the greatest ${part} of steps ${first} to ${last}`);
      }
      assert.equal(trace.before[point], full.before[first - 1], `point ${point}: the weight before its first step`);
      assert.equal(trace.dataSum[point], full.dataSum[last - 1], `point ${point}: Σ data after its last step`);
      assert.equal(trace.penaltySum[point], full.penaltySum[last - 1], `point ${point}: Σ penalty after its last step`);
      first = last + 1;
    });
    assert.equal(first, trace.steps + 1, 'the points cover every step');
  });

  test('a bias is not penalized; a weight that does not exist is refused with its range', async () => {
    const { trace } = await replayWeight(experiment, dataset, { variant: 'L1', run: 0, weight: { layer: 2, part: 'bias', index: 0 } }, 300);
    assert.ok([...trace.penalty.min, ...trace.penalty.max].every((p) => p === 0), 'a bias is not penalized');
    await assert.rejects(replayWeight(experiment, dataset, { variant: 'L1', run: 0, weight: { layer: 0, part: 'kernel', index: 6 } }), /weight.index must be an integer from 0 to 5 in layer 0's kernel, got 6/);
    await assert.rejects(replayWeight(experiment, dataset, { variant: 'L3', run: 0, weight: { layer: 0, part: 'kernel', index: 0 } }), /no variant "L3"/);
    await assert.rejects(replayWeight(experiment, dataset, { variant: 'L1', run: 2, weight: { layer: 0, part: 'kernel', index: 0 } }), /run must be an integer from 0 to 1, got 2/);
  });
});
