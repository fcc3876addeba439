// Which hidden neurons can go, judged by what they add to the next layer rather than by the
// size of their weights alone: a weight of 0.009 times an activation that spans 100 moves
// the next layer by 0.9, and an incoming weight of 0.009 on inputs up to 1000 makes a
// neuron anything but constant.
import { activations } from '../activations';
import type { Params } from '../mlp';
import type { DeadNeuronReport, LayerNeurons, NeuronState, OffOrigin } from './neurons';
import { hiddenLayers, weightAt } from './weights';

/** n rows of inputs, row-major. */
export interface AnalysisRows {
  x: ArrayLike<number>;
  n: number;
}

interface Removed {
  /** The mean activation on the training rows, folded into the next layer's bias. */
  constant: number;
  spread: number;
  outgoing: number;
  contribution: number;
  inactive: boolean;
  /** Found only after other neurons had gone. */
  chained: boolean;
}

interface Activity {
  min: number;
  max: number;
  mean: number;
}

/**
 * The removable hidden neurons of a trained network, as a DeadNeuronReport that
 * shrinkPlan, applyShrinkPlan and predictionChangeBound take as they take deadNeurons'.
 *
 * A neuron is removable when what it adds to the next layer varies by at most `threshold`
 * over the training rows: the spread of its activation (max - min) times its largest
 * |outgoing weight| to a neuron that stays (the output unit always stays). Removing it
 * replaces its activation by its mean over the training rows, which folds into the next
 * layer's bias, so each next pre-activation moves by at most that product on those rows.
 *
 * Training rows decide; the check rows (the test split) can only veto: a neuron whose
 * activation on a check row leaves its training range by more than threshold / outgoing
 * (a ReLU silent on every training row that fires at a test input) is kept, as
 * `firesOnCheckRowsOnly`.
 *
 * Removing neurons changes what the later layers compute, and removing a later neuron
 * leaves fewer outgoing weights that count, so the search repeats until nothing changes:
 * each round takes the layers in order, recomputing the activations with the neurons
 * removed so far replaced by their constants. Every round removes at least one neuron or
 * ends the search, so it ends.
 *
 * @param start the initial weights, when known: each layer's `deadAtStart` then says which
 *   neurons were already removable (dead or constant on the training rows) before training.
 */
export function removableNeurons(params: Params, train: AnalysisRows, threshold: number, check?: AnalysisRows, start?: Params): DeadNeuronReport {
  const hidden = hiddenLayers(params);
  const removed: (Removed | undefined)[][] = hidden.map((l) => new Array<Removed | undefined>(l.cols).fill(undefined));
  const firesOnCheckRowsOnly = hidden.map((l) => new Array<boolean>(l.cols).fill(false));
  let round = 0;
  for (let changed = train.n > 0; changed; round++) {
    changed = false;
    // One forward pass a round, layer by layer, with what this round removed so far.
    let trainInput: ArrayLike<number> = train.x;
    let checkInput: ArrayLike<number> | undefined = check && check.n > 0 ? check.x : undefined;
    for (let l = 0; l < hidden.length; l++) {
      const layer = hidden[l];
      const trainOutput = layerOutput(params, l, removed[l], trainInput, train.n);
      const checkOutput = checkInput && check ? layerOutput(params, l, removed[l], checkInput, check.n) : undefined;
      const trainActivity = activityOf(trainOutput, train.n, layer.cols);
      const checkActivity = checkOutput && check ? activityOf(checkOutput, check.n, layer.cols) : undefined;
      for (let j = 0; j < layer.cols; j++) {
        if (removed[l][j]) continue;
        const { min, max, mean } = trainActivity[j];
        const outgoing = largestOutgoing(params, removed, l, j);
        const spread = max - min;
        const contribution = spread * outgoing;
        if (contribution > threshold) continue;
        const departure = checkActivity ? Math.max(0, min - checkActivity[j].min, checkActivity[j].max - max) * outgoing : 0;
        firesOnCheckRowsOnly[l][j] = departure > threshold;
        if (firesOnCheckRowsOnly[l][j]) continue;
        const inactive = layer.activation === 'relu' && max === 0;
        removed[l][j] = { constant: mean, spread, outgoing, contribution, inactive, chained: round > 0 };
        setColumn(trainOutput, train.n, layer.cols, j, mean);
        if (checkOutput && check) setColumn(checkOutput, check.n, layer.cols, j, mean);
        changed = true;
      }
      trainInput = trainOutput;
      checkInput = checkOutput;
    }
  }
  const atStart = start ? removableNeurons(start, train, threshold).layers : undefined;
  const layers = hidden.map((layer, l): LayerNeurons => {
    const neurons = removed[l].map((r, j): NeuronState => {
      if (!r) return firesOnCheckRowsOnly[l][j] ? { alive: true, firesOnCheckRowsOnly: true } : { alive: true };
      return { alive: false, reason: 'contribution', ...r };
    });
    const deadAtStart = atStart?.[l]?.neurons.map((s) => !s.alive);
    return { layer: l, size: layer.cols, live: neurons.filter((s) => s.alive).length, neurons, ...(deadAtStart ? { deadAtStart } : {}) };
  });
  return { threshold, checkedActivity: train.n > 0, layers };
}

/** The largest |weight| from neuron j of hidden layer l to a neuron of the next layer that stays. */
function largestOutgoing(params: Params, removed: (Removed | undefined)[][], l: number, j: number): number {
  const next = params[l + 1];
  const nextIsOutput = l + 1 === params.length - 1;
  let largest = 0;
  for (let k = 0; k < next.cols; k++) {
    if (!nextIsOutput && removed[l + 1][k]) continue;
    largest = Math.max(largest, Math.abs(weightAt(next, j, k)));
  }
  return largest;
}

/** Layer l's activations over n rows, the removed neurons at their constants. */
function layerOutput(params: Params, l: number, removed: (Removed | undefined)[], input: ArrayLike<number>, n: number): Float64Array {
  const { rows: inputs, cols, kernel, bias, activation } = params[l];
  const act = activations[activation].output;
  const output = new Float64Array(n * cols);
  for (let r = 0; r < n; r++) {
    for (let j = 0; j < cols; j++) {
      const gone = removed[j];
      if (gone) {
        output[r * cols + j] = gone.constant;
        continue;
      }
      let z = bias[j];
      for (let i = 0; i < inputs; i++) z += input[r * inputs + i] * kernel[i * cols + j];
      output[r * cols + j] = act(z);
    }
  }
  return output;
}

function setColumn(output: Float64Array, n: number, cols: number, j: number, value: number): void {
  for (let r = 0; r < n; r++) output[r * cols + j] = value;
}

/** Min, max and mean of each column. */
function activityOf(output: Float64Array, n: number, cols: number): Activity[] {
  return Array.from({ length: cols }, (_, j) => {
    if (n === 0) return { min: 0, max: 0, mean: 0 };
    let min = Infinity;
    let max = -Infinity;
    let sum = 0;
    for (let r = 0; r < n; r++) {
      const a = output[r * cols + j];
      min = Math.min(min, a);
      max = Math.max(max, a);
      sum += a;
    }
    return { min, max, mean: sum / n };
  });
}

/** Off neurons of a layer by where they came from; alive ones are not counted. */
export function offByOrigin(layer: LayerNeurons): Record<OffOrigin, number> {
  const counts: Record<OffOrigin, number> = { 'dead-at-start': 0, 'switched-off': 0 };
  layer.neurons.forEach((s, j) => {
    if (!s.alive) counts[layer.deadAtStart?.[j] ? 'dead-at-start' : 'switched-off']++;
  });
  return counts;
}

/**
 * A report that keeps, per hidden layer, the `sizes[l]` neurons that add the most to the next
 * layer (spread on the training rows × largest |outgoing weight|, in the network as it is) and
 * removes the rest, each folded as its mean: applyShrinkPlan then makes the pruned network a
 * fine-tuning starts from. Neurons already removable go first, so for the sizes of the plan
 * this is the plan.
 */
export function keepLargestContributions(params: Params, train: AnalysisRows, sizes: readonly number[], threshold: number): DeadNeuronReport {
  const hidden = hiddenLayers(params);
  if (sizes.length !== hidden.length) throw new RangeError(`keepLargestContributions: ${sizes.length} sizes for ${hidden.length} hidden layers`);
  const plan = removableNeurons(params, train, threshold);
  const none = hidden.map((l) => new Array<Removed | undefined>(l.cols).fill(undefined));
  let input: ArrayLike<number> = train.x;
  const layers = hidden.map((layer, l): LayerNeurons => {
    const output = layerOutput(params, l, none[l], input, train.n);
    input = output;
    const activity = activityOf(output, train.n, layer.cols);
    const score = activity.map((a, j) => (a.max - a.min) * largestOutgoing(params, none, l, j));
    const live = (j: number) => (plan.layers[l].neurons[j].alive ? 1 : 0);
    const order = score.map((_, j) => j).sort((a, b) => live(b) - live(a) || score[b] - score[a] || a - b);
    const kept = new Set(order.slice(0, Math.max(1, Math.min(sizes[l], layer.cols))));
    const neurons = activity.map((a, j): NeuronState => {
      if (kept.has(j)) return { alive: true };
      const outgoing = largestOutgoing(params, none, l, j);
      const spread = a.max - a.min;
      return { alive: false, reason: 'contribution', chained: false, constant: a.mean, spread, outgoing, contribution: spread * outgoing, inactive: layer.activation === 'relu' && a.max === 0 };
    });
    return { layer: l, size: layer.cols, live: kept.size, neurons };
  });
  return { threshold, checkedActivity: train.n > 0, layers };
}
