// The whole path of a linear model with mse, computed exactly: λ_max from the training split,
// the grid, the coordinate-descent path on the whole training split (the coefficients per λ
// and the test error), and the same path on each cross-validation fold for the validation
// error. Pure and fast (no training), so it runs where the experiment runs.
import type { Dataset } from '../dataset';
import type { Experiment } from '../experiment';
import { meanLoss } from '../mlp';
import { linearPath, predictLinear, type LinearSolution } from './coordinate-descent';
import { chooseLambdas, summarizeErrors } from './cross-validation';
import { assignFolds, splitFold } from './folds';
import { lambdaMaxShare, needsLambdaMax, pathGrid, strengthsAt, type PathSpec } from './grid';
import { linearLambdaMax } from './lambda-max';
import { linearObjective } from './objective';
import type { PathChoice, PathPoint, PathResult } from './path-result';

/** Whether a path of this experiment is computed exactly: a linear model with the mse loss. */
export function hasExactPath(experiment: Pick<Experiment, 'model' | 'training'>): boolean {
  return experiment.model.layers.length === 0 && experiment.training.loss === 'mse';
}

export function exactLinearPath(experiment: Experiment, variant: { name: string; path: PathSpec }, dataset: Dataset): Omit<PathResult, 'seconds'> {
  const { path } = variant;
  const { train, test, d } = dataset;
  const options = { regularizeBiases: experiment.regularizeBiases };
  const trainProblem = { x: train.x, y: train.y, n: train.n, d };
  const top = needsLambdaMax(path)
    ? linearLambdaMax(trainProblem, { loss: 'mse', huberDelta: experiment.training.huberDelta, ...options, share: lambdaMaxShare(path.l1Ratio) })
    : undefined;
  const lambdas = pathGrid(path, { rows: train.n, inputs: d }, () => top!);
  const strengths = lambdas.map((lambda) => strengthsAt(lambda, path.l1Ratio, experiment.penaltyConvention));
  const full = linearPath(trainProblem, strengths, options);

  const folds = assignFolds(train.n, path.folds, experiment.seed);
  const errors = lambdas.map(() => [] as number[]);
  for (let fold = 0; fold < path.folds; fold++) {
    const split = splitFold(train, d, folds, fold);
    const fits = linearPath({ x: split.train.x, y: split.train.y, n: split.train.n, d }, strengths, options);
    fits.forEach((fit, k) => errors[k].push(meanLoss('mse', predictLinear(fit, split.validation.x, split.validation.n), split.validation.y, 0)));
  }
  const validation = errors.map(summarizeErrors);
  const testErrors = full.map((fit) => meanLoss('mse', predictLinear(fit, test.x, test.n), test.y, 0));
  const points = lambdas.map((lambda, k): PathPoint => ({
    lambda,
    ...strengths[k],
    validation: validation[k],
    testError: testErrors[k],
    objective: linearObjective(trainProblem, full[k].weights, full[k].intercept, strengths[k], options.regularizeBiases),
    ...coefficientSummary(full[k], dataset.inputNames),
  }));
  const chosen = chooseLambdas(lambdas, validation);
  if (!chosen) throw new Error(`${variant.name}: no λ of the path has a finite validation error`);
  const choice = (index: number): PathChoice => ({ index, lambda: lambdas[index], validation: validation[index], test: { mean: testErrors[index], sd: 0, runs: 1 } });
  const coefficients = new Float32Array(lambdas.length * d);
  full.forEach((fit, k) => coefficients.set(fit.weights, k * d));
  return {
    variant: variant.name,
    method: 'exact',
    l1Ratio: path.l1Ratio,
    top: { lambda: lambdas[0], from: top !== undefined ? 'exact' : path.values ? 'values' : 'range' },
    folds: path.folds,
    runs: 1,
    measure: 'mse on the held-out rows, in the units the model trains on',
    standardized: dataset.standardization !== undefined,
    points,
    lambdaMin: choice(chosen.min),
    lambda1se: choice(chosen.oneSe),
    coefficients,
    intercepts: Float32Array.from(full, (fit) => fit.intercept),
    fits: lambdas.length * (path.folds + 1),
  };
}

function coefficientSummary(fit: LinearSolution, inputNames: string[]): Pick<PathPoint, 'nonZero' | 'zeroShare' | 'weightNorm' | 'nonZeroInputs'> {
  const nonZeroInputs = inputNames.filter((_, j) => fit.weights[j] !== 0);
  const d = fit.weights.length;
  return {
    nonZero: nonZeroInputs.length,
    zeroShare: d > 0 ? (d - nonZeroInputs.length) / d : 0,
    weightNorm: Math.sqrt(fit.weights.reduce((s, w) => s + w * w, 0)),
    nonZeroInputs,
  };
}

