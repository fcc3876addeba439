// Inlay hints of *.regx.json files: after each hidden layer's size, the size each variant
// suggests for it and whether training verified it (see inlay-model.ts).
import * as vscode from 'vscode';
import { readExperimentDocument } from './experiment-document';
import { inlayHintsFor } from './inlay-model';
import type { ResultsStore } from './results-store';

export class RegxInlayHintsProvider implements vscode.InlayHintsProvider {
  private readonly changed = new vscode.EventEmitter<void>();
  readonly onDidChangeInlayHints = this.changed.event;

  constructor(private readonly store: ResultsStore) {
    store.onDidChange(() => this.changed.fire());
  }

  provideInlayHints(document: vscode.TextDocument, range: vscode.Range): vscode.InlayHint[] {
    const hints = inlayHintsFor(readExperimentDocument(document.getText()), this.store.get(document.uri.fsPath));
    return hints
      .map((spec) => {
        const hint = new vscode.InlayHint(document.positionAt(spec.offset), spec.label, vscode.InlayHintKind.Type);
        hint.tooltip = spec.tooltip;
        hint.paddingLeft = true;
        return hint;
      })
      .filter((hint) => range.contains(hint.position));
  }
}
