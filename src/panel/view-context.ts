// What every view of the panel draws from: the model, the person's choices, the theme, and
// the frame each variant shows at the chosen epoch.
import type { Frame, PanelState, RunState, VariantState } from './state';
import { frameAt, frameEpochs } from './state';
import type { Theme } from './theme';

/** The person's choices, kept across reloads with the webview's setState. */
export interface ViewOptions {
  /** The run the heatmaps, the fit and the histograms show (0-based). */
  run: number;
  /** The epoch the slider shows; 'latest' follows the training. */
  epoch: number | 'latest';
  /** Loss curves: the runs as a band (min to max, mean line) or as thin lines. */
  runsAs: 'band' | 'lines';
  logScale: boolean;
  /** Closed sections, by id. */
  closed: string[];
}

export const defaultOptions: ViewOptions = { run: 0, epoch: 'latest', runsAs: 'band', logScale: true, closed: [] };

export interface ViewContext {
  state: PanelState;
  options: ViewOptions;
  theme: Theme;
  /** The epochs the slider steps through (frames of the shown run of every variant). */
  epochs: number[];
  /** The epoch shown: options.epoch resolved. */
  epoch: number;
}

export function shownRun(variant: VariantState, options: ViewOptions): RunState | undefined {
  return variant.runs[Math.min(options.run, variant.runs.length - 1)];
}

export function shownFrame(variant: VariantState, context: Pick<ViewContext, 'options' | 'epoch'>): Frame | undefined {
  const run = shownRun(variant, context.options);
  return run ? frameAt(run.frames, context.epoch) : undefined;
}

export function makeContext(state: PanelState, options: ViewOptions, theme: Theme): ViewContext {
  const epochs = frameEpochs(state.variants.map((v) => shownRun(v, options)));
  const last = epochs[epochs.length - 1] ?? 0;
  const epoch = options.epoch === 'latest' ? last : Math.min(options.epoch, last);
  return { state, options, theme, epochs, epoch };
}
