// One run's analysis, everything the results table and the lenses need from its final
// weights; and a variant across its runs.
import type { Params } from '../mlp';
import { deadNeurons, type DeadNeuronReport } from './neurons';
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
  dead: DeadNeuronReport;
  unusedInputs: UnusedInput[];
  plan: ShrinkPlan;
  /** The shrink applied to this run's weights, checked on the check rows (the test split). */
  shrinkCheck: { rows: number; measured: number; bound: number };
}

/** Everything the results table and the lenses need from one run's final weights. */
export function analyzeWeights(
  params: Params,
  data: { train: Rows; test: Rows; inputNames: readonly string[] },
  threshold: number,
): WeightAnalysis {
  const dead = deadNeurons(params, data.train.x, data.train.n, threshold);
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
