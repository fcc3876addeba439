// What the code lenses of an experiment file say, computed from its text and its last
// results. Pure, so it is tested in Node; lenses.ts hands these to VS Code.
import { formatCost, type CostEstimate } from '../core/cost';
import type { ResultsDocument, VariantSummary } from '../core/results';
import { describeComparison, shortVerdict } from '../core/analysis/paired';
import { retrainedFigures } from '../core/analysis/shrink-verification';
import { shrinkSizes, verificationOf } from '../core/results-table';
import { penaltyFormula } from '../core/penalties';
import type { PathSpec } from '../core/experiment';
import { gridSize } from '../core/path/grid';
import type { PathChoice } from '../core/path/path-result';
import { resultsAreCurrent, type ExperimentDocument } from './experiment-document';
import { unusedInputFixes } from './shrink-edits';

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
  /** What verifying the suggested sizes by training would cost at most, when known. */
  verifyCost?: CostEstimate;
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
  if (results) lenses.push(...layerLenses(document, results, current, state.trusted, state.verifyCost));
  if (results) lenses.push(...unusedInputLenses(document, results, current));
  return lenses;
}

/** Above a path variant: λ_min and λ_1se with their validation errors, or what the path is before it ran. */
function pathLens(offset: number, name: string, path: PathSpec, results: ResultsDocument | undefined, trusted: boolean): LensSpec {
  const found = results?.paths?.find((p) => p.variant === name);
  const mixing = path.l1Ratio === 1 ? 'L1' : path.l1Ratio === 0 ? 'L2' : `elastic net, l1Ratio ${path.l1Ratio}`;
  if (!found) {
    const title = `${name}: path of ${gridSize(path)} λ (${mixing}), ${path.folds}-fold cross-validation · not trained yet`;
    return trusted ? { offset, title, command: 'regx.trainVariant', args: [name], tooltip: `Train only ${name}` } : { offset, title, command: restrictedMode.manageTrustCommand, tooltip: restrictedMode.tooltip };
  }
  const short = (v: number) => String(+v.toPrecision(4));
  const choice = (label: string, c: PathChoice) => `${label} ${short(c.lambda)} (validation ${short(c.validation.mean)} ± ${short(c.validation.se)})`;
  const refit = (label: string, c: PathChoice) => `${label} ${short(c.lambda)}: refit test error ${short(c.test.mean)}${c.test.runs > 1 ? ` ± ${short(c.test.sd)} over ${c.test.runs} runs` : ''}`;
  return {
    offset,
    title: `${name}: ${choice('λ_min', found.lambdaMin)} · ${choice('λ_1se', found.lambda1se)} · ${found.points.length} λ (${mixing})`,
    command: 'regx.openPanel',
    tooltip: [refit('λ_min', found.lambdaMin), refit('λ_1se', found.lambda1se), `Errors: ${found.measure}.`].join('\n'),
  };
}

function variantLenses(document: ExperimentDocument, results: ResultsDocument | undefined, trusted: boolean): LensSpec[] {
  if (!document.parsed.ok) return [];
  const { variants, penaltyConvention } = document.parsed.experiment;
  return document.variants.flatMap((span, i) => {
    const variant = variants[i];
    if (!variant) return [];
    if (variant.path) return [pathLens(span.offset, variant.name, variant.path, results, trusted)];
    const summary = results?.variants.find((v) => v.variant.name === variant.name)?.summary;
    const formula = penaltyFormula(variant, penaltyConvention);
    if (!summary && !trusted) return [{ offset: span.offset, title: `${variant.name}: ${formula} · not trained yet`, command: restrictedMode.manageTrustCommand, tooltip: restrictedMode.tooltip }];
    const comparisons = summary ? (results?.comparisons ?? []).filter((c) => c.a === variant.name) : [];
    const compared = comparisons.map((c) => ` · ${shortVerdict(c)}`).join('');
    const tooltip = summary
      ? [
          summary.classification
            ? `Test log-loss over ${summary.classification.logLoss.length} run(s): ${summary.classification.logLoss.map((e) => e.toFixed(3)).join(', ')}; accuracy ${summary.classification.accuracy.map((a) => `${(a * 100).toFixed(1)}%`).join(', ')}`
            : `Total absolute test error over ${summary.testAbsError.length} run(s): ${summary.testAbsError.map((e) => e.toFixed(2)).join(', ')}`,
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
  const c = summary.classification;
  if (c) {
    const sd = Number.isFinite(c.accuracySd) ? ` ± ${(c.accuracySd * 100).toFixed(1)}` : '';
    return `accuracy ${(c.accuracyMean * 100).toFixed(1)}%${sd}, log-loss ${c.logLossMean.toFixed(3)}${diverged} · ${(summary.zeroShare * 100).toFixed(0)}% weights zero`;
  }
  return `test |error| ${summary.testAbsErrorMean.toFixed(2)}${spread}${diverged} · ${(summary.zeroShare * 100).toFixed(0)}% weights zero`;
}

/**
 * One short lens on the layers line, whatever the number of layers: per variant the sizes it
 * suggests and whether training verified them ("L1 → [3, 10, 3]: retrained 24.10 ± 5.20 vs
 * 46.90 ± 12.30"); the per-layer counts are the inlay hints after each size (inlay-model.ts).
 * With a suggestion not verified yet, a second lens offers to verify it.
 */
function layerLenses(document: ExperimentDocument, results: ResultsDocument, current: boolean, trusted: boolean, verifyCost?: CostEstimate): LensSpec[] {
  const sizes = document.layerSizes;
  const trainedSizes = results.variants[0]?.summary.layerSizes;
  const first = document.layers[0];
  // Results only speak of this line when the file still has the layers they were trained with.
  if (!first || !sizes || !trainedSizes || sizes.length !== trainedSizes.length || sizes.some((s, i) => s !== trainedSizes[i])) return [];
  const parts = results.variants.map(({ summary }) => layersPart(results, summary));
  const lenses: LensSpec[] = [
    {
      offset: first.offset,
      title: `layers: ${parts.join(' · ')}${current ? '' : ' (earlier results)'}`,
      command: 'regx.openPanel',
      tooltip:
        'Per variant, the hidden sizes it suggests; the hint after each size says that layer\'s count. A neuron is off when what it adds to the next layer ' +
        '(the spread of its activation over the training rows × its outgoing weights) is at most the zero threshold, and it does not fire beyond that on a test row. ' +
        'Verified: the smaller network trained again with the same seeds, chosen on validation rows carved from the training split, its test errors beside the original\'s.',
    },
  ];
  const unverified = results.variants.some(({ summary }) => !verificationOf(results, summary.variant) && summary.suggestedSizes.some((s, l) => s < summary.layerSizes[l]));
  if (unverified && current && trusted) {
    lenses.push({
      offset: first.offset,
      title: 'Verify by retraining',
      command: 'regx.verifyShrink',
      tooltip: `Train the suggested sizes again with the same seeds and compare them run by run with the original${verifyCost ? ` (estimated cost at most: ${formatCost(verifyCost)})` : ''}`,
    });
  }
  return lenses;
}

/** "L1 → [3, 2] not verified", "L1 → [3, 10, 3]: retrained 24.10 ± 5.20 vs 46.90 ± 12.30", "L1: none passed (4 tried)", "L2 keeps its size". */
function layersPart(results: ResultsDocument, summary: VariantSummary): string {
  if (summary.liveNeurons.length === 0) return `${summary.variant}: no finished run`;
  const { sizes, verification } = shrinkSizes(results, summary);
  const shrinks = sizes.some((s, l) => s < summary.layerSizes[l]);
  if (verification) {
    const figures = retrainedFigures(verification);
    return shrinks && figures ? `${summary.variant} → [${sizes.join(', ')}]: ${figures}` : `${summary.variant}: none passed (${verification.tried.length} tried)`;
  }
  return shrinks ? `${summary.variant} → [${sizes.join(', ')}] not verified` : `${summary.variant} keeps its size`;
}

/** Above the inputs (a CSV's columns, a point set's features): per variant that left some unused
 * in every run, the fix that removes them, as the quick fix on those lines does. */
function unusedInputLenses(document: ExperimentDocument, results: ResultsDocument, current: boolean): LensSpec[] {
  return unusedInputFixes(document, results).map((fix) => ({
    offset: fix.anchor.offset,
    title: `${fix.title}${current ? '' : ' (earlier results)'}`,
    command: 'regx.dropUnusedInputs',
    args: [fix.variant],
    tooltip: 'An input is unused when its first-layer weights are all at 0 (|w| at most the zero threshold) or lead only to dead neurons, in every run. One undoable edit.',
  }));
}
