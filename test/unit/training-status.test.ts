// The panel's header status: a cancel or a failure is never shown as success.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { trainingStatus } from '../../src/editor/training-status';
import { resultsFor } from '../support/fixtures';

const whole = resultsFor('{"name": "s", "data": {"kind": "line"}, "variants": [{"name": "v"}]}', []);
const cancelled = { ...whole, cancelled: true };

test('a training that runs says training, whatever came before', () => {
  assert.equal(trainingStatus(true, 'failed', whole), 'training');
});

test('a cancelled or failed training says so, even over older results that finished', () => {
  assert.equal(trainingStatus(false, 'cancelled', whole), 'cancelled');
  assert.equal(trainingStatus(false, 'cancelled', undefined), 'cancelled');
  assert.equal(trainingStatus(false, 'failed', whole), 'failed');
});

test('otherwise the stored results say how their training ended', () => {
  assert.equal(trainingStatus(false, 'finished', whole), 'finished');
  assert.equal(trainingStatus(false, undefined, cancelled), 'cancelled');
  assert.equal(trainingStatus(false, undefined, undefined), 'idle');
});
