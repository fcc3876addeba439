// Trainings started from the editor: one training per experiment file at most, in a trainer
// process of its own, or, for a λ slider's step, in the file's warm trainer, a process kept
// up between steps until the panel or the file closes (runtime/warm-trainer.ts). It keeps
// the live messages of the current training so a panel opened (or shown again)
// midway catches up, saves the results when a training ends, and drives the status bar.
import * as vscode from 'vscode';
import * as path from 'node:path';
import type { TrainingEvent } from '../core/training-events';
import type { TrainOptions } from '../runtime/trainer-protocol';
import type { Experiment } from '../core/experiment';
import { mergeWithStored, type ResultsDocument } from '../core/results';
import { describeKept } from '../runtime/report';
import { Thinning } from '../core/history';
import { TrainerClient, type TrainerOutcome, type Training } from '../runtime/trainer-client';
import { WarmTrainer } from '../runtime/warm-trainer';
import type { ResultsStore } from './results-store';

export interface TrainingSession {
  experimentPath: string;
  experiment: Experiment;
  options: TrainOptions;
  client: Training;
  /** A λ slider's step, trained in the file's warm trainer. */
  warm: boolean;
  /** Everything the trainer said so far, progress thinned (see remember). */
  messages: TrainingEvent[];
  /** The progress kept of each run, by "variant/run", thinned by the trainer's rule. */
  progress: Map<string, Thinning<ProgressMessage>>;
  outcome?: TrainerOutcome;
}

type ProgressMessage = Extract<TrainingEvent, { type: 'progress' }>;

/** Progress messages kept per run for a late panel; runFinished carries the full history anyway. */
const progressKeptPerRun = 200;

export class TrainingManager implements vscode.Disposable {
  private readonly sessions = new Map<string, TrainingSession>();
  /** The warm trainer of each file whose slider stepped, until its panel or the file closes. */
  private readonly warmTrainers = new Map<string, WarmTrainer>();
  /** How the last training of each experiment ended, in this window. */
  private readonly lastOutcomes = new Map<string, TrainerOutcome>();
  private readonly statusBar = vscode.window.createStatusBarItem(vscode.StatusBarAlignment.Left, 10);
  private readonly changed = new vscode.EventEmitter<string>();
  private readonly message = new vscode.EventEmitter<{ experimentPath: string; message: TrainingEvent }>();
  private readonly ended = new vscode.EventEmitter<{ experimentPath: string; outcome: TrainerOutcome; results?: ResultsDocument }>();
  /** Fires with the experiment path when a training starts or ends. */
  readonly onDidChangeRunning = this.changed.event;
  readonly onMessage = this.message.event;
  readonly onDidEnd = this.ended.event;

  constructor(
    private readonly trainerPath: string,
    private readonly store: ResultsStore,
  ) {
    this.statusBar.command = 'regx.openPanel';
  }

  isRunning(experimentPath: string): boolean {
    return this.sessions.has(experimentPath);
  }

  session(experimentPath: string): TrainingSession | undefined {
    return this.sessions.get(experimentPath);
  }

  lastOutcome(experimentPath: string): TrainerOutcome | undefined {
    return this.lastOutcomes.get(experimentPath);
  }

  /** Starts a training; `warm`: a slider's step, in the file's warm trainer (started if none is up). */
  start(experimentPath: string, experiment: Experiment, options: TrainOptions, { warm = false } = {}): TrainingSession {
    if (this.sessions.has(experimentPath)) throw new Error(`${path.basename(experimentPath)} is already training`);
    const workspaceRoot = vscode.workspace.getWorkspaceFolder(vscode.Uri.file(experimentPath))?.uri.fsPath;
    const request = { experiment, experimentPath, ...(workspaceRoot ? { workspaceRoot } : {}), options };
    // Inside desktop VS Code process.execPath is Electron; the trainer is forked with ELECTRON_RUN_AS_NODE.
    const client: Training = warm ? this.warmTrainer(experimentPath).train(request) : TrainerClient.start({ ...request, trainerPath: this.trainerPath, execPath: process.execPath });
    const session: TrainingSession = { experimentPath, experiment, options, client, warm, messages: [], progress: new Map() };
    this.sessions.set(experimentPath, session);
    for (const type of ['ready', 'dataset', 'progress', 'snapshot', 'runFinished', 'finished', 'error'] as const) {
      client.on(type, (message) => {
        this.remember(session, message);
        this.message.fire({ experimentPath, message });
        if (message.type === 'progress') this.showProgress(session, message);
      });
    }
    this.changed.fire(experimentPath);
    this.showProgress(session);
    void client.done.then((outcome) => this.finish(session, outcome));
    return session;
  }

  async stop(experimentPath: string): Promise<void> {
    await this.sessions.get(experimentPath)?.client.cancel();
  }

  /** Starts the file's warm trainer, if it is not up, ahead of its first step. */
  warmUp(experimentPath: string): void {
    this.warmTrainer(experimentPath).warmUp();
  }

  private warmTrainer(experimentPath: string): WarmTrainer {
    let trainer = this.warmTrainers.get(experimentPath);
    if (!trainer) this.warmTrainers.set(experimentPath, (trainer = new WarmTrainer(this.trainerPath, process.execPath)));
    return trainer;
  }

  /** The process id of the file's warm trainer, while one is up. */
  warmTrainerPid(experimentPath: string): number | undefined {
    return this.warmTrainers.get(experimentPath)?.pid;
  }

  /** The file's panel or the file closed: its warm trainer ends (a step in flight is cancelled, its finished runs kept). */
  endWarmTrainer(experimentPath: string): void {
    this.warmTrainers.get(experimentPath)?.dispose();
    this.warmTrainers.delete(experimentPath);
  }

  private remember(session: TrainingSession, message: TrainingEvent): void {
    session.messages.push(message);
    if (message.type !== 'progress') return;
    const key = `${message.variant}/${message.run}`;
    let progress = session.progress.get(key);
    if (!progress) session.progress.set(key, (progress = new Thinning<ProgressMessage>(1, progressKeptPerRun)));
    const dropped = progress.offer(message.metrics.epoch, message);
    // Mostly the run's previous newest message, near the end; a full pass only when the
    // interval doubles.
    if (dropped.length === 1) {
      const index = session.messages.lastIndexOf(dropped[0]);
      if (index >= 0) session.messages.splice(index, 1);
    } else if (dropped.length > 1) {
      const gone = new Set<TrainingEvent>(dropped);
      session.messages = session.messages.filter((m) => !gone.has(m));
    }
  }

  /** Called once per session: when the trainer has exited, or at once when the editor closes. */
  private finish(session: TrainingSession, outcome: TrainerOutcome, closing = false): void {
    if (session.outcome) return;
    session.outcome = outcome;
    this.sessions.delete(session.experimentPath);
    this.lastOutcomes.set(session.experimentPath, outcome);
    const trained = outcome.status === 'failed' ? undefined : outcome.results;
    // Training one variant, or a cancel, updates the variants trained and keeps the others'.
    const results = trained && mergeWithStored(this.store.get(session.experimentPath), trained);
    const name = path.basename(session.experimentPath);
    if (results) {
      try {
        this.store.save(session.experimentPath, results);
      } catch (error) {
        if (!closing) void vscode.window.showErrorMessage(`RegX could not save the results of ${name}: ${error instanceof Error ? error.message : String(error)}`);
      }
    }
    if (closing) return;
    if (outcome.status === 'failed') void vscode.window.showErrorMessage(`RegX: training ${name} failed: ${outcome.message}`);
    // A slider step is cancelled by the next one, or by Stop, as the panel shows: no notification each time.
    if (outcome.status === 'cancelled' && !session.warm) {
      void vscode.window.showWarningMessage(`RegX: training ${name} cancelled: ${describeKept(outcome.results, session.experiment, session.options.variants)}${outcome.results ? '' : '; the stored results are as they were'}`);
    }
    this.ended.fire({ experimentPath: session.experimentPath, outcome, ...(results ? { results } : {}) });
    this.changed.fire(session.experimentPath);
    this.showProgress();
  }

  private showProgress(session?: TrainingSession, progress?: Extract<TrainingEvent, { type: 'progress' }>): void {
    const active = session ?? [...this.sessions.values()][0];
    if (!active) {
      this.statusBar.hide();
      return;
    }
    const name = path.basename(active.experimentPath, '.regx.json');
    const detail = progress
      ? `${progress.variant} run ${progress.run + 1}/${active.experiment.runs} · epoch ${progress.metrics.epoch}/${progress.epochs} · ${formatRate(progress.stepsPerSecond)} steps/s`
      : 'starting';
    this.statusBar.text = `$(sync~spin) RegX ${name}: ${detail}`;
    this.statusBar.tooltip = 'RegX is training; click to open the panel';
    this.statusBar.show();
  }

  /** The editor is closing: every trainer is killed now, and the runs it finished are saved. */
  dispose(): void {
    for (const session of [...this.sessions.values()]) {
      session.client.kill();
      this.finish(session, session.client.cancelledOutcome(), true);
    }
    for (const trainer of this.warmTrainers.values()) trainer.dispose();
    this.warmTrainers.clear();
    this.statusBar.dispose();
    this.changed.dispose();
    this.message.dispose();
    this.ended.dispose();
  }
}

function formatRate(stepsPerSecond: number): string {
  return stepsPerSecond >= 1000 ? `${(stepsPerSecond / 1000).toFixed(1)}k` : String(Math.round(stepsPerSecond));
}
