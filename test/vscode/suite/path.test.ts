// A path variant in VS Code: the Train command computes the path, the results keep it, the
// lens above the variant gives λ_min and λ_1se, the panel opens on it, and writing a picked λ
// into the file (what the path view's button asks for) is an ordinary undoable edit.
import assert from 'node:assert/strict';
import * as path from 'node:path';
import { suite, suiteSetup, test } from 'mocha';
import * as vscode from 'vscode';
import type { RegxApi } from '../../../src/editor/extension';
import { lenses, regxApi, until, workspace } from './helpers';

suite('a regularization path', () => {
  let api: RegxApi;
  let uri: vscode.Uri;
  suiteSetup(async () => {
    api = await regxApi();
    uri = vscode.Uri.file(path.join(workspace(), 'choose-lambda.regx.json'));
  });

  test('training computes the path; the lens gives λ_min and λ_1se; a picked λ is written as an undoable edit', async function () {
    this.timeout(10 * 60_000);
    const document = await vscode.workspace.openTextDocument(uri);
    await vscode.window.showTextDocument(document);
    await vscode.commands.executeCommand('regx.train', uri);
    await until('the trainer to start', () => api.training.isRunning(uri.fsPath) || api.store.get(uri.fsPath));
    const results = await until('the results', () => (api.training.isRunning(uri.fsPath) ? undefined : api.store.get(uri.fsPath)), 300_000);
    const lasso = results.paths?.find((p) => p.variant === 'lasso');
    assert.ok(lasso, 'the stored results hold the lasso path');
    assert.equal(lasso.points.length, 100);
    assert.ok(lasso.coefficients && lasso.coefficients.length === 100 * results.dataset.d, 'with its coefficients per λ, read back from the workspace');

    const short = (v: number) => String(+v.toPrecision(4));
    const lens = await until('the path lens', async () => (await lenses(uri)).find((l) => l.command?.title.startsWith('lasso: λ_min')));
    assert.match(lens.command!.title, new RegExp(`^lasso: λ_min ${short(lasso.lambdaMin.lambda)} \\(validation .+\\) · λ_1se ${short(lasso.lambda1se.lambda)} `));
    await vscode.commands.executeCommand(lens.command!.command, ...(lens.command!.arguments ?? []));

    const before = document.getText();
    assert.ok(await vscode.commands.executeCommand<boolean>('regx.writeLambda', uri, 'lasso', lasso.lambda1se.lambda));
    const written = `"name": "lasso at λ ${short(lasso.lambda1se.lambda)}"`;
    assert.ok(document.getText().includes(written), `the file has the new variant: ${document.getText()}`);
    assert.match(document.getText(), new RegExp(`"l1": ${short(lasso.lambda1se.lambda).replace('.', '\\.')}`));
    await vscode.window.showTextDocument(document);
    await vscode.commands.executeCommand('undo');
    assert.equal(document.getText(), before, 'undo takes the written variant back');
  });
});
