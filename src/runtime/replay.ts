// The step view's replay: one stored run trained again, deterministically, with one weight
// watched. Run r of a variant starts from seed + r and takes its batches in the order its seed
// gives, so the same experiment and data give the same steps; the fast engine adds the same
// numbers in the same order, so the replay ends on the stored run's weights exactly (a run
// trained by TensorFlow.js is replayed by the fast engine, which agrees with it to float32
// rounding only: the results say which engine trained).
import type { Experiment } from '../core/experiment';
import type { Params } from '../core/mlp';
import { StepTraceBuilder, type ReplayRequest, type StepTrace } from '../core/step-trace';
import type { Dataset } from './data';
import { trainRun } from './engine';
import { fastEngine } from './fast-engine';
import { runSpec } from './run-experiment';

/** At most this many points are drawn; beyond, a point stands for the range over several steps (see core/step-trace.ts). */
export const MAX_TRACE_POINTS = 2000;

/** Trains run `request.run` of the variant again, recording the parts of one weight's every step. */
export async function replayWeight(experiment: Experiment, dataset: Dataset, request: ReplayRequest, maxPoints = MAX_TRACE_POINTS): Promise<{ trace: StepTrace; params: Params }> {
  const variant = experiment.variants.find((v) => v.name === request.variant);
  if (!variant) throw new RangeError(`replay: no variant "${request.variant}" in the experiment (it has ${experiment.variants.map((v) => `"${v.name}"`).join(', ')})`);
  if (!Number.isInteger(request.run) || request.run < 0 || request.run >= experiment.runs) {
    throw new RangeError(`replay: run must be an integer from 0 to ${experiment.runs - 1}, got ${request.run}`);
  }
  const spec = runSpec(experiment, variant, request.run, dataset);
  const { layer, part, index } = request.weight;
  const layerParams = spec.initialParams[layer];
  if (!layerParams) throw new RangeError(`replay: weight.layer must be an integer from 0 to ${spec.initialParams.length - 1}, got ${layer}`);
  const values = part === 'kernel' ? layerParams.kernel : layerParams.bias;
  if (!Number.isInteger(index) || index < 0 || index >= values.length) {
    throw new RangeError(`replay: weight.index must be an integer from 0 to ${values.length - 1} in layer ${layer}'s ${part}, got ${index}`);
  }
  const steps = experiment.training.epochs * Math.ceil(dataset.train.n / experiment.training.batchSize);
  const builder = new StepTraceBuilder(request.weight, steps, maxPoints, values[index]);
  const outcome = await trainRun(fastEngine(), { ...spec, watch: { weight: request.weight, record: (parts) => builder.record(parts) } });
  return { trace: builder.trace, params: outcome.params };
}
