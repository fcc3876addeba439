// RegX in VS Code: activation wires the results store, the trainer, the lenses, the
// diagnostics, the quick fixes, the panel and the commands. Everything heavy (the schema
// compiler, the trainer) waits until it is first needed.
import * as vscode from 'vscode';
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { PanelToHost } from '../panel/protocol';
import type { TrainOptions } from '../runtime/trainer-protocol';
import type { BackendChoice } from '../runtime/backend';
import { checkExperiment } from '../runtime/check-experiment';
import { formatBytes, formatCost, type CostEstimate } from '../core/cost';
import { snapshotEvery, type EngineChoice, type Experiment } from '../core/experiment';
import { CONFIRM_ABOVE_BUDGET_SHARE, CONFIRM_ABOVE_SECONDS } from '../core/limits';
import type { ResultsDocument, VariantSummary } from '../core/results';
import { encodeResults } from '../core/results-codec';
import { binaryFileFor } from '../runtime/results-file';
import { setLambdaEdits, variantAtLambda, writeLambdaEdits } from './lambda-edits';
import { applyEditAfterWarning, applyWithWarningCommand, RegxCodeActionProvider, shrinkAllTitle, toWorkspaceEdit, variantToShrink } from './code-actions';
import { RegxDiagnostics } from './diagnostics';
import { readExperimentDocument, resultsAreCurrent } from './experiment-document';
import { RegxCodeLensProvider } from './lenses';
import { restrictedMode } from './lens-model';
import { panelViewType, RegxPanel, type Context, type PanelDrawn } from './panel';
import { ResultsStore } from './results-store';
import { shrinkAllEdits, shrunkExperimentText, unusedInputFixes } from './shrink-edits';
import { RegxInlayHintsProvider } from './inlay-hints';
import { defaultVerificationSettings, verificationSummary, type VerificationSettings } from '../core/analysis/shrink-verification';
import { shrinkSizes } from '../core/results-table';
import { VerificationCancelled, variantsToVerify, verificationCost, verifyShrink } from '../runtime/verify-shrink';
import { checkLimits } from './settings';
import { replayInTrainer } from '../runtime/trainer-client';
import { TrainingManager } from './training';
import { judgedErrorMean, judgedErrorName } from '../core/judged-error';

const selector: vscode.DocumentSelector = { pattern: '**/*.regx.json' };
const isExperiment = (uri: vscode.Uri) => uri.scheme === 'file' && uri.fsPath.endsWith('.regx.json');

/** What activate returns: for the integration tests, which watch trainings and results. */
export interface RegxApi {
  training: TrainingManager;
  store: ResultsStore;
  /** Fires when a panel has drawn new results. */
  onPanelDrawn: vscode.Event<PanelDrawn>;
}

/** Experiment files whose shrink plan is being verified. */
const verifying = new Set<string>();

/** The number of the newest λ slider try of each file. */
const sliderTries = new Map<string, number>();

/** The trainings of this window, for deactivate. */
let activeTraining: TrainingManager | undefined;

export function activate(context: vscode.ExtensionContext): RegxApi {
  const store = new ResultsStore((file) => vscode.workspace.getWorkspaceFolder(vscode.Uri.file(file))?.uri.fsPath);
  const training = new TrainingManager(context.asAbsolutePath(path.join('dist', 'trainer.js')), store);
  activeTraining = training;
  const diagnostics = new RegxDiagnostics(store);
  const panelContext: Context = {
    extensionUri: context.extensionUri,
    store,
    training,
    actions: { handle: (file, message) => void handlePanelMessage(file, message) },
    isStale: (file, results) => !resultsAreCurrent(results, readExperimentDocument(currentText(file) ?? '')),
  };

  const commands: Record<string, (...args: never[]) => unknown> = {
    'regx.train': (uri?: vscode.Uri) => train(uri),
    'regx.trainVariant': async (uri?: vscode.Uri, name?: string) => {
      if (!workspaceTrusted()) return;
      const file = experimentUri(uri);
      const experiment = file && (await validExperiment(file))?.experiment;
      if (!file || !experiment) return;
      const variant = name ?? (await vscode.window.showQuickPick(experiment.variants.map((v) => v.name), { placeHolder: 'Which variant?' }));
      if (variant) await train(file, [variant]);
    },
    'regx.stop': (uri?: vscode.Uri) => {
      const file = experimentUri(uri)?.fsPath ?? runningFile();
      return file ? training.stop(file) : undefined;
    },
    'regx.openPanel': (uri?: vscode.Uri) => {
      const file = experimentUri(uri)?.fsPath ?? runningFile();
      if (!file) return vscode.window.showInformationMessage('RegX: open a *.regx.json file first.');
      return RegxPanel.createOrShow(panelContext, file);
    },
    'regx.applyShrinkPlan': (uri?: vscode.Uri, variantName?: string) => applyShrinkPlan(uri, variantName),
    'regx.dropUnusedInputs': (uri: vscode.Uri, variantName: string) => dropUnusedInputs(uri, variantName),
    'regx.rerunShrunk': (uri?: vscode.Uri, variantName?: string) => rerunShrunk(uri, variantName),
    'regx.exportResults': (uri?: vscode.Uri) => exportResults(uri),
    'regx.verifyShrink': (uri?: vscode.Uri) => verifyShrinkPlan(uri),
    'regx.writeLambda': (uri: vscode.Uri, variantName: string, lambda: number) => writeLambda(uri, variantName, lambda),
    'regx.tryLambda': (uri: vscode.Uri, variantName: string, lambda: number) => tryLambda(uri, variantName, lambda),
    'regx.setLambda': (uri: vscode.Uri, variantName: string, lambda: number) => setLambda(uri, variantName, lambda),
    [applyWithWarningCommand]: (edit: vscode.WorkspaceEdit, title: string) => applyEditAfterWarning(edit, title),
  };

  const watcher = vscode.workspace.createFileSystemWatcher('**/*.regx.json');
  const refresh = (document: vscode.TextDocument) => {
    if (isExperiment(document.uri)) void diagnostics.update(document);
  };
  let pendingRefresh: NodeJS.Timeout | undefined;

  context.subscriptions.push(
    training,
    diagnostics,
    watcher,
    vscode.languages.registerCodeLensProvider(selector, new RegxCodeLensProvider(store, training, diagnostics)),
    vscode.languages.registerCodeActionsProvider(selector, new RegxCodeActionProvider(store), RegxCodeActionProvider.metadata),
    vscode.languages.registerInlayHintsProvider(selector, new RegxInlayHintsProvider(store)),
    vscode.window.registerWebviewPanelSerializer(panelViewType, {
      deserializeWebviewPanel: async (panel, state: unknown) => RegxPanel.revive(panel, panelContext, state),
    }),
    ...Object.entries(commands).map(([id, handler]) => vscode.commands.registerCommand(id, handler as (...args: unknown[]) => unknown)),
    vscode.workspace.onDidOpenTextDocument(refresh),
    vscode.workspace.onDidCloseTextDocument((document) => {
      if (isExperiment(document.uri)) training.endWarmTrainer(document.uri.fsPath);
    }),
    vscode.workspace.onDidSaveTextDocument(refresh),
    vscode.workspace.onDidSaveTextDocument((document) => {
      if (isExperiment(document.uri) && vscode.workspace.getConfiguration('regx', document.uri).get<boolean>('trainOnSave', false)) void trainAgain(document.uri);
    }),
    vscode.workspace.onDidChangeTextDocument((event) => {
      if (!isExperiment(event.document.uri)) return;
      clearTimeout(pendingRefresh);
      pendingRefresh = setTimeout(() => refresh(event.document), 300);
    }),
    watcher.onDidCreate((uri) => void checkFile(uri)),
    // Open files are checked as they are edited and saved; the watcher covers the others.
    watcher.onDidChange((uri) => {
      if (!vscode.workspace.textDocuments.some((d) => d.uri.fsPath === uri.fsPath)) void checkFile(uri);
    }),
    watcher.onDidDelete((uri) => diagnostics.clear(uri)),
    store.onDidChange((file) => void checkFile(vscode.Uri.file(file))),
    { dispose: () => RegxPanel.disposeAll() },
  );
  for (const document of vscode.workspace.textDocuments) refresh(document);
  // Problems of experiment files that are not open show in the Problems panel too.
  void vscode.workspace.findFiles('**/*.regx.json', '**/node_modules/**', 200).then((uris) => uris.forEach((uri) => void checkFile(uri)));

  return { training, store, onPanelDrawn: RegxPanel.onDidDraw };

  async function checkFile(uri: vscode.Uri): Promise<void> {
    if (!isExperiment(uri) || !fs.existsSync(uri.fsPath)) return;
    await diagnostics.update(await vscode.workspace.openTextDocument(uri));
  }

  function experimentUri(uri?: vscode.Uri): vscode.Uri | undefined {
    const candidate = uri ?? vscode.window.activeTextEditor?.document.uri;
    return candidate && isExperiment(candidate) ? candidate : undefined;
  }

  function runningFile(): string | undefined {
    const active = vscode.window.activeTextEditor?.document.uri;
    if (active && isExperiment(active)) return active.fsPath;
    return RegxPanel.visibleFile();
  }

  /** The text as the editor has it (unsaved changes included), else as on disk. */
  function currentText(file: string): string | undefined {
    const open = vscode.workspace.textDocuments.find((d) => d.uri.fsPath === file);
    if (open) return open.getText();
    try {
      return fs.readFileSync(file, 'utf8');
    } catch {
      return undefined;
    }
  }

  /** The experiment when it can train (with what training `variants` of it would cost), else
   * undefined after saying why. */
  async function validExperiment(uri: vscode.Uri, variants?: number): Promise<{ experiment: Experiment; cost?: CostEstimate } | undefined> {
    const text = currentText(uri.fsPath);
    if (text === undefined) {
      void vscode.window.showErrorMessage(`RegX: cannot read ${uri.fsPath}`);
      return undefined;
    }
    const document = readExperimentDocument(text);
    const root = vscode.workspace.getWorkspaceFolder(uri)?.uri.fsPath;
    const engine = vscode.workspace.getConfiguration('regx', uri).get<EngineChoice>('engine', 'auto');
    const { problems, cost } = await checkExperiment(document.parsed, text, uri.fsPath, root, checkLimits(uri), { engine, ...(variants ? { variants } : {}) });
    const errors = problems.filter((p) => p.severity === 'error');
    if (!document.parsed.ok || errors.length > 0) {
      const first = errors[0];
      const choice = await vscode.window.showErrorMessage(
        `RegX cannot train ${path.basename(uri.fsPath)}: ${errors.length} problem(s)${first ? `, first: ${first.path ? `${first.path}: ` : ''}${first.message}` : ''}`,
        'Show Problems',
      );
      if (choice) await vscode.commands.executeCommand('workbench.actions.view.problems');
      return undefined;
    }
    return { experiment: document.parsed.experiment, ...(cost ? { cost } : {}) };
  }

  /** A long or large training starts only once the person agrees (a modal dialog). */
  async function confirmCost(uri: vscode.Uri, cost: CostEstimate | undefined): Promise<boolean> {
    if (!cost) return true;
    const { memoryBudgetMiB } = checkLimits(uri);
    const nearBudget = cost.memoryBytes > CONFIRM_ABOVE_BUDGET_SHARE * memoryBudgetMiB * 1024 * 1024;
    if (cost.seconds <= CONFIRM_ABOVE_SECONDS && !nearBudget) return true;
    const why = nearBudget ? `close to the memory budget of ${formatBytes(memoryBudgetMiB * 1024 * 1024)}` : 'a long training';
    const choice = await vscode.window.showWarningMessage(
      `RegX: training ${path.basename(uri.fsPath)} is ${why} (estimated cost: ${formatCost(cost)}). Train it?`,
      { modal: true },
      'Train',
    );
    return choice === 'Train';
  }

  /** Training waits for Workspace Trust: says so, with a way to grant it. */
  function workspaceTrusted(): boolean {
    if (vscode.workspace.isTrusted) return true;
    void vscode.window.showInformationMessage(restrictedMode.message, restrictedMode.manageTrust).then((choice) => {
      if (choice) void vscode.commands.executeCommand(restrictedMode.manageTrustCommand);
    });
    return false;
  }

  /**
   * A slider's step (`step`): the experiment as trained is `adjust` of the file's, it trains in
   * the file's warm trainer, and it is dropped when `isCurrent` says a newer step came meanwhile.
   */
  async function train(uri?: vscode.Uri, variants?: string[], step?: { adjust(experiment: Experiment): Experiment; isCurrent(): boolean }): Promise<void> {
    if (!workspaceTrusted()) return;
    const file = experimentUri(uri);
    if (!file) {
      void vscode.window.showInformationMessage('RegX: open a *.regx.json file to train it.');
      return;
    }
    if (training.isRunning(file.fsPath)) {
      RegxPanel.createOrShow(panelContext, file.fsPath);
      return;
    }
    if (verifying.has(file.fsPath)) {
      void vscode.window.showInformationMessage('RegX: the shrink plan of this experiment is being verified; train it once that ends, or cancel it.');
      return;
    }
    const valid = await validExperiment(file, variants?.length);
    if (!valid || !(await confirmCost(file, valid.cost))) return;
    if (step && !step.isCurrent()) return;
    const experiment = step ? step.adjust(valid.experiment) : valid.experiment;
    const settings = vscode.workspace.getConfiguration('regx', file);
    const maxFrames = settings.get<number | null>('snapshots.maxFrames', null);
    const tuned: Experiment = maxFrames
      ? { ...experiment, snapshots: { maxFrames, every: snapshotEvery(experiment.training.epochs, maxFrames) } }
      : experiment;
    const engine = settings.get<EngineChoice>('engine', 'auto');
    const options: TrainOptions = {
      engine: engine === 'auto' ? tuned.training.engine : engine,
      backend: settings.get<BackendChoice>('backend', 'auto'),
      maxCsvMiB: checkLimits(file).maxCsvMiB,
      ...(variants ? { variants } : {}),
    };
    RegxPanel.createOrShow(panelContext, file.fsPath);
    training.start(file.fsPath, tuned, options, { warm: step !== undefined });
  }

  /** Train-on-save: the training of this file in flight, if any, is stopped (its finished runs kept), then it trains again at once. */
  async function trainAgain(uri: vscode.Uri): Promise<void> {
    if (!workspaceTrusted()) return;
    await stopAndWait(uri.fsPath);
    await train(uri);
  }

  /** Stops the training of a file, if one runs, and waits until it has ended. */
  async function stopAndWait(file: string): Promise<void> {
    if (!training.isRunning(file)) return;
    let listener: vscode.Disposable | undefined;
    const ended = new Promise<void>((resolve) => {
      listener = training.onDidChangeRunning((changed) => changed === file && !training.isRunning(file) && resolve());
    });
    await training.stop(file);
    if (training.isRunning(file)) await ended;
    listener?.dispose();
  }

  /** A λ slider: `variant` alone at `lambda` (its l1 and l2 scaled together), the training in flight stopped first. The file is not changed. */
  async function tryLambda(uri: vscode.Uri, variantName: string, lambda: number): Promise<void> {
    if (!workspaceTrusted()) return;
    // The newest λ wins: an older try still stopping or being checked is dropped.
    const attempt = (sliderTries.get(uri.fsPath) ?? 0) + 1;
    sliderTries.set(uri.fsPath, attempt);
    const isCurrent = () => sliderTries.get(uri.fsPath) === attempt;
    await stopAndWait(uri.fsPath);
    if (!isCurrent()) return;
    await train(uri, [variantName], {
      adjust: (experiment) => ({
        ...experiment,
        variants: experiment.variants.map((v) => (v.name === variantName ? variantAtLambda(v, lambda, experiment.penaltyConvention) : v)),
      }),
      isCurrent,
    });
  }

  /** A λ slider's release: the variant's λ written into the file, an undoable edit. */
  async function setLambda(uri: vscode.Uri, variantName: string, lambda: number): Promise<boolean> {
    const document = await vscode.workspace.openTextDocument(uri);
    try {
      return await vscode.workspace.applyEdit(toWorkspaceEdit(document, setLambdaEdits(document.getText(), variantName, lambda)));
    } catch (error) {
      void vscode.window.showErrorMessage(`RegX: cannot set λ in ${path.basename(uri.fsPath)}: ${error instanceof Error ? error.message : String(error)}`);
      return false;
    }
  }

  function resultsFor(uri?: vscode.Uri): { file: vscode.Uri; results: ResultsDocument } | undefined {
    const file = experimentUri(uri) ?? (RegxPanel.visibleFile() ? vscode.Uri.file(RegxPanel.visibleFile()!) : undefined);
    const results = file && store.get(file.fsPath);
    if (!file || !results) {
      void vscode.window.showInformationMessage('RegX: train this experiment first; there are no results yet.');
      return undefined;
    }
    return { file, results };
  }

  /** The results and the plan to shrink by: the named variant's, or the one that suggests the smallest network. */
  function shrinkPlanFor(uri?: vscode.Uri, variantName?: string): { file: vscode.Uri; results: ResultsDocument; summary: VariantSummary } | undefined {
    const found = resultsFor(uri);
    if (!found) return undefined;
    const summary = variantName ? found.results.variants.find((v) => v.variant.name === variantName)?.summary : variantToShrink(found.results);
    if (!summary) {
      void vscode.window.showInformationMessage('RegX: no variant switched a neuron off; there is nothing to shrink.');
      return undefined;
    }
    return { ...found, summary };
  }

  async function applyShrinkPlan(uri?: vscode.Uri, variantName?: string): Promise<boolean> {
    const found = shrinkPlanFor(uri, variantName);
    if (!found) return false;
    const document = await vscode.workspace.openTextDocument(found.file);
    const edit = toWorkspaceEdit(document, shrinkAllEdits(document.getText(), shrinkSizes(found.results, found.summary).sizes));
    if (!resultsAreCurrent(found.results, readExperimentDocument(document.getText()))) return applyEditAfterWarning(edit, shrinkAllTitle(found.summary, found.results));
    return vscode.workspace.applyEdit(edit);
  }

  /** The unused-inputs lens: the same edit as its quick fix, asking first when the results are older than the file. */
  async function dropUnusedInputs(uri: vscode.Uri, variantName: string): Promise<boolean> {
    const results = store.get(uri.fsPath);
    if (!results) return false;
    const document = await vscode.workspace.openTextDocument(uri);
    const model = readExperimentDocument(document.getText());
    const fix = unusedInputFixes(model, results).find((f) => f.variant === variantName);
    if (!fix) return false;
    const edit = toWorkspaceEdit(document, fix.edits);
    return resultsAreCurrent(results, model) ? vscode.workspace.applyEdit(edit) : applyEditAfterWarning(edit, fix.title);
  }

  /** A λ picked on a path's view, written as a fixed variant after the path variant (an undoable edit). */
  async function writeLambda(uri: vscode.Uri, variantName: string, lambda: number): Promise<boolean> {
    const document = await vscode.workspace.openTextDocument(uri);
    try {
      return await vscode.workspace.applyEdit(toWorkspaceEdit(document, writeLambdaEdits(document.getText(), variantName, lambda)));
    } catch (error) {
      void vscode.window.showErrorMessage(`RegX: cannot write λ into ${path.basename(uri.fsPath)}: ${error instanceof Error ? error.message : String(error)}`);
      return false;
    }
  }

  /** The first article's last step in one action: the same experiment with the shrunk layers, trained beside the original. */
  async function rerunShrunk(uri?: vscode.Uri, variantName?: string): Promise<void> {
    if (!workspaceTrusted()) return;
    const found = shrinkPlanFor(uri, variantName);
    if (!found) return;
    const sizes = shrinkSizes(found.results, found.summary).sizes;
    const text = currentText(found.file.fsPath) ?? '';
    const target = vscode.Uri.file(found.file.fsPath.replace(/\.regx\.json$/, '.shrunk.regx.json'));
    if (fs.existsSync(target.fsPath)) {
      const choice = await vscode.window.showWarningMessage(`${path.basename(target.fsPath)} exists. Replace it with the shrunk experiment?`, { modal: true }, 'Replace');
      if (choice !== 'Replace') return;
    }
    fs.writeFileSync(target.fsPath, shrunkExperimentText(text, sizes));
    await vscode.window.showTextDocument(target, { preview: false });
    const before = found.results;
    const listener = training.onDidEnd(({ experimentPath, results }) => {
      if (experimentPath !== target.fsPath) return;
      listener.dispose();
      if (!results) return;
      const lines = results.variants.map(({ summary: after }) => {
        const original = before.variants.find((v) => v.variant.name === after.variant)?.summary;
        const judged = judgedErrorName(results.experiment.training.loss).short;
        const digits = after.classification ? 3 : 2;
        return `${after.variant}: ${judged} ${original ? `${judgedErrorMean(original).toFixed(digits)} → ` : ''}${judgedErrorMean(after).toFixed(digits)}`;
      });
      void vscode.window.showInformationMessage(`RegX, shrunk to [${sizes.join(', ')}]: ${lines.join('; ')}`);
    });
    context.subscriptions.push(listener);
    await train(target);
  }

  /**
   * Verification by training, a phase of its own: only when asked, after its cost is shown,
   * with a progress notification that cancels it. What it finds is added to the stored results.
   */
  async function verifyShrinkPlan(uri?: vscode.Uri): Promise<void> {
    if (!workspaceTrusted()) return;
    const found = resultsFor(uri);
    if (!found) return;
    const { file, results } = found;
    if (!resultsAreCurrent(results, readExperimentDocument(currentText(file.fsPath) ?? ''))) {
      void vscode.window.showWarningMessage('RegX: the results are older than the file; train it again before verifying its shrink plan.');
      return;
    }
    if (training.isRunning(file.fsPath) || verifying.has(file.fsPath)) {
      void vscode.window.showInformationMessage('RegX: this experiment is training or being verified; wait for it to end.');
      return;
    }
    const toVerify = variantsToVerify(results);
    if (toVerify.length === 0) {
      void vscode.window.showInformationMessage('RegX: no variant suggests a smaller network; there is nothing to verify.');
      return;
    }
    const settings = verifySettings(file);
    const cost = verificationCost(results, settings);
    const plans = toVerify.map((v) => `${v.variant.name} [${v.original.join(', ')}] → [${v.suggested.join(', ')}]`).join(', ');
    const choice = await vscode.window.showInformationMessage(
      `RegX: verify ${plans} by training? Estimated cost at most: ${formatCost(cost)}.`,
      {
        modal: true,
        detail: `Each size is trained ${results.experiment.runs} times with the same seeds (${settings.mode === 'fine-tune' ? 'fine-tuned from the pruned weights' : 'from fresh initial weights'}), chosen on validation rows carved from the training split, at most ${settings.maxSizes} sizes per variant.`,
      },
      'Verify',
    );
    if (choice !== 'Verify') return;
    verifying.add(file.fsPath);
    const root = vscode.workspace.getWorkspaceFolder(file)?.uri.fsPath;
    const config = vscode.workspace.getConfiguration('regx', file);
    const engine = config.get<EngineChoice>('engine', 'auto');
    try {
      await vscode.window.withProgress({ location: vscode.ProgressLocation.Notification, title: 'RegX: verifying the shrink plan by training', cancellable: true }, async (progress, token) => {
        try {
          const verifications = await verifyShrink(results, {
            experimentPath: file.fsPath,
            ...(root ? { workspaceRoot: root } : {}),
            settings,
            engine: engine === 'auto' ? results.experiment.training.engine : engine,
            backend: config.get<BackendChoice>('backend', 'auto'),
            maxCsvMiB: checkLimits(file).maxCsvMiB,
            isCancelled: () => token.isCancellationRequested,
            onProgress: (done, planned, what) => progress.report({ message: `${done} of at most ${planned} trainings · ${what}`, increment: 100 / planned }),
          });
          // Only onto the results it verified: newer ones (another window trained) are not overwritten.
          if (store.get(file.fsPath)?.createdAt !== results.createdAt) throw new Error('the stored results changed meanwhile; verify them again');
          store.save(file.fsPath, { ...results, shrinkVerification: verifications });
          void vscode.window.showInformationMessage(`RegX: ${verifications.map(verificationSummary).join('; ')}`);
        } catch (error) {
          if (error instanceof VerificationCancelled) void vscode.window.showInformationMessage('RegX: verification cancelled; the results are as they were.');
          else void vscode.window.showErrorMessage(`RegX: the verification failed: ${error instanceof Error ? error.message : String(error)}`);
        }
      });
    } finally {
      verifying.delete(file.fsPath);
    }
  }

  function verifySettings(file: vscode.Uri): VerificationSettings {
    const config = vscode.workspace.getConfiguration('regx', file);
    return {
      ...defaultVerificationSettings,
      marginShare: config.get<number>('verify.margin', defaultVerificationSettings.marginShare),
      maxSizes: config.get<number>('verify.maxSizes', defaultVerificationSettings.maxSizes),
      mode: config.get<VerificationSettings['mode']>('verify.mode', defaultVerificationSettings.mode),
    };
  }

  async function exportResults(uri?: vscode.Uri): Promise<void> {
    const found = resultsFor(uri);
    if (!found) return;
    const target = await vscode.window.showSaveDialog({
      defaultUri: vscode.Uri.file(found.file.fsPath.replace(/\.regx\.json$/, '.results.json')),
      filters: { 'RegX results': ['json'] },
    });
    if (!target) return;
    // The binary beside the document, as results.json and results.bin: the binary first.
    const binaryTarget = target.with({ path: binaryFileFor(target.path) });
    const encoded = encodeResults(found.results, path.posix.basename(binaryTarget.path));
    await vscode.workspace.fs.writeFile(binaryTarget, Buffer.concat(encoded.binary));
    await vscode.workspace.fs.writeFile(target, Buffer.from(encoded.json));
    void vscode.window.showInformationMessage(`RegX: results written to ${vscode.workspace.asRelativePath(target)} and ${path.posix.basename(binaryTarget.path)}`);
  }

  async function handlePanelMessage(file: string, message: PanelToHost): Promise<void> {
    const uri = vscode.Uri.file(file);
    switch (message.type) {
      case 'train':
        return train(uri);
      case 'stop':
        return training.stop(file);
      case 'applyShrinkPlan':
        await applyShrinkPlan(uri, message.variant);
        return;
      case 'rerunShrunk':
        return rerunShrunk(uri, message.variant);
      case 'stepView':
        return showStepView(file, message);
      case 'verifyShrink':
        return verifyShrinkPlan(uri);
      case 'writeLambda':
        await writeLambda(uri, message.variant, message.lambda);
        return;
      case 'tryLambda':
        return tryLambda(uri, message.variant, message.lambda);
      case 'setLambda':
        await setLambda(uri, message.variant, message.lambda);
        return;
      case 'setTrainOnSave':
        await vscode.workspace.getConfiguration('regx', uri).update('trainOnSave', message.on, vscode.ConfigurationTarget.Global);
        return;
      case 'warmUp':
        if (vscode.workspace.isTrusted) training.warmUp(file);
        return;
      case 'ready':
      case 'drawn':
        return;
    }
  }

  /** A heatmap cell was clicked: the trainer replays the stored run watching that weight; the panel draws what it recorded. */
  async function showStepView(file: string, message: Extract<PanelToHost, { type: 'stepView' }>): Promise<void> {
    if (!vscode.workspace.isTrusted) {
      RegxPanel.postTo(file, { type: 'stepTraceFailed', message: 'the step view replays the run, which runs code and reads the data: trust the workspace first' });
      return;
    }
    const results = store.get(file);
    const run = results?.variants.find((v) => v.variant.name === message.variant)?.runs.find((r) => r.run === message.run);
    if (!results || !run) {
      RegxPanel.postTo(file, { type: 'stepTraceFailed', message: `no stored run ${message.run + 1} of "${message.variant}" to replay: train first` });
      return;
    }
    const workspaceRoot = vscode.workspace.getWorkspaceFolder(vscode.Uri.file(file))?.uri.fsPath;
    try {
      const reply = await replayInTrainer({
        trainerPath: context.asAbsolutePath(path.join('dist', 'trainer.js')),
        experiment: results.experiment,
        experimentPath: file,
        ...(workspaceRoot ? { workspaceRoot } : {}),
        maxCsvMiB: checkLimits(vscode.Uri.file(file)).maxCsvMiB,
        request: { variant: message.variant, run: message.run, weight: message.weight },
        stored: run.params,
        execPath: process.execPath,
      });
      RegxPanel.postTo(file, { type: 'stepTrace', variant: message.variant, run: message.run, trace: reply.trace, matchesStored: reply.matchesStored });
    } catch (error) {
      RegxPanel.postTo(file, { type: 'stepTraceFailed', message: error instanceof Error ? error.message : String(error) });
    }
  }
}

export function deactivate(): void {
  // No trainer outlives its window (each also exits by itself when its parent is gone).
  activeTraining?.dispose();
  activeTraining = undefined;
  RegxPanel.disposeAll();
}
