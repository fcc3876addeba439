// A path in the experiment file: a fixed λ stays as it was, a path is checked for what its
// schema cannot say, and its cost is known before it runs.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { estimateCost } from '../../src/core/cost';
import { parseExperiment } from '../../src/core/experiment';

function parse(variants: object[], extra: object = {}) {
  return parseExperiment(JSON.stringify({ name: 'p', data: { kind: 'sparse-linear', samples: 100, features: 4, informative: 2 }, variants, ...extra }));
}

function messages(result: ReturnType<typeof parse>): string[] {
  return result.problems.map((p) => `${p.path}: ${p.message}`);
}

describe('a path in the experiment file', () => {
  test('defaults: a lasso of 5 folds; a fixed variant is unchanged', () => {
    const result = parse([{ name: 'fixed', l1: 0.1, l1Method: 'proximal' }, { name: 'lasso', path: {} }]);
    assert.ok(result.ok, messages(result).join('; '));
    assert.deepEqual(result.experiment.variants[0], { name: 'fixed', l1: 0.1, l2: 0, l1Method: 'proximal' });
    assert.deepEqual(result.experiment.variants[1].path, { l1Ratio: 1, folds: 5 });
  });

  test('a path variant gives no l1 or l2, and its grid one way only', () => {
    assert.deepEqual(messages(parse([{ name: 'a', l2: 0.1, path: { values: [1], count: 3, ratio: 0.1 } }])), [
      "variants[0].l2: must be left out of a variant with a path: its strengths are the path's λ (l1 = l1Ratio·λ, l2 = (1 - l1Ratio)·λ)",
      'variants[0].path.count: must be left out when path.values gives the grid itself',
      'variants[0].path.ratio: must be left out when path.values gives the grid itself',
    ]);
    assert.deepEqual(messages(parse([{ name: 'a', path: { range: [1, 0.1], ratio: 0.1 } }])), [
      'variants[0].path.ratio: must be left out when path.range gives the smallest λ',
      'variants[0].path.range: must be [smallest, largest] with smallest < largest, got [1, 0.1]',
    ]);
  });

  test('a path of the group lasso is refused, at the variant\'s group', () => {
    const text = JSON.stringify({
      name: 'p',
      data: { kind: 'sparse-linear', samples: 100, features: 4, informative: 2 },
      variants: [{ name: 'fixed group', group: 0.1, groups: 'inputs', l1Method: 'proximal' }, { name: 'group path', group: 0.2, groups: 'inputs', l1Method: 'proximal', path: { values: [0.1, 0.01] } }],
    }, null, 2);
    const result = parseExperiment(text);
    assert.equal(result.ok, false);
    const errors = result.problems.filter((p) => p.severity === 'error');
    assert.deepEqual(errors.map((p) => `${p.path}: ${p.message}`), [
      'variants[1].group: must be left out of a variant with a path: paths of the group lasso are not supported (λ moves l1 and l2 only); compare group strengths as fixed variants',
    ]);
    assert.match(text.slice(errors[0].offset, errors[0].offset + errors[0].length), /0\.2/, 'the problem points at the path variant\'s group in the text');
  });

  test('the schema bounds every part of a path', () => {
    const problems = messages(parse([{ name: 'a', path: { l1Ratio: 2, values: [0], folds: 1, count: 0, extra: 1 } }]));
    for (const expected of ['variants[0].path.l1Ratio: must be a number >= 0 and <= 1', 'variants[0].path.values[0]: must be a number > 0', 'variants[0].path.folds: must be an integer >= 2 and <= 20', 'variants[0].path.count: must be an integer >= 1 and <= 1000', 'variants[0].path.extra: is not a known property here']) {
      assert.ok(problems.some((p) => p.startsWith(expected)), `${expected} in ${problems.join('; ')}`);
    }
  });

  test('pure L2 on a network (no weight ever dies) needs a range; more folds than training rows are refused', () => {
    assert.deepEqual(messages(parse([{ name: 'a', path: { l1Ratio: 0 } }], { model: { layers: [3] } })), [
      'variants[0].path.l1Ratio: is 0 (pure L2), whose weights no λ kills, and λ_max has no formula for this model: give path.range or path.values',
    ]);
    assert.ok(parse([{ name: 'a', path: { l1Ratio: 0, range: [0.01, 1] } }], { model: { layers: [3] } }).ok);
    assert.ok(parse([{ name: 'a', path: { l1Ratio: 0 } }]).ok, 'a linear model with mse has an exact λ_max for pure L2 too');
    assert.deepEqual(messages(parse([{ name: 'a', path: { folds: 10 } }], { data: { kind: 'line', samples: 10 } })), ['variants[0].path.folds: must be at most the 7 training rows'], '10 samples less round(2.5) = 3 test rows');
  });

  test('the cost counts a trained path\'s trainings (bisection, folds × λ × runs, two refits), and for an exact one only SGD at each λ', () => {
    const network = parse([{ name: 'a', path: { count: 10, folds: 3 } }], { runs: 2, model: { layers: [3] }, training: { epochs: 10, batchSize: 1 } });
    assert.ok(network.ok);
    const cost = estimateCost(network.experiment, { rows: 100, inputs: 4 });
    assert.equal(cost.trainings, 12 + 10 * 3 * 2 + 2 * 2);
    // 75 training rows: folds train on 50, the refits on 75, the bisection's short trainings 10 epochs.
    assert.equal(cost.steps, 12 * 10 * 75 + 60 * 10 * 50 + 4 * 10 * 75);
    const exact = parse([{ name: 'a', path: {} }]);
    assert.ok(exact.ok);
    assert.equal(estimateCost(exact.experiment, { rows: 100, inputs: 4 }).trainings, 100, 'an exact path trains only SGD beside it, once per λ');
    assert.equal(estimateCost(network.experiment, { rows: 100, inputs: 4 }, { variantNames: [] }).trainings, 0, 'a path not chosen costs nothing');
  });
});
