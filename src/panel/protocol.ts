// The channel between the extension host (editor/panel.ts) and the RegX panel, a webview
// (panel/main.ts), through postMessage.
//
//   panel -> host   PanelToHost: `ready` each time the page (re)loads; then what the person
//                   asks for with the panel's buttons.
//   host -> panel   HostToPanel: after `ready`, the `header`, then the stored `results` or,
//                   while a training runs, `trainingStarted` and its events so far; afterwards
//                   as things happen: `trainingStarted`, `trainer` batches, `results` when a
//                   training ends, `header` whenever the status or the file changes. A λ
//                   slider's step is not sent live: the panel keeps showing its results, and
//                   draws once when the step's come.
//
// The panel draws from two sources: a stored results document (after a reload, or when a
// training ends) and the live training events of a training in progress.
import type { Experiment } from '../core/experiment';
import { messageGuard } from '../core/message-guard';
import type { ResultsDocument } from '../core/results';
import type { TrainingEvent } from '../core/training-events';
import type { StepTrace, WeightAddress } from '../core/step-trace';

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
  /** Saving the file trains it again (the setting regx.trainOnSave). */
  trainOnSave?: boolean;
}

/** One chart of the path view as drawn, in canvas pixels: its lines, its area, and where λ_min and λ_1se stand. */
export interface PathChartDrawn {
  chart: 'model' | 'errors';
  /** Lines drawn with points (the coefficients, SGD's, the errors and their ±se bounds, ...). */
  curves: number;
  area: { left: number; top: number; right: number; bottom: number };
  /** x of each mark, in the canvas's pixels. */
  marks: { label: 'λ_min' | 'λ_1se'; lambda: number; x: number }[];
  /** The marks' colour, as CSS. */
  markColor: string;
}

/** What the path view drew of one path variant. */
export interface PathDrawn {
  variant: string;
  charts: PathChartDrawn[];
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
  /** Training events in the order they came, batched so a long run does not flood the panel. */
  | { type: 'trainer'; messages: TrainingEvent[] }
  /**
   * Complete results: replaces whatever the panel showed. `previousAsGhost`: the results of a
   * λ slider's step, whose training the panel was not sent live; what it showed becomes the
   * ghost, as when a training starts.
   */
  | { type: 'results'; results: ResultsDocument; previousAsGhost?: boolean }
  /** The step view of one weight: the trainer's replay of the run, and whether it ended on the stored weights exactly. */
  | { type: 'stepTrace'; variant: string; run: number; trace: StepTrace; matchesStored: boolean }
  | { type: 'stepTraceFailed'; message: string };

/** panel -> host */
export type PanelToHost =
  /** The page is loaded (again): send it everything it should show. */
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
  | { type: 'rerunShrunk'; variant?: string }
  /** A heatmap cell was clicked: replay that run in the trainer, watching that weight. */
  | { type: 'stepView'; variant: string; run: number; weight: WeightAddress }
  /** Verify the suggested sizes by training them again (the host shows the cost first). */
  | { type: 'verifyShrink' }
  /** Write `lambda`, picked on the path of `variant`, into the file as a fixed variant (an undoable edit). */
  | { type: 'writeLambda'; variant: string; lambda: number }
  /** Turn train-on-save on or off (the setting regx.trainOnSave). */
  | { type: 'setTrainOnSave'; on: boolean }
  /** A λ slider was grabbed: start the file's warm trainer now, so that its first step does not wait for the process. */
  | { type: 'warmUp' }
  /** A λ slider moved: train `variant` alone at `lambda` (its file λ scaled), the training in flight stopped. */
  | { type: 'tryLambda'; variant: string; lambda: number }
  /** A λ slider released and its offer taken: write `lambda` into the file's `variant` (an undoable edit). */
  | { type: 'setLambda'; variant: string; lambda: number }
  /**
   * The panel has drawn the results document created at `createdAt` (its `results`
   * message): an acknowledgement, for the time a slider step takes to the redrawn panel and
   * for the tests, with what the path view drew.
   */
  | { type: 'drawn'; createdAt: string; paths: PathDrawn[]; /** From the results' arrival in the page to the end of their drawing, in ms. */ drawMs: number };

export const isHostToPanel = messageGuard<HostToPanel>({ header: true, trainingStarted: true, trainer: true, results: true, stepTrace: true, stepTraceFailed: true });

export const isPanelToHost = messageGuard<PanelToHost>({ ready: true, train: true, stop: true, applyShrinkPlan: true, rerunShrunk: true, stepView: true, verifyShrink: true, writeLambda: true, setTrainOnSave: true, tryLambda: true, setLambda: true, drawn: true, warmUp: true });
