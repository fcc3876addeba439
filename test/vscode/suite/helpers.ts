// What the in-editor tests share: the extension's API, the scratch workspace, polling.
import * as vscode from 'vscode';
import type { RegxApi } from '../../../src/editor/extension';

/** The RegX extension's API; activating it again returns the same exports. */
export async function regxApi(): Promise<RegxApi> {
  const extension = vscode.extensions.getExtension<RegxApi>('regx.regx');
  if (!extension) throw new Error('the RegX extension (regx.regx) is not installed in this VS Code');
  return extension.activate();
}

/** The scratch copy of examples/ the window has open (test/vscode/run.mjs makes it). */
export function workspace(): string {
  const folder = vscode.workspace.workspaceFolders?.[0];
  if (!folder) throw new Error('the test window has no workspace folder');
  return folder.uri.fsPath;
}

/** Polls `probe` every 200 ms until it returns a truthy value; throws naming `what` after `timeoutMs`. */
export async function until<T>(what: string, probe: () => T | undefined | Promise<T | undefined>, timeoutMs = 120_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
}

/** The code lenses VS Code would show for `uri`. */
export async function lenses(uri: vscode.Uri): Promise<vscode.CodeLens[]> {
  return (await vscode.commands.executeCommand<vscode.CodeLens[]>('vscode.executeCodeLensProvider', uri)) ?? [];
}
