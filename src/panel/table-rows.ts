// The results table of the CLI (src/runtime/report.ts prints the same columns) and the
// shrink plan, as rows of text: pure, so the panel and the tests agree on what it says.
import type { ResultsDocument, VariantSummary } from '../core/results';
import { fixed, percent } from './format';

export const summaryHeaders = ['Variant', 'Penalty', 'Test |error| per run', 'Mean ± sd', 'Zero weights', 'Live neurons', 'Suggested', 'Unused inputs'];

/** Live neurons of each hidden layer across runs: "3/10" when every run agrees, "2-4/10" when not. */
export function liveRange(summary: VariantSummary, layer: number): string {
  const size = summary.layerSizes[layer];
  const counts = summary.liveNeurons.map((live) => live[layer]).filter((c) => c !== undefined);
  if (counts.length === 0) return `?/${size}`;
  const low = Math.min(...counts);
  const high = Math.max(...counts);
  return `${low === high ? low : `${low}-${high}`}/${size}`;
}

export function summaryRow(summary: VariantSummary): string[] {
  return [
    summary.variant,
    summary.formula,
    summary.testAbsError.map((e) => fixed(e)).join(' ') + (summary.diverged ? ` (+${summary.diverged} diverged)` : ''),
    `${fixed(summary.testAbsErrorMean)} ± ${fixed(summary.testAbsErrorSd)}`,
    `${percent(summary.zeroShare)} (${percent(summary.exactZeroShare)} exact)`,
    summary.layerSizes.length === 0 ? '(linear)' : summary.layerSizes.map((_, l) => liveRange(summary, l)).join(' '),
    summary.layerSizes.length === 0 ? '-' : `[${summary.suggestedSizes.join(', ')}]`,
    summary.unusedInputs.length === 0 ? '-' : summary.unusedInputs.join(' '),
  ];
}

export function summaryRows(document: ResultsDocument): string[][] {
  return document.variants.map(({ summary }) => summaryRow(summary));
}

/** Kernels and biases of a dense model with these layer sizes (inputs first, the output last). */
export function parameterCount(sizes: readonly number[]): number {
  let count = 0;
  for (let l = 1; l < sizes.length; l++) count += sizes[l - 1] * sizes[l] + sizes[l];
  return count;
}

export interface PlanLayerRow {
  layer: number;
  size: number;
  live: string;
  suggested: number;
}

export interface VariantPlan {
  variant: string;
  layers: PlanLayerRow[];
  sizesBefore: number[];
  sizesAfter: number[];
  parametersBefore: number;
  parametersAfter: number;
  /** Whether the plan shrinks anything. */
  shrinks: boolean;
  /** The largest measured change of a test prediction when a run's weights are shrunk. */
  predictionChange: number;
}

/** The shrink plan of a variant across its runs: the suggested size is safe for every run. */
export function variantPlan(summary: VariantSummary, inputs: number): VariantPlan {
  const layers = summary.layerSizes.map((size, layer) => ({ layer, size, live: liveRange(summary, layer), suggested: summary.suggestedSizes[layer] ?? size }));
  const sizesBefore = summary.layerSizes.slice();
  const sizesAfter = layers.map((l) => l.suggested);
  return {
    variant: summary.variant,
    layers,
    sizesBefore,
    sizesAfter,
    parametersBefore: parameterCount([inputs, ...sizesBefore, 1]),
    parametersAfter: parameterCount([inputs, ...sizesAfter, 1]),
    shrinks: layers.some((l) => l.suggested < l.size),
    predictionChange: summary.shrinkPredictionChange,
  };
}
