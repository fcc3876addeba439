// What a path variant costs before it runs (cost.ts adds it to the experiment's estimate):
// the trainings and steps of a trained path (the bisection for λ_max, k folds × λ × runs,
// the refits at λ_min and λ_1se), or the coordinate-descent work of an exact one, and the
// values its results keep.
import { hasExactLambdaMax, type Experiment } from '../experiment';
import { hasExactPath } from './exact-path';
import { BISECTION_EPOCHS } from './bisection';
import { gridSize, needsLambdaMax, type PathSpec } from './grid';

/** Short trainings the bisection for a network's λ_max takes, about (the bracket, then its halvings). */
const BISECTION_TRAININGS = 12;
/** Coordinate-descent sweeps per λ, about, and multiply-adds per second of one sweep's inner loop. */
const SWEEPS_PER_LAMBDA = 20;
const MULTIPLY_ADDS_PER_SECOND = 3e8;

export interface PathCost {
  trainings: number;
  steps: number;
  /** Seconds of an exact path's coordinate descent (0 for a trained path). */
  exactSeconds: number;
  /** Numbers its results keep. */
  keptValues: number;
}

export function pathCost(experiment: Experiment, path: PathSpec, shape: { rows: number; inputs: number }): PathCost {
  const count = gridSize(path);
  const trainRows = Math.max(1, shape.rows - Math.round(shape.rows * experiment.data.testFraction));
  const pointValues = count * 12;
  const { epochs, batchSize } = experiment.training;
  const stepsOn = (rows: number, epochCount: number) => epochCount * Math.ceil(rows / batchSize);
  if (hasExactPath(experiment)) {
    const work = count * (path.folds + 1) * SWEEPS_PER_LAMBDA * trainRows * shape.inputs;
    // Beside it, SGD at each λ on the whole training split.
    return { trainings: count, steps: count * stepsOn(trainRows, epochs), exactSeconds: work / MULTIPLY_ADDS_PER_SECOND, keptValues: pointValues + count * (2 * shape.inputs + 1) };
  }
  const foldRows = trainRows - Math.floor(trainRows / path.folds);
  const exactTop = experiment.model.layers.length === 0 && hasExactLambdaMax(experiment.training.loss);
  const bisection = needsLambdaMax(path) && !exactTop ? BISECTION_TRAININGS : 0;
  const crossValidation = count * path.folds * experiment.runs;
  const refits = 2 * experiment.runs;
  return {
    trainings: bisection + crossValidation + refits,
    steps: bisection * stepsOn(trainRows, Math.min(BISECTION_EPOCHS, epochs)) + crossValidation * stepsOn(foldRows, epochs) + refits * stepsOn(trainRows, epochs),
    exactSeconds: 0,
    keptValues: pointValues + count * experiment.model.layers.length,
  };
}
