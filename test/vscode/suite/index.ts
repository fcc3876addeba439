// Integration tests inside a real VS Code (code-server, see test/vscode/README.md): the
// seed example from Train lens to shrink quick fix, diagnostics of a broken file, and a
// killed trainer that leaves VS Code working. Bundled to dist/test/vscode/index.js.
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as vscode from 'vscode';
import type { Experiment } from '../../../src/core/experiment';
import type { RegxApi } from '../../../src/editor/extension';
import { TrainingManager } from '../../../src/editor/training';

type Case = [name: string, body: () => Promise<void>];
const cases: Case[] = [];
const test = (name: string, body: () => Promise<void>) => cases.push([name, body]);

let api: RegxApi;
const workspace = () => vscode.workspace.workspaceFolders![0].uri.fsPath;

async function until<T>(what: string, probe: () => T | undefined | Promise<T | undefined>, timeoutMs = 120_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
}

async function lenses(uri: vscode.Uri): Promise<vscode.CodeLens[]> {
  return (await vscode.commands.executeCommand<vscode.CodeLens[]>('vscode.executeCodeLensProvider', uri)) ?? [];
}

test('the seed example: Train lens, results, layer lenses, shrink quick fix', async () => {
  const uri = vscode.Uri.file(path.join(workspace(), 'seed-l1-vs-l2.regx.json'));
  const document = await vscode.workspace.openTextDocument(uri);
  await vscode.window.showTextDocument(document);
  const train = await until('the Train lens', async () => (await lenses(uri)).find((l) => l.command?.title === '▶ Train'));
  assert.equal(document.positionAt(document.getText().indexOf('{')).line, train.range.start.line);

  await vscode.commands.executeCommand(train.command!.command, ...(train.command!.arguments ?? []));
  await until('the trainer to start', () => api.training.isRunning(uri.fsPath) || api.store.get(uri.fsPath));
  const results = await until('the results', () => (api.training.isRunning(uri.fsPath) ? undefined : api.store.get(uri.fsPath)), 300_000);
  assert.deepEqual(results.variants.map((v) => v.runs.length), [5, 5]);
  assert.ok(fs.existsSync(path.join(workspace(), '.regx', 'seed-l1-vs-l2.results.json')), 'results are kept in the workspace');

  const layerLenses = await until('the layer lenses', async () => {
    const found = (await lenses(uri)).filter((l) => l.command?.title.startsWith('layer '));
    return found.length === 3 ? found : undefined;
  });
  const layersLine = document.lineAt(layerLenses[0].range.start.line).text;
  assert.match(layersLine, /"layers": \[10, 10, 10\]/);
  const l1 = results.variants.find((v) => v.variant.name === 'L1')!.summary;
  const shrinkable = l1.suggestedSizes.findIndex((size, i) => size < l1.layerSizes[i]);
  assert.ok(shrinkable >= 0, `L1 switched neurons off: ${JSON.stringify(l1.liveNeurons)}`);
  assert.match(layerLenses[shrinkable].command!.title, new RegExp(`L1: ${10 - l1.suggestedSizes[shrinkable]}/10 neurons off → ${l1.suggestedSizes[shrinkable]}`));

  const line = layerLenses[0].range.start.line;
  const actions = await vscode.commands.executeCommand<vscode.CodeAction[]>('vscode.executeCodeActionProvider', uri, new vscode.Range(line, 0, line, 0));
  const shrink = actions.find((a) => a.title.startsWith(`Shrink layer ${shrinkable + 1} to ${l1.suggestedSizes[shrinkable]} neuron`));
  assert.ok(shrink?.edit, `a shrink quick fix among: ${actions.map((a) => a.title).join(' | ')}`);
  assert.equal(shrink.kind?.value, vscode.CodeActionKind.QuickFix.value);
  assert.ok(await vscode.workspace.applyEdit(shrink.edit));
  const sizes = [10, 10, 10];
  sizes[shrinkable] = l1.suggestedSizes[shrinkable];
  assert.match(document.getText(), new RegExp(`"layers": \\[${sizes.join(', ')}\\]`));
  await vscode.commands.executeCommand('undo');
  assert.match(document.getText(), /"layers": \[10, 10, 10\]/, 'the fix is an ordinary undoable edit');
});

test('training one variant keeps the others; "train again with the shrunk model" trains a shrunk copy', async () => {
  const uri = vscode.Uri.file(path.join(workspace(), 'seed-l1-vs-l2.regx.json'));
  const before = await until('the seed results', () => api.store.get(uri.fsPath));
  await vscode.commands.executeCommand('regx.trainVariant', uri, 'L2');
  const after = await until('the L2 results', () => {
    const current = api.store.get(uri.fsPath);
    return !api.training.isRunning(uri.fsPath) && current && current.createdAt !== before.createdAt ? current : undefined;
  });
  assert.deepEqual(after.variants.map((v) => v.variant.name), ['L1', 'L2']);
  assert.deepEqual(after.variants[0].summary.testAbsError, before.variants[0].summary.testAbsError, "L1's results are kept as they were");

  const l1 = after.variants[0].summary;
  await vscode.commands.executeCommand('regx.rerunShrunk', uri, 'L1');
  const shrunkPath = path.join(workspace(), 'seed-l1-vs-l2.shrunk.regx.json');
  const shrunk = await until('the shrunk results', () => (api.training.isRunning(shrunkPath) ? undefined : api.store.get(shrunkPath)));
  assert.deepEqual(shrunk.experiment.model.layers.map((l) => l.units), l1.suggestedSizes);
  assert.match(shrunk.experiment.name, /\(shrunk to \[/);
  assert.deepEqual(shrunk.variants.map((v) => v.runs.length), [5, 5]);
  assert.equal(fs.readFileSync(uri.fsPath, 'utf8').includes('"layers": [10, 10, 10]'), true, 'the original file is untouched');
});

test('a broken file shows RegX diagnostics at the exact place', async () => {
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

test('a killed trainer shows as a failed training and VS Code keeps working', async () => {
  const file = path.join(workspace(), 'long.regx.json');
  fs.writeFileSync(file, JSON.stringify({ name: 'long', data: { kind: 'line' }, model: { layers: [8] }, training: { epochs: 1000000, batchSize: 1, engine: 'tfjs' }, variants: [{ name: 'v' }] }));
  const uri = vscode.Uri.file(file);
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

// ---- Stop and close: a cancel keeps the finished runs and says cancelled; no trainer outlives its window.
function stopAndCloseTests(): void {
  /** Many runs of most of a second each: some finish early, the rest train for minutes. */
  const writeLongExperiment = (name: string): string => {
    const file = path.join(workspace(), `${name}.regx.json`);
    const experiment = { name, runs: 30, data: { kind: 'line', samples: 200 }, model: { layers: [16, 16] }, training: { batchSize: 1, epochs: 300 }, variants: [{ name: 'L1', l1: 0.01 }, { name: 'L2', l2: 0.01 }] };
    fs.writeFileSync(file, JSON.stringify(experiment, null, 2));
    return file;
  };
  /** The long experiment as the extension parsed it for Stop (the suite bundle leaves parsing to the extension). */
  let longExperiment: Experiment | undefined;
  const isRunning = (pid: number) => {
    try {
      process.kill(pid, 0);
      return true;
    } catch {
      return false;
    }
  };

  test('Stop mid-training keeps the finished runs in .regx/, marked cancelled, and says cancelled', async () => {
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

  test('closing the window kills the trainer at once and saves the runs that finished', async () => {
    const extension = vscode.extensions.getExtension<RegxApi>('regx.regx')!;
    // A manager of its own: disposing it is what closing the window does to the extension's.
    const training = new TrainingManager(path.join(extension.extensionPath, 'dist', 'trainer.js'), api.store);
    const file = writeLongExperiment('close');
    assert.ok(longExperiment, 'the Stop test, which runs first, started the long experiment');
    const session = training.start(file, { ...longExperiment, name: 'close' }, { backend: 'cpu' });
    await until('a finished run', () => session.messages.some((m) => m.type === 'runFinished'));
    training.dispose();
    await until('the trainer to exit', () => !isRunning(session.client.pid!), 1000);
    const saved = api.store.get(file);
    assert.ok(saved?.cancelled && saved.variants.length > 0, 'the finished runs are saved, marked cancelled');
  });
}
stopAndCloseTests();

export async function run(): Promise<void> {
  const extension = vscode.extensions.getExtension<RegxApi>('regx.regx');
  assert.ok(extension, 'the RegX extension is installed');
  api = await extension.activate();
  let passed = 0;
  const failures: string[] = [];
  for (const [name, body] of cases) {
    const started = Date.now();
    try {
      await body();
      passed++;
      console.log(`✔ ${name} (${Date.now() - started} ms)`);
    } catch (error) {
      failures.push(name);
      console.error(`✖ ${name}\n${error instanceof Error ? error.stack : String(error)}`);
    }
  }
  console.log(`vscode: ${passed} passed, ${failures.length} failed`);
  if (failures.length > 0) throw new Error(`${failures.length} VS Code test(s) failed: ${failures.join('; ')}`);
}
