// Which hidden neurons are dead (constant, or unable to change the output), and why.
import { activations } from '../activations';
import { forwardAll, type Params } from '../mlp';
import { hiddenLayers, isZero, weightAt } from './weights';

/**
 * Why a hidden neuron is dead:
 * - `incoming`: every incoming weight is zero, so it outputs the constant act(bias); with
 *   `chained`, its non-zero incoming weights come only from constant neurons, and the
 *   constant is act(bias + Σ constant_i · w_ij).
 * - `inactive`: ReLU only, its pre-activation is <= 0 on every training row, so it outputs 0
 *   there. Only on the training data: elsewhere it may fire (see predictionChangeBound).
 * - `outgoing`: every outgoing weight is zero, so it does not affect the output; with
 *   `chained`, its non-zero outgoing weights lead only to dead neurons.
 */
export type DeadReason = 'outgoing' | 'incoming' | 'inactive' | 'contribution';

/**
 * What a removable neuron adds to the next layer, measured on the training rows (see
 * contribution.ts): `spread` is max - min of its activation, `outgoing` the largest |weight|
 * to a neuron of the next layer that stays, `contribution` their product. `inactive`: a ReLU
 * at 0 on every training row.
 */
export interface ContributionFigures {
  spread: number;
  outgoing: number;
  contribution: number;
  inactive: boolean;
}

export type NeuronState =
  | { alive: true; /** Constant on the training rows but not on the check (test) rows: kept. */ firesOnCheckRowsOnly?: boolean }
  | { alive: false; reason: 'outgoing'; chained: boolean }
  | { alive: false; reason: 'incoming' | 'inactive'; chained: boolean; constant: number }
  | ({ alive: false; reason: 'contribution'; chained: boolean; /** Its mean activation on the training rows, folded into the next bias. */ constant: number } & ContributionFigures);

/**
 * Where a neuron that is off came from: already dead or constant on the training rows at the
 * initial weights, or switched off by training (the penalty, or the data loss).
 */
export type OffOrigin = 'dead-at-start' | 'switched-off';

export interface LayerNeurons {
  /** Index in Params (0 = first hidden layer). */
  layer: number;
  size: number;
  live: number;
  neurons: NeuronState[];
  /** Per neuron, when the initial weights were given: whether it was already dead or
   * constant on the training rows at the start. */
  deadAtStart?: boolean[];
}

export interface DeadNeuronReport {
  threshold: number;
  /** Whether training rows were given, so that `inactive` could be found at all. */
  checkedActivity: boolean;
  /** One entry per hidden layer. */
  layers: LayerNeurons[];
}

/**
 * The dead neurons of every hidden layer, with the chains taken into account.
 *
 * What "properly" means here: the result is the fixed point of "remove or fold the dead
 * neurons, then check again", computed without iterating, in two passes:
 * 1. Forward, layer by layer: a neuron is *constant* when every non-zero incoming weight
 *    comes from a constant neuron of the layer before (inputs are data, never constant), or
 *    it is an inactive ReLU. Its value is act(bias + Σ constant_i · w_ij) over all constant
 *    sources (their small weights included, so the fold is exact for them), or 0 when
 *    inactive. Constant-ness depends only on the layers before, so one pass settles it.
 * 2. Backward, from the output: a neuron *reaches the output* when it has a non-zero
 *    weight to a neuron of the next layer that is not constant and reaches the output (the
 *    output unit always does). A constant neuron ignores its inputs, so feeding one does
 *    not count.
 * A neuron is alive when it is not constant and reaches the output. Removing a dead neuron
 * that is not constant cannot make another neuron constant (its non-zero weights go only to
 * dead neurons, or it would reach the output), so these two passes are the fixed point.
 *
 * When several reasons hold, the reported one is the first of incoming, inactive, outgoing:
 * a constant neuron is folded into the next layer's bias (exact on the training rows),
 * which is better than dropping it, whatever its outgoing weights.
 *
 * @param x the n training rows (row-major), for `inactive`; with x undefined or n = 0 no
 *   neuron is found inactive.
 */
export function deadNeurons(params: Params, x: ArrayLike<number> | undefined, n: number, threshold: number): DeadNeuronReport {
  const checkedActivity = x !== undefined && n > 0;
  const inactive = checkedActivity ? inactiveReluNeurons(params, x, n) : hiddenLayers(params).map((l) => new Array<boolean>(l.cols).fill(false));
  const constants = constantNeurons(params, inactive, threshold);
  const reaching = neuronsReachingOutput(params, constants, threshold);
  const layers = hiddenLayers(params).map((layer, l) => {
    const neurons = Array.from({ length: layer.cols }, (_, j): NeuronState => {
      const constant = constants[l][j];
      if (constant) return { alive: false, ...constant };
      if (!reaching[l][j].reaches) return { alive: false, reason: 'outgoing', chained: reaching[l][j].chained };
      return { alive: true };
    });
    return { layer: l, size: layer.cols, live: neurons.filter((s) => s.alive).length, neurons };
  });
  return { threshold, checkedActivity, layers };
}

/** ReLU neurons whose output is 0 on every row (pre-activation <= 0 ⇔ relu output 0). */
function inactiveReluNeurons(params: Params, x: ArrayLike<number>, n: number): boolean[][] {
  const outputs = forwardAll(params, x, n);
  return hiddenLayers(params).map((layer, l) =>
    Array.from({ length: layer.cols }, (_, j) => {
      if (layer.activation !== 'relu') return false;
      for (let r = 0; r < n; r++) if (outputs[l][r * layer.cols + j] !== 0) return false;
      return true;
    }),
  );
}

interface ConstantNeuron {
  reason: 'incoming' | 'inactive';
  chained: boolean;
  constant: number;
}

/** Pass 1 of deadNeurons: which hidden neurons output a constant, and which constant. */
function constantNeurons(params: Params, inactive: boolean[][], threshold: number): (ConstantNeuron | undefined)[][] {
  const result: (ConstantNeuron | undefined)[][] = [];
  hiddenLayers(params).forEach((layer, l) => {
    const sources = l === 0 ? undefined : result[l - 1];
    result.push(
      Array.from({ length: layer.cols }, (_, j): ConstantNeuron | undefined => {
        let allIncomingZero = true;
        let onlyFromConstants = true;
        let preActivation = layer.bias[j];
        for (let i = 0; i < layer.rows; i++) {
          const w = weightAt(layer, i, j);
          const source = sources?.[i];
          if (source) preActivation += source.constant * w;
          if (!isZero(w, threshold)) {
            allIncomingZero = false;
            if (!source) onlyFromConstants = false;
          }
        }
        if (onlyFromConstants) return { reason: 'incoming', chained: !allIncomingZero, constant: activations[layer.activation].output(preActivation) };
        if (inactive[l][j]) return { reason: 'inactive', chained: false, constant: 0 };
        return undefined;
      }),
    );
  });
  return result;
}

/** Pass 2 of deadNeurons: which hidden neurons can change the output. */
function neuronsReachingOutput(
  params: Params,
  constants: (ConstantNeuron | undefined)[][],
  threshold: number,
): { reaches: boolean; chained: boolean }[][] {
  const hidden = hiddenLayers(params);
  const result: { reaches: boolean; chained: boolean }[][] = new Array(hidden.length);
  for (let l = hidden.length - 1; l >= 0; l--) {
    const next = params[l + 1];
    const nextIsOutput = l + 1 === params.length - 1;
    const nextCounts = (j: number) => nextIsOutput || (result[l + 1][j].reaches && constants[l + 1][j] === undefined);
    result[l] = Array.from({ length: hidden[l].cols }, (_, i) => {
      let allOutgoingZero = true;
      let reaches = false;
      for (let j = 0; j < next.cols; j++) {
        if (isZero(weightAt(next, i, j), threshold)) continue;
        allOutgoingZero = false;
        if (nextCounts(j)) reaches = true;
      }
      return { reaches, chained: !reaches && !allOutgoingZero };
    });
  }
  return result;
}

/** The constant a dead neuron outputs (its fold), undefined for one dropped as `outgoing`. */
export function constantOf(state: NeuronState): number | undefined {
  return !state.alive && state.reason !== 'outgoing' ? state.constant : undefined;
}
