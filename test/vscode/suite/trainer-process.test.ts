// The trainer runs in a child process: when it dies, VS Code and the extension carry on.
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { suite, suiteSetup, test } from 'mocha';
import * as vscode from 'vscode';
import type { RegxApi } from '../../../src/editor/extension';
import { lenses, regxApi, until, workspace } from './helpers';

suite('the trainer process', () => {
  let api: RegxApi;
  suiteSetup(async () => {
    api = await regxApi();
  });

  test('a killed trainer shows as a failed training and VS Code keeps working', async function () {
    this.timeout(3 * 60_000);
    const file = path.join(workspace(), 'long.regx.json');
    // Long enough to be killed midway, and estimated under a minute so that Train does not ask first.
    fs.writeFileSync(file, JSON.stringify({ name: 'long', data: { kind: 'line' }, model: { layers: [8] }, training: { epochs: 1000, batchSize: 1, engine: 'tfjs' }, variants: [{ name: 'v' }] }));
    const uri = vscode.Uri.file(file);
    // Open in an editor, as a person would have it: code lenses are asked of an open document
    // (VS Code answers "Illegal argument" for one it has no model of).
    await vscode.window.showTextDocument(uri);
    const ended = new Promise<string>((resolve) => api.training.onDidEnd((e) => e.experimentPath === file && resolve(e.outcome.status)));
    await vscode.commands.executeCommand('regx.train', uri);
    const session = await until('the trainer to report progress', () => {
      const s = api.training.session(file);
      return s?.messages.some((m) => m.type === 'progress') ? s : undefined;
    }, 60_000);
    process.kill(session.client.pid!, 'SIGKILL');
    assert.equal(await ended, 'failed');
    assert.equal(api.training.isRunning(file), false);
    const lensTitles = (await lenses(uri)).map((l) => l.command?.title);
    assert.ok(lensTitles.includes('▶ Train'), 'Train is offered again');
  });
});
