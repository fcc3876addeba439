// One run's analysis, everything the results table and the lenses need from its final
// weights; and a variant across its runs.
import type { Params } from '../mlp';
import { removableNeurons } from './contribution';
import type { DeadNeuronReport } from './neurons';
import { sparsity, type SparsityReport } from './sparsity';
import { applyShrinkPlan, predictionChange, predictionChangeBound, shrinkPlan, suggestedSizesAcrossRuns, type ShrinkPlan } from './shrink';
import { meanAndSd, type MeanSd } from './statistics';
import { inputsUnusedInEveryRun, unusedInputs, type UnusedInput } from './unused-inputs';
import { range } from './weights';

/** n rows of inputs, row-major (a data Split fits). */
export interface Rows {
  x: Float32Array;
  n: number;
}

export interface WeightAnalysis {
  sparsity: SparsityReport;
  /** The removable neurons (contribution.ts), with deadAtStart when the initial weights were given. */
  dead: DeadNeuronReport;
  unusedInputs: UnusedInput[];
  plan: ShrinkPlan;
  /** The shrink plan applied to this run's own trained weights (no retraining), checked on
   * the check rows (the test split): the largest change of a prediction, measured and bounded,
   * in the model's output units. */
  shrinkCheck: { rows: number; measured: number; bound: number };
}

/** Everything the results table and the lenses need from one run's final weights. */
export function analyzeWeights(
  params: Params,
  data: { train: Rows; test: Rows; inputNames: readonly string[] },
  threshold: number,
  /** The initial weights, to tell neurons dead at the start from those training switched off. */
  start?: Params,
): WeightAnalysis {
  const dead = removableNeurons(params, data.train, threshold, data.test, start);
  const shrunk = applyShrinkPlan(params, dead);
  const check = data.test.n > 0 ? data.test : data.train;
  return {
    sparsity: sparsity(params, threshold),
    dead,
    unusedInputs: unusedInputs(params, threshold, data.inputNames, dead),
    plan: shrinkPlan(params, dead),
    shrinkCheck: {
      rows: check.n,
      measured: predictionChange(params, shrunk, check.x, check.n),
      bound: predictionChangeBound(params, dead, check.x, check.n),
    },
  };
}

export interface RunsSummary {
  runs: number;
  zeroShare: MeanSd;
  /** Live neurons per hidden layer. */
  liveCounts: MeanSd[];
  suggestedSizes: number[];
  inputsUnusedInEveryRun: string[];
  /** The largest measured prediction change of a shrink over the runs. */
  largestShrinkChange: number;
}

/** A variant across its runs (pass only the runs that finished: not diverged ones). */
export function summarizeRuns(runs: readonly WeightAnalysis[]): RunsSummary {
  const layerCount = runs[0]?.dead.layers.length ?? 0;
  return {
    runs: runs.length,
    zeroShare: meanAndSd(runs.map((r) => r.sparsity.zeroShare)),
    liveCounts: range(layerCount).map((l) => meanAndSd(runs.map((r) => r.dead.layers[l].live))),
    suggestedSizes: suggestedSizesAcrossRuns(runs.map((r) => r.plan)),
    inputsUnusedInEveryRun: inputsUnusedInEveryRun(runs.map((r) => r.unusedInputs)),
    largestShrinkChange: Math.max(0, ...runs.map((r) => r.shrinkCheck.measured)),
  };
}
