// Code lenses of *.regx.json files: Train/Stop and Open results at the top, each variant's
// last result above it, each hidden layer's sparsity on its line (see lens-model.ts).
import * as vscode from 'vscode';
import { readExperimentDocument } from './experiment-document';
import { lensesFor } from './lens-model';
import { verificationCost } from '../runtime/verify-shrink';
import type { RegxDiagnostics } from './diagnostics';
import type { ResultsStore } from './results-store';
import type { TrainingManager } from './training';

export class RegxCodeLensProvider implements vscode.CodeLensProvider {
  private readonly changed = new vscode.EventEmitter<void>();
  readonly onDidChangeCodeLenses = this.changed.event;

  constructor(
    private readonly store: ResultsStore,
    private readonly training: TrainingManager,
    private readonly diagnostics: RegxDiagnostics,
  ) {
    store.onDidChange(() => this.changed.fire());
    diagnostics.onDidCheck(() => this.changed.fire());
    training.onDidChangeRunning(() => this.changed.fire());
    // Restricted Mode ends: the lenses that asked for trust become Train lenses.
    vscode.workspace.onDidGrantWorkspaceTrust(() => this.changed.fire());
  }

  provideCodeLenses(document: vscode.TextDocument): vscode.CodeLens[] {
    const file = document.uri.fsPath;
    const results = this.store.get(file);
    const specs = lensesFor(readExperimentDocument(document.getText()), results, {
      running: this.training.isRunning(file),
      trusted: vscode.workspace.isTrusted,
      cost: this.diagnostics.costOf(file),
      ...(results ? { verifyCost: verificationCost(results, { maxSizes: vscode.workspace.getConfiguration('regx', document.uri).get<number>('verify.maxSizes', 4) }) } : {}),
    });
    return specs.map((spec) => {
      const line = document.positionAt(spec.offset).line;
      return new vscode.CodeLens(new vscode.Range(line, 0, line, 0), {
        title: spec.title,
        command: spec.command,
        arguments: [document.uri, ...(spec.args ?? [])],
        ...(spec.tooltip ? { tooltip: spec.tooltip } : {}),
      });
    });
  }
}
