// The panel keeps the results it showed before a training as a ghost, drawn faintly beside
// the new ones (train on save, Train again), until the next training replaces it.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { applyHostMessage, createState, type PanelState } from '../../src/panel/state';
import { resultsFor } from '../support/fixtures';

const text = JSON.stringify({ name: 'g', data: { kind: 'line' }, variants: [{ name: 'v' }] });

function apply(state: PanelState, ...messages: Parameters<typeof applyHostMessage>[1][]): PanelState {
  return messages.reduce((s, m) => applyHostMessage(s, m).state, state);
}

describe('the ghost of the previous results', () => {
  const first = { ...resultsFor(text, []), createdAt: '2026-01-01T00:00:00.000Z' };
  const second = { ...resultsFor(text, []), createdAt: '2026-01-02T00:00:00.000Z' };
  const started = { type: 'trainingStarted' as const, experiment: first.experiment, variants: ['v'] };

  test('a training started over shown results keeps them as the ghost, through its end', () => {
    const shown = apply(createState(), { type: 'results', results: first });
    assert.equal(shown.ghost, undefined, 'stored results alone have no ghost');
    const training = apply(shown, started);
    assert.equal(training.ghost?.createdAt, first.createdAt);
    const done = apply(training, { type: 'trainer', messages: [{ type: 'finished', results: second }] });
    assert.equal(done.results?.createdAt, second.createdAt);
    assert.equal(done.ghost?.createdAt, first.createdAt, 'the new results beside the previous ones');
    const stored = apply(done, { type: 'results', results: second });
    assert.equal(stored.ghost?.createdAt, first.createdAt, 'the host sending the stored copy keeps the ghost');
  });

  test('the next training makes the latest results the ghost', () => {
    const state = apply(createState(), { type: 'results', results: first }, started, { type: 'trainer', messages: [{ type: 'finished', results: second }] }, started);
    assert.equal(state.ghost?.createdAt, second.createdAt);
  });

  test('a λ slider\'s step, not sent live, makes the shown results the ghost when its own come', () => {
    const stepped = apply(createState(), { type: 'results', results: first }, { type: 'results', results: second, previousAsGhost: true });
    assert.equal(stepped.results?.createdAt, second.createdAt);
    assert.equal(stepped.ghost?.createdAt, first.createdAt);
    const again = apply(stepped, { type: 'results', results: second });
    assert.equal(again.ghost?.createdAt, first.createdAt, 'the stored copy sent again keeps it');
  });
});
