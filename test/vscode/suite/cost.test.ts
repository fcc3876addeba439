// What a training will cost, said before it starts: on the Train lens, and in a modal question
// when it is long or close to the memory budget.
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { suite, suiteSetup, test } from 'mocha';
import * as vscode from 'vscode';
import type { RegxApi } from '../../../src/editor/extension';
import { lenses, regxApi, until, workspace } from './helpers';

suite('the cost of a training', () => {
  let api: RegxApi;
  suiteSetup(async () => {
    api = await regxApi();
  });

  test('a training estimated above a minute asks first (a modal dialog, which VS Code under test refuses to show)', async function () {
    this.timeout(60_000);
    const file = path.join(workspace(), 'very-long.regx.json');
    fs.writeFileSync(file, JSON.stringify({ name: 'very long', data: { kind: 'line' }, model: { layers: [8] }, training: { epochs: 1000000, batchSize: 1, engine: 'tfjs' }, variants: [{ name: 'v' }] }));
    const uri = vscode.Uri.file(file);
    await vscode.window.showTextDocument(uri);
    await assert.rejects(
      Promise.resolve(vscode.commands.executeCommand('regx.train', uri)),
      /very-long\.regx\.json is a long training \(estimated cost: 1 training, 75M steps, about \d+ h, about \d+ MiB\)\. Train it\?/,
    );
    assert.equal(api.training.isRunning(file), false, 'nothing trains without a yes');
    const train = await until('the Train lens with the cost', async () => (await lenses(uri)).find((l) => l.command?.title === '▶ Train' && l.command.tooltip?.includes('estimated cost')), 30_000);
    assert.match(train.command!.tooltip!, /^Train every variant of this experiment \(estimated cost: 1 training, 75M steps/);
  });
});
