// The panel's step view state: a click asks, the answer to the last click is shown, an older
// click's answer is dropped, a failure is said.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { StepTraceBuilder, type WeightAddress } from '../../src/core/step-trace';
import { applyHostMessage, askStepView, createState, type StepViewState } from '../../src/panel/state';

function traceOf(weight: WeightAddress) {
  const builder = new StepTraceBuilder(weight, 1, 10, 0.2);
  builder.record({ before: 0.2, data: -0.01, penalty: -0.003, optimizer: -0.013, after: 0, next: 0.187 });
  return builder.trace;
}

describe('the step view in the panel state', () => {
  const clicked: WeightAddress = { layer: 1, part: 'kernel', index: 32 };

  test('shows the trace that answers the last click, with whether it matched the stored run', () => {
    const state = createState();
    askStepView(state, 'L1', 0, clicked);
    assert.equal(state.stepView?.trace, undefined, 'pending until the trainer answers');
    const { changes } = applyHostMessage(state, { type: 'stepTrace', variant: 'L1', run: 0, trace: traceOf(clicked), matchesStored: true });
    assert.ok(changes.has('stepView'));
    const shown = state.stepView as StepViewState;
    assert.equal(shown.trace?.steps, 1);
    assert.equal(shown.matchesStored, true);
  });

  test('drops the answer to an earlier click', () => {
    const state = createState();
    askStepView(state, 'L1', 0, { layer: 0, part: 'kernel', index: 1 });
    askStepView(state, 'L1', 0, clicked);
    const { changes } = applyHostMessage(state, { type: 'stepTrace', variant: 'L1', run: 0, trace: traceOf({ layer: 0, part: 'kernel', index: 1 }), matchesStored: true });
    assert.equal(changes.size, 0);
    assert.equal(state.stepView?.trace, undefined);
  });

  test('says why a replay failed', () => {
    const state = createState();
    askStepView(state, 'L2', 1, clicked);
    applyHostMessage(state, { type: 'stepTraceFailed', message: 'no stored run 2 of "L2" to replay: train first' });
    assert.equal(state.stepView?.failure, 'no stored run 2 of "L2" to replay: train first');
  });
});

describe('StepTraceBuilder', () => {
  test('samples every k-th step, sums every step, and knows when the weight reached 0 and whether it stayed', () => {
    const builder = new StepTraceBuilder(clickedWeight(), 10, 5, 1);
    const next = [0.5, 0, 0, 0.1, 0, 0, 0, 0, 0, 0];
    let before = 1;
    for (const w of next) {
      builder.record({ before, data: w - before, penalty: 0, optimizer: w - before, after: 0, next: w });
      before = w;
    }
    const { trace } = builder;
    assert.equal(trace.every, 2);
    assert.deepEqual(trace.step, [1, 2, 4, 6, 8, 10]);
    assert.deepEqual(trace.dataSum, [-0.5, -1, -0.9, -1, -1, -1]);
    assert.equal(trace.firstZeroStep, 2);
    assert.equal(trace.stayedZero, false, 'it left 0 at step 4');
  });
});

function clickedWeight(): WeightAddress {
  return { layer: 0, part: 'bias', index: 0 };
}
