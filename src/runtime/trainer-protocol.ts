// The messages between the trainer process and its host (the CLI or the extension).
// Both ends import these types; `isTrainerMessage` and `isHostMessage` check what arrives.
// The channel is Node IPC with serialization 'advanced', so typed arrays pass as they are.
import type { BackendChoice, EngineChoice, Experiment } from '../core/experiment';
import type { TrainerMessage } from '../core/training-events';

export type { TrainerMessage };

export interface TrainOptions {
  engine?: EngineChoice;
  backend?: BackendChoice;
  /** Train only these variants (by name); all when absent. */
  variants?: string[];
}

/** host -> trainer */
export type HostMessage =
  | {
      type: 'start';
      experiment: Experiment;
      /** Absolute path of the experiment file: CSV paths are relative to its folder. */
      experimentPath: string;
      /** CSV files must stay inside this folder, when given. */
      workspaceRoot?: string;
      options: TrainOptions;
    }
  | { type: 'cancel' };

const trainerTypes = new Set(['ready', 'dataset', 'progress', 'snapshot', 'runFinished', 'finished', 'error']);

export function isTrainerMessage(value: unknown): value is TrainerMessage {
  return typeof value === 'object' && value !== null && trainerTypes.has((value as { type?: unknown }).type as string);
}

export function isHostMessage(value: unknown): value is HostMessage {
  const type = typeof value === 'object' && value !== null ? (value as { type?: unknown }).type : undefined;
  return type === 'start' || type === 'cancel';
}
