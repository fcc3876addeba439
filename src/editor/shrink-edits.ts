// The text edits of RegX's quick fixes: shrink one layer, shrink every layer to a plan,
// drop unused input columns or features, and their titles. Each touches only the values it changes, so the file keeps
// its formatting and comments-free JSON stays as the person wrote it. Pure.
import * as jsonc from 'jsonc-parser';
import { retrainedFigures } from '../core/analysis/shrink-verification';
import { DEFAULT_FEATURES, formatPath, isPointSet, type JsonPath } from '../core/experiment';
import type { ResultsDocument, VariantSummary } from '../core/results';
import { shrinkSizes } from '../core/results-table';
import type { ExperimentDocument, Span } from './experiment-document';

export interface TextEdit {
  offset: number;
  length: number;
  content: string;
}

function layerValuePath(text: string, layer: number): (string | number)[] | undefined {
  const tree = jsonc.parseTree(text);
  const node = tree && jsonc.findNodeAtLocation(tree, ['model', 'layers', layer]);
  if (!node) return undefined;
  return node.type === 'object' ? ['model', 'layers', layer, 'units'] : ['model', 'layers', layer];
}

/** Sets hidden layer `layer` (0-based) to `size` neurons, as a bare number or an object's units. */
export function shrinkLayerEdits(text: string, layer: number, size: number): TextEdit[] {
  const path = layerValuePath(text, layer);
  if (!path) throw new Error(`model.layers[${layer}] is not in the file`);
  return jsonc.modify(text, path, size, {});
}

/** Sets every hidden layer to the given sizes (one edit per layer that changes). */
export function shrinkAllEdits(text: string, sizes: number[]): TextEdit[] {
  const tree = jsonc.parseTree(text);
  const edits: TextEdit[] = [];
  sizes.forEach((size, layer) => {
    const path = layerValuePath(text, layer);
    const node = tree && path && jsonc.findNodeAtLocation(tree, path);
    if (!path) throw new Error(`model.layers[${layer}] is not in the file`);
    if (node?.value !== size) edits.push(...jsonc.modify(text, path, size, {}));
  });
  return edits;
}

/** A fix for the inputs no run of a variant used: its title, its edits, and the line it belongs to. */
export interface UnusedInputFix {
  variant: string;
  title: string;
  edits: TextEdit[];
  /** The first entry of the list it edits (data.inputs, data.features), or data.kind when the file lists no features. */
  anchor: Span;
}

/**
 * The fixes for inputs no run of a variant used, offered where the cursor `touches` (all of
 * them without it, for the lens): a CSV's columns on the entries of data.inputs, a point set's
 * features on the entries of data.features, or on data.kind when the file lists none (it sees
 * the default features).
 */
export function unusedInputFixes(document: ExperimentDocument, results: ResultsDocument, touches: (span: Span) => boolean = () => true): UnusedInputFix[] {
  const data = document.parsed.experiment?.data;
  const pointSet = data !== undefined && isPointSet(data);
  const spans = pointSet ? (document.features.length > 0 ? document.features : document.dataKind ? [document.dataKind] : []) : document.inputs;
  if (!spans.some(touches)) return [];
  // A fix that leaves the network without an input is no fix.
  const fixable = results.variants.filter(({ summary }) => summary.unusedInputs.length > 0 && summary.unusedInputs.length < results.dataset.d);
  return fixable.map(({ summary }) => {
    const names = summary.unusedInputs.join(', ');
    return pointSet
      ? { variant: summary.variant, title: `Remove features no run of ${summary.variant} used: ${names}`, edits: dropFeaturesEdits(document.text, summary.unusedInputs), anchor: spans[0] }
      : { variant: summary.variant, title: `Drop input columns no run of ${summary.variant} used: ${names}`, edits: dropInputsEdits(document.text, summary.unusedInputs), anchor: spans[0] };
  });
}

/** Removes the named columns from data.inputs; one edit over the array keeps the rest of its layout. */
export function dropInputsEdits(text: string, names: string[]): TextEdit[] {
  return dropFromListEdits(text, ['data', 'inputs'], names, 'input column');
}

/**
 * Removes the named features from a point set's data.features. A file that picks none sees the
 * default features: the ones kept are then written out as `features`, after data's last property.
 */
export function dropFeaturesEdits(text: string, names: string[]): TextEdit[] {
  const tree = jsonc.parseTree(text);
  if (tree && jsonc.findNodeAtLocation(tree, ['data', 'features'])) return dropFromListEdits(text, ['data', 'features'], names, 'feature');
  const data = tree && jsonc.findNodeAtLocation(tree, ['data']);
  const last = data?.type === 'object' ? data.children?.at(-1) : undefined;
  if (!last) throw new Error('data is not in the file');
  const kept = DEFAULT_FEATURES.filter((feature) => !names.includes(feature));
  if (kept.length === 0) throw new Error('cannot drop every feature');
  // On the line of data's last property when the object is on one line, else on a line of its own, indented alike.
  const lineStart = text.lastIndexOf('\n', last.offset) + 1;
  const oneLine = !text.slice(data!.offset, last.offset).includes('\n');
  const separator = oneLine ? ', ' : `,\n${text.slice(lineStart, last.offset)}`;
  return [{ offset: last.offset + last.length, length: 0, content: `${separator}"features": ${JSON.stringify(kept).replace(/,/g, ', ')}` }];
}

/** Removes the named strings from the array at `path`; one edit over the array keeps the rest of its layout. */
function dropFromListEdits(text: string, path: JsonPath, names: string[], what: string): TextEdit[] {
  const itemsOf = (source: string) => {
    const tree = jsonc.parseTree(source);
    const array = tree && jsonc.findNodeAtLocation(tree, path);
    if (!array || array.type !== 'array') throw new Error(`${formatPath(path)} is not in the file`);
    return array;
  };
  const array = itemsOf(text);
  const drop = (array.children ?? []).flatMap((node, i) => (names.includes(node.value as string) ? [i] : []));
  if (drop.length === (array.children ?? []).length) throw new Error(`cannot drop every ${what}`);
  let working = text;
  for (const index of drop.reverse()) {
    const elements = itemsOf(working).children ?? [];
    const element = elements[index];
    // Take the element with the separator after it; the last one takes the separator before it.
    const [start, end] =
      index < elements.length - 1 ? [element.offset, elements[index + 1].offset] : [elements[index - 1].offset + elements[index - 1].length, element.offset + element.length];
    working = working.slice(0, start) + working.slice(end);
  }
  const end = array.offset + array.length + (working.length - text.length);
  return [{ offset: array.offset, length: array.length, content: working.slice(array.offset, end) }];
}

/** The text of a copy of an experiment with the layers shrunk and the name marked, for
 * training the smaller network again beside the original (the first article's last step). */
export function shrunkExperimentText(text: string, sizes: number[]): string {
  let shrunk = jsonc.applyEdits(text, shrinkAllEdits(text, sizes));
  const tree = jsonc.parseTree(shrunk);
  const name = tree && jsonc.findNodeAtLocation(tree, ['name']);
  if (typeof name?.value === 'string') shrunk = jsonc.applyEdits(shrunk, jsonc.modify(shrunk, ['name'], `${name.value} (shrunk to [${sizes.join(', ')}])`, {}));
  return shrunk;
}

/**
 * "Shrink layer 1 to 3 neurons: retrained 24.10 ± 5.20 vs 46.90 ± 12.30 (L1, verified)" when
 * training verified the size, "Shrink layer 1 to 1 neuron (L1 switched off at least 9 in
 * every run; not verified by retraining)" when not; undefined when the layer keeps its size.
 */
export function shrinkLayerTitle(results: ResultsDocument, summary: VariantSummary, layer: number): { text: string; size: number } | undefined {
  const { sizes, verification } = shrinkSizes(results, summary);
  const size = sizes[layer];
  if (size === undefined || size >= summary.layerSizes[layer]) return undefined;
  const neurons = `${size} neuron${size === 1 ? '' : 's'}`;
  const figures = verification && retrainedFigures(verification);
  if (figures) return { text: `Shrink layer ${layer + 1} to ${neurons}: ${figures} (${summary.variant}, verified)`, size };
  const off = summary.layerSizes[layer] - size;
  return { text: `Shrink layer ${layer + 1} to ${neurons} (${summary.variant} switched off at least ${off} in every run; not verified by retraining)`, size };
}

export function shrinkAllTitle(summary: VariantSummary, results?: ResultsDocument): string {
  const { sizes, verification } = results ? shrinkSizes(results, summary) : { sizes: summary.suggestedSizes, verification: undefined };
  const figures = verification && retrainedFigures(verification);
  return `Shrink all layers as ${summary.variant} suggests: [${summary.layerSizes.join(', ')}] → [${sizes.join(', ')}]${figures ? `: ${figures}` : ''}`;
}
