// Where things are in the text of an experiment file, and whether stored results still
// describe it. Pure: no 'vscode' here, so lenses, diagnostics and fixes can be tested in Node.
import * as jsonc from 'jsonc-parser';
import { parseExperiment, type JsonPath, type ParseResult } from '../core/experiment';
import { resultsMatch, type ResultsDocument } from '../core/results';

export interface Span {
  offset: number;
  length: number;
}

export interface ExperimentDocument {
  text: string;
  parsed: ParseResult;
  /** The whole top-level object. */
  root?: Span;
  /** Each entry of `variants`, by index. */
  variants: Span[];
  /** Each entry of `model.layers`, by index. */
  layers: Span[];
  /** Each entry of `data.inputs` (CSV), by index. */
  inputs: Span[];
  /** Each entry of `data.features` (a point set), by index. */
  features: Span[];
  /** The value of `data.kind`: where a fix about features the file does not list shows. */
  dataKind?: Span;
  /** The hidden layer sizes as written (whatever else fails to parse), for matching results to lines. */
  layerSizes?: number[];
}

export function readExperimentDocument(text: string): ExperimentDocument {
  const tree = jsonc.parseTree(text);
  const entries = (path: JsonPath): Span[] => {
    const node = tree && jsonc.findNodeAtLocation(tree, path);
    return node?.type === 'array' ? (node.children ?? []).map(({ offset, length }) => ({ offset, length })) : [];
  };
  const layers = tree && jsonc.findNodeAtLocation(tree, ['model', 'layers']);
  const kind = tree && jsonc.findNodeAtLocation(tree, ['data', 'kind']);
  const sizes = layers?.type === 'array' ? (layers.children ?? []).map(unitsOf) : undefined;
  return {
    text,
    parsed: parseExperiment(text),
    ...(tree ? { root: { offset: tree.offset, length: tree.length } } : {}),
    variants: entries(['variants']),
    layers: entries(['model', 'layers']),
    inputs: entries(['data', 'inputs']),
    features: entries(['data', 'features']),
    ...(kind ? { dataKind: { offset: kind.offset, length: kind.length } } : {}),
    ...(sizes?.every(Number.isFinite) ? { layerSizes: sizes } : {}),
  };
}

/** A layer entry's size: a bare number or an object's units; NaN for anything else. */
function unitsOf(node: jsonc.Node): number {
  const value: unknown = jsonc.getNodeValue(node);
  if (typeof value === 'number') return value;
  const units = value && typeof value === 'object' ? (value as { units?: unknown }).units : undefined;
  return typeof units === 'number' ? units : NaN;
}

/** Results still fit the file when it parses and trains the same; unparsable text counts as changed. */
export function resultsAreCurrent(results: ResultsDocument, document: ExperimentDocument): boolean {
  return document.parsed.ok && resultsMatch(results, document.parsed.experiment);
}

