// The edit that writes a λ chosen on a path into the experiment file: a fixed variant with
// that λ's strengths, right after the path variant, so the path stays and the chosen λ
// trains beside the others. l2 = (1 - l1Ratio)·λ is in the file's own convention, as the
// path read it: nothing to convert. Pure.
import * as jsonc from 'jsonc-parser';
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
