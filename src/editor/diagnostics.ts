// RegX's own problems in the Problems panel (the schema's come from VS Code's JSON support),
// and the cost of training each checked file, which the Train lens shows.
import * as vscode from 'vscode';
import type { CostEstimate } from '../core/cost';
import type { Problem } from '../core/experiment';
import { problemsFor } from './diagnostic-model';
import { readExperimentDocument } from './experiment-document';
import type { ResultsStore } from './results-store';
import { checkLimits } from './settings';

export const diagnosticSource = 'RegX';

export class RegxDiagnostics implements vscode.Disposable {
  private readonly collection = vscode.languages.createDiagnosticCollection('regx');
  private readonly costs = new Map<string, CostEstimate>();
  /** The check started last per file: an older one that ends later is dropped. */
  private readonly latest = new Map<string, number>();
  private checks = 0;
  private readonly checked = new vscode.EventEmitter<string>();
  /** Fires with the file's path when its problems and cost are known anew. */
  readonly onDidCheck = this.checked.event;

  constructor(private readonly store: ResultsStore) {}

  /** What training the file would cost, as of its last check. */
  costOf(file: string): CostEstimate | undefined {
    return this.costs.get(file);
  }

  async update(document: vscode.TextDocument): Promise<void> {
    const file = document.uri.fsPath;
    const version = ++this.checks;
    this.latest.set(file, version);
    const root = vscode.workspace.getWorkspaceFolder(document.uri)?.uri.fsPath;
    let problems: Pick<Problem, 'offset' | 'length' | 'path' | 'severity' | 'message'>[];
    let cost: CostEstimate | undefined;
    try {
      ({ problems, cost } = await problemsFor(readExperimentDocument(document.getText()), file, root, this.store.get(file), checkLimits(document.uri)));
    } catch (error) {
      problems = [{ offset: 0, length: 0, path: '', severity: 'error', message: `RegX could not check this file: ${error instanceof Error ? error.message : String(error)}` }];
    }
    if (this.latest.get(file) !== version) return;
    if (cost) this.costs.set(file, cost);
    else this.costs.delete(file);
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
    this.checked.fire(file);
  }

  clear(uri: vscode.Uri): void {
    this.collection.delete(uri);
    this.costs.delete(uri.fsPath);
  }

  dispose(): void {
    this.collection.dispose();
    this.checked.dispose();
  }
}
