// Whole neurons at exactly zero: the hidden neurons whose outgoing weights, or whose incoming
// kernel weights, are all exactly 0, and the inputs whose weights to the first layer are.
// That is what the group lasso's proximal step produces (a group at 0 is a neuron gone) and
// what L1 does weight by weight, if at all; counted for every variant so that they compare.
// Exact zeros only: neurons.ts's dead neurons (|w| <= threshold, and inactive ReLUs) include
// these, so the shrink plan removes an outgoing-zero neuron and folds an incoming-zero one.
import type { GroupKind } from '../experiment';
import type { Params } from '../mlp';
import { groupNorm, weightGroups } from '../penalties';

export interface ExactZeroNeurons {
  /** Per hidden layer: the neurons whose outgoing weights are all exactly 0 (removed outright). */
  outgoing: number[][];
  /** Per hidden layer: the neurons whose incoming kernel weights are all exactly 0 (constant at act(bias)). */
  incoming: number[][];
  /** The inputs whose weights to the first layer are all exactly 0. */
  inputs: number[];
}

export function exactZeroNeurons(params: Params): ExactZeroNeurons {
  const hidden = params.length - 1;
  const zeroOwners = (groups: GroupKind) => {
    const byLayer: number[][] = Array.from({ length: hidden }, () => []);
    const inputs: number[] = [];
    for (const g of weightGroups(params, groups)) {
      if (groupNorm(params[g.layer].kernel, g) !== 0) continue;
      (g.ownerLayer < 0 ? inputs : byLayer[g.ownerLayer]).push(g.owner);
    }
    return { byLayer, inputs };
  };
  return { outgoing: zeroOwners('outgoing').byLayer, incoming: zeroOwners('incoming').byLayer, inputs: zeroOwners('inputs').inputs };
}

/** Per hidden layer, the neurons at exactly zero either way (incoming or outgoing). */
export function wholeZeroCounts(report: ExactZeroNeurons): number[] {
  return report.outgoing.map((outgoing, layer) => new Set([...outgoing, ...report.incoming[layer]]).size);
}
