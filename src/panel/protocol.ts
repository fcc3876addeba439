// The messages between the extension host and the RegX panel (a webview). The panel draws
// from two sources: a stored results document (after a reload, or when a training ends)
// and the live trainer messages of a training in progress, batched by the host.
import type { TrainerMessage } from '../core/training-events';
import type { Experiment } from '../core/experiment';
import type { ResultsDocument } from '../core/results';

export type TrainingStatus = 'idle' | 'training' | 'finished' | 'cancelled' | 'failed';

/** What the panel shows in its header. */
export interface PanelHeader {
  /** The page keeps it with setState, so VS Code can reopen the panel after a reload. */
  experimentPath: string;
  experimentName: string;
  fileName: string;
  status: TrainingStatus;
  /** e.g. "fast engine on js" or "tfjs engine on wasm". */
  engine?: string;
  message?: string;
  /** The results are older than the file's last change. */
  stale?: boolean;
}

/** host -> panel */
export type HostToPanel =
  | { type: 'header'; header: PanelHeader }
  /**
   * A new training starts: forget the live state. The experiment as it is trained (runs,
   * epochs, penalties, the sparsity threshold) and the names of the variants it trains
   * (all, or the one of "train one variant").
   */
  | { type: 'trainingStarted'; experiment: Experiment; variants: string[] }
  /** Trainer messages in the order they came, batched so a long run does not flood the panel. */
  | { type: 'trainer'; messages: TrainerMessage[] }
  /** Complete results: replaces whatever the panel showed. */
  | { type: 'results'; results: ResultsDocument };

/** panel -> host */
export type PanelToHost =
  | { type: 'ready' }
  | { type: 'train' }
  | { type: 'stop' }
  /**
   * Apply the shrink plan of the shown results to the experiment file (an undoable edit).
   * `variant`: the variant whose suggested sizes the panel's button showed (the panel has
   * one button per variant whose plan shrinks something); absent: the host's own choice.
   */
  | { type: 'applyShrinkPlan'; variant?: string }
  /** Train the shrunk model (the plan of `variant`, as for applyShrinkPlan). */
  | { type: 'rerunShrunk'; variant?: string };

const hostTypes = new Set(['header', 'trainingStarted', 'trainer', 'results']);
const panelTypes = new Set(['ready', 'train', 'stop', 'applyShrinkPlan', 'rerunShrunk']);

export function isHostToPanel(value: unknown): value is HostToPanel {
  return typeof value === 'object' && value !== null && hostTypes.has((value as { type?: unknown }).type as string);
}

export function isPanelToHost(value: unknown): value is PanelToHost {
  return typeof value === 'object' && value !== null && panelTypes.has((value as { type?: unknown }).type as string);
}
