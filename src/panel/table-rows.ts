// The results table (core/results-table.ts: the CLI prints the same rows) and the shrink
// plan, as rows of text: pure, so the panel and the tests agree on what it says.
import { layerVerdict, verificationSummary, type ShrinkVerification } from '../core/analysis/shrink-verification';
import type { VariantSummary } from '../core/results';
import { comparisonFamilies, comparisonHeaders, comparisonRows, liveRange, offAtStartIn, summaryHeaders, summaryHeadersOf, summaryRow, summaryRows, WHOLE_ZERO_NOTE } from '../core/results-table';

export { comparisonFamilies, comparisonHeaders, comparisonRows, liveRange, summaryHeaders, summaryHeadersOf, summaryRow, summaryRows, WHOLE_ZERO_NOTE };

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
  /** Of the neurons off, those dead or constant at the initial weights (offAtStartIn), '-' when unknown. */
  offAtStart: string;
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
  /** That change as a share of the run's mean absolute test error, when known. */
  predictionChangeShare?: number;
  /** What training the suggested sizes again found, when it ran. */
  verification?: {
    /** "L1: [10, 10, 10] → [3, 10, 3]: retrained 24.10 ± 5.20 vs 46.90 ± 12.30 (2 sizes tried)" */
    summary: string;
    /** Per layer: "→ 3 neurons: retrained …", "keeps 10". */
    layers: string[];
    tried: { sizes: string; verdict: string }[];
  };
}

/** The shrink plan of a variant across its runs: the suggested size is safe for every run; verified by training when `verification` is given. */
export function variantPlan(summary: VariantSummary, inputs: number, verification?: ShrinkVerification): VariantPlan {
  const layers = summary.layerSizes.map((size, layer) => ({
    layer,
    size,
    live: liveRange(summary, layer),
    offAtStart: String(offAtStartIn(summary, layer) ?? '-'),
    suggested: (verification ? (verification.suggestion?.sizes ?? summary.layerSizes) : summary.suggestedSizes)[layer] ?? size,
  }));
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
    ...(summary.shrinkChangeShareOfMae !== undefined ? { predictionChangeShare: summary.shrinkChangeShareOfMae } : {}),
    ...(verification
      ? {
          verification: {
            summary: verificationSummary(verification),
            layers: summary.layerSizes.map((_, l) => layerVerdict(verification, l)),
            tried: verification.tried.map((t) => ({ sizes: `[${t.sizes.join(', ')}]`, verdict: t.verdict })),
          },
        }
      : {}),
  };
}
