// Known answers for the analysis of trained weights: hand-built networks whose dead neurons,
// constants and shrunk weights can be worked out on paper, priors against their formulas,
// and the data-loss gradient against finite differences.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  analyzeWeights,
  applyShrinkPlan,
  dataLossGradient,
  deadNeurons,
  histogram,
  inputsUnusedInEveryRun,
  kernelWeights,
  l1OptimalityCheck,
  mean,
  meanAndSd,
  predictionChange,
  predictionChangeBound,
  priorDensity,
  priorFor,
  sampleSd,
  shrinkPlan,
  sparsity,
  suggestedSizesAcrossRuns,
  summarizeRuns,
  unusedInputs,
  zeroSmallWeights,
  type Prior,
  type ShrinkPlan,
} from '../../src/core/analysis';
import type { Activation, LossName } from '../../src/core/experiment';
import { forwardAll, parameterCount, predict, type LayerParams, type Params } from '../../src/core/mlp';
import { Random } from '../../src/core/random';

/** A dense layer from its kernel written as rows (one per input) and its bias. */
function dense(activation: Activation, kernelRows: number[][], bias: number[]): LayerParams {
  return {
    rows: kernelRows.length,
    cols: bias.length,
    activation,
    kernel: Float32Array.from(kernelRows.flat()),
    bias: Float32Array.from(bias),
  };
}

function near(actual: number, expected: number, tolerance: number, message?: string): void {
  assert.ok(Math.abs(actual - expected) <= tolerance, `${message ?? ''} expected ${expected} ± ${tolerance}, got ${actual}`);
}

const threshold = 1e-3;
/** One input, x from 0 to 2: every ReLU below that is active is active as x itself. */
const lineX = Float32Array.from([0, 0.5, 1, 1.5, 2]);

/**
 * 1 input → 5 ReLU → 4 ReLU → linear output, with one neuron dead for each reason and two
 * dead only through a chain. On x >= 0:
 *   n0 = x                      alive
 *   n1 = relu(0·x + 0.5) = 0.5  incoming (all incoming weights zero)
 *   n2 = x                      outgoing (its row of the next kernel is zero)
 *   n3 = relu(-x - 0.5) = 0     inactive on the training rows
 *   n4 = x                      outgoing, chained: it feeds only m3, which is dead
 *   m0 = relu(n0 + n1)          alive
 *   m1 = relu(0.1 + 2·n1) = 1.1 incoming, chained: fed only by the constant n1
 *   m2 = relu(3·n3) = 0         incoming, chained: fed only by the inactive n3
 *   m3 = relu(n4)               outgoing (output weight 0)
 *   out = 2·m0 + m1 + m2 + 0·m3 + 0.3 = 2x + 2.4
 */
function chainNetwork(small = 0): Params {
  return [
    dense('relu', [[1, small, 1, -1, 1]], [0, 0.5, 0, -0.5, 0]),
    dense(
      'relu',
      [
        [1, 0, 0, 0],
        [1, 2, 0, 0],
        [small, 0, 0, 0],
        [0, 0, 3, 0],
        [0, 0, 0, 1],
      ],
      [0, 0.1, 0, 0],
    ),
    dense('linear', [[2], [1], [1], [0]], [0.3]),
  ];
}

describe('sparsity', () => {
  it('counts zeros by threshold and exact zeros apart, biases apart', () => {
    const params = [dense('relu', [[0, 5e-4, -9e-4, 2e-3, -0]], [0, 0, 1, 1, 1]), dense('linear', [[1], [0], [0], [0], [0.5]], [0])];
    const report = sparsity(params, threshold);
    assert.deepEqual(report.layers[0].kernel, { count: 5, zeros: 4, exactZeros: 2 });
    assert.deepEqual(report.layers[0].bias, { count: 5, zeros: 2, exactZeros: 2 });
    assert.deepEqual(report.layers[1].kernel, { count: 5, zeros: 3, exactZeros: 3 });
    assert.deepEqual(report.kernel, { count: 10, zeros: 7, exactZeros: 5 });
    assert.deepEqual(report.bias, { count: 6, zeros: 3, exactZeros: 3 });
    assert.equal(report.zeroShare, 0.7);
    assert.equal(report.exactZeroShare, 0.5);
  });
});

describe('deadNeurons', () => {
  it('finds each reason, and the neurons dead only through a chain', () => {
    const report = deadNeurons(chainNetwork(), lineX, lineX.length, threshold);
    assert.equal(report.checkedActivity, true);
    assert.deepEqual(report.layers[0].neurons, [
      { alive: true },
      { alive: false, reason: 'incoming', chained: false, constant: 0.5 },
      { alive: false, reason: 'outgoing', chained: false },
      { alive: false, reason: 'inactive', chained: false, constant: 0 },
      { alive: false, reason: 'outgoing', chained: true },
    ]);
    assert.deepEqual(report.layers[1].neurons, [
      { alive: true },
      { alive: false, reason: 'incoming', chained: true, constant: Math.fround(0.1) + 0.5 * 2 },
      { alive: false, reason: 'incoming', chained: true, constant: 0 },
      { alive: false, reason: 'outgoing', chained: false },
    ]);
    assert.deepEqual(
      report.layers.map((l) => [l.size, l.live]),
      [
        [5, 1],
        [4, 1],
      ],
    );
  });

  it('without training rows finds no inactive neuron, so what n3 feeds stays alive', () => {
    const report = deadNeurons(chainNetwork(), undefined, 0, threshold);
    assert.equal(report.checkedActivity, false);
    assert.deepEqual(report.layers[0].neurons[3], { alive: true });
    assert.deepEqual(report.layers[1].neurons[2], { alive: true });
    assert.deepEqual(
      report.layers.map((l) => l.live),
      [2, 2],
    );
  });

  it('calls inactive only a ReLU', () => {
    // The first layer with tanh: n3 = tanh(-x - 0.5) is never 0, so not inactive; but it is
    // negative, so m2 = relu(3·n3) is the inactive one, and n3, feeding only m2, is dead
    // through that chain.
    const params = chainNetwork().map((l, i) => (i === 0 ? { ...l, activation: 'tanh' as const } : l));
    const report = deadNeurons(params, lineX, lineX.length, threshold);
    assert.deepEqual(report.layers[0].neurons[3], { alive: false, reason: 'outgoing', chained: true });
    assert.deepEqual(report.layers[1].neurons[2], { alive: false, reason: 'inactive', chained: false, constant: 0 });
    assert.deepEqual(report.layers[0].neurons[1], { alive: false, reason: 'incoming', chained: false, constant: Math.tanh(0.5) });
  });

  it('a chain of outgoing-dead neurons across three layers', () => {
    // a feeds only b, b feeds only c, c has output weight 0: all three are dead.
    const params = [
      dense('tanh', [[1, 1]], [0, 0]),
      dense('tanh', [[1, 0], [0, 1]], [0, 0]),
      dense('tanh', [[1, 0], [0, 1]], [0, 0]),
      dense('linear', [[1], [0]], [0]),
    ];
    const report = deadNeurons(params, undefined, 0, threshold);
    for (const layer of report.layers) {
      assert.deepEqual(layer.neurons[0], { alive: true });
      assert.equal(layer.neurons[1].alive, false);
      assert.equal(layer.live, 1);
    }
    assert.deepEqual(report.layers[2].neurons[1], { alive: false, reason: 'outgoing', chained: false });
    assert.deepEqual(report.layers[1].neurons[1], { alive: false, reason: 'outgoing', chained: true });
    assert.deepEqual(report.layers[0].neurons[1], { alive: false, reason: 'outgoing', chained: true });
  });
});

describe('shrink', () => {
  it('plans one neuron per layer for the chain network, with the parameter counts', () => {
    const params = chainNetwork();
    const plan = shrinkPlan(params, deadNeurons(params, lineX, lineX.length, threshold));
    assert.deepEqual(plan.layers, [
      { layer: 0, size: 5, live: 1, suggested: 1, keep: [0] },
      { layer: 1, size: 4, live: 1, suggested: 1, keep: [0] },
    ]);
    assert.deepEqual(plan.inputs, { size: 1, keep: [0] });
    assert.equal(plan.parametersBefore, 5 + 5 + 20 + 4 + 4 + 1);
    assert.equal(plan.parametersAfter, 2 + 2 + 2);
  });

  it('folds the constants into the next biases and keeps the predictions when dead weights are exactly 0', () => {
    const params = chainNetwork();
    const dead = deadNeurons(params, lineX, lineX.length, threshold);
    const shrunk = applyShrinkPlan(params, dead);
    assert.deepEqual(
      shrunk.map((l) => [l.rows, l.cols, l.activation, [...l.kernel], [...l.bias]]),
      [
        [1, 1, 'relu', [1], [0]],
        // m0's bias: 0 + n1·1 + n3·0 = 0.5
        [1, 1, 'relu', [1], [0.5]],
        // out's bias: 0.3 + m1·1 + m2·1 = 0.3 + 1.1
        [1, 1, 'linear', [2], [Math.fround(Math.fround(0.3) + Math.fround(0.1) + 1)]],
      ],
    );
    // out = 2x + 2.4 before and after.
    const before = predict(params, lineX, lineX.length);
    lineX.forEach((x, r) => near(before[r], 2 * x + 2.4, 1e-6));
    assert.ok(predictionChange(params, shrunk, lineX, lineX.length) <= 1e-6);
    assert.ok(predictionChangeBound(params, dead, lineX, lineX.length) <= 1e-6);
  });

  it('measures the small change when dead weights are just below the threshold, and bounds it', () => {
    // n1's incoming weight and n2's weight to m0 become 9e-4 (< threshold): the original
    // computes out = 2x + 2.4 + 5.4e-3·x (n1 adds 9e-4·x to m0 and 1.8e-3·x to m1, n2 adds
    // 9e-4·x to m0, m0 counts twice), the shrunk model still 2x + 2.4: 1.08e-2 at x = 2.
    const params = chainNetwork(9e-4);
    const dead = deadNeurons(params, lineX, lineX.length, threshold);
    assert.deepEqual(
      dead.layers.map((l) => l.live),
      [1, 1],
    );
    const shrunk = applyShrinkPlan(params, dead);
    const expected = 3 * 2 * Math.fround(9e-4) * 2;
    const measured = predictionChange(params, shrunk, lineX, lineX.length);
    const bound = predictionChangeBound(params, dead, lineX, lineX.length);
    near(measured, expected, 2e-6, 'measured');
    near(bound, expected, 1e-7, 'bound');
    assert.ok(measured <= bound + 2e-6);
  });

  it('a sigmoid neuron with zero incoming weights is folded as sigmoid(bias)', () => {
    // h1 = sigmoid(0) = 0.5 whatever x; out = 3·h0 + 4·0.5 + 0.25.
    const params = [dense('sigmoid', [[1, 0]], [0, 0]), dense('linear', [[3], [4]], [0.25])];
    const dead = deadNeurons(params, lineX, lineX.length, threshold);
    assert.deepEqual(dead.layers[0].neurons[1], { alive: false, reason: 'incoming', chained: false, constant: 0.5 });
    const shrunk = applyShrinkPlan(params, dead);
    assert.deepEqual([...shrunk[1].kernel], [3]);
    assert.deepEqual([...shrunk[1].bias], [2.25]);
    assert.ok(predictionChange(params, shrunk, lineX, lineX.length) <= 1e-6);
  });

  it('a layer with no live neuron keeps one placeholder with zero weights', () => {
    // n0 = tanh(1) constant, n1 has output weight 0: out = 2·tanh(1) + 0.7 everywhere.
    const params = [dense('tanh', [[0, 1]], [1, 0]), dense('linear', [[2], [0]], [0.7])];
    const dead = deadNeurons(params, lineX, lineX.length, threshold);
    const plan = shrinkPlan(params, dead);
    assert.deepEqual(plan.layers[0], { layer: 0, size: 2, live: 0, suggested: 1, keep: [] });
    const shrunk = applyShrinkPlan(params, dead);
    assert.deepEqual(
      shrunk.map((l) => [l.rows, l.cols, [...l.kernel], [...l.bias]]),
      [
        [1, 1, [0], [0]],
        [1, 1, [0], [Math.fround(0.7 + 2 * Math.tanh(1))]],
      ],
    );
    assert.equal(plan.parametersAfter, 4);
    assert.ok(predictionChange(params, shrunk, lineX, lineX.length) <= 1e-6);
  });

  it('refuses a dead-neuron report made for another model', () => {
    const dead = deadNeurons(chainNetwork(), lineX, lineX.length, threshold);
    const other = [dense('relu', [[1, 1]], [0, 0]), dense('linear', [[1], [1]], [0])];
    assert.throws(() => shrinkPlan(other, dead), /another shape/);
  });
});

describe('unusedInputs', () => {
  // 3 inputs (a, b, c) → 2 ReLU → output. b has no non-zero weight; c feeds only h1,
  // whose output weight is 0, so h1 is dead and c is unused too; a feeds the live h0.
  const params = [dense('relu', [[1, 0.5], [0, 0], [0, 0.7]], [0, 0]), dense('linear', [[1], [0]], [0])];
  const names = ['a', 'b', 'c'];
  const random = new Random(3);
  const n = 8;
  const x = Float32Array.from({ length: n * 3 }, () => random.normal());

  it('finds zero rows and inputs that feed only dead neurons', () => {
    const dead = deadNeurons(params, x, n, threshold);
    assert.deepEqual(unusedInputs(params, threshold, names, dead), [
      { index: 1, name: 'b', reason: 'zero-weights' },
      { index: 2, name: 'c', reason: 'feeds-dead-neurons' },
    ]);
    assert.deepEqual(unusedInputs(params, threshold, names), [{ index: 1, name: 'b', reason: 'zero-weights' }]);
  });

  it('removes unused input rows from the first kernel only when asked', () => {
    const dead = deadNeurons(params, x, n, threshold);
    assert.equal(applyShrinkPlan(params, dead)[0].rows, 3);
    const removeInputs = unusedInputs(params, threshold, names, dead).map((u) => u.index);
    const plan = shrinkPlan(params, dead, { removeInputs });
    assert.deepEqual(plan.inputs, { size: 3, keep: [0] });
    assert.equal(plan.parametersBefore, 3 * 2 + 2 + 2 + 1);
    assert.equal(plan.parametersAfter, 1 + 1 + 1 + 1);
    const shrunk = applyShrinkPlan(params, dead, { removeInputs });
    assert.deepEqual(
      shrunk.map((l) => [l.rows, l.cols, [...l.kernel]]),
      [
        [1, 1, [1]],
        [1, 1, [1]],
      ],
    );
    assert.equal(predictionChange(params, shrunk, x, n, plan.inputs.keep), 0);
    assert.throws(() => predictionChange(params, shrunk, x, n), /keptInputs/);
    assert.throws(() => shrinkPlan(params, dead, { removeInputs: [3] }), /not an input index/);
  });

  it('works on a linear model, whose only kernel is the output', () => {
    const linear = [dense('linear', [[0.5], [0], [1e-4]], [0])];
    assert.deepEqual(
      unusedInputs(linear, threshold, names, deadNeurons(linear, x, n, threshold)).map((u) => u.name),
      ['b', 'c'],
    );
  });
});

describe('across runs', () => {
  it('mean and sample standard deviation', () => {
    const values = [2, 4, 4, 4, 5, 5, 7, 9];
    assert.equal(mean(values), 5);
    near(sampleSd(values), Math.sqrt(32 / 7), 1e-12);
    assert.deepEqual(meanAndSd([3]), { n: 1, mean: 3, sd: undefined });
    assert.ok(Number.isNaN(mean([])));
    assert.ok(Number.isNaN(sampleSd([1])));
  });

  it('suggests per layer the largest live count over the runs, at least 1', () => {
    const plan = (live: number[]) => ({ layers: live.map((l, i) => ({ layer: i, size: 10, live: l, suggested: Math.max(1, l), keep: [] })) }) as unknown as ShrinkPlan;
    assert.deepEqual(suggestedSizesAcrossRuns([plan([2, 3, 0]), plan([4, 1, 0]), plan([3, 3, 0])]), [4, 3, 1]);
  });

  it('reports only the inputs unused in every run', () => {
    const u = (index: number) => ({ index, name: `x${index + 1}`, reason: 'zero-weights' as const });
    assert.deepEqual(inputsUnusedInEveryRun([[u(0), u(2), u(3)], [u(2), u(3)], [u(3), u(2)]]), ['x3', 'x4']);
    assert.deepEqual(inputsUnusedInEveryRun([[u(0)], []]), []);
  });

  it('summarizes the analyses of two runs', () => {
    const data = { train: { x: lineX, n: lineX.length }, test: { x: Float32Array.from([0.25, 1.75]), n: 2 }, inputNames: ['x'] };
    const first = analyzeWeights(chainNetwork(), data, threshold);
    // The second run also uses m3 (output weight 1), which brings n4 back to life.
    const second = chainNetwork();
    second[2].kernel[3] = 1;
    const summary = summarizeRuns([first, analyzeWeights(second, data, threshold)]);
    assert.equal(summary.runs, 2);
    assert.deepEqual(summary.suggestedSizes, [2, 2]);
    assert.deepEqual(
      summary.liveCounts.map((m) => m.mean),
      [1.5, 1.5],
    );
    near(summary.liveCounts[0].sd!, Math.SQRT1_2, 1e-12);
    assert.deepEqual(summary.inputsUnusedInEveryRun, []);
    assert.ok(summary.largestShrinkChange <= 1e-6);
    assert.equal(first.shrinkCheck.rows, 2);
  });
});

describe('priors', () => {
  const sigma = 0.1;
  const n = 75;
  const lambda = 0.3;

  it('L2 is a Gaussian with τ = σ/√(Nλ), L1 a Laplace with b = 2σ²/(Nλ)', () => {
    assert.deepEqual(priorFor({ l1: 0, l2: lambda }, sigma, n), { kind: 'gaussian', sd: sigma / Math.sqrt(n * lambda) });
    assert.deepEqual(priorFor({ l1: lambda, l2: 0 }, sigma, n), { kind: 'laplace', scale: (2 * sigma * sigma) / (n * lambda) });
    assert.deepEqual(priorFor({ l1: 0.1, l2: 0.2 }, sigma, n), {
      kind: 'elastic-net',
      scale: (2 * sigma * sigma) / (n * 0.1),
      sd: sigma / Math.sqrt(n * 0.2),
    });
    assert.equal(priorFor({ l1: 0, l2: 0 }, sigma, n), undefined);
    assert.equal(priorFor({ l1: lambda, l2: 0 }, 0, n), undefined);
  });

  it('-log prior(w) + log prior(0) is the scaled penalty (Nλ/(2σ²))·R(w)', () => {
    const scaled = (n * lambda) / (2 * sigma * sigma);
    const gaussian = priorFor({ l1: 0, l2: lambda }, sigma, n)!;
    const laplace = priorFor({ l1: lambda, l2: 0 }, sigma, n)!;
    for (const w of [-0.05, -0.01, 0.002, 0.03]) {
      near(-Math.log(priorDensity(gaussian, w) / priorDensity(gaussian, 0)), scaled * w * w, 1e-9);
      near(-Math.log(priorDensity(laplace, w) / priorDensity(laplace, 0)), scaled * Math.abs(w), 1e-9);
    }
  });

  it('ridge on a line equals the posterior mean under the Gaussian prior with that τ', () => {
    // argmin SSE/N + λw² = Σxy/(Σx² + Nλ); Bayesian posterior mean = Σxy/(Σx² + σ²/τ²).
    const random = new Random(7);
    const xs = Array.from({ length: n }, () => random.normal());
    const ys = xs.map((x) => 2 * x + sigma * random.normal());
    const sxy = xs.reduce((s, x, i) => s + x * ys[i], 0);
    const sxx = xs.reduce((s, x) => s + x * x, 0);
    const { sd: tau } = priorFor({ l1: 0, l2: lambda }, sigma, n) as Extract<Prior, { kind: 'gaussian' }>;
    near(sxy / (sxx + (sigma * sigma) / (tau * tau)), sxy / (sxx + n * lambda), 1e-12);
  });

  it('every density integrates to 1, and elastic net tends to its two parts', () => {
    const integrate = (prior: Prior, width: number) => {
      const steps = 200000;
      const h = (2 * width) / steps;
      let sum = 0;
      for (let k = 0; k <= steps; k++) sum += (k === 0 || k === steps ? 0.5 : 1) * priorDensity(prior, -width + k * h);
      return sum * h;
    };
    const priors: [Prior, number][] = [
      [{ kind: 'gaussian', sd: 0.02 }, 0.4],
      [{ kind: 'laplace', scale: 0.01 }, 0.5],
      [{ kind: 'elastic-net', scale: 0.01, sd: 0.02 }, 0.5],
      [{ kind: 'elastic-net', scale: 1, sd: 0.001 }, 0.02],
    ];
    for (const [prior, width] of priors) near(integrate(prior, width), 1, 1e-6, prior.kind);
    for (const w of [0, 0.005, 0.02]) {
      const almostLaplace = priorDensity({ kind: 'elastic-net', scale: 0.01, sd: 1e6 }, w);
      const almostGaussian = priorDensity({ kind: 'elastic-net', scale: 1e9, sd: 0.02 }, w);
      near(almostLaplace / priorDensity({ kind: 'laplace', scale: 0.01 }, w), 1, 1e-5);
      near(almostGaussian / priorDensity({ kind: 'gaussian', sd: 0.02 }, w), 1, 1e-5);
    }
  });
});

describe('histogram', () => {
  it('puts values in [lo, hi) bins, the top edge in the last, the rest outside', () => {
    const h = histogram([0, 0.1, 0.5, 0.99, 1, -1, 2], 4, [0, 1]);
    assert.deepEqual(h.edges, [0, 0.25, 0.5, 0.75, 1]);
    assert.deepEqual(h.counts, [2, 0, 1, 2]);
    assert.equal(h.outside, 2);
    assert.equal(h.total, 7);
    assert.equal(h.binWidth, 0.25);
    assert.deepEqual(
      h.density,
      [2, 0, 1, 2].map((c) => c / (7 * 0.25)),
    );
  });

  it('defaults to the values’ range, counts non-finite values as outside', () => {
    const h = histogram([-2, 0, 2, NaN], 2);
    assert.deepEqual(h.edges, [-2, 0, 2]);
    assert.deepEqual(h.counts, [1, 2]);
    assert.equal(h.outside, 1);
    assert.deepEqual(histogram([3, 3], 1).edges, [2.5, 3.5]);
    assert.throws(() => histogram([1], 0), /bins/);
  });

  it('takes all kernel weights of a model', () => {
    assert.deepEqual([...kernelWeights(chainNetwork())].length, 5 + 20 + 4);
  });
});

/** The mean data loss in double precision, with one weight moved by `by`. */
function loss64(params: Params, x: Float32Array, y: Float32Array, n: number, loss: LossName, delta: number, move?: { layer: number; bias: boolean; index: number; by: number }): number {
  const act = (a: Activation, z: number) => (a === 'relu' ? Math.max(z, 0) : a === 'tanh' ? Math.tanh(z) : a === 'sigmoid' ? 1 / (1 + Math.exp(-z)) : z);
  let input: number[] = Array.from(x);
  params.forEach((layer, l) => {
    const w = Array.from(layer.kernel);
    const b = Array.from(layer.bias);
    if (move && move.layer === l) (move.bias ? b : w)[move.index] += move.by;
    const output: number[] = [];
    for (let r = 0; r < n; r++) {
      for (let j = 0; j < layer.cols; j++) {
        let z = b[j];
        for (let i = 0; i < layer.rows; i++) z += input[r * layer.rows + i] * w[i * layer.cols + j];
        output.push(act(layer.activation, z));
      }
    }
    input = output;
  });
  let sum = 0;
  for (let r = 0; r < n; r++) {
    const a = Math.abs(input[r] - y[r]);
    sum += loss === 'mse' ? a * a : loss === 'mae' ? a : 0.5 * Math.min(a, delta) ** 2 + delta * (a - Math.min(a, delta));
  }
  return sum / n;
}

describe('dataLossGradient', () => {
  it('matches central finite differences for every weight, loss and activation', () => {
    const random = new Random(11);
    const shapes: [number, number, Activation][] = [
      [2, 3, 'tanh'],
      [3, 3, 'relu'],
      [3, 2, 'sigmoid'],
      [2, 1, 'linear'],
    ];
    const params: Params = shapes.map(([rows, cols, activation]) => ({
      rows,
      cols,
      activation,
      kernel: Float32Array.from({ length: rows * cols }, () => random.uniform(-1.5, 1.5)),
      bias: Float32Array.from({ length: cols }, () => random.uniform(-0.5, 0.5)),
    }));
    const n = 7;
    const x = Float32Array.from({ length: n * 2 }, () => random.normal());
    const y = Float32Array.from({ length: n }, () => random.normal());
    const h = 1e-6;
    for (const loss of ['mse', 'mae', 'huber'] as const) {
      const gradient = dataLossGradient(params, x, y, n, loss, 0.5);
      params.forEach((layer, l) => {
        for (const bias of [false, true]) {
          const analytic = bias ? gradient[l].bias : gradient[l].kernel;
          assert.equal(analytic.length, (bias ? layer.bias : layer.kernel).length);
          analytic.forEach((g, index) => {
            const plus = loss64(params, x, y, n, loss, 0.5, { layer: l, bias, index, by: h });
            const minus = loss64(params, x, y, n, loss, 0.5, { layer: l, bias, index, by: -h });
            const numeric = (plus - minus) / (2 * h);
            near(g, numeric, 1e-5 + 1e-4 * Math.abs(numeric), `${loss} layer ${l} ${bias ? 'bias' : 'kernel'}[${index}]`);
          });
        }
      });
    }
  });

  it('follows tf.js at the kinks: d|r|/dr = -1 at r = 0, relu′(0) = 0', () => {
    // A perfect linear fit: every residual 0, so the mae gradient is mean(-1·x), mean(-1).
    const linear = [dense('linear', [[1]], [0])];
    const x = Float32Array.from([1, 2]);
    const atZero = dataLossGradient(linear, x, x, 2, 'mae', 1);
    assert.deepEqual([...atZero[0].kernel, ...atZero[0].bias], [-1.5, -1]);
    // The hidden ReLU's pre-activation is exactly 0 on the one row: nothing flows back.
    const relu = [dense('relu', [[1]], [-1]), dense('linear', [[1]], [0])];
    const kink = dataLossGradient(relu, Float32Array.from([1]), Float32Array.from([3]), 1, 'mse', 1);
    assert.deepEqual([...kink[0].kernel, ...kink[0].bias], [0, 0]);
    assert.deepEqual([...kink[1].bias], [-6]);
  });
});

describe('l1OptimalityCheck', () => {
  // y = w·x with 3 inputs; at w = (0, 0, 0.5) and x3 = 0 the residuals are -y, and the mse
  // gradient is mean(2·(-y)·x): -5 for x1, -0.2 for x2. A zero is a true zero when |g| <= λ.
  const params = [dense('linear', [[0], [0], [0.5]], [0])];
  const x = Float32Array.from([1, 0, 0, 2, 0.1, 0]);
  const y = Float32Array.from([1, 2]);
  const gradient = dataLossGradient(params, x, y, 2, 'mse', 1);

  it('has the hand-computed gradient', () => {
    assert.deepEqual([...gradient[0].kernel], [-5, Math.fround(-0.2), 0]);
  });

  it('counts the zero weights whose gradient stays within λ', () => {
    const strict = l1OptimalityCheck(gradient, params, 1, threshold);
    assert.deepEqual(strict.layers, [{ layer: 0, zeros: 2, trueZeros: 1, largestGradient: 5 }]);
    assert.equal(strict.zeros, 2);
    assert.equal(strict.trueZeros, 1);
    assert.equal(l1OptimalityCheck(gradient, params, 6, threshold).trueZeros, 2);
  });

  it('checks at exact zeros when asked to', () => {
    const hovering = [dense('linear', [[4e-4], [-3e-4], [0.5]], [0])];
    const exact = zeroSmallWeights(hovering, threshold);
    assert.deepEqual([...exact[0].kernel], [0, 0, 0.5]);
    assert.deepEqual(dataLossGradient(exact, x, y, 2, 'mse', 1)[0].kernel, gradient[0].kernel);
    assert.equal(l1OptimalityCheck(dataLossGradient(exact, x, y, 2, 'mse', 1), hovering, 1, threshold).trueZeros, 1);
  });
});

describe('on random sparse networks', () => {
  const acts = ['relu', 'tanh', 'sigmoid', 'linear'] as const;
  function randomSparseNetwork(random: Random): Params {
    const sizes = [1 + random.int(3), ...Array.from({ length: 1 + random.int(4) }, () => 1 + random.int(5)), 1];
    return sizes.slice(1).map((cols, l) => {
      const rows = sizes[l];
      const sparse = random.next();
      return {
        rows,
        cols,
        activation: l === sizes.length - 2 ? 'linear' : acts[random.int(acts.length)],
        // Zeros: exact, or just below the threshold.
        kernel: Float32Array.from({ length: rows * cols }, () => (random.next() < sparse ? (random.next() < 0.5 ? 0 : 5e-4) : random.uniform(-1, 1))),
        bias: Float32Array.from({ length: cols }, () => random.uniform(-1, 1)),
      };
    });
  }

  /** The definition applied literally: take out every neuron that is dead by a direct
   * reason among the neurons still there, and repeat until nothing changes. */
  function aliveByRepeatedRemoval(params: Params, x: Float32Array, n: number): boolean[][] {
    const outputs = forwardAll(params, x, n);
    const hidden = params.slice(0, -1);
    const gone = hidden.map((l) => new Array<boolean>(l.cols).fill(false));
    const present = (l: number, i: number) => l < 0 || l >= hidden.length || !gone[l][i];
    for (let changed = true; changed; ) {
      changed = false;
      hidden.forEach((layer, l) => {
        const next = params[l + 1];
        for (let j = 0; j < layer.cols; j++) {
          if (gone[l][j]) continue;
          let incomingZero = true;
          for (let i = 0; i < layer.rows; i++) if (present(l - 1, i) && Math.abs(layer.kernel[i * layer.cols + j]) > threshold) incomingZero = false;
          let outgoingZero = true;
          for (let k = 0; k < next.cols; k++) if (present(l + 1, k) && Math.abs(next.kernel[j * next.cols + k]) > threshold) outgoingZero = false;
          let inactive = layer.activation === 'relu';
          for (let r = 0; r < n && inactive; r++) if (outputs[l][r * layer.cols + j] !== 0) inactive = false;
          if (incomingZero || outgoingZero || inactive) {
            gone[l][j] = true;
            changed = true;
          }
        }
      });
    }
    return gone.map((layer) => layer.map((g) => !g));
  }

  it('the two passes find the same live neurons as removing and re-checking until nothing changes', () => {
    const random = new Random(5);
    for (let trial = 0; trial < 500; trial++) {
      const params = randomSparseNetwork(random);
      const n = 6;
      const x = Float32Array.from({ length: n * params[0].rows }, () => random.normal());
      const alive = deadNeurons(params, x, n, threshold).layers.map((l) => l.neurons.map((s) => s.alive));
      assert.deepEqual(alive, aliveByRepeatedRemoval(params, x, n), `trial ${trial}`);
    }
  });

  it('the measured change of a shrink stays within its bound, also on rows it was not found on', () => {
    const random = new Random(6);
    for (let trial = 0; trial < 500; trial++) {
      const params = randomSparseNetwork(random);
      const d = params[0].rows;
      const train = Float32Array.from({ length: 6 * d }, () => random.normal());
      const test = Float32Array.from({ length: 20 * d }, () => 2 * random.normal());
      const dead = deadNeurons(params, train, 6, threshold);
      const removeInputs = unusedInputs(params, threshold, [], dead).map((u) => u.index);
      const plan = shrinkPlan(params, dead, { removeInputs });
      const shrunk = applyShrinkPlan(params, dead, { removeInputs });
      assert.equal(parameterCount(shrunk), plan.parametersAfter);
      const measured = predictionChange(params, shrunk, test, 20, plan.inputs.keep);
      const bound = predictionChangeBound(params, dead, test, 20, { removeInputs });
      assert.ok(measured <= bound + 1e-5 * (1 + bound), `trial ${trial}: measured ${measured} > bound ${bound}`);
    }
  });
});
