// The results table as rows of text, one definition for the CLI (runtime/report.ts prints it)
// and the panel (panel/table.ts shows it): per variant the total absolute test error of
// every run, their mean and spread, MAE, RMSE and R² (for a classifier: the test log-loss
// and accuracy of every run, their means and spreads, the rows misclassified), then what the
// penalty did to the weights; and the paired comparisons of the variants.
import { formatP, type PairedComparison } from './analysis/paired';
import type { ShrinkVerification } from './analysis/shrink-verification';
import type { ResultsDocument, VariantSummary } from './results';

function fixed(value: number, digits = 2): string {
  return Number.isFinite(value) ? value.toFixed(digits) : '-';
}

function percent(share: number): string {
  return Number.isFinite(share) ? `${(share * 100).toFixed(1)}%` : '-';
}

/** Live neurons of a hidden layer across runs: "3/10" when every run agrees, "2-4/10" when not. */
export function liveRange(summary: VariantSummary, layer: number): string {
  const size = summary.layerSizes[layer];
  const counts = summary.liveNeurons.map((live) => live[layer]).filter((c) => c !== undefined);
  if (counts.length === 0) return `?/${size}`;
  const low = Math.min(...counts);
  const high = Math.max(...counts);
  return `${low === high ? low : `${low}-${high}`}/${size}`;
}

/** Neurons of a hidden layer at exactly zero (all incoming or all outgoing weights exactly 0)
 * across runs, as liveRange: "9/10", "7-9/10"; '?' for results written before it was counted. */
export function wholeZeroRange(summary: VariantSummary, layer: number): string {
  const counts = (summary.wholeZeroNeurons ?? []).map((zero) => zero[layer]).filter((c) => c !== undefined);
  if (counts.length === 0) return `?/${summary.layerSizes[layer]}`;
  const low = Math.min(...counts);
  const high = Math.max(...counts);
  return `${low === high ? low : `${low}-${high}`}/${summary.layerSizes[layer]}`;
}

/** The verification by training of a variant's suggestion, when one ran on these results. */
export function verificationOf(document: ResultsDocument, variant: string): ShrinkVerification | undefined {
  return document.shrinkVerification?.find((v) => v.variant === variant);
}

/**
 * The sizes to shrink a variant to: the verified ones when a verification accepted a size,
 * the original ones when it accepted none, else the plan's (not verified).
 */
export function shrinkSizes(document: ResultsDocument, summary: VariantSummary): { sizes: number[]; verification?: ShrinkVerification } {
  const verification = verificationOf(document, summary.variant);
  if (!verification) return { sizes: summary.suggestedSizes };
  return { sizes: verification.suggestion?.sizes ?? summary.layerSizes, verification };
}

/**
 * Of the neurons off in a hidden layer, how many were dead or constant at the initial
 * weights, in the run with the most live neurons (the run the suggested size is made for);
 * undefined for results that do not say.
 */
export function offAtStartIn(summary: VariantSummary, layer: number): number | undefined {
  if (!summary.offAtStart || summary.liveNeurons.length === 0) return undefined;
  const counts = summary.liveNeurons.map((live) => live[layer]);
  const run = counts.indexOf(Math.max(...counts));
  return summary.offAtStart[run]?.[layer];
}

/** "45 of 45 certified" for an L1 variant's zeros, '' otherwise. */
function certified(summary: VariantSummary): string {
  const c = summary.certifiedZeros;
  return c ? `, ${c.certified} of ${c.zeros} zeros certified` : '';
}

export function summaryRows(document: ResultsDocument): string[][] {
  return document.variants.map(({ summary }) => summaryRow(summary));
}

export function summaryRow(summary: VariantSummary): string[] {
  const diverged = summary.diverged ? ` (+${summary.diverged} diverged)` : '';
  const c = summary.classification;
  const errors = c
    ? [
        c.logLoss.map((e) => fixed(e, 3)).join(' ') + diverged,
        `${fixed(c.logLossMean, 3)} ± ${fixed(c.logLossSd, 3)}`,
        c.accuracy.map(percent).join(' '),
        `${percent(c.accuracyMean)} ± ${percent(c.accuracySd)}`,
        fixed(summary.testAbsErrorMean, 1),
      ]
    : [
        summary.testAbsError.map((e) => fixed(e)).join(' ') + diverged,
        `${fixed(summary.testAbsErrorMean)} ± ${fixed(summary.testAbsErrorSd)}`,
        fixed(summary.testErrorsMean.mae, 3),
        fixed(summary.testErrorsMean.rmse, 3),
        fixed(summary.testErrorsMean.r2, 3),
      ];
  return [
    summary.variant,
    summary.formula,
    ...errors,
    `${percent(summary.zeroShare)} (${percent(summary.exactZeroShare)} exact${certified(summary)})`,
    summary.layerSizes.length === 0 ? '(linear)' : summary.layerSizes.map((_, l) => liveRange(summary, l)).join(' '),
    summary.layerSizes.length === 0 ? '-' : summary.layerSizes.map((_, l) => wholeZeroRange(summary, l)).join(' '),
    summary.layerSizes.length === 0 ? '-' : `[${summary.suggestedSizes.join(', ')}]`,
    summary.unusedInputs.length === 0 ? '-' : summary.unusedInputs.join(' '),
  ];
}

/** What the 'Neurons at exactly 0' column counts, said under the table by the CLI and the panel. */
export const WHOLE_ZERO_NOTE =
  'Neurons at exactly 0: per hidden layer, over the runs, the neurons whose incoming or outgoing kernel weights are all exactly 0, as the group lasso leaves them (the shrink plan removes or folds them).';

export const summaryHeaders = ['Variant', 'Penalty', 'Test |error| per run', 'Mean ± sd', 'MAE', 'RMSE', 'R²', 'Zero weights', 'Live neurons', 'Neurons at exactly 0', 'Suggested', 'Unused inputs'];

/** A classifier's headers: its five error columns in place of the regressor's (summaryRow fills them). */
export const classificationSummaryHeaders = [
  'Variant', 'Penalty', 'Test log-loss per run', 'Mean ± sd', 'Accuracy per run', 'Accuracy mean ± sd', 'Misclassified (mean)',
  ...summaryHeaders.slice(7),
];

/** Whether these results are a classifier's: their summaries give accuracy and log-loss. */
export function isClassifierResults(document: ResultsDocument): boolean {
  return document.variants.some((v) => v.summary.classification !== undefined);
}

/** The headers of summaryRows(document). */
export function summaryHeadersOf(document: ResultsDocument): string[] {
  return isClassifierResults(document) ? classificationSummaryHeaders : summaryHeaders;
}

export const comparisonHeaders = ['Comparison', 'Mean difference', '95% interval', 'p', 'Verdict', 'Runs for 80% power (estimate)'];

/**
 * The paired comparisons as the CLI and the panel present them: each against no penalty, then
 * the pairs the file names, each family under a title that says what its p-values are adjusted over.
 */
export function comparisonFamilies(comparisons: readonly PairedComparison[], measure = 'test |error|'): { title: string; comparisons: PairedComparison[] }[] {
  const adjusted = (family: number) => (family > 1 ? `, p-values Holm-adjusted over ${family} comparisons` : '');
  const families = [
    { lead: `Paired comparisons of the ${measure}, run r against run r (they share data, split and initial weights)`, comparisons: comparisons.filter((c) => !c.named) },
    { lead: 'The pairs the file names (compare), a family of their own', comparisons: comparisons.filter((c) => c.named) },
  ];
  return families.filter((f) => f.comparisons.length > 0).map((f) => ({ title: `${f.lead}${adjusted(f.comparisons[0].family)}`, comparisons: f.comparisons }));
}

/** One row per paired comparison; an interval that spans 0 reads "not resolved with N runs". */
export function comparisonRows(comparisons: readonly PairedComparison[]): string[][] {
  return comparisons.map((c) => [
    `${c.a} - ${c.b}`,
    c.runs < 2 ? '-' : `${c.meanDifference >= 0 ? '+' : ''}${fixed(c.meanDifference)}`,
    c.runs < 2 ? '-' : `${fixed(c.interval[0])} to ${fixed(c.interval[1])}`,
    formatP(c.pAdjusted),
    c.runs < 2 ? 'needs 2 runs' : c.resolved ? (c.meanDifference < 0 ? `${c.a} lower` : `${c.a} higher`) : `not resolved with ${c.runs} runs`,
    c.estimatedRunsFor80Power === undefined ? '-' : `about ${c.estimatedRunsFor80Power}`,
  ]);
}

/**
 * What the pruning check says: the shrink plan applied to each run's own trained weights (no
 * retraining), the largest change of a test prediction, and that as a share of the mean
 * absolute test error.
 */
export function pruningCheckNote(document: ResultsDocument): string {
  const summaries = document.variants.map((v) => v.summary);
  const change = Math.max(0, ...summaries.map((s) => s.shrinkPredictionChange));
  const increases = summaries.flatMap((s) => (s.shrinkLogLossIncrease === undefined ? [] : [s.shrinkLogLossIncrease]));
  if (increases.length > 0) {
    const largest = Math.max(...increases);
    return `Pruning check, not a retraining: the plan applied to each run's own trained weights changes a test logit by at most ${change.toExponential(1)} and the test log-loss by at most ${largest >= 0 ? '+' : ''}${largest.toExponential(1)}.`;
  }
  const shares = summaries.flatMap((s) => (s.shrinkChangeShareOfMae === undefined ? [] : [s.shrinkChangeShareOfMae]));
  const share = shares.length > 0 ? `, at most ${percentOf(Math.max(...shares))} of a run's mean absolute test error` : '';
  return `Pruning check, not a retraining: the plan applied to each run's own trained weights changes a test prediction by at most ${change.toExponential(1)}${share}.`;
}

function percentOf(share: number): string {
  return `${share < 0.001 ? (share * 100).toExponential(1) : +(share * 100).toPrecision(2)}%`;
}

/** "run 2: 1/10 0/10 0/10" for each run that started with dead neurons; undefined when none did. */
export function deadBeforeTraining(document: ResultsDocument): string | undefined {
  // Every variant's run r starts from the same weights: the first variant speaks for all.
  const first = document.variants[0];
  const sizes = first?.summary.layerSizes ?? [];
  const runs = (first?.runs ?? []).filter((r) => r.analysis.deadBeforeTraining?.some((k) => k > 0));
  if (runs.length === 0) return undefined;
  return runs.map((r) => `run ${r.run + 1}: ${r.analysis.deadBeforeTraining!.map((k, l) => `${k}/${sizes[l]}`).join(' ')}`).join('; ');
}
