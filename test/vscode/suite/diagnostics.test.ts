// What the schema cannot see, shown as RegX diagnostics on the exact text.
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { suite, test } from 'mocha';
import * as vscode from 'vscode';
import { until, workspace } from './helpers';

suite('diagnostics', () => {
  test('a broken file shows RegX diagnostics at the exact place', async function () {
    this.timeout(60_000);
    const file = path.join(workspace(), 'broken.regx.json');
    const text = JSON.stringify({ name: 'broken', data: { kind: 'csv', path: 'houses.csv', inputs: ['area', 'floors'], target: 'price' }, variants: [{ name: 'a' }, { name: 'a' }] }, null, 2);
    fs.writeFileSync(file, text);
    const uri = vscode.Uri.file(file);
    await vscode.window.showTextDocument(uri);
    const diagnostics = await until('RegX diagnostics', () => {
      const found = vscode.languages.getDiagnostics(uri).filter((d) => d.source === 'RegX');
      return found.length >= 2 ? found : undefined;
    }, 30_000);
    const document = await vscode.workspace.openTextDocument(uri);
    const column = diagnostics.find((d) => d.message.startsWith('data.inputs[1]'));
    assert.ok(column, diagnostics.map((d) => d.message).join(' | '));
    assert.equal(document.getText(column.range), '"floors"');
    assert.match(column.message, /no column "floors" in the CSV/);
    const duplicate = diagnostics.find((d) => d.message.startsWith('variants[1].name'));
    assert.ok(duplicate && document.getText(duplicate.range) === '"a"');
  });
});
