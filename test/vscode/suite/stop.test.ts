// Stopping a training, from the Stop command or by closing the window, keeps the runs that
// finished (marked cancelled), says cancelled, and leaves no trainer behind.
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { suite, suiteSetup, test } from 'mocha';
import * as vscode from 'vscode';
import type { Experiment } from '../../../src/core/experiment';
import type { RegxApi } from '../../../src/editor/extension';
import { TrainingManager } from '../../../src/editor/training';
import { regxApi, until, workspace } from './helpers';

/** Many runs of most of a second each: some finish early, the rest train for minutes. */
function writeLongExperiment(name: string): string {
  const file = path.join(workspace(), `${name}.regx.json`);
  const experiment = { name, runs: 30, data: { kind: 'line', samples: 200 }, model: { layers: [16, 16] }, training: { batchSize: 1, epochs: 300 }, variants: [{ name: 'L1', l1: 0.01 }, { name: 'L2', l2: 0.01 }] };
  fs.writeFileSync(file, JSON.stringify(experiment, null, 2));
  return file;
}

function isRunning(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

suite('stopping a training', () => {
  let api: RegxApi;
  /** The long experiment as the extension parsed it for Stop (the suite bundle leaves parsing to the extension). */
  let longExperiment: Experiment | undefined;
  suiteSetup(async () => {
    api = await regxApi();
  });

  test('Stop mid-training keeps the finished runs in .regx/, marked cancelled, and says cancelled', async function () {
    this.timeout(3 * 60_000);
    const file = writeLongExperiment('stop');
    const uri = vscode.Uri.file(file);
    const ended = new Promise<string>((resolve) => api.training.onDidEnd((e) => e.experimentPath === file && resolve(e.outcome.status)));
    await vscode.commands.executeCommand('regx.train', uri);
    const session = await until('a finished run', () => {
      const s = api.training.session(file);
      return s?.messages.some((m) => m.type === 'runFinished') ? s : undefined;
    });
    longExperiment = session.experiment;
    const reported = () => session.messages.filter((m) => m.type === 'runFinished').length;
    await vscode.commands.executeCommand('regx.stop', uri);
    assert.equal(await ended, 'cancelled');
    assert.equal(api.training.lastOutcome(file)?.status, 'cancelled', 'the panel header shows cancelled');
    assert.equal(isRunning(session.client.pid!), false, 'the trainer is gone');
    const onDisk = JSON.parse(fs.readFileSync(path.join(workspace(), '.regx', 'stop.results.json'), 'utf8')) as { cancelled: boolean; variants: { runs: unknown[] }[] };
    assert.equal(onDisk.cancelled, true);
    const kept = onDisk.variants.reduce((sum, v) => sum + v.runs.length, 0);
    assert.equal(kept, reported(), 'every run that finished, and only those');
    assert.ok(kept < 60, `not every run: ${kept}`);
    assert.equal(api.store.get(file)?.cancelled, true);
  });

  test('closing the window kills the trainer at once and saves the runs that finished', async function () {
    if (!longExperiment) this.skip();
    this.timeout(3 * 60_000);
    const extension = vscode.extensions.getExtension<RegxApi>('regx.regx')!;
    // A manager of its own: disposing it is what closing the window does to the extension's.
    const training = new TrainingManager(path.join(extension.extensionPath, 'dist', 'trainer.js'), api.store);
    const file = writeLongExperiment('close');
    const session = training.start(file, { ...longExperiment!, name: 'close' }, { backend: 'cpu' });
    await until('a finished run', () => session.messages.some((m) => m.type === 'runFinished'));
    training.dispose();
    await until('the trainer to exit', () => !isRunning(session.client.pid!), 1000);
    const saved = api.store.get(file);
    assert.ok(saved?.cancelled && saved.variants.length > 0, 'the finished runs are saved, marked cancelled');
  });
});
