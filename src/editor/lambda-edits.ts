// The edit that writes a λ chosen on a path into the experiment file: a fixed variant with
// that λ's strengths, right after the path variant, so the path stays and the chosen λ
// trains beside the others. l2 = (1 - l1Ratio)·λ is in the file's own convention, as the
// path read it: nothing to convert. Pure.
import * as jsonc from 'jsonc-parser';
import type { PenaltyConvention } from '../core/experiment';
import type { TextEdit } from './shrink-edits';

/** λ with 4 significant digits: what the panel shows and the file gets. */
export function roundLambda(lambda: number): number {
  return +lambda.toPrecision(4);
}

/** Inserts `{ name, l1, l2, l1Method }` for `lambda` after the variant named `variant`, which must have a path. */
export function writeLambdaEdits(text: string, variant: string, lambda: number): TextEdit[] {
  const tree = jsonc.parseTree(text);
  const variants = tree && jsonc.findNodeAtLocation(tree, ['variants']);
  if (!variants || variants.type !== 'array') throw new Error('the file has no variants array');
  const values = (variants.children ?? []).map((node) => jsonc.getNodeValue(node) as { name?: unknown; path?: { l1Ratio?: number }; l1Method?: unknown });
  const index = values.findIndex((v) => v.name === variant);
  if (index < 0) throw new Error(`no variant named "${variant}" in the file`);
  const path = values[index].path;
  if (!path) throw new Error(`variant "${variant}" has no path`);
  const rounded = roundLambda(lambda);
  const l1Ratio = path.l1Ratio ?? 1;
  const names = new Set(values.map((v) => v.name));
  let name = `${variant} at λ ${rounded}`;
  for (let k = 2; names.has(name); k++) name = `${variant} at λ ${rounded} (${k})`;
  const written: Record<string, unknown> = { name };
  if (l1Ratio > 0) written.l1 = +(l1Ratio * rounded).toPrecision(6);
  if (l1Ratio < 1) written.l2 = +((1 - l1Ratio) * rounded).toPrecision(6);
  if (typeof values[index].l1Method === 'string') written.l1Method = values[index].l1Method;
  return jsonc.modify(text, ['variants', index + 1], written, { isArrayInsertion: true, formattingOptions: { tabSize: 2, insertSpaces: true, eol: '\n' } });
}

/** A fixed variant's λ as the file writes it: its l1, or its l2 when it has no l1; undefined when unpenalized. */
export function fileLambda(variant: { l1?: number; l2?: number }): number | undefined {
  if (variant.l1 && variant.l1 > 0) return variant.l1;
  if (variant.l2 && variant.l2 > 0) return variant.l2;
  return undefined;
}

/** Sets a fixed variant's λ (a slider's release): l1 and l2 scaled together, so an elastic net keeps its mix. */
export function setLambdaEdits(text: string, variant: string, lambda: number): TextEdit[] {
  const tree = jsonc.parseTree(text);
  const variants = tree && jsonc.findNodeAtLocation(tree, ['variants']);
  const values = (variants?.children ?? []).map((node) => jsonc.getNodeValue(node) as { name?: unknown; l1?: number; l2?: number; path?: unknown });
  const index = values.findIndex((v) => v.name === variant);
  if (index < 0) throw new Error(`no variant named "${variant}" in the file`);
  const current = fileLambda(values[index]);
  if (current === undefined || values[index].path) throw new Error(`variant "${variant}" has no l1 or l2 to set`);
  const factor = roundLambda(lambda) / current;
  let working = text;
  for (const key of ['l1', 'l2'] as const) {
    const value = values[index][key];
    if (!value) continue;
    const next = key === (values[index].l1 ? 'l1' : 'l2') ? roundLambda(lambda) : +(value * factor).toPrecision(6);
    const step = jsonc.modify(working, ['variants', index, key], next, {});
    working = jsonc.applyEdits(working, step);
  }
  // One edit over the variant: both values change in one undo step.
  const before = jsonc.findNodeAtLocation(tree!, ['variants', index])!;
  const after = jsonc.findNodeAtLocation(jsonc.parseTree(working)!, ['variants', index])!;
  return [{ offset: before.offset, length: before.length, content: working.slice(after.offset, after.offset + after.length) }];
}

/** A fixed variant (l2 in tf.js' convention, as parsed) at another λ, as the file would write it: its l1 (or, without one, its l2) becomes λ, the other scales with it. */
export function variantAtLambda<V extends { l1: number; l2: number }>(variant: V, lambda: number, convention: PenaltyConvention): V {
  const written = convention === 'tf1' ? 2 : 1;
  if (variant.l1 > 0) return { ...variant, l1: lambda, l2: variant.l2 * (lambda / variant.l1) };
  if (variant.l2 > 0) return { ...variant, l2: lambda / written };
  return variant;
}
