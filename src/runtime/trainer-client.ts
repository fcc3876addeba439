// Starts the trainer in a child process and turns what it says into events. The CLI and
// the extension both train through this client, so a crash, an exception in the trainer
// or a cancel behave the same everywhere: the caller gets an `error` message and `done`
// settles, and the caller's process keeps running.
import { fork, type ChildProcess } from 'node:child_process';
import { isTrainingEvent, type TrainingEvent } from '../core/training-events';
import type { HostToTrainer, TrainOptions } from './trainer-protocol';
import type { Experiment } from '../core/experiment';
import type { ResultsDocument } from '../core/results';

export interface TrainerStart {
  /** Path of dist/trainer.js. */
  trainerPath: string;
  experiment: Experiment;
  experimentPath: string;
  workspaceRoot?: string;
  options?: TrainOptions;
  /** Node executable; inside VS Code this is Electron, run as plain Node. */
  execPath?: string;
}

export type TrainerOutcome =
  | { status: 'finished'; results: ResultsDocument }
  | { status: 'cancelled'; results?: ResultsDocument }
  | { status: 'failed'; message: string };

type Listener<T extends TrainingEvent['type']> = (message: Extract<TrainingEvent, { type: T }>) => void;

/** How long a cancelled trainer may take to stop by itself before it is killed. */
const cancelGraceMs = 300;

export class TrainerClient {
  /** Settles when the trainer has exited, whichever way. */
  readonly done: Promise<TrainerOutcome>;
  private readonly child: ChildProcess;
  private readonly listeners = new Map<string, ((message: TrainingEvent) => void)[]>();
  private cancelRequested = false;
  private stderrTail = '';

  private constructor(start: TrainerStart) {
    this.child = fork(start.trainerPath, [], {
      execPath: start.execPath,
      env: { ...process.env, ELECTRON_RUN_AS_NODE: '1' },
      serialization: 'advanced',
      stdio: ['ignore', 'ignore', 'pipe', 'ipc'],
    });
    this.child.stderr?.setEncoding('utf8');
    this.child.stderr?.on('data', (chunk: string) => {
      this.stderrTail = (this.stderrTail + chunk).slice(-2000);
    });
    this.done = new Promise((resolve) => {
      let results: ResultsDocument | undefined;
      let failure: string | undefined;
      this.child.on('message', (raw: unknown) => {
        if (!isTrainingEvent(raw)) return;
        if (raw.type === 'finished') results = raw.results;
        if (raw.type === 'error' && raw.variant === undefined) failure = raw.message;
        this.dispatch(raw);
      });
      this.child.on('error', (error) => {
        failure ??= `the trainer could not start: ${error.message}`;
      });
      this.child.on('exit', (code, signal) => {
        if (this.cancelRequested) return resolve({ status: 'cancelled', ...(results ? { results } : {}) });
        if (results && code === 0) return resolve({ status: 'finished', results });
        const message =
          failure ??
          `the trainer stopped unexpectedly (${signal ? `signal ${signal}` : `exit code ${code}`})${this.lastStderrLine() ? `: ${this.lastStderrLine()}` : ''}`;
        if (!failure) this.dispatch({ type: 'error', message });
        resolve({ status: 'failed', message });
      });
    });
    this.send({
      type: 'start',
      experiment: start.experiment,
      experimentPath: start.experimentPath,
      ...(start.workspaceRoot ? { workspaceRoot: start.workspaceRoot } : {}),
      options: start.options ?? {},
    });
  }

  static start(start: TrainerStart): TrainerClient {
    return new TrainerClient(start);
  }

  on<T extends TrainingEvent['type']>(type: T, listener: Listener<T>): this {
    const list = this.listeners.get(type) ?? [];
    list.push(listener as (message: TrainingEvent) => void);
    this.listeners.set(type, list);
    return this;
  }

  /** Asks the trainer to stop, and kills it if it has not within a short grace. */
  async cancel(): Promise<TrainerOutcome> {
    this.cancelRequested = true;
    this.send({ type: 'cancel' });
    const timer = setTimeout(() => this.child.kill('SIGKILL'), cancelGraceMs);
    const outcome = await this.done;
    clearTimeout(timer);
    return outcome;
  }

  get pid(): number | undefined {
    return this.child.pid;
  }

  private send(message: HostToTrainer): void {
    if (this.child.connected) this.child.send(message);
  }

  private dispatch(message: TrainingEvent): void {
    for (const listener of this.listeners.get(message.type) ?? []) listener(message);
  }

  private lastStderrLine(): string {
    const lines = this.stderrTail.split('\n').map((l) => l.trim()).filter((l) => l && l.length < 400);
    return lines[lines.length - 1] ?? '';
  }
}
