// Classification (issue 13): the cross-entropy losses on the logits, their gradient p - y in
// both engines by hand, the lasso-logistic optimality conditions after proximal training,
// which data a cross-entropy needs, and what a classifier's results say: accuracy and
// log-loss per epoch, per run and per variant, the confusion matrix, the error a run is
// judged by, the table, and the results file.
import assert from 'node:assert/strict';
import { before, describe, test } from 'node:test';
import { crossEntropyLosses, losses, predictedClass, softplus } from '../../src/core/activations';
import { certifyZeros } from '../../src/core/analysis/certified-zeros';
import { linearLambdaMax } from '../../src/core/path/lambda-max';
import { classificationMetrics } from '../../src/core/classification';
import type { Dataset } from '../../src/core/dataset';
import { defaultLoss, isClassification, parseExperiment, type DataSpec, type Experiment, type LossName } from '../../src/core/experiment';
import { isClassificationLoss } from '../../src/core/loss-kinds';
import { judgedError, judgedErrorName } from '../../src/core/judged-error';
import { meanLoss, outputUnits, predict, type Params } from '../../src/core/mlp';
import schema from '../../schemas/regx.schema.json';
import { Random } from '../../src/core/random';
import { analyzeRun, buildResults, summarizeDataset, testErrorsByRun, type ResultsDocument } from '../../src/core/results';
import { decodeResults, encodeResults } from '../../src/core/results-codec';
import { classificationSummaryHeaders, summaryHeadersOf, summaryRows } from '../../src/core/results-table';
import { loadTensorflow } from '../../src/runtime/backend';
import { trainRun, type Engine } from '../../src/runtime/engine';
import { fastEngine } from '../../src/runtime/fast-engine';
import { formatReport } from '../../src/runtime/report';
import { runSpec as experimentRunSpec } from '../../src/runtime/run-spec';
import { tfjsEngine } from '../../src/runtime/tfjs-engine';
import { allRows, dataset, experimentFrom, linearParams, runSpec } from '../support/fixtures';
import { dataLossGradient } from '../support/l1-optimality';

const sigmoid = (z: number) => 1 / (1 + Math.exp(-z));

/** Labelled rows: `classes` names, y the labels. */
function labelled(x: number[][], y: number[], classes: number): Dataset {
  return { ...dataset(x, y), classes: Array.from({ length: classes }, (_, c) => `c${c}`) };
}

describe('the cross-entropy losses', () => {
  test('binary: softplus(z) - y·z, the stable form of -y·log σ(z) - (1-y)·log(1-σ(z)), finite at any logit', () => {
    const { rowValue } = crossEntropyLosses.binaryCrossentropy;
    for (const z of [-3, -0.5, 0, 0.25, 4]) {
      for (const y of [0, 1]) {
        const direct = -y * Math.log(sigmoid(z)) - (1 - y) * Math.log(1 - sigmoid(z));
        assert.ok(Math.abs(rowValue([z], 0, 1, y, 0) - direct) < 1e-12, `z ${z}, y ${y}`);
      }
    }
    // Where log(σ(z)) would be log(0): the loss is |z| on the wrong side, 0 on the right one.
    assert.equal(rowValue([1000], 0, 1, 0, 0), 1000);
    assert.equal(rowValue([1000], 0, 1, 1, 0), 0);
    assert.equal(rowValue([-1000], 0, 1, 1, 0), 1000);
    assert.equal(softplus(-1000), 0);
  });

  test('categorical: logΣe^z - z_label by log-sum-exp, finite for logits of 1000', () => {
    const { rowValue } = crossEntropyLosses.categoricalCrossentropy;
    const z = [0.5, -1, 2];
    const direct = -Math.log(Math.exp(z[2]) / z.reduce((s, v) => s + Math.exp(v), 0));
    assert.ok(Math.abs(rowValue(z, 0, 3, 2, 0) - direct) < 1e-12);
    assert.ok(Math.abs(rowValue([1000, 999, 0], 0, 3, 1, 0) - (1 + Math.log(1 + Math.exp(-1) + Math.exp(-1000)))) < 1e-12);
  });

  test('the gradient at the logits is p - y, divided by the rows of the mean', () => {
    const gradient = [0, 0, 0, 0];
    crossEntropyLosses.binaryCrossentropy.rowGradient([0.7], 0, 1, 1, 0, 2, gradient, 0);
    assert.ok(Math.abs(gradient[0] - (sigmoid(0.7) - 1) / 2) < 1e-15);
    const z = [0.5, -1, 2];
    const total = z.reduce((s, v) => s + Math.exp(v), 0);
    crossEntropyLosses.categoricalCrossentropy.rowGradient([9, ...z], 1, 3, 0, 0, 1, gradient, 1);
    z.forEach((v, j) => assert.ok(Math.abs(gradient[1 + j] - (Math.exp(v) / total - (j === 0 ? 1 : 0))) < 1e-12, `logit ${j}`));
  });

  test('the gradient is the slope of the loss', () => {
    const h = 1e-6;
    const random = new Random(3);
    for (const [name, loss] of Object.entries(crossEntropyLosses)) {
      const k = name === 'binaryCrossentropy' ? 1 : 4;
      for (let trial = 0; trial < 20; trial++) {
        const z = Array.from({ length: k }, () => random.uniform(-5, 5));
        const label = k === 1 ? trial % 2 : trial % k;
        const gradient = new Array<number>(k).fill(0);
        loss.rowGradient(z, 0, k, label, 0, 1, gradient, 0);
        for (let j = 0; j < k; j++) {
          const up = z.slice();
          const down = z.slice();
          up[j] += h;
          down[j] -= h;
          const slope = (loss.rowValue(up, 0, k, label, 0) - loss.rowValue(down, 0, k, label, 0)) / (2 * h);
          assert.ok(Math.abs(gradient[j] - slope) < 1e-6, `${name}, logit ${j}: ${gradient[j]} vs ${slope}`);
        }
      }
    }
  });

  test('the predicted class is the largest logit, or logit > 0 for one', () => {
    assert.equal(predictedClass([0.1], 0, 1), 1);
    assert.equal(predictedClass([0], 0, 1), 0);
    assert.equal(predictedClass([7, 0.2, 3, -1], 1, 3), 1);
    assert.equal(predictedClass([0, -2, -1, -3], 0, 4), 0);
  });
});

describe('one step on two rows, by hand: the gradient at the logits is p - y', () => {
  // Two rows, a linear model, full batch: dL/dW = mean over the rows of x·(p - y)ᵀ, dL/db = mean of p - y.
  const x = [[1, -2], [0.5, 1]];
  const lr = 0.1;
  let tfjs: Engine;
  before(async () => {
    tfjs = tfjsEngine(await loadTensorflow('cpu'));
  });
  const engines = (): [string, Engine][] => [['fast, batch on the SIMD kernels', fastEngine({ batchKernel: 'wasm-simd' })], ['fast, batch in JavaScript', fastEngine({ batchKernel: 'js' })], ['tfjs', tfjs]];

  /** One SGD step of the whole batch, and what it should be by hand from the gradients p - y. */
  function stepBothWays(params: Params, y: number[], loss: 'binaryCrossentropy' | 'categoricalCrossentropy', probabilities: (z: number[]) => number[]) {
    const k = params[0].cols;
    const onehot = (label: number) => (k === 1 ? [label] : Array.from({ length: k }, (_, c) => +(c === label)));
    const kernel = Array.from(params[0].kernel);
    const bias = Array.from(params[0].bias);
    const expectedKernel = kernel.slice();
    const expectedBias = bias.slice();
    x.forEach((row, r) => {
      const z = bias.map((b, c) => b + row[0] * kernel[c] + row[1] * kernel[k + c]);
      const p = probabilities(z);
      const target = onehot(y[r]);
      for (let c = 0; c < k; c++) {
        const dz = (p[c] - target[c]) / x.length;
        expectedBias[c] -= lr * dz;
        for (let i = 0; i < 2; i++) expectedKernel[i * k + c] -= lr * row[i] * dz;
      }
    });
    const data = labelled(x, y, loss === 'binaryCrossentropy' ? 2 : k);
    for (const [name, engine] of engines()) {
      const session = engine.createSession(runSpec(data, params, { loss, learningRate: lr, batchSize: 2 }));
      session.runEpoch(allRows(2));
      const [layer] = session.params();
      session.dispose();
      expectedKernel.forEach((w, i) => assert.ok(Math.abs(layer.kernel[i] - w) < 1e-6, `${name}, kernel[${i}]: ${layer.kernel[i]} vs ${w}`));
      expectedBias.forEach((b, c) => assert.ok(Math.abs(layer.bias[c] - b) < 1e-6, `${name}, bias[${c}]: ${layer.bias[c]} vs ${b}`));
    }
  }

  test('binary cross-entropy: σ(z) - y', () => {
    stepBothWays(linearParams([0.3, -0.2], 0.1), [1, 0], 'binaryCrossentropy', ([z]) => [sigmoid(z)]);
  });

  test('categorical cross-entropy over three logits: softmax(z) - onehot(y)', () => {
    const params: Params = [{ rows: 2, cols: 3, activation: 'linear', kernel: Float32Array.of(0.3, -0.2, 0.1, 0.05, 0.4, -0.3), bias: Float32Array.of(0.1, 0, -0.1) }];
    stepBothWays(params, [2, 0], 'categoricalCrossentropy', (z) => {
      const total = z.reduce((s, v) => s + Math.exp(v), 0);
      return z.map((v) => Math.exp(v) / total);
    });
  });
});

describe('a linear model with binary cross-entropy and proximal L1: the lasso-logistic conditions', () => {
  // y = 1 when 2·x1 - x2 + noise > 0; x3 and x4 are noise. Full batch, so proximal gradient
  // descent converges to the minimum of mean log-loss + λΣ|w|.
  const random = new Random(21);
  const x = Array.from({ length: 200 }, () => [random.normal(), random.normal(), random.normal(), random.normal()]);
  const y = x.map(([a, b]) => +(2 * a - b + 0.8 * random.normal() > 0));
  const data = labelled(x, y, 2);
  const l1 = 0.06;

  test('after long training: |∂L/∂w_j| <= λ where w_j = 0, ∂L/∂w_j = -λ·sign(w_j) where not', () => {
    const session = fastEngine().createSession(runSpec(data, linearParams([0.5, 0.5, 0.5, 0.5], 0), { loss: 'binaryCrossentropy', learningRate: 0.5, batchSize: 200 }, { l1, l1Method: 'proximal' }));
    for (let epoch = 0; epoch < 3000; epoch++) session.runEpoch(allRows(200));
    const params = session.params();
    const weights = Array.from(params[0].kernel);
    const [gradient] = dataLossGradient(params, data.train.x, data.train.y, 200, 'binaryCrossentropy', 0);
    const zeros = weights.filter((w) => w === 0).length;
    assert.ok(zeros >= 1 && zeros <= 3, `some weights at exactly 0 and some not: ${weights.join(', ')}`);
    weights.forEach((w, j) => {
      const g = gradient.kernel[j];
      if (w === 0) assert.ok(Math.abs(g) <= l1 + 1e-4, `w${j + 1} = 0 with |∂L/∂w| = ${Math.abs(g)} > λ`);
      else assert.ok(Math.abs(g + l1 * Math.sign(w)) <= 1e-4, `w${j + 1} = ${w}: ∂L/∂w = ${g}, expected ${-l1 * Math.sign(w)}`);
    });
    // The results' certified zeros read the same condition.
    const certified = certifyZeros(params, data.train, 'binaryCrossentropy', 0, l1, 1e-6);
    assert.deepEqual([certified?.zeros, certified?.certified], [zeros, zeros]);
  });
});

describe("the lasso-logistic's λ_max", () => {
  // Labels from x1 alone: the two other inputs only carry noise into the gradient.
  const random = new Random(8);
  const x = Array.from({ length: 120 }, () => [random.normal(), random.normal(), random.normal()]);
  const y = x.map(([a]) => +(a + 0.7 * random.normal() > 0.3));
  const data = labelled(x, y, 2);
  const problem = { x: data.train.x, y: data.train.y, n: 120, d: 3 };
  /** Proximal gradient descent on the whole batch, from zero weights, long enough to converge. */
  const train = (l1: number) => {
    const session = fastEngine().createSession(runSpec(data, linearParams([0, 0, 0], 0), { loss: 'binaryCrossentropy', learningRate: 0.5, batchSize: 120 }, { l1, l1Method: 'proximal' }));
    for (let epoch = 0; epoch < 4000; epoch++) session.runEpoch(allRows(120));
    return Array.from(session.params()[0].kernel);
  };

  test('is max_j |(1/n)Σ x_ij·(ȳ - y_i)|: every weight stays at 0 at λ_max, one comes in below it', () => {
    const top = linearLambdaMax(problem, { loss: 'binaryCrossentropy', huberDelta: 1, regularizeBiases: false, share: 1 })!;
    const share = y.reduce((s, v) => s + v, 0) / 120;
    const byHand = Math.max(...[0, 1, 2].map((j) => Math.abs(x.reduce((s, row, i) => s + row[j] * (share - y[i]), 0) / 120)));
    // Rounded up by the rounding error of its sums (about (n + d)·2^-52 relative), no more.
    assert.ok(top >= byHand && top - byHand < 1e-9 * byHand, `λ_max ${top} vs ${byHand}`);
    assert.deepEqual(train(top * 1.001), [0, 0, 0]);
    assert.ok(train(top * 0.9).filter((w) => w !== 0).length >= 1, 'a weight comes in below λ_max');
  });

  test('is not given for categorical cross-entropy, which finds it by bisection', () => {
    assert.equal(linearLambdaMax(problem, { loss: 'categoricalCrossentropy', huberDelta: 1, regularizeBiases: false, share: 1 }), undefined);
  });
});

describe('which data a cross-entropy needs', () => {
  const line = { name: 'c', data: { kind: 'line' }, variants: [{ name: 'v' }] };

  test('a cross-entropy loss on values is an error at training.loss that says what it needs', () => {
    for (const loss of ['binaryCrossentropy', 'categoricalCrossentropy']) {
      const parsed = parseExperiment(JSON.stringify({ ...line, training: { loss } }));
      assert.equal(parsed.ok, false);
      const problem = parsed.problems.find((p) => p.path === 'training.loss');
      assert.ok(problem, JSON.stringify(parsed.problems));
      assert.match(problem.message, new RegExp(`"${loss}" needs class labels: data.kind one of "circle", "xor", "gauss", "spiral", "moons", or "csv" with data.task "classification"; got data.kind "line"`));
    }
  });

  test('values keep the schema default mse when the file gives no loss', () => {
    assert.equal(experimentFrom(line).training.loss, 'mse');
  });

  test('classification data: the point sets and moons, and csv with task "classification"; their default losses', () => {
    const as = (data: object) => data as unknown as DataSpec;
    for (const kind of ['circle', 'xor', 'gauss', 'spiral', 'moons']) {
      assert.equal(isClassification(as({ kind })), true, kind);
      assert.equal(defaultLoss(as({ kind })), 'binaryCrossentropy', kind);
    }
    assert.equal(isClassification(as({ kind: 'csv', task: 'classification' })), true);
    assert.equal(defaultLoss(as({ kind: 'csv', task: 'classification' })), 'categoricalCrossentropy');
    for (const data of [{ kind: 'csv' }, { kind: 'csv', task: 'regression' }, { kind: 'line' }, { kind: 'sparse-linear' }]) {
      assert.equal(isClassification(as(data)), false, JSON.stringify(data));
      assert.equal(defaultLoss(as(data)), 'mse');
    }
  });

  test('the output units: one logit for two classes, k for categorical; a loss that does not fit the classes is named', () => {
    assert.equal(outputUnits('mse', undefined), 1);
    assert.equal(outputUnits('binaryCrossentropy', ['a', 'b']), 1);
    assert.equal(outputUnits('categoricalCrossentropy', ['a', 'b', 'c']), 3);
    assert.throws(() => outputUnits('binaryCrossentropy', ['a', 'b', 'c']), /training.loss "binaryCrossentropy" needs two classes, the data have 3 \(a, b, c\): use "categoricalCrossentropy"/);
    assert.throws(() => outputUnits('categoricalCrossentropy', undefined), /training.loss "categoricalCrossentropy" needs data with at least two classes, got values/);
  });
});

describe("a classifier's results", () => {
  // Three classes of points around three centres; a 2-6-3 network, L1 against no penalty, three runs each.
  const centres = [[-1, 0], [1, 0], [0, 1.5]];
  const random = new Random(5);
  const rows = (n: number) => {
    const labels = Array.from({ length: n }, (_, i) => i % 3);
    return { x: labels.map((c) => [centres[c][0] + 0.6 * random.normal(), centres[c][1] + 0.6 * random.normal()]), y: labels };
  };
  const train = rows(90);
  const test_ = rows(30);
  const data: Dataset = { ...labelled(train.x, train.y, 3), test: labelled(test_.x, test_.y, 3).train, classes: ['left', 'right', 'top'] };
  const experiment: Experiment = (() => {
    const parsed = experimentFrom({ name: 'three classes', data: { kind: 'line' }, runs: 3, model: { layers: [6] }, training: { epochs: 40, batchSize: 10, learningRate: 0.1 }, variants: [{ name: 'none' }, { name: 'L1', l1: 0.01 }] });
    return { ...parsed, training: { ...parsed.training, loss: 'categoricalCrossentropy' } };
  })();
  let document: ResultsDocument;

  before(async () => {
    const summary = summarizeDataset(data);
    const runs = [];
    for (const variant of experiment.variants) {
      for (let run = 0; run < experiment.runs; run++) {
        const outcome = await trainRun(fastEngine(), experimentRunSpec(experiment, variant, run, data));
        runs.push(analyzeRun({ experiment, variant, run, seed: experiment.seed + run, dataset: data, summary, outcome }));
      }
    }
    document = buildResults({ experiment, experimentPath: 'three.regx.json', dataset: summary, backend: 'js', engine: 'fast', versions: {}, runs, seconds: 1, cancelled: false });
  });

  test('the network has one logit per class', () => {
    const params = document.variants[0].runs[0].params;
    assert.equal(params[params.length - 1].cols, 3);
    assert.deepEqual(document.dataset.classes, ['left', 'right', 'top']);
  });

  test('every epoch records train and test accuracy beside the log-losses, which are the data losses', () => {
    const run = document.variants[0].runs[0];
    const { history } = run;
    assert.equal(history.trainAccuracy?.length, history.epoch.length);
    assert.equal(history.testAccuracy?.length, history.epoch.length);
    const last = history.epoch.length - 1;
    const outputs = predict(run.params, data.test.x, data.test.n);
    assert.ok(Math.abs(history.testDataLoss[last] - meanLoss('categoricalCrossentropy', outputs, data.test.y, 0)) < 1e-12);
    assert.equal(history.testAccuracy![last], classificationMetrics('categoricalCrossentropy', outputs, data.test.y, 3).accuracy);
    assert.ok(history.testAccuracy![last] > history.testAccuracy![0], `accuracy rose from ${history.testAccuracy![0]} to ${history.testAccuracy![last]}`);
  });

  test('each run keeps test accuracy, log-loss and the confusion matrix of the test rows', () => {
    for (const run of document.variants.flatMap((v) => v.runs)) {
      const c = run.classification!;
      assert.equal(c.confusion.length, 3);
      assert.equal(c.confusion.flat().reduce((s, v) => s + v, 0), 30, 'every test row counted once');
      const correct = c.confusion.reduce((s, row, i) => s + row[i], 0);
      assert.equal(c.accuracy, correct / 30);
      assert.equal(run.testAbsError, 30 - correct, 'the misclassified rows');
      assert.ok(c.accuracy > 0.6, `accuracy ${c.accuracy}`);
      assert.equal(run.testPredictions.length, 30 * 3, 'three logits per stored test point');
    }
  });

  test('a variant summarizes accuracy and log-loss as mean ± sd over its runs, and sums the confusion matrices', () => {
    for (const { runs, summary } of document.variants) {
      const c = summary.classification!;
      const accuracy = runs.map((r) => r.classification!.accuracy);
      assert.deepEqual(c.accuracy, accuracy);
      assert.ok(Math.abs(c.accuracyMean - accuracy.reduce((s, a) => s + a, 0) / 3) < 1e-12);
      const mean = c.logLoss.reduce((s, v) => s + v, 0) / 3;
      assert.ok(Math.abs(c.logLossSd - Math.sqrt(c.logLoss.reduce((s, v) => s + (v - mean) ** 2, 0) / 2)) < 1e-12);
      assert.equal(c.confusion[1][1], runs.reduce((s, r) => s + r.classification!.confusion[1][1], 0));
    }
  });

  test('runs are judged, and compared, by their test log-loss', () => {
    assert.deepEqual(judgedErrorName('categoricalCrossentropy'), { name: 'test log-loss', short: 'test log-loss' });
    assert.deepEqual(judgedErrorName('mae'), { name: 'total absolute test error', short: 'test |error|' });
    const [none, l1] = document.variants;
    assert.deepEqual(testErrorsByRun(none.runs, 3), none.runs.map((r) => r.classification!.logLoss));
    assert.equal(judgedError(none.runs[0]), none.runs[0].classification!.logLoss);
    const [comparison] = document.comparisons!;
    const differences = l1.runs.map((r, i) => r.classification!.logLoss - none.runs[i].classification!.logLoss);
    assert.ok(Math.abs(comparison.meanDifference - differences.reduce((s, d) => s + d, 0) / 3) < 1e-12);
  });

  test('the table shows log-loss and accuracy instead of the |error| columns', () => {
    assert.deepEqual(summaryHeadersOf(document), classificationSummaryHeaders);
    const [row] = summaryRows(document);
    assert.equal(row.length, classificationSummaryHeaders.length);
    const c = document.variants[0].summary.classification!;
    assert.equal(row[2], c.logLoss.map((v) => v.toFixed(3)).join(' '));
    assert.equal(row[5], `${(c.accuracyMean * 100).toFixed(1)}% ± ${(c.accuracySd * 100).toFixed(1)}%`);
    const report = formatReport(document);
    assert.match(report, /Test log-loss per run/);
    assert.match(report, /Paired comparisons of the test log-loss/);
    assert.match(report, /of 3 classes \(left, right, top\)/);
    assert.doesNotMatch(report, /Test \|error\| per run/);
  });

  test('the results file keeps every classification field through a write and a read', () => {
    const { json, binary } = encodeResults(document, 'results.bin');
    const back = decodeResults(json, new Uint8Array(Buffer.concat(binary)));
    assert.deepEqual(back.dataset.classes, document.dataset.classes);
    back.variants.forEach((v, i) => {
      const original = document.variants[i];
      assert.deepEqual(v.summary.classification, original.summary.classification);
      v.runs.forEach((run, r) => {
        assert.deepEqual(run.classification, original.runs[r].classification);
        assert.deepEqual(run.history.testAccuracy, original.runs[r].history.testAccuracy);
        assert.deepEqual(run.history.trainAccuracy, original.runs[r].history.trainAccuracy);
        assert.deepEqual(run.analysis.shrinkCheckLogLoss, original.runs[r].analysis.shrinkCheckLogLoss);
      });
    });
  });
});

test('the loss table holds exactly the losses the schema names; the cross-entropies are the classification losses', () => {
  assert.deepEqual(Object.keys(losses).sort(), [...schema.properties.training.properties.loss.enum].sort());
  assert.deepEqual((Object.keys(losses) as LossName[]).filter(isClassificationLoss).sort(), Object.keys(crossEntropyLosses).sort());
});
