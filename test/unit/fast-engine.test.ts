// The fast engine against TensorFlow.js, step by step, on every supported combination of
// activation, optimizer, loss and penalty; then against answers worked out by hand; and how
// the engine is chosen.
//
// Tolerance: after every step, each weight w_fast must satisfy
//   |w_fast - w_tfjs| <= 1e-5 + 1e-4 * |w_tfjs|.
// Both engines keep weights and optimizer state in float32, but tf.js rounds every op's
// result to float32 while the fast engine sums within a step in float64 (one row at a time,
// and batches in JavaScript) or in float32 in another order (batches on the SIMD kernels):
// each step differs by a few float32 ulps (about 1e-7 relative), and
// Adam's division by sqrt(v) + 1e-7 amplifies differences in tiny gradients. The largest
// difference over the whole matrix is printed by the test (about 1e-6 when written); the
// bound leaves a margin of ten, and is still far below what any semantic difference
// produces (a wrong sign at 0, a missing 1/n, L2 without its factor 2, a skipped proximal
// step: all >= 1e-3 here).
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { loadTensorflow } from '../../src/runtime/backend';
import { chooseEngine, crossoverFor, decideEngine, FAST_ENGINE_MAX_WORK, SIMD_ENGINE_MAX_WORK, weightCount, workPerStep } from '../../src/runtime/choose-engine';
import type { Engine, EngineSession, RunSpec } from '../../src/runtime/engine';
import type { Activation, LossName, TrainingSpec } from '../../src/core/experiment';
import { fastEngine, multiplyAdd } from '../../src/runtime/fast-engine';
import { sign } from '../../src/runtime/pointwise';
import type { BatchKernel } from '../../src/runtime/simd-kernels';
import { initParams, outputUnits, parameterCount, type Params } from '../../src/core/mlp';
import { signForGradient } from '../../src/core/activations';
import { isClassificationLoss } from '../../src/core/loss-kinds';
import type { Penalty } from '../../src/core/penalties';
import { Random, permutation } from '../../src/core/random';
import { tfjsEngine } from '../../src/runtime/tfjs-engine';
import { allRows, dataset, linearParams, runSpec } from '../support/fixtures';

const absoluteTolerance = 1e-5;
const batchKernels: BatchKernel[] = ['wasm-simd', 'js'];
const relativeTolerance = 1e-4;

let tfjsCpu: Engine;
before(async () => {
  tfjsCpu = tfjsEngine(await loadTensorflow('cpu'));
});

/** `rows` rows of two inputs, y = sin(2a) - b/2 + noise. */
function twoInputs(rows: number) {
  const random = new Random(7);
  const x = Array.from({ length: rows }, () => [random.uniform(-1, 1), random.uniform(-1, 1)]);
  const y = x.map(([a, b]) => Math.sin(2 * a) - 0.5 * b + 0.1 * random.normal());
  return dataset(x, y);
}

/** The same rows labelled by the sign of the same function (two classes), or by three bands of it (three classes). */
function twoInputsLabelled(rows: number, classes: 2 | 3) {
  const values = twoInputs(rows);
  const labels = Array.from(values.train.y, (v) => (classes === 2 ? +(v > 0) : v < -0.4 ? 0 : v < 0.4 ? 1 : 2));
  const x = Array.from({ length: rows }, (_, i) => Array.from(values.train.x.subarray(2 * i, 2 * i + 2)));
  return { ...dataset(x, labels), classes: Array.from({ length: classes }, (_, c) => `class ${c}`) };
}

const activations: Activation[] = ['relu', 'tanh', 'sigmoid', 'linear'];
const losses: LossName[] = ['mse', 'mae', 'huber', 'binaryCrossentropy', 'categoricalCrossentropy'];
const optimizers: { name: string; training: Partial<TrainingSpec> }[] = [
  { name: 'sgd', training: { optimizer: 'sgd', learningRate: 0.05, momentum: 0 } },
  { name: 'sgd+momentum', training: { optimizer: 'sgd', learningRate: 0.05, momentum: 0.9 } },
  { name: 'adam', training: { optimizer: 'adam', learningRate: 0.01 } },
];
const λ = 0.05;
const penaltyKinds: { name: string; penalty: Partial<Penalty>; sgdOnly?: boolean }[] = [
  { name: 'none', penalty: {} },
  { name: 'l1 subgradient', penalty: { l1: λ, l1Method: 'subgradient' } },
  { name: 'l1 proximal', penalty: { l1: λ, l1Method: 'proximal' }, sgdOnly: true },
  { name: 'l1 cumulative', penalty: { l1: λ, l1Method: 'cumulative' }, sgdOnly: true },
  { name: 'l2', penalty: { l2: λ } },
  { name: 'l2 as a proximal shrink (l1 = 0)', penalty: { l2: λ, l1Method: 'proximal' }, sgdOnly: true },
  { name: 'elastic net subgradient', penalty: { l1: λ, l2: λ, l1Method: 'subgradient' } },
  { name: 'elastic net proximal', penalty: { l1: λ, l2: λ, l1Method: 'proximal' }, sgdOnly: true },
  { name: 'elastic net cumulative', penalty: { l1: λ, l2: λ, l1Method: 'cumulative' }, sgdOnly: true },
  // The group lasso on each grouping: in the 2-4-3-1 network, outgoing groups of 3 and 1
  // weights, incoming groups of 2 and 4, input groups of 4.
  { name: 'group subgradient, outgoing', penalty: { group: λ, groups: 'outgoing' } },
  { name: 'group proximal, outgoing', penalty: { group: λ, groups: 'outgoing', l1Method: 'proximal' }, sgdOnly: true },
  { name: 'sparse group lasso subgradient, incoming, with l2', penalty: { l1: λ, l2: λ, group: λ, groups: 'incoming' } },
  { name: 'sparse group lasso proximal, incoming', penalty: { l1: λ, group: λ, groups: 'incoming', l1Method: 'proximal' }, sgdOnly: true },
  { name: 'group and l2 proximal, inputs', penalty: { l2: λ, group: 4 * λ, groups: 'inputs', l1Method: 'proximal' }, sgdOnly: true },
  { name: 'sparse group lasso cumulative, inputs', penalty: { l1: λ, group: λ, groups: 'inputs', l1Method: 'cumulative' }, sgdOnly: true },
];

/**
 * The penalties the cross-entropy losses are crossed with. A loss only sets the output
 * layer's delta, before any penalty term or step, so these cover its paths (no penalty, a
 * gradient term, a step after the update, L2's) without repeating every penalty, which the
 * regression losses already cross with every activation and optimizer.
 */
const crossEntropyPenalties = new Set(['none', 'l1 subgradient', 'l1 proximal', 'l2']);

/** One grid of the agreement test: its data, hidden layer widths, batch sizes and epochs. */
interface Grid {
  name: string;
  data: ReturnType<typeof dataset>;
  /** The same inputs with labels, for the cross-entropy losses: two classes (one logit) and three (three logits). */
  binary: ReturnType<typeof dataset>;
  categorical: ReturnType<typeof dataset>;
  widths: number[];
  batchSizes: number[];
  epochs: number;
}

const grids: Grid[] = [
  // Seven rows: batches of 3 end with a partial batch of 1. Batch 1 takes the row-by-row path.
  { name: 'small layers, batch size 1 and 3', data: twoInputs(7), binary: twoInputsLabelled(7, 2), categorical: twoInputsLabelled(7, 3), widths: [4, 3], batchSizes: [1, 3], epochs: 5 },
  // The batched products (batch size > 1). 67 rows are more than one depth block (64) of the
  // products' kernel, and 7, 9 and 5 are not whole register tiles (2 × 4); of 70 rows, batches
  // of 32 and 67 leave a partial batch at the end of every epoch. The layers stay small:
  // under Adam with L1 subgradient, every weight that reaches 0 within the engines' rounding
  // difference (about 1e-6) lands on either side of it and the two runs part by a step of
  // lr; with 67 units that happened in 3 combinations within 3 epochs, and the same way with
  // the row-by-row loop the engine used before the products.
  { name: 'batched products, batch size 7, 32 and 67', data: twoInputs(70), binary: twoInputsLabelled(70, 2), categorical: twoInputsLabelled(70, 3), widths: [9, 5], batchSizes: [7, 32, 67], epochs: 3 },
];

function matrixSpec(grid: Grid, activation: Activation, loss: LossName, training: Partial<TrainingSpec>, penalty: Partial<Penalty>, batchSize: number): RunSpec {
  const hidden = grid.widths.map((units) => ({ units, activation }));
  const data = loss === 'binaryCrossentropy' ? grid.binary : loss === 'categoricalCrossentropy' ? grid.categorical : grid.data;
  const params = initParams(2, hidden, 'glorotUniform', new Random(3), outputUnits(loss, data.classes));
  return runSpec(data, params, { ...training, loss, huberDelta: 0.5, batchSize }, penalty);
}

/** The largest difference beyond the tolerance, and the largest difference at all. */
function compare(fast: Params, reference: Params): { excess: number; largest: number; where: string } {
  let excess = -Infinity;
  let largest = 0;
  let where = '';
  fast.forEach((layer, l) => {
    for (const part of ['kernel', 'bias'] as const) {
      layer[part].forEach((value, i) => {
        const expected = reference[l][part][i];
        const difference = Math.abs(value - expected);
        const over = difference - (absoluteTolerance + relativeTolerance * Math.abs(expected));
        largest = Math.max(largest, Number.isNaN(difference) ? Infinity : difference);
        if (over > excess || Number.isNaN(over)) {
          excess = Number.isNaN(over) ? Infinity : over;
          where = `layer ${l} ${part}[${i}]: fast ${value}, tfjs ${expected}`;
        }
      });
    }
  });
  return { excess, largest, where };
}

/** Trains both engines one batch at a time and compares the batch's loss and the weights after every step. */
function agreeStepByStep(spec: RunSpec, fast: Engine, reference: Engine, epochs: number): number {
  const sessions: EngineSession[] = [fast.createSession(spec), reference.createSession(spec)];
  const random = new Random(spec.seed);
  const { batchSize } = spec.training;
  const rows = spec.dataset.train.n;
  let largest = 0;
  try {
    for (let epoch = 0; epoch < epochs; epoch++) {
      const order = permutation(rows, random);
      for (let start = 0, step = 0; start < rows; start += batchSize, step++) {
        // An "epoch" of one batch is exactly one step.
        const batch = order.subarray(start, Math.min(start + batchSize, rows));
        const [fastLoss, referenceLoss] = sessions.map((session) => session.runEpoch(batch));
        assert.ok(
          Math.abs(fastLoss - referenceLoss) <= absoluteTolerance + relativeTolerance * Math.abs(referenceLoss),
          `epoch ${epoch + 1}, step ${step + 1}: the batch's data loss ${fastLoss} vs ${referenceLoss}`,
        );
        const result = compare(sessions[0].params(), sessions[1].params());
        largest = Math.max(largest, result.largest);
        assert.ok(result.excess <= 0, `epoch ${epoch + 1}, step ${step + 1}: ${result.where}`);
      }
    }
  } finally {
    for (const session of sessions) session.dispose();
  }
  return largest;
}

// Batches (batch size > 1) run on the SIMD kernels, or in JavaScript where those cannot load: both are checked.
for (const grid of grids) for (const batchKernel of batchKernels) {
  describe(`the fast engine agrees with tfjs (cpu) step by step: ${grid.name}, batches on ${batchKernel}`, () => {
    const fast = fastEngine({ batchKernel });
    let largest = 0;
    after(() => {
      console.log(`${grid.name}, batches on ${batchKernel}: largest difference from tfjs over the matrix: ${largest.toExponential(2)} (tolerance ${absoluteTolerance} + ${relativeTolerance}·|w|)`);
    });
    for (const activation of activations) {
      for (const optimizer of optimizers) {
        test(`${activation}, ${optimizer.name}: every loss and penalty (the cross-entropies with four), regularizeBiases and batch size ${grid.batchSizes.join(', ')}`, () => {
          let count = 0;
          for (const loss of losses) {
            for (const kind of penaltyKinds) {
              if (kind.sgdOnly && optimizer.training.optimizer !== 'sgd') continue;
              if (isClassificationLoss(loss) && !crossEntropyPenalties.has(kind.name)) continue;
              for (const regularizeBiases of kind.name === 'none' ? [false] : [false, true]) {
                for (const batchSize of grid.batchSizes) {
                  const label = `${loss}, ${kind.name}${regularizeBiases ? ', biases penalized' : ''}, batch ${batchSize}`;
                  const spec = matrixSpec(grid, activation, loss, optimizer.training, { ...kind.penalty, regularizeBiases }, batchSize);
                  try {
                    largest = Math.max(largest, agreeStepByStep(spec, fast, tfjsCpu, grid.epochs));
                  } catch (error) {
                    throw new Error(`${activation}, ${optimizer.name}, ${label}: ${(error as Error).message}`);
                  }
                  count++;
                }
              }
            }
          }
          assert.ok(count > 0);
        });
      }
    }
  });
}

describe('the batched products', () => {
  /** c += a·b entry by entry, the products added in increasing p, with the same strides as multiplyAdd. */
  function naive(c: Float64Array, m: number, n: number, depth: number, a: Float64Array, aRow: number, aCol: number, b: Float64Array, bRow: number, bCol: number) {
    for (let i = 0; i < m; i++) for (let j = 0; j < n; j++) for (let p = 0; p < depth; p++) c[i * n + j] += a[i * aRow + p * aCol] * b[p * bRow + j * bCol];
  }

  test('multiplyAdd gives exactly the sums of a plain triple loop, for X·W, Xᵀ·δ and δ·Wᵀ, whole tiles or not, over more than one depth block', () => {
    const random = new Random(11);
    const filled = (length: number) => Float64Array.from({ length }, () => random.normal());
    for (const [m, n, depth] of [[1, 1, 1], [2, 4, 3], [7, 9, 67], [32, 5, 130], [3, 1, 64]]) {
      // Read as given (row-major), as a transposed a, and as a transposed b.
      const a = filled(m * depth);
      const b = filled(depth * n);
      for (const [aRow, aCol, bRow, bCol] of [[depth, 1, n, 1], [1, m, n, 1], [depth, 1, 1, depth]]) {
        const start = filled(m * n);
        const expected = start.slice();
        naive(expected, m, n, depth, a, aRow, aCol, b, bRow, bCol);
        const actual = start.slice();
        multiplyAdd(actual, m, n, depth, a, aRow, aCol, b, bRow, bCol);
        assert.deepEqual(actual, expected, `${m} × ${depth} · ${depth} × ${n}, strides ${[aRow, aCol, bRow, bCol].join(', ')}`);
      }
    }
  });
});

// y = w·x + b, one row, so the gradient is easy to write down: r = w·x + b - y.
const x = [1, -2];
const y = 0.5;
const w0 = [0.3, -0.2];
const b0 = 0.1;
const lr = 0.1;
const prediction = w0[0] * x[0] + w0[1] * x[1] + b0; // 0.8
const one = dataset([x], [y]);

function step(training: Partial<TrainingSpec>, penalty: Partial<Penalty>, steps = 1, weights = w0, bias = b0) {
  const session = fastEngine().createSession(runSpec(one, linearParams(weights, bias), { learningRate: lr, batchSize: 1, ...training }, penalty));
  for (let i = 0; i < steps; i++) session.runEpoch(allRows(1));
  const [layer] = session.params();
  return { w: Array.from(layer.kernel), b: layer.bias[0] };
}

function assertClose(actual: number[], expected: number[], tolerance = 1e-6) {
  assert.equal(actual.length, expected.length);
  actual.forEach((a, i) => assert.ok(Math.abs(a - expected[i]) <= tolerance, `index ${i}: ${a}, expected ${expected[i]}`));
}

describe('one step of the fast engine, by hand', () => {
  // mse: dL/dp = 2r; dL/dw = 2r·x, dL/db = 2r.
  const r = prediction - y;
  const gw = x.map((xj) => 2 * r * xj);
  const gb = 2 * r;

  test('sgd without a penalty: w - lr*g', () => {
    const { w, b } = step({ loss: 'mse' }, {});
    assertClose(w, w0.map((wj, j) => wj - lr * gw[j]));
    assertClose([b], [b0 - lr * gb]);
  });

  test('L1 subgradient: w - lr*(g + l1*sign(w)); the bias is not penalized', () => {
    const l1 = 0.5;
    const { w, b } = step({ loss: 'mse' }, { l1 });
    assertClose(w, w0.map((wj, j) => wj - lr * (gw[j] + l1 * Math.sign(wj))));
    assertClose([b], [b0 - lr * gb]);
  });

  test('L2: w - lr*(g + 2*l2*w)', () => {
    const l2 = 0.5;
    const { w, b } = step({ loss: 'mse' }, { l2 });
    assertClose(w, w0.map((wj, j) => wj - lr * (gw[j] + 2 * l2 * wj)));
    assertClose([b], [b0 - lr * gb]);
  });

  test('regularizeBiases penalizes the bias too', () => {
    const l1 = 0.5;
    const l2 = 0.25;
    const { b } = step({ loss: 'mse' }, { l1, l2, regularizeBiases: true });
    assertClose([b], [b0 - lr * (gb + l1 * Math.sign(b0) + 2 * l2 * b0)]);
  });

  test('mae: dL/dp = sign(r); the mean is over the batch', () => {
    const { w, b } = step({ loss: 'mae' }, {});
    assertClose(w, w0.map((wj, j) => wj - lr * Math.sign(r) * x[j]));
    assertClose([b], [b0 - lr * Math.sign(r)]);
    // Two rows with the same residual: the mean gradient equals one row's.
    const two = fastEngine().createSession(runSpec(dataset([x, x], [y, y]), linearParams(w0, b0), { learningRate: lr, batchSize: 2, loss: 'mae' }));
    two.runEpoch(allRows(2));
    assertClose(Array.from(two.params()[0].kernel), w);
  });

  test('huber: r inside delta is mse/2, outside it is delta*sign(r)', () => {
    assertClose(step({ loss: 'huber', huberDelta: 1 }, {}).w, w0.map((wj, j) => wj - lr * r * x[j]));
    assertClose(step({ loss: 'huber', huberDelta: 0.1 }, {}).w, w0.map((wj, j) => wj - lr * 0.1 * Math.sign(r) * x[j]));
  });

  test('the sign of 0 is -1, as in tf.js: an L1 weight at exactly 0 moves up by lr*l1', () => {
    for (const value of [1, -1, 0, -0, 1e-30, -1e-30, Infinity, -Infinity, NaN]) assert.equal(sign(value), signForGradient(value), String(value));
    // Weights (0, 0.2), bias 0.1 and the target their prediction: no data gradient, only the penalty acts.
    const l1 = 0.5;
    const session = fastEngine().createSession(runSpec(dataset([x], [0 * x[0] + 0.2 * x[1] + 0.1]), linearParams([0, 0.2], 0.1), { learningRate: lr, batchSize: 1, loss: 'mse' }, { l1 }));
    session.runEpoch(allRows(1));
    assertClose(Array.from(session.params()[0].kernel), [lr * l1, 0.2 - lr * l1]);
  });

  test('momentum: v = m*v + g, w -= lr*v', () => {
    const m = 0.9;
    const { w } = step({ loss: 'mae', momentum: m }, {}, 2);
    // mae: the first step's gradient is sign(r)*x; it moves the prediction past the target.
    const g = x.map((xj) => Math.sign(r) * xj);
    const r1 = prediction - lr * (x[0] * g[0] + x[1] * g[1] + 1) - y;
    assert.ok(r1 < 0, 'the second step has the opposite residual');
    const g1 = x.map((xj) => Math.sign(r1) * xj);
    assertClose(w, w0.map((wj, j) => wj - lr * g[j] - lr * (m * g[j] + g1[j])));
  });

  test('adam, first step: m/(1-b1) = g, v/(1-b2) = g², so w -= lr*g/(|g| + eps)', () => {
    const { w, b } = step({ loss: 'mse', optimizer: 'adam' }, {});
    const eps = 1e-7;
    assertClose(w, w0.map((wj, j) => wj - (lr * gw[j]) / (Math.abs(gw[j]) + eps)));
    assertClose([b], [b0 - (lr * gb) / (Math.abs(gb) + eps)]);
  });
});

describe('exact zeros', () => {
  // y = 2*x1 + noise; x2 is noise the model should drop.
  const random = new Random(11);
  const xs = Array.from({ length: 40 }, () => [random.normal(), random.normal()]);
  const ys = xs.map(([a]) => 2 * a + 0.1 * random.normal());
  const noisy = dataset(xs, ys);
  const train = (l1Method: Penalty['l1Method'], batchSize = 1) => {
    const session = fastEngine().createSession(runSpec(noisy, linearParams([0.5, 0.5], 0), { learningRate: 0.01, batchSize, loss: 'mse' }, { l1: 0.5, l1Method }));
    const order = new Random(5);
    // 2000 steps whatever the batch size.
    for (let epoch = 0; epoch < 50 * batchSize; epoch++) session.runEpoch(permutation(40, order));
    return Array.from(session.params()[0].kernel);
  };

  test('proximal L1 (full batch) sets the useless weight to exactly 0 and keeps the useful one', () => {
    // With batch size 1 a single row's gradient can push the weight off 0 for a step.
    const [useful, useless] = train('proximal', 40);
    assert.equal(useless, 0);
    assert.ok(useful > 1, `useful weight ${useful}`);
  });

  test('cumulative L1 sets it to exactly 0 even with batch size 1', () => {
    const [useful, useless] = train('cumulative');
    assert.equal(useless, 0);
    assert.ok(useful > 1, `useful weight ${useful}`);
  });

  test('subgradient L1 leaves it jittering near 0, never at it', () => {
    const [useful, useless] = train('subgradient');
    assert.notEqual(useless, 0);
    assert.ok(Math.abs(useless) <= 2 * 0.01 * 0.5 + 0.05, `useless weight ${useless}`);
    assert.ok(useful > 1);
  });

  test('proximal with l1 = 0 still applies L2 as the shrink w/(1 + 2*lr*l2)', () => {
    // No data gradient: the target equals the prediction.
    const session = fastEngine().createSession(runSpec(dataset([x], [prediction]), linearParams(w0, b0), { learningRate: lr, batchSize: 1, loss: 'mse' }, { l2: 0.5, l1Method: 'proximal' }));
    session.runEpoch(allRows(1));
    assertClose(Array.from(session.params()[0].kernel), w0.map((wj) => wj / (1 + 2 * lr * 0.5)));
  });
});

describe('the fast engine agrees with tfjs on the wasm backend', () => {
  test('the seed configuration (relu, sgd, mae, L1) and adam with L2', async () => {
    const wasm = tfjsEngine(await loadTensorflow('wasm'));
    const [small] = grids;
    agreeStepByStep(matrixSpec(small, 'relu', 'mae', optimizers[0].training, { l1: λ }, 1), fastEngine(), wasm, small.epochs);
    agreeStepByStep(matrixSpec(small, 'tanh', 'huber', optimizers[2].training, { l2: λ, regularizeBiases: true }, 3), fastEngine(), wasm, small.epochs);
  });
});

describe('choosing the engine', () => {
  const seedNeeds = { inputs: 1, hidden: [10, 10, 10].map((units) => ({ units, activation: 'relu' as const })), training: { batchSize: 1 } };
  const wide = { inputs: 1, hidden: [256, 256, 256].map((units) => ({ units, activation: 'relu' as const })), training: { batchSize: 32 } };

  test('weightCount counts kernels and biases as mlp.parameterCount does', () => {
    assert.equal(weightCount(seedNeeds), parameterCount(initParams(1, seedNeeds.hidden, 'glorotUniform', new Random(1))));
    assert.equal(weightCount(seedNeeds), 251);
  });

  test('auto: the fast engine below the crossover, tfjs above it, with the reason', () => {
    const small = decideEngine(seedNeeds, 'auto');
    assert.equal(small.engine, 'fast');
    assert.match(small.reason, /251 weights × batch 1 is below the crossover/);
    // Where batches run in JavaScript (no SIMD), the crossover is FAST_ENGINE_MAX_WORK.
    assert.ok(workPerStep(wide) > FAST_ENGINE_MAX_WORK);
    const large = decideEngine(wide, 'auto', false);
    assert.equal(large.engine, 'tfjs');
    assert.match(large.reason, /132,353 weights × batch 32 is above the crossover \(4,000,000\)/);
  });

  test('auto, where the SIMD kernels load: batches stay on the fast engine up to SIMD_ENGINE_MAX_WORK', () => {
    assert.equal(crossoverFor(32, true), SIMD_ENGINE_MAX_WORK);
    assert.equal(crossoverFor(1, true), FAST_ENGINE_MAX_WORK, 'one row at a time runs in JavaScript');
    const wideOnSimd = decideEngine(wide, 'auto', true);
    assert.equal(wideOnSimd.engine, 'fast');
    assert.match(wideOnSimd.reason, /132,353 weights × batch 32 is below the crossover \(68,000,000\)/);
    const huge = { ...wide, hidden: [1024, 1024, 1024].map((units) => ({ units, activation: 'relu' as const })), training: { batchSize: 128 } };
    assert.ok(workPerStep(huge) > SIMD_ENGINE_MAX_WORK);
    assert.equal(decideEngine(huge, 'auto', true).engine, 'tfjs');
  });

  test('a forced engine is used whatever the size; TensorFlow.js is loaded only when chosen', async () => {
    let loads = 0;
    const loadTf = async () => {
      loads++;
      return loadTensorflow('cpu');
    };
    const fast = await chooseEngine(wide, 'fast', loadTf);
    assert.equal(fast.engine.name, 'fast');
    // Batch 32: the batches run on the SIMD kernels, which this build has (test/unit/simd-kernels.test.ts).
    assert.equal(fast.engine.backend, 'wasm-simd');
    assert.equal(loads, 0);
    const tfjs = await chooseEngine(seedNeeds, 'tfjs', loadTf);
    assert.equal(tfjs.engine.name, 'tfjs');
    assert.equal(loads, 1);
    assert.match(tfjs.reason, /training.engine is "tfjs".*backend cpu/);
  });
});
