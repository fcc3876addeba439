// The channel between the trainer child process (trainer-process.ts) and its host, the CLI
// or the extension, which both start it through trainer-client.ts. Node IPC with
// serialization 'advanced': messages keep their order and typed arrays pass as they are.
//
//   host -> trainer   HostToTrainer: one `start`; `cancel` at any time after it.
//   trainer -> host   TrainingEvent (core/training-events.ts, which gives their order; the
//                     panel draws from the same events). The trainer exits after `finished`
//                     or an `error` without a variant.
//
// A warm trainer (the λ sliders', warm-trainer.ts) gets `step` instead of `start`, any
// number of times: it trains them one after the other and stays up between them, keeping
// its data set and worker threads (trainer-steps.ts). Its events come wrapped in StepReply,
// each naming its step, and `stepEnded` closes a step; `cancelStep` stops one.
//
// Each end checks what arrives with the guard of the other end's messages: isHostToTrainer
// here, isTrainingEvent in core.
import type { BackendChoice, EngineChoice, Experiment } from '../core/experiment';
import { messageGuard } from '../core/message-guard';
import type { Params } from '../core/mlp';
import type { ReplayRequest, StepTrace } from '../core/step-trace';
import type { TrainingEvent } from '../core/training-events';

export interface TrainOptions {
  engine?: EngineChoice;
  backend?: BackendChoice;
  /** Train only these variants (by name); all when absent. */
  variants?: string[];
  /** Largest CSV file read, in MiB (the limit the host validated with); the default when absent. */
  maxCsvMiB?: number;
}

/** What to train. */
export interface TrainRequest {
  experiment: Experiment;
  /** Absolute path of the experiment file: CSV paths are relative to its folder. */
  experimentPath: string;
  /** CSV files must stay inside this folder, when given. */
  workspaceRoot?: string;
  options: TrainOptions;
}

/** host -> trainer */
export type HostToTrainer =
  /** Train this experiment; a second `start` is ignored. */
  | ({ type: 'start' } & TrainRequest)
  /** Stop between epochs; `finished` then carries what the runs reached. */
  | { type: 'cancel' }
  /** Instead of `start`, to a warm trainer: train this after the steps before it, then stay up. */
  | ({ type: 'step'; step: number } & TrainRequest)
  /** Stop that step (between epochs; at once when it waits): it ends without `finished`. */
  | { type: 'cancelStep'; step: number }
  /** Instead of `start`: replay one stored run with one weight watched (the step view), answer
   * with a ReplayReply and exit. `stored`: the run's final weights, which the replay must reach. */
  | { type: 'replay'; experiment: Experiment; experimentPath: string; workspaceRoot?: string; maxCsvMiB?: number; request: ReplayRequest; stored: Params };

export const isHostToTrainer = messageGuard<HostToTrainer>({ start: true, cancel: true, step: true, cancelStep: true, replay: true });

/** trainer -> host, from a warm trainer: a step's events in their order, then its end. */
export type StepReply = { type: 'stepEvent'; step: number; event: TrainingEvent } | { type: 'stepEnded'; step: number };

export const isStepReply = messageGuard<StepReply>({ stepEvent: true, stepEnded: true });

/** trainer -> host, after `replay`: the trace, and whether the replay ended on the stored weights bit for bit. */
export type ReplayReply = { type: 'stepTrace'; trace: StepTrace; matchesStored: boolean } | { type: 'replayFailed'; message: string };

export const isReplayReply = messageGuard<ReplayReply>({ stepTrace: true, replayFailed: true });
