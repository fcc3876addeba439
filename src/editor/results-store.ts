// The last results of each experiment, kept in the workspace under .regx/ so lenses,
// diagnostics and the panel come back after a reload without training again. Writes are
// atomic (runtime/results-file.ts). No 'vscode' here.
import * as path from 'node:path';
import type { ResultsDocument } from '../core/results';
import { readResults, removeResults, writeResults } from '../runtime/results-file';

export class ResultsStore {
  private readonly cache = new Map<string, ResultsDocument | null>();
  private readonly listeners: ((experimentPath: string) => void)[] = [];

  /** @param workspaceRootOf the workspace folder of a file, or undefined outside any. */
  constructor(private readonly workspaceRootOf: (file: string) => string | undefined) {}

  /** <workspace>/.regx/<path of the experiment inside the workspace>.results.json, with its .results.bin beside it */
  fileFor(experimentPath: string): string {
    const root = this.workspaceRootOf(experimentPath) ?? path.dirname(experimentPath);
    const relative = path.relative(root, experimentPath).replace(/\.regx\.json$/, '');
    return path.join(root, '.regx', `${relative}.results.json`);
  }

  get(experimentPath: string): ResultsDocument | undefined {
    if (!this.cache.has(experimentPath)) {
      let document: ResultsDocument | null = null;
      try {
        document = readResults(this.fileFor(experimentPath));
      } catch {
        // none yet, or unreadable: as if there were none
      }
      this.cache.set(experimentPath, document);
    }
    return this.cache.get(experimentPath) ?? undefined;
  }

  save(experimentPath: string, document: ResultsDocument): void {
    writeResults(this.fileFor(experimentPath), document);
    this.cache.set(experimentPath, document);
    this.changed(experimentPath);
  }

  /** The experiment file was deleted: its results go with it. */
  remove(experimentPath: string): void {
    removeResults(this.fileFor(experimentPath));
    this.cache.delete(experimentPath);
    this.changed(experimentPath);
  }

  /** Forget what was read, e.g. when the results file changed on disk. */
  invalidate(experimentPath: string): void {
    this.cache.delete(experimentPath);
    this.changed(experimentPath);
  }

  onDidChange(listener: (experimentPath: string) => void): { dispose(): void } {
    this.listeners.push(listener);
    return { dispose: () => this.listeners.splice(this.listeners.indexOf(listener), 1) };
  }

  private changed(experimentPath: string): void {
    for (const listener of this.listeners) listener(experimentPath);
  }
}
