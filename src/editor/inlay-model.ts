// What the inlay hints after each size of "layers": [10, 10, 10] say: per variant, that
// layer's suggested size and whether training verified it. Pure, tested in Node; the
// provider in inlay-hints.ts hands these to VS Code.
import { layerVerdict } from '../core/analysis/shrink-verification';
import type { ResultsDocument, VariantSummary } from '../core/results';
import { offAtStartIn, shrinkSizes } from '../core/results-table';
import type { ExperimentDocument } from './experiment-document';

export interface InlayHintSpec {
  /** Where the hint goes: right after the layer's size. */
  offset: number;
  label: string;
  tooltip: string;
}

/**
 * One hint per hidden layer that some variant would shrink: "L1→3✓" (verified by training),
 * "L1→1?" (the analysis' suggestion, not verified), "L1=10✗" (verified, and no smaller size
 * passed). Terse, because VS Code shortens the hints of a line past 43 characters (the
 * setting editor.inlayHints.maximumLength); the tooltip says it in words. None when the
 * file's layers are not those the results were trained with.
 */
export function inlayHintsFor(document: ExperimentDocument, results: ResultsDocument | undefined): InlayHintSpec[] {
  const sizes = document.layerSizes;
  const trainedSizes = results?.variants[0]?.summary.layerSizes;
  if (!results || !sizes || !trainedSizes || sizes.length !== trainedSizes.length || sizes.some((s, i) => s !== trainedSizes[i])) return [];
  return document.layers.flatMap((span, layer) => {
    const parts = results.variants.map(({ summary }) => hintPart(results, summary, layer)).filter((p) => p !== undefined);
    if (parts.length === 0) return [];
    return [{ offset: span.offset + span.length, label: parts.map((p) => p.label).join(' '), tooltip: parts.map((p) => p.tooltip).join('\n') }];
  });
}

function hintPart(results: ResultsDocument, summary: VariantSummary, layer: number): { label: string; tooltip: string } | undefined {
  const size = summary.layerSizes[layer];
  if (summary.liveNeurons.length === 0 || size === undefined) return undefined;
  const live = Math.max(...summary.liveNeurons.map((counts) => counts[layer]));
  const atStart = offAtStartIn(summary, layer);
  // Whole neurons at exactly 0 (the group lasso's): the fewest over the runs, said when there are any.
  const exact = Math.min(...(summary.wholeZeroNeurons ?? [[0]]).map((counts) => counts[layer] ?? 0));
  const notes = [exact > 0 ? `${exact} at exactly 0` : '', atStart ? `${atStart} dead at start, the rest switched off by training` : ''].filter(Boolean);
  const counted = `${summary.variant}: ${size - live}/${size} neurons off${notes.length ? ` (${notes.join('; ')})` : ''}, so ${Math.max(live, 1)} suggested`;
  const { sizes, verification } = shrinkSizes(results, summary);
  if (verification) {
    const verdict = layerVerdict(verification, layer);
    if (!verification.suggestion) return { label: `${summary.variant}=${size}✗`, tooltip: `${counted}; verified by training: ${verdict}` };
    if (sizes[layer] >= size) return undefined;
    return { label: `${summary.variant}→${sizes[layer]}✓`, tooltip: `${counted}; verified by training: ${verdict}` };
  }
  if (sizes[layer] >= size) return undefined;
  return { label: `${summary.variant}→${sizes[layer]}?`, tooltip: `${counted}; not verified by training yet (RegX: Verify the Shrink Plan by Retraining)` };
}
