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
  test('keeps the first steps a point each, then a point per `every` steps, sums every step, and knows when the weight reached 0 and whether it stayed', () => {
    const builder = new StepTraceBuilder(clickedWeight(), 10, 5, 1, 2);
    const next = [0.5, 0, 0, 0.1, 0, 0, 0, 0, 0, 0];
    let before = 1;
    for (const w of next) {
      builder.record({ before, data: w - before, penalty: 0, optimizer: w - before, after: 0, next: w });
      before = w;
    }
    const { trace } = builder;
    assert.equal(trace.every, Math.ceil((10 - 2) / (5 - 2)));
    assert.deepEqual(trace.step, [1, 2, 5, 8, 10], 'steps 1 and 2, then 3 to 5, 6 to 8, and the last two');
    assert.deepEqual(trace.before, [1, 0.5, 0, 0, 0], 'the weight before each point\'s first step');
    assert.deepEqual(trace.w, { min: [0.5, 0, 0, 0, 0], max: [0.5, 0, 0.1, 0, 0] });
    assert.deepEqual(trace.dataSum, [-0.5, -1, -1, -1, -1]);
    assert.equal(trace.firstZeroStep, 2);
    assert.equal(trace.stayedZero, false, 'it left 0 at step 4');
  });

  test('an L1 weight hovering at 0, its penalty part alternating +a, −a: each point of every 4 steps spans −a to +a, the first steps keep their signs', () => {
    const a = 0.003;
    const firstSteps = 8;
    const totalSteps = 48;
    const builder = new StepTraceBuilder(clickedWeight(), totalSteps, 18, 0.001, firstSteps);
    let w = 0.001;
    for (let step = 1; step <= totalSteps; step++) {
      // Sampling every 4th step would see −a only: the sign flips every step.
      const penalty = step % 2 === 1 ? -a : a;
      builder.record({ before: w, data: 0.0005, penalty, optimizer: 0.0005 + penalty, after: 0, next: w + 0.0005 + penalty });
      w += 0.0005 + penalty;
    }
    const { trace } = builder;
    assert.equal(trace.every, 4);
    const alternating = Array.from({ length: firstSteps }, (_, i) => (i % 2 === 0 ? -a : a));
    assert.deepEqual(trace.step.slice(0, firstSteps), [1, 2, 3, 4, 5, 6, 7, 8], 'the first steps are consecutive');
    assert.deepEqual(trace.penalty.min.slice(0, firstSteps), alternating, 'each first step its own sign');
    assert.deepEqual(trace.penalty.max.slice(0, firstSteps), alternating);
    const bucketed = trace.step.length - firstSteps;
    assert.equal(bucketed, (totalSteps - firstSteps) / 4);
    assert.deepEqual(trace.step.slice(firstSteps), Array.from({ length: bucketed }, (_, i) => firstSteps + 4 * (i + 1)), 'a point per 4 steps, at its last');
    assert.deepEqual(trace.penalty.min.slice(firstSteps), Array(bucketed).fill(-a), 'the band reaches −a');
    assert.deepEqual(trace.penalty.max.slice(firstSteps), Array(bucketed).fill(a), 'and +a');
    assert.deepEqual(trace.data.min, trace.data.max, 'a part whose sign holds is one line');
  });

  test('refuses a budget of points the first steps alone would fill', () => {
    assert.throws(() => new StepTraceBuilder(clickedWeight(), 1000, 100, 0, 100), /maxPoints must be more than firstSteps \(100\) to draw 1000 steps, got 100/);
  });
});

function clickedWeight(): WeightAddress {
  return { layer: 0, part: 'bias', index: 0 };
}
