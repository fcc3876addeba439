// A hand-made classification results document, for the decision boundary view before (and
// apart from) a trained one: Playground's circle (class "inside" within radius 2.5, class
// "outside" on the ring from 3.5 to 5) seen through all seven features, and per variant a
// network whose weights are written out: x1² and x2² carry a round boundary; under "L1"
// hidden neuron 3 has no incoming weights and neuron 4 no outgoing ones (both off), under
// "L2" they keep small weights. Each snapshot's weights move linearly from the start to the
// end, so the boundary changes with the epoch. Also a three-class document without points
// (a CSV), for the confusion matrices.
import { FEATURE_IDS, featureRows } from '../../src/core/features';
import type { LossName } from '../../src/core/experiment';
import type { Params } from '../../src/core/mlp';
import { predict } from '../../src/core/mlp';
import { Random } from '../../src/core/random';
import { summarizeDataset, type DatasetSummary, type ResultsDocument, type RunResult, type SplitSummary } from '../../src/core/results';
import { resultsFor } from './fixtures';

export const circleEpochs = 40;

function split(x: Float32Array, y: Float32Array): SplitSummary {
  const n = y.length;
  return { x, y, outlier: new Uint8Array(n), n, rows: n, sampled: false };
}

/** The document with a classification loss: its text has line data (the fixture needs no data file), which would refuse one. */
function withLoss(document: ResultsDocument, loss: LossName): ResultsDocument {
  return { ...document, experiment: { ...document.experiment, training: { ...document.experiment.training, loss } } };
}

/** n points of the circle set, half inside, half on the ring, seeded. */
export function circlePoints(n: number, seed: number): { points: Float32Array; labels: Float32Array } {
  const random = new Random(seed);
  const points = new Float32Array(2 * n);
  const labels = new Float32Array(n);
  for (let i = 0; i < n; i++) {
    const inside = i % 2 === 0;
    const r = inside ? random.uniform(0, 2.5) : random.uniform(3.5, 5);
    const angle = random.uniform(0, 2 * Math.PI);
    points[2 * i] = r * Math.cos(angle);
    points[2 * i + 1] = r * Math.sin(angle);
    labels[i] = inside ? 1 : 0;
  }
  return { points, labels };
}

/** 7 features → 4 tanh → 1 logit; `offs` switches neurons 3 (no weights in) and 4 (no weights out) off. */
function finalParams(offs: boolean): Params {
  const d = FEATURE_IDS.length;
  const kernel = new Float32Array(d * 4);
  const at = (feature: string, neuron: number) => FEATURE_IDS.indexOf(feature as (typeof FEATURE_IDS)[number]) * 4 + neuron;
  // tanh(0.06·x²) is nearly 0.06·x² inside the ring: -6·0.06·(x1² + x2²) + 3.24 = 0 on the circle of radius 3.
  kernel[at('x1Squared', 0)] = 0.06;
  kernel[at('x2Squared', 1)] = 0.06;
  kernel[at('x1', 3)] = 0.8;
  if (!offs) {
    kernel[at('x1x2', 2)] = 0.05;
    kernel[at('sinX1', 2)] = 0.1;
  }
  return [
    { rows: d, cols: 4, activation: 'tanh', kernel, bias: new Float32Array(4) },
    { rows: 4, cols: 1, activation: 'linear', kernel: Float32Array.of(-6, -6, offs ? 0 : 0.2, offs ? 0 : 0.1), bias: Float32Array.of(3.24) },
  ];
}

function startParams(seed: number): Params {
  const random = new Random(seed);
  return finalParams(false).map((layer) => ({ ...layer, kernel: layer.kernel.map(() => random.uniform(-0.4, 0.4)), bias: layer.bias.map(() => 0) }));
}

function between(a: Params, b: Params, t: number): Params {
  return a.map((layer, l) => ({
    ...layer,
    kernel: layer.kernel.map((v, i) => v + (b[l].kernel[i] - v) * t),
    bias: layer.bias.map((v, i) => v + (b[l].bias[i] - v) * t),
  }));
}

function run(variant: string, dataset: DatasetSummary, offs: boolean, seed: number): RunResult {
  const start = startParams(seed);
  const end = finalParams(offs);
  const epochs = Array.from({ length: circleEpochs / 5 + 1 }, (_, i) => i * 5);
  const snapshots = epochs.map((epoch) => ({ epoch, params: epoch === circleEpochs ? end : between(start, end, epoch / circleEpochs) }));
  const loss = epochs.map((e) => 0.7 * Math.exp(-e / 12) + 0.05);
  return {
    variant,
    run: 0,
    seed,
    epochs: circleEpochs,
    steps: circleEpochs * 20,
    seconds: 0.5,
    history: { epoch: epochs, trainDataLoss: loss, trainPenalty: loss.map(() => 0.01), testDataLoss: loss.map((v) => v * 1.1), testAbsError: loss.map((v) => v * 50) },
    params: end,
    snapshots,
    testAbsError: 5,
    testErrors: { totalAbsError: 5, mae: 0.05, rmse: 0.1, r2: Number.NaN },
    testPredictions: predict(end, dataset.test.x, dataset.test.n),
    analysis: {} as RunResult['analysis'],
  };
}

const circleText = JSON.stringify({
  name: 'circle',
  data: { kind: 'line' },
  model: { layers: [4] },
  runs: 1,
  training: { epochs: circleEpochs },
  variants: [
    { name: 'L1', l1: 0.01, l1Method: 'proximal' },
    { name: 'L2', l2: 0.01 },
  ],
});

/** The circle document: `points` train and as many test points (stored as results store them), variants L1 and L2, one run each. */
export function circleResults(points = 300): ResultsDocument {
  const train = circlePoints(points, 1);
  const test = circlePoints(points, 2);
  const splitOf = ({ points: p, labels }: { points: Float32Array; labels: Float32Array }) => ({ x: featureRows(p, FEATURE_IDS), y: labels, n: labels.length, outlier: new Uint8Array(labels.length) });
  const dataset = summarizeDataset({
    inputNames: [...FEATURE_IDS],
    targetName: 'class',
    d: FEATURE_IDS.length,
    train: splitOf(train),
    test: splitOf(test),
    classes: ['outside', 'inside'],
    points: { train: train.points, test: test.points },
  });
  const document = resultsFor(circleText, [{ layerSizes: [4], liveNeurons: [[2]], suggestedSizes: [2] }, { layerSizes: [4], liveNeurons: [[4]], suggestedSizes: [4] }]);
  return {
    ...withLoss(document, 'binaryCrossentropy'),
    experimentFile: 'circle.regx.json',
    dataset,
    variants: document.variants.map((v, i) => ({ ...v, runs: [run(v.variant.name, dataset, i === 0, 7)] })),
  };
}

/** Three classes from two columns that are not points on a plane: each variant's network is the same linear argmax. */
export function threeClassResults(): ResultsDocument {
  const random = new Random(3);
  const n = 90;
  const x = Float32Array.from({ length: 2 * n }, () => random.uniform(-1, 1));
  const y = Float32Array.from({ length: n }, (_, i) => (x[2 * i] > 0.3 ? 2 : x[2 * i + 1] > 0 ? 1 : 0));
  const params: Params = [{ rows: 2, cols: 3, activation: 'linear', kernel: Float32Array.of(-1, 0, 4, 0, 2, 0), bias: Float32Array.of(0, 0, -1.2) }];
  const dataset: DatasetSummary = { inputNames: ['width', 'height'], targetName: 'species', d: 2, train: split(x, y), test: split(x, y), classes: ['setosa', 'versicolor', 'virginica'] };
  const document = resultsFor(JSON.stringify({ name: 'species', data: { kind: 'line' }, model: { layers: [] }, runs: 1, training: { epochs: 1 }, variants: [{ name: 'none' }, { name: 'L2', l2: 0.01 }] }), [{ layerSizes: [] }, { layerSizes: [] }]);
  const result = (variant: string): RunResult => ({
    variant,
    run: 0,
    seed: 1,
    epochs: 1,
    steps: 1,
    seconds: 0.1,
    history: { epoch: [0, 1], trainDataLoss: [1, 0.5], trainPenalty: [0, 0], testDataLoss: [1, 0.5], testAbsError: [1, 0.5] },
    params,
    snapshots: [{ epoch: 1, params }],
    testAbsError: 1,
    testErrors: { totalAbsError: 1, mae: 1, rmse: 1, r2: Number.NaN },
    testPredictions: predict(params, x, n),
    analysis: {} as RunResult['analysis'],
  });
  return { ...withLoss(document, 'categoricalCrossentropy'), experimentFile: 'species.regx.json', dataset, variants: document.variants.map((v) => ({ ...v, runs: [result(v.variant.name)] })) };
}
