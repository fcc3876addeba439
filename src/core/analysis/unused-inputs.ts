// The input features the model does not use: one rule for the final analysis and the
// panel's live heatmap marks.
import type { Params } from '../mlp';
import type { DeadNeuronReport } from './neurons';
import { isZero, weightAt } from './weights';

export interface UnusedInput {
  index: number;
  name: string;
  /** `zero-weights`: its row of the first kernel is all zero; `feeds-dead-neurons`: its
   * non-zero weights lead only to dead neurons of the first hidden layer. */
  reason: 'zero-weights' | 'feeds-dead-neurons';
}

/**
 * The input features the model does not use. Without a dead-neuron report only the first
 * reason can be found. For a linear model (no hidden layer) the first kernel is the output's.
 */
export function unusedInputs(params: Params, threshold: number, inputNames: readonly string[], dead?: DeadNeuronReport): UnusedInput[] {
  const first = params[0];
  const firstHiddenStates = params.length > 1 ? dead?.layers[0]?.neurons : undefined;
  const unused: UnusedInput[] = [];
  for (let k = 0; k < first.rows; k++) {
    let allZero = true;
    let feedsLiveNeuron = false;
    for (let j = 0; j < first.cols; j++) {
      if (isZero(weightAt(first, k, j), threshold)) continue;
      allZero = false;
      if (firstHiddenStates === undefined || firstHiddenStates[j].alive) feedsLiveNeuron = true;
    }
    const name = inputNames[k] ?? `x${k + 1}`;
    if (allZero) unused.push({ index: k, name, reason: 'zero-weights' });
    else if (!feedsLiveNeuron) unused.push({ index: k, name, reason: 'feeds-dead-neurons' });
  }
  return unused;
}

/** Inputs unused in every run (by name, in input order); one run using it keeps it. */
export function inputsUnusedInEveryRun(perRun: readonly (readonly UnusedInput[])[]): string[] {
  if (perRun.length === 0) return [];
  return perRun[0].filter((input) => perRun.every((run) => run.some((u) => u.index === input.index))).map((u) => u.name);
}
