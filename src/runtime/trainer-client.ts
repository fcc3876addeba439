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

type Listener<T extends TrainingEvent['type']> = (message: Extract<TrainingEvent, { type: T }>) => void;

/** How long a cancelled trainer may take to stop by itself before it is killed. */
const cancelGraceMs = 1000;

export class TrainerClient {
  /** Settles when the trainer has exited, whichever way. */
  readonly done: Promise<TrainerOutcome>;
  private readonly child: ChildProcess;
  private readonly listeners = new Map<string, ((message: TrainingEvent) => void)[]>();
  private readonly started: number;
  private ready: Extract<TrainingEvent, { type: 'ready' }> | undefined;
  private dataset: DatasetSummary | undefined;
  private readonly finishedRuns: RunResult[] = [];
  private cancelRequested = false;
  private killTimer: NodeJS.Timeout | undefined;
  private stderrTail = '';

  private constructor(private readonly start: TrainerStart) {
    this.started = performance.now();
    this.child = forkTrainer(start.trainerPath, start.execPath);
    this.child.stderr?.setEncoding('utf8');
    this.child.stderr?.on('data', (chunk: string) => {
      this.stderrTail = (this.stderrTail + chunk).slice(-2000);
    });
    this.done = new Promise((resolve) => {
      let results: ResultsDocument | undefined;
      let failure: string | undefined;
      this.child.on('message', (raw: unknown) => {
        if (!isTrainingEvent(raw)) return;
        if (raw.type === 'ready') this.ready = raw;
        if (raw.type === 'dataset') this.dataset = raw.dataset;
        if (raw.type === 'runFinished') this.finishedRuns.push(raw.result);
        if (raw.type === 'finished') results = raw.results;
        if (raw.type === 'error' && raw.variant === undefined) failure = raw.path ? `${raw.path}: ${raw.message}` : raw.message;
        this.dispatch(raw);
      });
      this.child.on('error', (error) => {
        failure ??= `the trainer could not start: ${error.message}`;
      });
      // 'close', not 'exit': every message the trainer sent has arrived by then.
      this.child.on('close', (code, signal) => {
        clearTimeout(this.killTimer);
        if (this.cancelRequested) return resolve(this.cancelledOutcome());
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
  cancel(): Promise<TrainerOutcome> {
    if (!this.cancelRequested && this.isRunning()) {
      this.cancelRequested = true;
      this.send({ type: 'cancel' });
      this.killTimer = setTimeout(() => this.kill(), cancelGraceMs);
    }
    return this.done;
  }

  /** Ends the trainer now (a second Ctrl-C, the editor closing). Runs already finished are kept, as with cancel. */
  kill(): void {
    this.cancelRequested = true;
    if (this.isRunning()) this.child.kill('SIGKILL');
  }

  private isRunning(): boolean {
    return this.child.exitCode === null && this.child.signalCode === null;
  }

  /**
   * The outcome of a cancel: the runs that finished, as a results document marked
   * cancelled, or none when no run had finished. Available at once, even before the
   * trainer has exited (an editor closing cannot wait for it).
   */
  cancelledOutcome(): Extract<TrainerOutcome, { status: 'cancelled' }> {
    const { ready, dataset, finishedRuns } = this;
    if (!ready || !dataset || finishedRuns.length === 0) return { status: 'cancelled' };
    const results = buildResults({
      experiment: this.start.experiment,
      experimentPath: this.start.experimentPath,
      dataset,
      backend: ready.backend,
      engine: ready.engine,
      versions: ready.versions,
      runs: finishedRuns,
      seconds: (performance.now() - this.started) / 1000,
      cancelled: true,
    });
    return { status: 'cancelled', results };
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

/** The trainer as a child process: IPC with typed arrays, stderr kept, in a process group of its own. */
function forkTrainer(trainerPath: string, execPath?: string): ChildProcess {
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
