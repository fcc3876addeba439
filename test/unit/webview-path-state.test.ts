// A training with a path variant in the panel: the path trains no numbered runs, so the live
// state (and the progress it counts) has only the other variants' runs.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { parseExperiment } from '../../src/core/experiment';
import { applyHostMessage, createState, progressOf } from '../../src/panel/state';
import { describeKept } from '../../src/runtime/report';

const parsed = parseExperiment(JSON.stringify({ name: 'p', runs: 3, data: { kind: 'line' }, variants: [{ name: 'none' }, { name: 'lasso', path: {} }] }));

describe('a training with a path variant', () => {
  test('the panel follows the numbered runs of the other variants only', () => {
    assert.ok(parsed.ok);
    const { state } = applyHostMessage(createState(), { type: 'trainingStarted', experiment: parsed.experiment, variants: ['none', 'lasso'] });
    assert.deepEqual(state.variants.map((v) => v.name), ['none']);
    assert.equal(progressOf(state).total, 3 * parsed.experiment.training.epochs);
  });

  test('a cancel counts the planned runs without the path', () => {
    assert.ok(parsed.ok);
    assert.equal(describeKept(undefined, parsed.experiment), 'none of 3 runs had finished');
  });
});
