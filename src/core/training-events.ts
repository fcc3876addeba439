// What a training reports while it runs. The trainer sends these to its host
// (runtime/trainer-protocol.ts); the host forwards them to the panel (panel/protocol.ts), which
// draws from them, so they live here, where both can import them.
//
// Order: `ready` (which engine), `dataset`, then for each run its `progress` and `snapshot`
// events and last its `runFinished` (runs train side by side, so their events interleave; a
// run that diverged sends an `error` naming it before its `runFinished`); then `finished` with
// the results (of the runs done, when cancelled), or at any point an `error` without a
// variant, after which nothing follows.
import type { DatasetSummary, ResultsDocument, RunResult } from './results';
import type { EpochMetrics } from './history';
import { messageGuard } from './message-guard';
import type { Params } from './mlp';

export interface RunId {
  variant: string;
  run: number;
}

export type TrainingEvent =
  /** The engine and backend chosen, and why; the versions of what computes; `threads`: how many each run computes on (absent: 1). */
  | { type: 'ready'; backend: string; engine: string; engineReason: string; versions: Record<string, string>; threads?: number }
  | { type: 'dataset'; dataset: DatasetSummary }
  /** One run's metrics after an epoch, a few times a second and after its last; `epochs`: how many it trains. */
  | ({ type: 'progress'; epochs: number; metrics: EpochMetrics; stepsPerSecond: number } & RunId)
  /** The weights of one run after `epoch`, and its fitted curve on a 1-D data set. */
  | ({ type: 'snapshot'; epoch: number; params: Params; curve?: Float32Array } & RunId)
  | ({ type: 'runFinished'; result: RunResult } & RunId)
  | { type: 'finished'; results: ResultsDocument }
  /** With `variant` and `run`: that run went wrong, the training goes on. Without: the training failed. */
  | { type: 'error'; message: string; path?: string; variant?: string; run?: number };

export const isTrainingEvent = messageGuard<TrainingEvent>({
  ready: true,
  dataset: true,
  progress: true,
  snapshot: true,
  runFinished: true,
  finished: true,
  error: true,
});
