// Train on save: with the setting on, saving an experiment trains it again; a save while it
// trains stops that training (its outcome says cancelled) and starts over on the new text.
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { suite, suiteSetup, suiteTeardown, test } from 'mocha';
import * as vscode from 'vscode';
import type { RegxApi } from '../../../src/editor/extension';
import { regxApi, until, workspace } from './helpers';

suite('train on save', () => {
  let api: RegxApi;
  let uri: vscode.Uri;
  suiteSetup(async () => {
    api = await regxApi();
    // A copy of the seed example that trains for a few seconds, so a second save finds it training.
    const seed = JSON.parse(fs.readFileSync(path.join(workspace(), 'seed-l1-vs-l2.regx.json'), 'utf8'));
    const file = path.join(workspace(), 'on-save.regx.json');
    fs.writeFileSync(file, JSON.stringify({ ...seed, name: 'on save', training: { ...seed.training, epochs: 400 } }, null, 2));
    uri = vscode.Uri.file(file);
    await vscode.workspace.getConfiguration('regx').update('trainOnSave', true, vscode.ConfigurationTarget.Global);
  });
  suiteTeardown(async () => {
    await vscode.workspace.getConfiguration('regx').update('trainOnSave', undefined, vscode.ConfigurationTarget.Global);
  });

  async function setSeed(document: vscode.TextDocument, seed: number): Promise<void> {
    const edit = new vscode.WorkspaceEdit();
    const text = document.getText();
    const start = text.indexOf('"seed": ');
    const end = text.indexOf(',', start);
    edit.replace(uri, new vscode.Range(document.positionAt(start), document.positionAt(end)), `"seed": ${seed}`);
    assert.ok(await vscode.workspace.applyEdit(edit));
    assert.ok(await document.save());
  }

  test('saving retrains; a save during the training cancels it and trains the new text', async function () {
    this.timeout(10 * 60_000);
    const document = await vscode.workspace.openTextDocument(uri);
    await vscode.window.showTextDocument(document);
    const outcomes: string[] = [];
    const listener = api.training.onDidChangeRunning((file) => {
      if (file === uri.fsPath && !api.training.isRunning(file)) outcomes.push(api.training.lastOutcome(file)?.status ?? '?');
    });
    try {
      await setSeed(document, 21);
      await until('the training the save started', () => api.training.isRunning(uri.fsPath));
      await setSeed(document, 22);
      const results = await until('the results of the second save', () => {
        const stored = api.store.get(uri.fsPath);
        return !api.training.isRunning(uri.fsPath) && stored?.experiment.seed === 22 && !stored.cancelled ? stored : undefined;
      }, 300_000);
      assert.deepEqual(results.variants.map((v) => v.runs.length), [5, 5, 5]);
      assert.deepEqual(outcomes, ['cancelled', 'finished'], 'the first training was stopped, the second finished');
    } finally {
      listener.dispose();
    }
  });
});
