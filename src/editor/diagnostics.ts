// RegX's own problems in the Problems panel (the schema's come from VS Code's JSON support).
import * as vscode from 'vscode';
import { problemsFor } from './diagnostic-model';
import { readExperimentDocument } from './experiment-document';
import type { ResultsStore } from './results-store';

export const diagnosticSource = 'RegX';

export class RegxDiagnostics implements vscode.Disposable {
  private readonly collection = vscode.languages.createDiagnosticCollection('regx');

  constructor(private readonly store: ResultsStore) {}

  update(document: vscode.TextDocument): void {
    const file = document.uri.fsPath;
    const root = vscode.workspace.getWorkspaceFolder(document.uri)?.uri.fsPath;
    let problems;
    try {
      problems = problemsFor(readExperimentDocument(document.getText()), file, root, this.store.get(file));
    } catch (error) {
      problems = [{ offset: 0, length: 0, path: '', severity: 'error' as const, message: `RegX could not check this file: ${error instanceof Error ? error.message : String(error)}` }];
    }
    this.collection.set(
      document.uri,
      problems.map((problem) => {
        const range = new vscode.Range(document.positionAt(problem.offset), document.positionAt(problem.offset + problem.length));
        const diagnostic = new vscode.Diagnostic(
          range,
          problem.path ? `${problem.path}: ${problem.message}` : problem.message,
          problem.severity === 'error' ? vscode.DiagnosticSeverity.Error : vscode.DiagnosticSeverity.Warning,
        );
        diagnostic.source = diagnosticSource;
        return diagnostic;
      }),
    );
  }

  clear(uri: vscode.Uri): void {
    this.collection.delete(uri);
  }

  dispose(): void {
    this.collection.dispose();
  }
}
