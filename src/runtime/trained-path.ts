// The path of a variant that trains as the file says (a network, or a linear model with mae
// or huber): at every λ of the grid, each of the k folds of the training split trains the
// file's `runs` initializations, with only the final weights kept; then λ_min and λ_1se are
// refit on the whole training split, `runs` times each, and tested. The top of the grid is
// the file's, an exact λ_max (linear, huber), or found by bisection: the smallest λ at which
// every kernel weight of a short training dies.
import type { Dataset } from '../core/dataset';
import type { Experiment, Variant } from '../core/experiment';
import { deadNeurons, sparsity } from '../core/analysis';
import { meanLoss, predict, type Params } from '../core/mlp';
import { BISECTION_EPOCHS, BISECTION_STEPS, smallestDyingLambda } from '../core/path/bisection';
import { chooseLambdas, summarizeErrors } from '../core/path/cross-validation';
import { assignFolds, splitFold } from '../core/path/folds';
import { lambdaMaxShare, needsLambdaMax, pathGrid, strengthsAt, type PathSpec } from '../core/path/grid';
import { linearLambdaMax } from '../core/path/lambda-max';
import type { PathChoice, PathPoint, PathResult } from '../core/path/path-result';
import type { RunOutcome, RunSpec } from './engine';
import { runSpec } from './run-spec';
import { isClassificationLoss } from '../core/loss-kinds';

/** Trains one run; undefined when the training was cancelled. */
export type TrainOne = (spec: RunSpec) => Promise<RunOutcome | undefined>;

const BISECTION_DOUBLINGS = 40;

type PathVariant = Variant & { path: PathSpec };

export class PathCancelled extends Error {}

export async function trainedPath(experiment: Experiment, variant: PathVariant, dataset: Dataset, train: TrainOne): Promise<Omit<PathResult, 'seconds'>> {
  const { path } = variant;
  const { training, sparsity: { threshold } } = experiment;
  let fits = 0;
  const trainAt = async (lambda: number, run: number, data: Dataset, epochs = training.epochs): Promise<RunOutcome> => {
    const strengths = strengthsAt(lambda, path.l1Ratio, experiment.penaltyConvention);
    const spec = runSpec({ ...experiment, training: { ...training, epochs } }, { ...strengths, l1Method: variant.l1Method }, run, data);
    fits++;
    const outcome = await train({ ...spec, finalOnly: true });
    if (!outcome) throw new PathCancelled();
    return outcome;
  };

  let top: PathResult['top'] | undefined;
  const lambdas = await (async () => {
    if (!needsLambdaMax(path)) return pathGrid(path, { rows: dataset.train.n, inputs: dataset.d });
    const exact = experiment.model.layers.length === 0
      ? linearLambdaMax({ x: dataset.train.x, y: dataset.train.y, n: dataset.train.n, d: dataset.d }, { loss: training.loss, huberDelta: training.huberDelta, regularizeBiases: experiment.regularizeBiases, share: lambdaMaxShare(path.l1Ratio) })
      : undefined;
    const found = exact ?? (await smallestDyingLambda(async (lambda) => {
      const outcome = await trainAt(lambda, 0, dataset, Math.min(BISECTION_EPOCHS, training.epochs));
      return outcome.diverged !== undefined || everyKernelWeightDead(outcome.params, deadBand(experiment, variant, lambda));
    }, { start: 1, steps: BISECTION_STEPS, maxDoublings: BISECTION_DOUBLINGS }));
    if (found === undefined) throw new Error(`${variant.name}: no λ up to 2^${BISECTION_DOUBLINGS} kills every weight of a ${BISECTION_EPOCHS}-epoch training, so the path has no top; give path.range or path.values`);
    top = { lambda: found, from: exact !== undefined ? 'exact' : 'bisection' };
    return pathGrid(path, { rows: dataset.train.n, inputs: dataset.d }, () => found);
  })();

  const folds = assignFolds(dataset.train.n, path.folds, experiment.seed);
  const foldData = Array.from({ length: path.folds }, (_, fold): Dataset => {
    const split = splitFold(dataset.train, dataset.d, folds, fold);
    return { ...dataset, train: split.train, test: split.validation };
  });
  const { loss, huberDelta } = training;
  const lossOn = (params: Params, split: Dataset['test']) => meanLoss(loss, predict(params, split.x, split.n), split.y, huberDelta);
  /** Per λ, one entry per fold × run. */
  const models = await Promise.all(
    lambdas.map((lambda) =>
      Promise.all(
        foldData.flatMap((data) =>
          Array.from({ length: experiment.runs }, async (_, run) => {
            const outcome = await trainAt(lambda, run, data);
            if (outcome.diverged) return undefined;
            const weights = sparsity(outcome.params, threshold).kernel;
            return {
              validation: lossOn(outcome.params, data.test),
              test: lossOn(outcome.params, dataset.test),
              nonZero: weights.count - weights.zeros,
              zeroShare: weights.count > 0 ? weights.zeros / weights.count : 0,
              weightNorm: kernelNorm(outcome.params),
              live: deadNeurons(outcome.params, data.train.x, data.train.n, threshold).layers.map((l) => l.live),
            };
          }),
        ),
      ),
    ),
  );
  const validation = models.map((atLambda) => summarizeErrors(atLambda.map((m) => m?.validation ?? NaN)));
  const points = lambdas.map((lambda, k): PathPoint => {
    const trained = models[k].filter((m) => m !== undefined);
    const mean = (values: number[]) => (values.length > 0 ? values.reduce((s, v) => s + v, 0) / values.length : NaN);
    const hidden = experiment.model.layers.length;
    return {
      lambda,
      ...strengthsAt(lambda, path.l1Ratio, experiment.penaltyConvention),
      validation: validation[k],
      testError: mean(trained.map((m) => m.test)),
      nonZero: mean(trained.map((m) => m.nonZero)),
      zeroShare: mean(trained.map((m) => m.zeroShare)),
      weightNorm: mean(trained.map((m) => m.weightNorm)),
      ...(hidden > 0 ? { liveNeurons: Array.from({ length: hidden }, (_, l) => mean(trained.map((m) => m.live[l]))) } : {}),
    };
  });
  const chosen = chooseLambdas(lambdas, validation);
  if (!chosen) throw new Error(`${variant.name}: every training of the path diverged; try a smaller training.learningRate or smaller λ`);
  const refit = async (index: number): Promise<PathChoice> => {
    const errors = await Promise.all(Array.from({ length: experiment.runs }, async (_, run) => {
      const outcome = await trainAt(lambdas[index], run, dataset);
      return outcome.diverged ? NaN : lossOn(outcome.params, dataset.test);
    }));
    const summary = summarizeErrors(errors);
    return { index, lambda: lambdas[index], validation: validation[index], test: { mean: summary.mean, sd: summary.se * Math.sqrt(summary.count), runs: summary.count } };
  };
  const [lambdaMin, lambda1se] = await Promise.all([refit(chosen.min), chosen.oneSe === chosen.min ? undefined : refit(chosen.oneSe)]);
  return {
    variant: variant.name,
    method: 'trained',
    l1Ratio: path.l1Ratio,
    top: top ?? { lambda: lambdas[0], from: path.values ? 'values' : 'range' },
    folds: path.folds,
    runs: experiment.runs,
    // A classifier is judged by its log-loss (judged-error.ts), which its data loss is.
    measure: isClassificationLoss(loss) ? `log-loss (${loss}) on the held-out rows` : `${loss} on the held-out rows, in the units the model trains on`,
    standardized: dataset.standardization !== undefined,
    points,
    lambdaMin,
    lambda1se: lambda1se ?? lambdaMin,
    fits,
  };
}

/**
 * |w| at or below which a weight counts as dead in the bisection: sparsity.threshold, or with
 * subgradient L1, whose weights jitter around 0 instead of reaching it, twice that jitter
 * (lr·l1/(1 - momentum) with sgd; about lr with adam, whose steps are normalized).
 */
function deadBand(experiment: Experiment, variant: Variant, lambda: number): number {
  const { training, sparsity: { threshold } } = experiment;
  if (variant.l1Method !== 'subgradient' || !variant.path || variant.path.l1Ratio === 0) return threshold;
  const l1 = variant.path.l1Ratio * lambda;
  const jitter = training.optimizer === 'adam' ? training.learningRate : (training.learningRate * l1) / (1 - training.momentum);
  return Math.max(threshold, 2 * jitter);
}

function everyKernelWeightDead(params: Params, band: number): boolean {
  return params.every((layer) => layer.kernel.every((w) => Math.abs(w) <= band));
}

function kernelNorm(params: Params): number {
  let sum = 0;
  for (const layer of params) for (const w of layer.kernel) sum += w * w;
  return Math.sqrt(sum);
}
