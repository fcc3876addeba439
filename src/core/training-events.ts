// What a training reports while it runs, in order: which engine, the data set, each run's
// epochs and snapshots, each finished run, then the results (or an error). The trainer sends
// these to its host; the host forwards them to the panel, which draws from them.
import type { DatasetSummary, ResultsDocument, RunResult } from './results';
import type { EpochMetrics } from './history';
import type { Params } from './mlp';

export interface RunId {
  variant: string;
  run: number;
}

export type TrainerMessage =
  | { type: 'ready'; backend: string; engine: string; engineReason: string; versions: Record<string, string> }
  | { type: 'dataset'; dataset: DatasetSummary }
  | ({ type: 'progress'; epochs: number; metrics: EpochMetrics; stepsPerSecond: number } & RunId)
  | ({ type: 'snapshot'; epoch: number; params: Params; curve?: Float32Array } & RunId)
  | ({ type: 'runFinished'; result: RunResult } & RunId)
  | { type: 'finished'; results: ResultsDocument }
  | { type: 'error'; message: string; path?: string; variant?: string; run?: number };
