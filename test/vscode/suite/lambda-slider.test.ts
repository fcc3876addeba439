// The λ slider's two commands as the panel sends them: trying a λ trains that variant alone
// at it (the file unchanged, the other variants' results kept), in the file's warm trainer,
// which the next step reuses and which ends when the panel closes; writing it is an undoable
// edit. Printed, per step: the time from the try to the stored results, and to the panel's
// acknowledgement that it drew them (no timed assertion: the figures go to bench/README.md).
import assert from 'node:assert/strict';
import * as path from 'node:path';
import { suite, suiteSetup, test } from 'mocha';
import * as vscode from 'vscode';
import type { RegxApi } from '../../../src/editor/extension';
import type { PanelDrawn } from '../../../src/editor/panel';
import type { ResultsDocument } from '../../../src/core/results';
import { regxApi, until, workspace } from './helpers';

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

suite('the λ slider', () => {
  let api: RegxApi;
  let uri: vscode.Uri;
  suiteSetup(async () => {
    api = await regxApi();
    uri = vscode.Uri.file(path.join(workspace(), 'sparse-features.regx.json'));
  });

  test('trying a λ trains that variant alone at it; writing it is an undoable edit', async function () {
    this.timeout(10 * 60_000);
    const document = await vscode.workspace.openTextDocument(uri);
    await vscode.window.showTextDocument(document);
    await vscode.commands.executeCommand('regx.train', uri);
    const first = await until('the results', () => (api.training.isRunning(uri.fsPath) ? undefined : api.store.get(uri.fsPath)), 300_000);
    const before = document.getText();

    const drawn: PanelDrawn[] = [];
    const listener = api.onPanelDrawn((event) => event.experimentPath === uri.fsPath && drawn.push(event));
    /** One slider step: the try, its stored results, and the panel having drawn them. */
    const step = async (lambda: number, after: ResultsDocument, which: string) => {
      const started = Date.now();
      await vscode.commands.executeCommand('regx.tryLambda', uri, 'L2', lambda);
      const stored = await until(`the results at λ ${lambda}`, () => {
        const results = api.store.get(uri.fsPath);
        return !api.training.isRunning(uri.fsPath) && results && results.createdAt !== after.createdAt ? results : undefined;
      }, 300_000);
      const storedAt = Date.now();
      const ack = await until(`the panel to draw the results at λ ${lambda}`, () => drawn.find((d) => d.drawn.createdAt === stored.createdAt), 60_000);
      console.log(`${which} slider step (sparse-features, L2 alone: 3 runs × 200 epochs): from the try to the stored results ${storedAt - started} ms, to the panel's redraw ${ack.at - started} ms (of which the panel's drawing ${ack.drawn.drawMs} ms)`);
      return stored;
    };

    const tried = await step(0.05, first, 'first (the warm trainer starts)');
    const warmPid = api.training.warmTrainerPid(uri.fsPath);
    assert.ok(warmPid !== undefined, 'the warm trainer stays up after its step');
    assert.equal(tried.variants.find((v) => v.variant.name === 'L2')?.variant.l2, 0.05);
    assert.deepEqual(tried.variants.find((v) => v.variant.name === 'none')?.summary.testAbsError, first.variants.find((v) => v.variant.name === 'none')?.summary.testAbsError, 'the others are kept');
    assert.equal(document.getText(), before, 'trying does not change the file');

    const again = await step(0.02, tried, 'second (warm)');
    assert.equal(again.variants.find((v) => v.variant.name === 'L2')?.variant.l2, 0.02);
    assert.equal(api.training.warmTrainerPid(uri.fsPath), warmPid, 'the second step trained in the same process');
    listener.dispose();

    assert.ok(await vscode.commands.executeCommand<boolean>('regx.setLambda', uri, 'L2', 0.05));
    assert.match(document.getText(), /\{ "name": "L2", "l2": 0.05 \}/);
    await vscode.window.showTextDocument(document);
    await vscode.commands.executeCommand('undo');
    assert.equal(document.getText(), before, 'undo takes it back');

    const panelTab = vscode.window.tabGroups.all.flatMap((g) => g.tabs).find((t) => t.input instanceof vscode.TabInputWebview && t.label === 'RegX: sparse-features');
    assert.ok(panelTab, 'the panel is open');
    await vscode.window.tabGroups.close(panelTab);
    await until('the warm trainer to end with its panel', () => api.training.warmTrainerPid(uri.fsPath) === undefined && !isAlive(warmPid), 10_000);
  });
});
