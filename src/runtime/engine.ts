// What every training engine provides, and the one training loop they all run under.
// An engine only knows how to take SGD/Adam steps on its own copy of the weights; the loop
// here owns the epochs, the batch order, the metrics, snapshots, divergence and cancel, so
// that the tfjs engine and the fast engine differ only where they compute.
import type { Dataset } from '../core/dataset';
import { historyOf, snapshotPlan, Thinning, type EpochMetrics, type History, type RunOutcome, type Snapshot } from '../core/history';
import type { HiddenLayer, TrainingSpec } from '../core/experiment';
import { isClassificationLoss } from '../core/loss-kinds';
import { MAX_HISTORY_POINTS } from '../core/limits';
import { cloneParams, meanLoss, parameterCount, predict, type Params } from '../core/mlp';
import { absErrorInTargetUnits } from '../core/target-errors';
import { accuracy, correctCount } from '../core/classification';
import { penaltyValue, type Penalty } from '../core/penalties';
import { Random, permutation } from '../core/random';
import type { WeightWatch } from '../core/step-trace';

export interface RunSpec {
  inputs: number;
  hidden: HiddenLayer[];
  training: TrainingSpec;
  penalty: Penalty;
  initialParams: Params;
  dataset: Dataset;
  /** Seed of the batch order. */
  seed: number;
  snapshots: { every: number; maxFrames: number };
  /** One weight whose update parts the engine reports at every step (the step view's replay);
   * absent in ordinary training, which then records nothing. The fast engine only. */
  watch?: WeightWatch;
  /** Only the final weights are wanted (a path's cross-validation): no per-epoch metrics,
   * history or snapshots, which would cost as much as a third of the steps on a small network. */
  finalOnly?: boolean;
}

export interface EngineSession {
  /**
   * One pass: steps over the training rows in this order, batchSize rows at a time. Returns
   * the mean over these rows of the data loss each had when it was trained on, as
   * model.fit reports a training loss: it costs nothing extra, unlike a second pass.
   */
  runEpoch(order: Uint32Array): number;
  /** A copy of the current weights. */
  params(): Params;
  dispose(): void;
}

export interface Engine {
  readonly name: 'tfjs' | 'fast';
  /** Where it computes: 'tensorflow' (tfjs-node), 'wasm', 'cpu'; the fast engine's batches 'wasm-simd' or 'js'. */
  readonly backend: string;
  /** Threads one run computes on: 2 where the fast engine shares each batch between two threads, else 1. */
  readonly threads?: number;
  createSession(spec: RunSpec): EngineSession;
}

export type { EpochMetrics, History, RunOutcome, Snapshot };

export interface RunHooks {
  onEpoch?(metrics: EpochMetrics, stepsPerSecond: number): void;
  onSnapshot?(snapshot: Snapshot): void;
  isCancelled?(): boolean;
  /** Called between epochs so a process can read its messages (a cancel) while training. */
  yieldToEvents?(): Promise<void>;
}

/** The metrics of an epoch; the training loss is computed on the training rows unless the epoch already measured it. */
export function evaluate(params: Params, spec: Pick<RunSpec, 'dataset' | 'training' | 'penalty'>, epoch: number, trainDataLoss?: number): EpochMetrics {
  const { dataset, training, penalty } = spec;
  const testPredictions = predict(params, dataset.test.x, dataset.test.n);
  if (isClassificationLoss(training.loss)) {
    // A classifier's accuracy needs the training rows' outputs at every epoch: one more forward pass.
    const trainOutputs = predict(params, dataset.train.x, dataset.train.n);
    const correct = correctCount(testPredictions, dataset.test.y);
    return {
      epoch,
      trainDataLoss: trainDataLoss ?? meanLoss(training.loss, trainOutputs, dataset.train.y, training.huberDelta),
      trainPenalty: penaltyValue(params, penalty),
      testDataLoss: meanLoss(training.loss, testPredictions, dataset.test.y, training.huberDelta),
      testAbsError: dataset.test.n - correct,
      trainAccuracy: accuracy(trainOutputs, dataset.train.y),
      testAccuracy: dataset.test.n > 0 ? correct / dataset.test.n : NaN,
    };
  }
  return {
    epoch,
    trainDataLoss: trainDataLoss ?? meanLoss(training.loss, predict(params, dataset.train.x, dataset.train.n), dataset.train.y, training.huberDelta),
    trainPenalty: penaltyValue(params, penalty),
    testDataLoss: meanLoss(training.loss, testPredictions, dataset.test.y, training.huberDelta),
    testAbsError: absErrorInTargetUnits(testPredictions, dataset.test.y, dataset.standardization),
  };
}

export async function trainRun(engine: Engine, spec: RunSpec, hooks: RunHooks = {}): Promise<RunOutcome> {
  if (spec.finalOnly) return trainToFinalWeights(engine, spec, hooks);
  const started = performance.now();
  const session = engine.createSession(spec);
  const { epochs, batchSize } = spec.training;
  const stepsPerEpoch = Math.ceil(spec.dataset.train.n / batchSize);
  const history = new Thinning<EpochMetrics>(1, MAX_HISTORY_POINTS);
  const plan = snapshotPlan(spec.snapshots, epochs, parameterCount(spec.initialParams));
  const snapshots = new Thinning<Params>(plan.every, plan.maxFrames);
  let params = cloneParams(spec.initialParams);
  let metrics = evaluate(params, spec, 0);
  history.add(0, metrics);
  snapshots.add(0, params);
  hooks.onSnapshot?.({ epoch: 0, params });
  let diverged: RunOutcome['diverged'];
  let loop: { epoch: number; cancelled: boolean };
  try {
    loop = await runEpochs(session, spec, hooks, (epoch, trainDataLoss) => {
      params = session.params();
      metrics = evaluate(params, spec, epoch, trainDataLoss);
      const bad = firstNonFinite(metrics, params);
      if (bad) {
        diverged = {
          epoch,
          message: `diverged at epoch ${epoch}: ${bad} became ${bad === 'a weight' ? 'NaN or infinite' : String(metrics[bad as keyof EpochMetrics])}; try a smaller training.learningRate (now ${spec.training.learningRate}) or a smaller λ`,
        };
        return 'stop';
      }
      if (history.wants(epoch)) history.add(epoch, metrics);
      if (snapshots.wants(epoch)) {
        snapshots.add(epoch, params);
        hooks.onSnapshot?.({ epoch, params });
      }
      const seconds = (performance.now() - started) / 1000;
      hooks.onEpoch?.(metrics, (epoch * stepsPerEpoch) / seconds);
      return 'go on';
    });
  } finally {
    session.dispose();
  }
  const { epoch, cancelled } = loop;
  if (!diverged && epoch > 0) {
    history.finish(epoch, metrics);
    const lastSnapshot = snapshots.items[snapshots.items.length - 1];
    if (lastSnapshot.epoch !== epoch) {
      snapshots.finish(epoch, params);
      hooks.onSnapshot?.({ epoch, params });
    }
  }
  return {
    params,
    history: historyOf(history.items),
    snapshots: snapshots.items.map(({ epoch, value }) => ({ epoch, params: value })),
    steps: epoch * stepsPerEpoch,
    seconds: (performance.now() - started) / 1000,
    ...(diverged ? { diverged } : {}),
    ...(cancelled ? { cancelled } : {}),
  };
}

/** trainRun for spec.finalOnly: the same epochs in the same batch order, with nothing
 * recorded between them; the outcome has an empty history and no snapshots. */
async function trainToFinalWeights(engine: Engine, spec: RunSpec, hooks: RunHooks): Promise<RunOutcome> {
  const started = performance.now();
  const session = engine.createSession(spec);
  let lossBecame: number | undefined;
  let loop: { epoch: number; cancelled: boolean };
  let params: Params;
  try {
    loop = await runEpochs(session, spec, hooks, (_, trainDataLoss) => {
      if (Number.isFinite(trainDataLoss)) return 'go on';
      lossBecame = trainDataLoss;
      return 'stop';
    });
    params = session.params();
  } finally {
    session.dispose();
  }
  const { epoch, cancelled } = loop;
  const badWeight = lossBecame === undefined && params.some((layer) => [layer.kernel, layer.bias].some((values) => values.some((v) => !Number.isFinite(v))));
  const diverged: RunOutcome['diverged'] =
    lossBecame !== undefined || badWeight
      ? { epoch, message: `diverged by epoch ${epoch}: ${badWeight ? 'a weight became NaN or infinite' : `the training loss became ${lossBecame}`}; try a smaller training.learningRate (now ${spec.training.learningRate}) or a smaller λ` }
      : undefined;
  return {
    params,
    history: historyOf([]),
    snapshots: [],
    steps: epoch * Math.ceil(spec.dataset.train.n / spec.training.batchSize),
    seconds: (performance.now() - started) / 1000,
    ...(diverged ? { diverged } : {}),
    ...(cancelled ? { cancelled } : {}),
  };
}

/**
 * The epochs of a run, in the run's batch order: each epoch's steps, then `afterEpoch` (which
 * may stop the run), with a cancel checked before each epoch and the events heard every 50 ms.
 * The caller owns the session (and disposes of it).
 */
async function runEpochs(
  session: EngineSession,
  spec: RunSpec,
  hooks: RunHooks,
  afterEpoch: (epoch: number, trainDataLoss: number) => 'go on' | 'stop',
): Promise<{ epoch: number; cancelled: boolean }> {
  const random = new Random(spec.seed);
  const n = spec.dataset.train.n;
  let epoch = 0;
  let lastYield = performance.now();
  while (epoch < spec.training.epochs) {
    if (hooks.isCancelled?.()) return { epoch, cancelled: true };
    const trainDataLoss = session.runEpoch(permutation(n, random));
    epoch++;
    if (afterEpoch(epoch, trainDataLoss) === 'stop') break;
    if (hooks.yieldToEvents && performance.now() - lastYield > 50) {
      await hooks.yieldToEvents();
      lastYield = performance.now();
    }
  }
  return { epoch, cancelled: false };
}

function firstNonFinite(metrics: EpochMetrics, params: Params): string | undefined {
  for (const key of ['trainDataLoss', 'trainPenalty'] as const) if (!Number.isFinite(metrics[key])) return key;
  for (const layer of params) {
    for (const values of [layer.kernel, layer.bias]) for (const v of values) if (!Number.isFinite(v)) return 'a weight';
  }
  return undefined;
}
