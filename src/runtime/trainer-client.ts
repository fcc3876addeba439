// Starts the trainer in a child process and turns what it says into events. The CLI and
// the extension both train through this client, so a crash, an exception in the trainer
// or a cancel behave the same everywhere: the caller gets an `error` message and `done`
// settles, and the caller's process keeps running.
//
// The caller decides when training stops: the trainer runs in a process group of its own,
// so a Ctrl-C in a terminal (SIGINT to the whole foreground group) reaches the caller
// alone, which cancels. A cancelled training's results are the runs that finished, as the
// trainer reported them one by one, so a trainer that does not stop in time is killed
// without losing them.
import { fork, type ChildProcess } from 'node:child_process';
import { isTrainingEvent, type TrainingEvent } from '../core/training-events';
import { isReplayReply, type HostToTrainer, type ReplayReply, type TrainOptions } from './trainer-protocol';
import type { Experiment } from '../core/experiment';
import type { Params } from '../core/mlp';
import type { ReplayRequest } from '../core/step-trace';
import { buildResults, type DatasetSummary, type ResultsDocument, type RunResult } from '../core/results';

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
  /** The runs that finished before the cancel, when any did. */
  | { status: 'cancelled'; results?: ResultsDocument }
  | { status: 'failed'; message: string };

export type Listener<T extends TrainingEvent['type']> = (message: Extract<TrainingEvent, { type: T }>) => void;

/** One training, in a trainer of its own (TrainerClient) or as a step of a warm trainer (warm-trainer.ts). */
export interface Training {
  /** Settles when the training has ended, whichever way. A cancelled training never settles as finished. */
  readonly done: Promise<TrainerOutcome>;
  on<T extends TrainingEvent['type']>(type: T, listener: Listener<T>): this;
  /** Asks the trainer to stop, and kills it if it has not within a short grace. */
  cancel(): Promise<TrainerOutcome>;
  /** Ends the training now; runs already finished are kept, as with cancel. */
  kill(): void;
  /** The outcome of a cancel, available at once (see TrainingTally.cancelledOutcome). */
  cancelledOutcome(): Extract<TrainerOutcome, { status: 'cancelled' }>;
  /** The id of the process it trains in, while it is up. */
  readonly pid: number | undefined;
}

/** How long a cancelled trainer may take to stop by itself before it is killed. */
export const cancelGraceMs = 1000;

/** One training's events as they arrive: what they amount to so far, and who listens. */
export class TrainingTally {
  private readonly listeners = new Map<string, ((message: TrainingEvent) => void)[]>();
  private readonly started = performance.now();
  private ready: Extract<TrainingEvent, { type: 'ready' }> | undefined;
  private dataset: DatasetSummary | undefined;
  private readonly finishedRuns: RunResult[] = [];
  /** The results of `finished`, when it came. */
  results: ResultsDocument | undefined;
  /** Why the training failed, when an error without a variant said so. */
  failure: string | undefined;

  constructor(private readonly trained: { experiment: Experiment; experimentPath: string }) {}

  on(type: TrainingEvent['type'], listener: (message: TrainingEvent) => void): void {
    const list = this.listeners.get(type) ?? [];
    list.push(listener);
    this.listeners.set(type, list);
  }

  /** An event of the trainer: kept, then passed to the listeners. */
  take(event: TrainingEvent): void {
    if (event.type === 'ready') this.ready = event;
    if (event.type === 'dataset') this.dataset = event.dataset;
    if (event.type === 'runFinished') this.finishedRuns.push(event.result);
    if (event.type === 'finished') this.results = event.results;
    if (event.type === 'error' && event.variant === undefined) this.failure = event.path ? `${event.path}: ${event.message}` : event.message;
    this.dispatch(event);
  }

  dispatch(event: TrainingEvent): void {
    for (const listener of this.listeners.get(event.type) ?? []) listener(event);
  }

  /** The training stopped without saying why: says so to the listeners too, once. */
  failed(description: string): Extract<TrainerOutcome, { status: 'failed' }> {
    if (this.failure) return { status: 'failed', message: this.failure };
    this.dispatch({ type: 'error', message: description });
    return { status: 'failed', message: description };
  }

  /**
   * The outcome of a cancel: the runs that finished, as a results document marked
   * cancelled, or none when no run had finished. Available at once, even before the
   * trainer has stopped (an editor closing cannot wait for it).
   */
  cancelledOutcome(): Extract<TrainerOutcome, { status: 'cancelled' }> {
    const { ready, dataset, finishedRuns } = this;
    if (!ready || !dataset || finishedRuns.length === 0) return { status: 'cancelled' };
    const results = buildResults({
      experiment: this.trained.experiment,
      experimentPath: this.trained.experimentPath,
      dataset,
      backend: ready.backend,
      engine: ready.engine,
      ...(ready.threads !== undefined ? { threads: ready.threads } : {}),
      versions: ready.versions,
      runs: finishedRuns,
      seconds: (performance.now() - this.started) / 1000,
      cancelled: true,
    });
    return { status: 'cancelled', results };
  }
}

export class TrainerClient implements Training {
  /** Settles when the trainer has exited, whichever way. */
  readonly done: Promise<TrainerOutcome>;
  private readonly child: ChildProcess;
  private readonly tally: TrainingTally;
  private cancelRequested = false;
  private killTimer: NodeJS.Timeout | undefined;
  private readonly stderr = new StderrTail();

  private constructor(start: TrainerStart) {
    this.tally = new TrainingTally(start);
    this.child = forkTrainer(start.trainerPath, start.execPath);
    this.stderr.follow(this.child);
    this.done = new Promise((resolve) => {
      this.child.on('message', (raw: unknown) => {
        if (isTrainingEvent(raw)) this.tally.take(raw);
      });
      this.child.on('error', (error) => {
        this.tally.failure ??= `the trainer could not start: ${error.message}`;
      });
      // 'close', not 'exit': every message the trainer sent has arrived by then.
      this.child.on('close', (code, signal) => {
        clearTimeout(this.killTimer);
        if (this.cancelRequested) return resolve(this.cancelledOutcome());
        if (this.tally.results && code === 0) return resolve({ status: 'finished', results: this.tally.results });
        resolve(this.tally.failed(stoppedUnexpectedly(code, signal, this.stderr.lastLine())));
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
    this.tally.on(type, listener as (message: TrainingEvent) => void);
    return this;
  }

  /** Asks the trainer to stop, and kills it if it has not within a short grace. */
  cancel(): Promise<TrainerOutcome> {
    if (!this.cancelRequested && isRunning(this.child)) {
      this.cancelRequested = true;
      this.send({ type: 'cancel' });
      this.killTimer = setTimeout(() => this.kill(), cancelGraceMs);
    }
    return this.done;
  }

  /** Ends the trainer now (a second Ctrl-C, the editor closing). Runs already finished are kept, as with cancel. */
  kill(): void {
    this.cancelRequested = true;
    if (isRunning(this.child)) this.child.kill('SIGKILL');
  }

  cancelledOutcome(): Extract<TrainerOutcome, { status: 'cancelled' }> {
    return this.tally.cancelledOutcome();
  }

  get pid(): number | undefined {
    return this.child.pid;
  }

  private send(message: HostToTrainer): void {
    if (this.child.connected) this.child.send(message);
  }
}

export function isRunning(child: ChildProcess): boolean {
  return child.exitCode === null && child.signalCode === null;
}

/** The last lines a trainer wrote to stderr, for an error that says why it stopped. */
export class StderrTail {
  private tail = '';

  follow(child: ChildProcess): void {
    child.stderr?.setEncoding('utf8');
    child.stderr?.on('data', (chunk: string) => {
      this.tail = (this.tail + chunk).slice(-2000);
    });
  }

  lastLine(): string {
    const lines = this.tail.split('\n').map((l) => l.trim()).filter((l) => l && l.length < 400);
    return lines[lines.length - 1] ?? '';
  }
}

export function stoppedUnexpectedly(code: number | null, signal: NodeJS.Signals | null, lastLine: string): string {
  return `the trainer stopped unexpectedly (${signal ? `signal ${signal}` : `exit code ${code}`})${lastLine ? `: ${lastLine}` : ''}`;
}

/** The trainer as a child process: IPC with typed arrays, stderr kept, in a process group of its own. */
export function forkTrainer(trainerPath: string, execPath?: string): ChildProcess {
  return fork(trainerPath, [], {
    execPath,
    env: { ...process.env, ELECTRON_RUN_AS_NODE: '1' },
    serialization: 'advanced',
    stdio: ['ignore', 'ignore', 'pipe', 'ipc'],
    // Its own process group: signals meant for the caller's group do not reach it.
    detached: true,
  });
}

export interface ReplayStart extends Omit<TrainerStart, 'options'> {
  request: ReplayRequest;
  /** The stored run's final weights, which the replay must reach. */
  stored: Params;
  maxCsvMiB?: number;
}

/** The step view's replay in a trainer process of its own: one stored run again, one weight watched. */
export function replayInTrainer(start: ReplayStart): Promise<Extract<ReplayReply, { type: 'stepTrace' }>> {
  const child = forkTrainer(start.trainerPath, start.execPath);
  let stderr = '';
  child.stderr?.setEncoding('utf8');
  child.stderr?.on('data', (chunk: string) => (stderr = (stderr + chunk).slice(-2000)));
  return new Promise((resolve, reject) => {
    let reply: ReplayReply | undefined;
    child.on('message', (raw: unknown) => {
      if (isReplayReply(raw)) reply = raw;
    });
    child.on('error', (error) => reject(new Error(`the trainer could not start: ${error.message}`)));
    child.on('close', (code, signal) => {
      if (reply?.type === 'stepTrace') return resolve(reply);
      if (reply?.type === 'replayFailed') return reject(new Error(reply.message));
      const last = stderr.trim().split('\n').pop() ?? '';
      reject(new Error(`the trainer stopped before its replay answered (${signal ? `signal ${signal}` : `exit code ${code}`})${last ? `: ${last}` : ''}`));
    });
    child.send({
      type: 'replay',
      experiment: start.experiment,
      experimentPath: start.experimentPath,
      ...(start.workspaceRoot ? { workspaceRoot: start.workspaceRoot } : {}),
      ...(start.maxCsvMiB !== undefined ? { maxCsvMiB: start.maxCsvMiB } : {}),
      request: start.request,
      stored: start.stored,
    } satisfies HostToTrainer);
  });
}
