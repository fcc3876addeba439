// Quick fixes from the last results: shrink a layer, shrink every layer to a variant's
// plan, drop input columns or features no run used. Each is an ordinary undoable edit; one based on
// results older than the file says so in its title and asks before it applies.
import * as vscode from 'vscode';
import type { ResultsDocument, VariantSummary } from '../core/results';
import { shrinkSizes } from '../core/results-table';
import { readExperimentDocument, resultsAreCurrent, type Span } from './experiment-document';
import type { ResultsStore } from './results-store';
import { unusedInputFixes, shrinkAllEdits, shrinkAllTitle, shrinkLayerEdits, shrinkLayerTitle, type TextEdit } from './shrink-edits';

export { shrinkAllTitle };

export const applyWithWarningCommand = 'regx.applyEditAfterWarning';

export class RegxCodeActionProvider implements vscode.CodeActionProvider {
  static readonly metadata: vscode.CodeActionProviderMetadata = { providedCodeActionKinds: [vscode.CodeActionKind.QuickFix] };

  constructor(private readonly store: ResultsStore) {}

  provideCodeActions(document: vscode.TextDocument, range: vscode.Range | vscode.Selection): vscode.CodeAction[] {
    const results = this.store.get(document.uri.fsPath);
    if (!results) return [];
    const model = readExperimentDocument(document.getText());
    const current = resultsAreCurrent(results, model);
    const touches = (span: Span) => new vscode.Range(document.positionAt(span.offset), document.positionAt(span.offset + span.length)).intersection(new vscode.Range(range.start.line, 0, range.end.line, Number.MAX_SAFE_INTEGER)) !== undefined;
    const actions: vscode.CodeAction[] = [];
    const make = (title: string, edits: TextEdit[], preferred = false) => actions.push(codeAction(document, title, edits, current, preferred));

    const touchedLayers = model.layers.flatMap((span, layer) => (touches(span) ? [layer] : []));
    for (const layer of touchedLayers) {
      for (const { summary } of results.variants) {
        const title = shrinkLayerTitle(results, summary, layer);
        // One number changes: this layer's size, to the verified size when training verified one.
        if (title) make(title.text, shrinkLayerEdits(model.text, layer, title.size), true);
      }
    }
    if (touchedLayers.length > 0) {
      for (const { summary } of results.variants) {
        const { sizes } = shrinkSizes(results, summary);
        if (!sizes.some((s, i) => s < summary.layerSizes[i])) continue;
        make(shrinkAllTitle(summary, results), shrinkAllEdits(model.text, sizes));
      }
    }
    for (const fix of unusedInputFixes(model, results, touches)) make(fix.title, fix.edits);
    return actions;
  }
}

function codeAction(document: vscode.TextDocument, title: string, edits: TextEdit[], current: boolean, preferred: boolean): vscode.CodeAction {
  const edit = toWorkspaceEdit(document, edits);
  if (current) {
    const action = new vscode.CodeAction(title, vscode.CodeActionKind.QuickFix);
    action.edit = edit;
    action.isPreferred = preferred;
    return action;
  }
  const action = new vscode.CodeAction(`${title} — from results older than this file`, vscode.CodeActionKind.QuickFix);
  action.command = { title, command: applyWithWarningCommand, arguments: [edit, title] };
  return action;
}

export function toWorkspaceEdit(document: vscode.TextDocument, edits: TextEdit[]): vscode.WorkspaceEdit {
  const edit = new vscode.WorkspaceEdit();
  for (const { offset, length, content } of edits) {
    edit.replace(document.uri, new vscode.Range(document.positionAt(offset), document.positionAt(offset + length)), content);
  }
  return edit;
}

/** Applies an edit based on stale results only after the person agrees. */
export async function applyEditAfterWarning(edit: vscode.WorkspaceEdit, title: string): Promise<boolean> {
  const choice = await vscode.window.showWarningMessage(
    `The results behind "${title}" were computed before the file last changed. Apply it anyway?`,
    { modal: true },
    'Apply',
  );
  return choice === 'Apply' ? vscode.workspace.applyEdit(edit) : false;
}

/** The variant that suggests the smallest network (verified sizes where training verified them): whose plan "apply the shrink plan" applies. */
export function variantToShrink(results: ResultsDocument): VariantSummary | undefined {
  const total = (s: VariantSummary) => shrinkSizes(results, s).sizes.reduce((x, y) => x + y, 0);
  const shrinking = results.variants.map((v) => v.summary).filter((s) => shrinkSizes(results, s).sizes.some((size, i) => size < s.layerSizes[i]));
  return shrinking.sort((a, b) => total(a) - total(b))[0];
}
