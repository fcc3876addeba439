// The spec of run r of a variant: its weights drawn from seed + r, its batch order from a
// stream of its own. Every variant, and every fold and λ of a path, trains run r from the
// same initial weights.
import type { Dataset } from '../core/dataset';
import type { Experiment, Variant } from '../core/experiment';
import { initParams, outputUnits } from '../core/mlp';
import { groupPenalty } from '../core/penalties';
import { Random } from '../core/random';
import type { RunSpec } from './engine';

/** Run r of every variant starts from the same weights: seed + r. */
export function runSeed(experiment: Experiment, run: number): number {
  return experiment.seed + run;
}

/** Run `run` of a variant: the weights drawn from seed + run, the batch order from a stream of its own. */
export function runSpec(experiment: Experiment, variant: Pick<Variant, 'l1' | 'l2' | 'l1Method' | 'group' | 'groups'>, run: number, dataset: Dataset): RunSpec {
  const seed = runSeed(experiment, run);
  return {
    inputs: dataset.d,
    hidden: experiment.model.layers,
    training: experiment.training,
    penalty: { l1: variant.l1, l2: variant.l2, l1Method: variant.l1Method, regularizeBiases: experiment.regularizeBiases, ...groupPenalty(variant) },
    initialParams: initParams(dataset.d, experiment.model.layers, experiment.model.initializer, new Random(seed), outputUnits(experiment.training.loss, dataset.classes)),
    dataset,
    seed: Math.imul(seed, 0x9e3779b1) ^ 0x5bd1e995,
    snapshots: experiment.snapshots,
  };
}
