// What the code lenses of an experiment file say, computed from its text and its last
// results. Pure, so it is tested in Node; lenses.ts hands these to VS Code.
import { formatCost, type CostEstimate } from '../core/cost';
import type { ResultsDocument, VariantSummary } from '../core/results';
import { describeComparison, shortVerdict } from '../core/analysis/paired';
import { offAtStartIn } from '../core/results-table';
import { penaltyFormula } from '../core/penalties';
import { resultsAreCurrent, type ExperimentDocument } from './experiment-document';

export interface LensSpec {
  /** Where the lens goes: the line of this offset. */
  offset: number;
  title: string;
  command: string;
  tooltip?: string;
  /** Extra arguments after the file's URI. */
  args?: unknown[];
}

export interface LensState {
  running: boolean;
  /** What training would cost, when the file has been checked. */
  cost?: CostEstimate;
  /** The workspace is trusted. In Restricted Mode results and formulas show, but nothing trains. */
  trusted: boolean;
}

/** Training runs code (TensorFlow.js, worker threads) and reads files, so it waits for Workspace Trust. */
export const restrictedMode = {
  lens: 'Trust the workspace to train',
  tooltip: 'RegX is in Restricted Mode: training runs code and reads the data files, so it waits until you trust this workspace. Results and diagnostics work meanwhile.',
  message: 'RegX trains only in a trusted workspace: training runs code and reads the data files. Results and diagnostics work in Restricted Mode.',
  manageTrust: 'Manage Workspace Trust',
  /** VS Code's command that opens the Workspace Trust editor. */
  manageTrustCommand: 'workbench.trust.manage',
};

export function lensesFor(document: ExperimentDocument, results: ResultsDocument | undefined, state: LensState): LensSpec[] {
  const lenses: LensSpec[] = [];
  const top = document.root?.offset ?? 0;
  lenses.push(
    state.running
      ? { offset: top, title: '■ Stop', command: 'regx.stop', tooltip: 'Stop the training of this experiment' }
      : state.trusted
        ? { offset: top, title: '▶ Train', command: 'regx.train', tooltip: `Train every variant of this experiment${state.cost ? ` (estimated cost: ${formatCost(state.cost)})` : ''}` }
        : { offset: top, title: restrictedMode.lens, command: restrictedMode.manageTrustCommand, tooltip: restrictedMode.tooltip },
  );
  if (results || state.running) lenses.push({ offset: top, title: 'Open results', command: 'regx.openPanel', tooltip: 'Show loss curves, the fit and the weights' });
  const current = results !== undefined && resultsAreCurrent(results, document);
  if (results && !current) {
    lenses.push({ offset: top, title: '(results are from an earlier version of this file)', command: 'regx.train', tooltip: 'Train again to update them' });
  }
  lenses.push(...variantLenses(document, results, state.trusted));
  if (results) lenses.push(...layerLenses(document, results, current));
  return lenses;
}

function variantLenses(document: ExperimentDocument, results: ResultsDocument | undefined, trusted: boolean): LensSpec[] {
  if (!document.parsed.ok) return [];
  const { variants, penaltyConvention } = document.parsed.experiment;
  return document.variants.flatMap((span, i) => {
    const variant = variants[i];
    if (!variant) return [];
    const summary = results?.variants.find((v) => v.variant.name === variant.name)?.summary;
    const formula = penaltyFormula(variant, penaltyConvention);
    if (!summary && !trusted) return [{ offset: span.offset, title: `${variant.name}: ${formula} · not trained yet`, command: restrictedMode.manageTrustCommand, tooltip: restrictedMode.tooltip }];
    const comparisons = summary ? (results?.comparisons ?? []).filter((c) => c.a === variant.name) : [];
    const compared = comparisons.map((c) => ` · ${shortVerdict(c)}`).join('');
    const tooltip = summary
      ? [
          `Total absolute test error over ${summary.testAbsError.length} run(s): ${summary.testAbsError.map((e) => e.toFixed(2)).join(', ')}`,
          ...comparisons.map((c) => `Paired: ${describeComparison(c)}`),
        ].join('\n')
      : `Train only ${variant.name}`;
    return [
      {
        offset: span.offset,
        title: summary ? `${variant.name}: ${describeSummary(summary)}${compared} · ${formula}` : `${variant.name}: ${formula} · not trained yet`,
        command: summary ? 'regx.openPanel' : 'regx.trainVariant',
        ...(summary ? {} : { args: [variant.name] }),
        tooltip,
      },
    ];
  });
}

export function describeSummary(summary: VariantSummary): string {
  if (summary.testAbsError.length === 0) return `all ${summary.runs} run(s) diverged`;
  const spread = Number.isFinite(summary.testAbsErrorSd) ? ` ± ${summary.testAbsErrorSd.toFixed(2)}` : '';
  const diverged = summary.diverged ? ` (${summary.diverged} diverged)` : '';
  return `test |error| ${summary.testAbsErrorMean.toFixed(2)}${spread}${diverged} · ${(summary.zeroShare * 100).toFixed(0)}% weights zero`;
}

/** "L1: 7/10 neurons off → 3" on each hidden layer's line, for the results' variants. */
function layerLenses(document: ExperimentDocument, results: ResultsDocument, current: boolean): LensSpec[] {
  const sizes = document.layerSizes;
  const trainedSizes = results.variants[0]?.summary.layerSizes;
  // Results only speak of these lines when the file still has the layers they were trained with.
  if (!sizes || !trainedSizes || sizes.length !== trainedSizes.length || sizes.some((s, i) => s !== trainedSizes[i])) return [];
  return document.layers.map((span, layer) => {
    const parts = results.variants.map(({ summary }) => layerPart(summary, layer));
    return {
      offset: span.offset,
      title: `layer ${layer + 1}: ${parts.join(' · ')}${current ? '' : ' (earlier results)'}`,
      command: 'regx.openPanel',
      tooltip:
        'Live neurons: the largest count over the runs. A neuron is off when what it adds to the next layer (the spread of its activation over the training rows × its outgoing weights) is at most the zero threshold, and it does not fire beyond that on a test row. ' +
        'Dead at start: already dead or constant at the initial weights, before any training; the others were switched off by training.',
    };
  });
}

function layerPart(summary: VariantSummary, layer: number): string {
  const size = summary.layerSizes[layer];
  const suggested = summary.suggestedSizes[layer];
  if (summary.liveNeurons.length === 0) return `${summary.variant}: no finished run`;
  const live = Math.max(...summary.liveNeurons.map((counts) => counts[layer]));
  if (live === size) return `${summary.variant}: all ${size} live`;
  // Whole neurons at exactly 0 (the group lasso's): the fewest over the runs, said when there are any.
  const exact = Math.min(...(summary.wholeZeroNeurons ?? [[0]]).map((counts) => counts[layer] ?? 0));
  const atStart = offAtStartIn(summary, layer);
  const notes = [exact > 0 ? `${exact} at exactly 0` : '', atStart ? `${atStart} dead at start` : ''].filter(Boolean);
  return `${summary.variant}: ${size - live}/${size} neurons off${notes.length ? ` (${notes.join(', ')})` : ''} → ${suggested}`;
}
