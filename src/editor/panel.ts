// The RegX panel: one webview per experiment file, beside the editor. It shows the stored
// results, then fills live while a training runs; the host batches training events and
// a panel that was hidden (its page discarded) catches up by asking again when shown.
import * as vscode from 'vscode';
import * as path from 'node:path';
import { isPanelToHost, type HostToPanel, type PanelHeader, type PanelToHost } from '../panel/protocol';
import type { TrainingEvent } from '../core/training-events';
import type { ResultsDocument } from '../core/results';
import { createNonce, panelHtml, panelResourceRoots } from './panel-html';
import type { ResultsStore } from './results-store';
import type { TrainingManager, TrainingSession } from './training';
import { trainingStatus } from './training-status';

export const panelViewType = 'regx.panel';

/** How long training events are gathered before one post to the page. */
const batchMs = 100;

export interface PanelActions {
  /** Called when the page asks for something only the editor can do. */
  handle(experimentPath: string, message: PanelToHost): void;
}

/** A panel's acknowledgement that it drew a results document, with when it reached the host. */
export interface PanelDrawn {
  experimentPath: string;
  drawn: Extract<PanelToHost, { type: 'drawn' }>;
  /** Date.now() when it arrived. */
  at: number;
}

export class RegxPanel implements vscode.Disposable {
  private static readonly panels = new Map<string, RegxPanel>();
  private static readonly drew = new vscode.EventEmitter<PanelDrawn>();
  /** Fires when a panel has drawn new results (for the tests, and the time of a slider step to the redrawn panel). */
  static readonly onDidDraw = RegxPanel.drew.event;
  private pending: TrainingEvent[] = [];
  private timer: NodeJS.Timeout | undefined;
  private headerTimer: NodeJS.Timeout | undefined;
  /** A λ slider's step trains: its results, when they come, make the shown ones the ghost. */
  private sliderStep = false;
  private readonly disposables: vscode.Disposable[] = [];

  static createOrShow(context: Context, experimentPath: string): RegxPanel {
    const existing = RegxPanel.panels.get(experimentPath);
    if (existing) {
      existing.panel.reveal(vscode.ViewColumn.Beside, true);
      return existing;
    }
    const panel = vscode.window.createWebviewPanel(panelViewType, titleOf(experimentPath), { viewColumn: vscode.ViewColumn.Beside, preserveFocus: true }, webviewOptions(context.extensionUri));
    return new RegxPanel(panel, context, experimentPath);
  }

  /** After a reload VS Code hands back the panels that were open, with the state they saved. */
  static revive(panel: vscode.WebviewPanel, context: Context, state: unknown): void {
    const experimentPath = typeof state === 'object' && state !== null ? (state as { experimentPath?: unknown }).experimentPath : undefined;
    if (typeof experimentPath !== 'string') {
      panel.dispose();
      return;
    }
    panel.webview.options = webviewOptions(context.extensionUri);
    new RegxPanel(panel, context, experimentPath);
  }

  /** The experiment of the panel in front, if one is. */
  static visibleFile(): string | undefined {
    return [...RegxPanel.panels.values()].find((p) => p.panel.active)?.experimentPath ?? [...RegxPanel.panels.values()].find((p) => p.panel.visible)?.experimentPath;
  }

  static disposeAll(): void {
    for (const panel of RegxPanel.panels.values()) panel.dispose();
  }

  private constructor(
    readonly panel: vscode.WebviewPanel,
    private readonly context: Context,
    readonly experimentPath: string,
  ) {
    RegxPanel.panels.set(experimentPath, this);
    panel.iconPath = vscode.Uri.joinPath(context.extensionUri, 'media', 'regx.svg');
    panel.webview.html = this.html();
    this.disposables.push(
      panel.onDidDispose(() => this.dispose()),
      panel.webview.onDidReceiveMessage((raw: unknown) => {
        if (!isPanelToHost(raw)) return;
        if (raw.type === 'ready') this.sendEverything();
        else if (raw.type === 'drawn') RegxPanel.drew.fire({ experimentPath, drawn: raw, at: Date.now() });
        else context.actions.handle(experimentPath, raw);
      }),
      panel.onDidChangeViewState(() => {
        if (panel.visible) this.flush();
      }),
      // A λ slider's step is not sent live: the panel draws once, when its results come.
      context.training.onMessage(({ experimentPath: file, message }) => {
        if (file === experimentPath && !context.training.session(file)?.warm) this.queue(message);
      }),
      context.training.onDidChangeRunning((file) => {
        if (file !== experimentPath) return;
        const session = context.training.session(file);
        if (session) this.sliderStep = session.warm;
        if (session && !session.warm) {
          this.pending = [];
          void this.post(trainingStarted(session));
        }
        this.flush();
        void this.post({ type: 'header', header: this.header() });
      }),
      // An edit can make the shown results older than the file: the header says so.
      vscode.workspace.onDidChangeTextDocument((event) => {
        if (event.document.uri.fsPath !== experimentPath) return;
        clearTimeout(this.headerTimer);
        this.headerTimer = setTimeout(() => void this.post({ type: 'header', header: this.header() }), 300);
      }),
      vscode.workspace.onDidChangeConfiguration((event) => {
        if (event.affectsConfiguration('regx.trainOnSave')) void this.post({ type: 'header', header: this.header() });
      }),
      context.store.onDidChange((file) => {
        if (file !== experimentPath || context.training.isRunning(file)) return;
        const results = context.store.get(file);
        if (results) void this.post({ type: 'results', results, ...(this.sliderStep ? { previousAsGhost: true } : {}) });
        this.sliderStep = false;
        void this.post({ type: 'header', header: this.header() });
      }),
    );
  }

  private html(): string {
    const webview = this.panel.webview;
    const asset = (...segments: string[]) => webview.asWebviewUri(vscode.Uri.joinPath(this.context.extensionUri, ...segments)).toString();
    return panelHtml({
      cspSource: webview.cspSource,
      nonce: createNonce(),
      scriptUri: asset('dist', 'webview.js'),
      codiconUri: asset('dist', 'webview.css'),
      styleUris: [asset('media', 'panel.css')],
      title: titleOf(this.experimentPath),
    });
  }

  /** The page (re)loaded: it gets the stored results, then the live training if one runs. */
  private sendEverything(): void {
    void this.post({ type: 'header', header: this.header() });
    const live = this.context.training.session(this.experimentPath);
    const session = live?.warm ? undefined : live;
    const results = this.context.store.get(this.experimentPath);
    if (results && !session) void this.post({ type: 'results', results });
    if (session) {
      void this.post(trainingStarted(session));
      this.pending = [];
      void this.post({ type: 'trainer', messages: session.messages.slice() });
    }
  }

  private header(): PanelHeader {
    const session = this.context.training.session(this.experimentPath);
    const results = this.context.store.get(this.experimentPath);
    const ready = session?.messages.find((m) => m.type === 'ready');
    return {
      experimentPath: this.experimentPath,
      experimentName: session?.experiment.name ?? results?.experiment.name ?? titleOf(this.experimentPath),
      fileName: path.basename(this.experimentPath),
      status: trainingStatus(session !== undefined, this.context.training.lastOutcome(this.experimentPath)?.status, results),
      ...(ready?.type === 'ready' ? { engine: `${ready.engine} engine on ${ready.backend}` } : results ? { engine: `${results.engine} engine on ${results.backend}` } : {}),
      stale: !session && results !== undefined && this.context.isStale(this.experimentPath, results),
      trainOnSave: vscode.workspace.getConfiguration('regx', vscode.Uri.file(this.experimentPath)).get<boolean>('trainOnSave', false),
    };
  }

  private queue(message: TrainingEvent): void {
    this.pending.push(message);
    this.timer ??= setTimeout(() => this.flush(), batchMs);
  }

  /** Sends what gathered; a hidden page is skipped and asks for everything when shown. */
  private flush(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
    if (this.pending.length === 0 || !this.panel.visible) return;
    const messages = this.pending;
    this.pending = [];
    void this.post({ type: 'trainer', messages });
  }

  private post(message: HostToPanel): Thenable<boolean> {
    return this.panel.webview.postMessage(message);
  }

  /** Sends the panel of a file, if one is open, a message that does not come from a training (the step view's answer). */
  static postTo(experimentPath: string, message: HostToPanel): void {
    void RegxPanel.panels.get(experimentPath)?.post(message);
  }

  reveal(): void {
    this.panel.reveal(vscode.ViewColumn.Beside, true);
  }

  dispose(): void {
    RegxPanel.panels.delete(this.experimentPath);
    // The sliders are gone with the panel: so is the warm trainer of their steps.
    this.context.training.endWarmTrainer(this.experimentPath);
    clearTimeout(this.timer);
    clearTimeout(this.headerTimer);
    this.panel.dispose();
    for (const d of this.disposables.splice(0)) d.dispose();
  }
}

export interface Context {
  extensionUri: vscode.Uri;
  store: ResultsStore;
  training: TrainingManager;
  actions: PanelActions;
  isStale(experimentPath: string, results: ResultsDocument): boolean;
}

export function webviewOptions(extensionUri: vscode.Uri): vscode.WebviewOptions & vscode.WebviewPanelOptions {
  return {
    enableScripts: true,
    // Only the bundle and the stylesheets: nothing else of the extension or the workspace.
    localResourceRoots: panelResourceRoots(extensionUri, vscode.Uri.joinPath),
  };
}

function trainingStarted(session: TrainingSession): HostToPanel {
  const names = session.experiment.variants.map((v) => v.name);
  return { type: 'trainingStarted', experiment: session.experiment, variants: session.options.variants ?? names };
}

function titleOf(experimentPath: string): string {
  return `RegX: ${path.basename(experimentPath, '.regx.json')}`;
}
