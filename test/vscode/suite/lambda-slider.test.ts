// The λ slider's two commands as the panel sends them: trying a λ trains that variant alone
// at it (the file unchanged, the other variants' results kept), and writing it is an undoable
// edit. The time from the try to the stored results is printed: one slider step, host side.
import assert from 'node:assert/strict';
import * as path from 'node:path';
import { suite, suiteSetup, test } from 'mocha';
import * as vscode from 'vscode';
import type { RegxApi } from '../../../src/editor/extension';
import { regxApi, until, workspace } from './helpers';

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

    const started = Date.now();
    await vscode.commands.executeCommand('regx.tryLambda', uri, 'L2', 0.05);
    const tried = await until('the results at the tried λ', () => {
      const stored = api.store.get(uri.fsPath);
      return !api.training.isRunning(uri.fsPath) && stored && stored.createdAt !== first.createdAt ? stored : undefined;
    }, 300_000);
    console.log(`one slider step (sparse-features, L2 alone: 3 runs × 200 epochs), from the try to the stored results: ${Date.now() - started} ms`);
    assert.equal(tried.variants.find((v) => v.variant.name === 'L2')?.variant.l2, 0.05);
    assert.deepEqual(tried.variants.find((v) => v.variant.name === 'none')?.summary.testAbsError, first.variants.find((v) => v.variant.name === 'none')?.summary.testAbsError, 'the others are kept');
    assert.equal(document.getText(), before, 'trying does not change the file');

    assert.ok(await vscode.commands.executeCommand<boolean>('regx.setLambda', uri, 'L2', 0.05));
    assert.match(document.getText(), /\{ "name": "L2", "l2": 0.05 \}/);
    await vscode.window.showTextDocument(document);
    await vscode.commands.executeCommand('undo');
    assert.equal(document.getText(), before, 'undo takes it back');
  });
});
