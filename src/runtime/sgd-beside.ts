// Beside an exact linear path, what the file's own training reaches at each λ: SGD (or
// Adam) with the variant's l1Method (subgradient, proximal, cumulative), run 1, on the whole
// training split, as `regx train` would train a fixed variant at that λ. How far its
// objective stays above the optimum shows what the optimizer leaves on the table.
import type { Dataset } from '../core/dataset';
import type { Experiment, Variant } from '../core/experiment';
import { linearObjective } from '../core/path/objective';
import type { PathResult, SgdBeside } from '../core/path/path-result';
import { runSpec } from './run-spec';
import { PathCancelled, type TrainOne } from './trained-path';

export async function sgdBeside(experiment: Experiment, variant: Variant, dataset: Dataset, path: Omit<PathResult, 'seconds'>, train: TrainOne): Promise<SgdBeside> {
  const { d, train: rows } = dataset;
  const problem = { x: rows.x, y: rows.y, n: rows.n, d };
  const coefficients = new Float32Array(path.points.length * d);
  const objectiveGap = await Promise.all(
    path.points.map(async (point, k) => {
      const outcome = await train({ ...runSpec(experiment, { l1: point.l1, l2: point.l2, l1Method: variant.l1Method }, 0, dataset), finalOnly: true });
      if (!outcome) throw new PathCancelled();
      if (outcome.diverged) return NaN;
      const [layer] = outcome.params;
      coefficients.set(layer.kernel, k * d);
      const reached = linearObjective(problem, layer.kernel, layer.bias[0], point, experiment.regularizeBiases);
      return reached - (point.objective ?? NaN);
    }),
  );
  return { l1Method: variant.l1Method, coefficients, objectiveGap };
}
