// One run's batches shared by two threads (simd-batch.ts, batch-threads.ts): the same numbers
// as one thread, bit for bit, whatever the shapes and however unevenly the rows, units and
// columns split; and who may take a second thread (choose-engine.ts, parallel.ts).
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { batchThreads, decideEngine, MAX_BATCH_THREADS, TWO_THREADS_MIN_WORK, workPerStep } from '../../src/runtime/choose-engine';
import type { RunSpec } from '../../src/runtime/engine';
import type { Activation, LossName, TrainingSpec } from '../../src/core/experiment';
import { fastEngine } from '../../src/runtime/fast-engine';
import { initParams, outputUnits, type Params } from '../../src/core/mlp';
import { threadsPerRun, TrainingPool } from '../../src/runtime/parallel';
import { Random, permutation } from '../../src/core/random';
import { BatchHelper } from '../../src/runtime/batch-threads';
import { FasterWay, shareOf } from '../../src/runtime/simd-batch';
import type { WasmMemory } from '../../src/runtime/simd-kernels';
import { dataset, runSpec } from '../support/fixtures';

interface Case {
  inputs: number;
  units: number[];
  activation: Activation;
  loss: LossName;
  batchSize: number;
  rows: number;
  training?: Partial<TrainingSpec>;
}

// Batches of 8 rows or more are shared; fewer stay in the first thread. Units and columns
// that are not whole tiles, layers of fewer than 8 inputs, a ragged last batch (rows % batch).
const cases: Case[] = [
  { inputs: 1, units: [10, 10, 10], activation: 'relu', loss: 'mse', batchSize: 32, rows: 75 },
  { inputs: 7, units: [13, 9], activation: 'tanh', loss: 'huber', batchSize: 13, rows: 60, training: { optimizer: 'adam', learningRate: 0.01 } },
  { inputs: 3, units: [33], activation: 'sigmoid', loss: 'mae', batchSize: 5, rows: 23, training: { momentum: 0.9 } },
  { inputs: 2, units: [64, 64], activation: 'relu', loss: 'mse', batchSize: 128, rows: 300 },
  { inputs: 20, units: [17, 40, 6], activation: 'relu', loss: 'huber', batchSize: 9, rows: 50 },
  // Classification: one logit, and three (the last layer's rows of logits split between the threads).
  { inputs: 2, units: [12, 12], activation: 'relu', loss: 'binaryCrossentropy', batchSize: 16, rows: 45 },
  { inputs: 5, units: [19], activation: 'tanh', loss: 'categoricalCrossentropy', batchSize: 11, rows: 40, training: { optimizer: 'adam', learningRate: 0.01 } },
];

function specOf(c: Case, seed: number): RunSpec {
  const random = new Random(seed);
  const x = Array.from({ length: c.rows }, () => Array.from({ length: c.inputs }, () => random.uniform(-1, 1)));
  const y = x.map((row) => row.reduce((sum, v, k) => sum + (k % 2 ? -v : v), 0) + 0.1 * random.normal());
  // Labels for the cross-entropies: two classes by the sign of y, three by its thirds.
  const classes = c.loss === 'binaryCrossentropy' ? 2 : c.loss === 'categoricalCrossentropy' ? 3 : 0;
  const data = classes === 0 ? dataset(x, y) : { ...dataset(x, y.map((v) => (classes === 2 ? +(v > 0) : v < -0.4 ? 0 : v < 0.4 ? 1 : 2))), classes: Array.from({ length: classes }, (_, k) => `class ${k}`) };
  const hidden = c.units.map((units) => ({ units, activation: c.activation }));
  const params = initParams(c.inputs, hidden, 'glorotUniform', new Random(seed + 1), outputUnits(c.loss, data.classes));
  return runSpec(data, params, { batchSize: c.batchSize, loss: c.loss, learningRate: 0.05, ...c.training }, { l1: 0.001, l2: 0.001 });
}

/** The weights after `epochs` epochs, and each epoch's loss, on `threads` threads (for every batch, or where faster). */
function train(spec: RunSpec, threads: 1 | 2, epochs: number, fixedThreads = true): { params: Params; losses: number[] } {
  const engine = fastEngine({ batchKernel: 'wasm-simd', batchThreads: threads, fixedThreads });
  assert.equal(engine.threads, threads);
  const session = engine.createSession(spec);
  const random = new Random(9);
  try {
    const losses = Array.from({ length: epochs }, () => session.runEpoch(permutation(spec.dataset.train.n, random)));
    return { params: session.params(), losses };
  } finally {
    session.dispose();
  }
}

const bits = (values: Float32Array) => [...new Uint32Array(values.buffer, values.byteOffset, values.length)];

describe('one run on two threads', () => {
  for (const c of cases) {
    test(`gives the one-thread weights and losses bit for bit: ${c.inputs}-${c.units.join('-')} ${c.activation}, ${c.loss}, batch ${c.batchSize} of ${c.rows} rows`, () => {
      const spec = specOf(c, c.rows);
      const one = train(spec, 1, 4);
      const two = train(spec, 2, 4);
      assert.deepEqual(two.losses, one.losses);
      one.params.forEach((layer, l) => {
        assert.deepEqual(bits(two.params[l].kernel), bits(layer.kernel), `layer ${l}'s kernel`);
        assert.deepEqual(bits(two.params[l].bias), bits(layer.bias), `layer ${l}'s bias`);
      });
      // And training moved the weights: the comparison is not between two untouched copies.
      assert.notDeepEqual(bits(one.params[0].kernel), bits(spec.initialParams[0].kernel));
    });
  }

  test('a session that takes the faster way batch by batch, whichever that is, gives the same numbers too', () => {
    const spec = specOf(cases[3], 7);
    const one = train(spec, 1, 6);
    const mixed = train(spec, 2, 6, false);
    assert.deepEqual(mixed.losses, one.losses);
    one.params.forEach((layer, l) => assert.deepEqual(bits(mixed.params[l].kernel), bits(layer.kernel)));
  });

  test('FasterWay: each way once, then the faster, trying the slower after 16 batches, then after twice as many each time it loses', () => {
    const way = new FasterWay();
    const ways: boolean[] = [];
    // Two threads take half the time of one, whenever they are tried.
    const run = (batches: number) => {
      for (let i = 0; i < batches; i++) {
        const two = way.twoThreads();
        ways.push(two);
        way.record(two, 32, two ? 1 : 2);
      }
    };
    run(2 + 16 + 32 + 64);
    assert.deepEqual(ways.slice(0, 2), [false, true], 'one thread, then two');
    const tries = ways.flatMap((two, i) => (i >= 2 && !two ? [i - 1] : []));
    assert.deepEqual(tries, [16, 16 + 32, 16 + 32 + 64], 'one thread tried again after 16, 32, 64 batches');
  });

  test('FasterWay: a try that turns out faster switches, and the other way is tried again after 16 batches', () => {
    const way = new FasterWay();
    let oneThreadMs = 2;
    const ways: boolean[] = [];
    for (let i = 0; i < 2 + 16 + 16; i++) {
      const two = way.twoThreads();
      ways.push(two);
      way.record(two, 32, two ? 1 : oneThreadMs);
      if (i === 2) oneThreadMs = 0.5; // the machine changed: one thread is now the faster
    }
    assert.equal(ways[17], false, 'one thread tried at batch 16');
    assert.deepEqual(ways.slice(18, 2 + 16 + 15), Array(15).fill(false), 'kept, being faster');
    assert.equal(ways[2 + 16 + 15], true, 'two threads tried again 16 batches later');
  });

  test('a second thread that cannot start says why, at once: the session does not wait for it', () => {
    const notAWasmMemory = { buffer: new SharedArrayBuffer(64) } as unknown as WasmMemory;
    assert.throws(() => BatchHelper.start({}, notAWasmMemory), /^Error: the second thread of the batches failed: .*memory/);
  });

  test('shareOf: the first thread takes whole 4-row tiles of the first half; fewer than 8 stay in it; one thread takes all', () => {
    assert.deepEqual([shareOf(0, 1, 13), shareOf(0, 2, 7), shareOf(1, 2, 7)], [[0, 13], [0, 7], [7, 7]]);
    for (const count of [8, 9, 13, 32, 33, 128]) {
      const [[from0, to0], [from1, to1]] = [shareOf(0, 2, count), shareOf(1, 2, count)];
      assert.equal(from0, 0);
      assert.equal(to0 % 4, 0, `${count}: a whole number of tiles first`);
      assert.ok(to0 >= count / 2 && to0 - count / 2 < 4, `${count}: about half`);
      assert.deepEqual([from1, to1], [to0, count], `${count}: the rest`);
    }
  });
});

describe('who takes a second thread', () => {
  const needs = (width: number, batchSize: number) => ({ inputs: 1, hidden: [width, width, width].map((units) => ({ units, activation: 'relu' as const })), training: { batchSize } });
  const large = needs(256, 128);
  const small = needs(10, 32);

  test(`a run may, past TWO_THREADS_MIN_WORK (${TWO_THREADS_MIN_WORK.toLocaleString('en-US')}), on the SIMD kernels, when it is allowed two threads`, () => {
    assert.ok(workPerStep(large) >= TWO_THREADS_MIN_WORK && workPerStep(small) < TWO_THREADS_MIN_WORK);
    assert.equal(batchThreads(large, true, 2), 2);
    assert.equal(batchThreads(large, true, 1), 1, 'not allowed');
    assert.equal(batchThreads(large, false, 2), 1, 'no SIMD kernels');
    assert.equal(batchThreads(small, true, 2), 1, 'too small to pay');
    assert.equal(batchThreads({ ...large, training: { batchSize: 1 } }, true, 2), 1, 'one row at a time');
    assert.equal(decideEngine(large, 'auto', true, 2).threads, 2);
    assert.equal(decideEngine(large, 'tfjs', true, 2).threads, 1);
  });

  test('the pool leaves a run a second thread only where its runs leave a core idle', () => {
    assert.equal(MAX_BATCH_THREADS, 2);
    assert.equal(threadsPerRun(2, 1), 2, 'one run on two cores');
    assert.equal(threadsPerRun(2, 2), 1, 'two runs on two cores');
    assert.equal(threadsPerRun(2, 15), 1);
    assert.equal(threadsPerRun(8, 3), 2, 'at most two per run');
    assert.equal(threadsPerRun(1, 1), 1);
    assert.equal(threadsPerRun(2, 0), 1, 'no runs');
  });

  test('a pool run past the threshold takes the second thread it is allowed, and reports it', async () => {
    // Two hidden layers as wide as it takes, at batch 64.
    let width = 8;
    while (workPerStep(needs(width, 64)) < TWO_THREADS_MIN_WORK) width += 8;
    const c: Case = { inputs: 1, units: [width, width, width], activation: 'relu', loss: 'mse', batchSize: 64, rows: 128, training: { epochs: 2 } };
    const spec = specOf(c, 3);
    const threads = [];
    for (const allowed of [1, 2]) {
      const pool = new TrainingPool({ threads: 1, engine: 'auto', threadsPerRun: allowed });
      try {
        const result = await pool.run(spec);
        assert.equal(result.backend, 'wasm-simd');
        threads.push(result.threads);
      } finally {
        await pool.close();
      }
    }
    assert.deepEqual(threads, [1, 2]);
  });
});
