// A trainer process kept up between trainings, for the λ sliders: each slider step trains in
// it as a `step` (trainer-protocol.ts), so a step costs about its training, not a process
// start. One step trains at a time; a step asked for while another trains waits for it (the
// editor cancels the older one first). A step behaves as a training of its own (Training):
// its events, its outcome, a cancel that never reports success. The process ends with
// dispose(), or by itself when its host is gone, as every trainer does.
import type { ChildProcess } from 'node:child_process';
import { isTrainingEvent, type TrainingEvent } from '../core/training-events';
import { cancelGraceMs, forkTrainer, isRunning, StderrTail, stoppedUnexpectedly, TrainingTally, type Listener, type TrainerOutcome, type Training } from './trainer-client';
import { isStepReply, type HostToTrainer, type TrainRequest } from './trainer-protocol';

export class WarmTrainer {
  private child: ChildProcess | undefined;
  private readonly steps = new Map<number, WarmStep>();
  private nextStep = 1;
  private stderr = new StderrTail();
  /** Why the process failed as a whole (an error outside any step), when it said so. */
  private failure: string | undefined;

  /**
   * @param trainerPath dist/trainer.js
   * @param execPath Node executable; inside VS Code this is Electron, run as plain Node.
   */
  constructor(
    private readonly trainerPath: string,
    private readonly execPath?: string,
  ) {}

  /** Trains `request` as the next step, in the process kept up (started first when there is none). */
  train(request: TrainRequest): WarmStep {
    const child = this.process();
    const step = new WarmStep(this.nextStep++, request, this);
    this.steps.set(step.id, step);
    this.send(child, { type: 'step', step: step.id, ...request });
    return step;
  }

  /** Starts the process now if none is up, so that the next step does not wait for it. */
  warmUp(): void {
    this.process();
  }

  /** The process id, while one is up. */
  get pid(): number | undefined {
    return this.child && isRunning(this.child) ? this.child.pid : undefined;
  }

  /** Ends the process now; steps in flight end as cancelled (their finished runs kept). */
  dispose(): void {
    for (const step of this.steps.values()) step.markCancelled();
    if (this.child && isRunning(this.child)) this.child.kill('SIGKILL');
  }

  /** Called by a step. */
  cancelStep(step: number): void {
    if (this.child) this.send(this.child, { type: 'cancelStep', step });
  }

  /** Called by a step when it has ended. */
  forget(step: number): void {
    this.steps.delete(step);
  }

  private process(): ChildProcess {
    if (this.child && isRunning(this.child) && this.child.connected) return this.child;
    const child = forkTrainer(this.trainerPath, this.execPath);
    this.child = child;
    this.stderr = new StderrTail();
    this.stderr.follow(child);
    this.failure = undefined;
    child.on('message', (raw: unknown) => {
      if (isStepReply(raw)) {
        const step = this.steps.get(raw.step);
        if (raw.type === 'stepEvent') step?.take(raw.event);
        else step?.ended();
      } else if (isTrainingEvent(raw) && raw.type === 'error') this.failure = raw.message;
    });
    child.on('error', (error) => {
      this.failure ??= `the trainer could not start: ${error.message}`;
    });
    // 'close', not 'exit': every message the trainer sent has arrived by then.
    child.on('close', (code, signal) => {
      if (this.child === child) this.child = undefined;
      const why = this.failure ?? stoppedUnexpectedly(code, signal, this.stderr.lastLine());
      for (const step of [...this.steps.values()]) step.trainerStopped(why);
    });
    return child;
  }

  private send(child: ChildProcess, message: HostToTrainer): void {
    if (child.connected) child.send(message);
  }
}

/** One step of a warm trainer. */
export class WarmStep implements Training {
  readonly done: Promise<TrainerOutcome>;
  private readonly tally: TrainingTally;
  private settle!: (outcome: TrainerOutcome) => void;
  private settled = false;
  private cancelRequested = false;
  private killTimer: NodeJS.Timeout | undefined;

  constructor(
    readonly id: number,
    request: TrainRequest,
    private readonly trainer: WarmTrainer,
  ) {
    this.tally = new TrainingTally(request);
    this.done = new Promise((resolve) => (this.settle = resolve));
  }

  on<T extends TrainingEvent['type']>(type: T, listener: Listener<T>): this {
    this.tally.on(type, listener as (message: TrainingEvent) => void);
    return this;
  }

  /** Stops this step; if the trainer has not ended it within a short grace, the process is killed. */
  cancel(): Promise<TrainerOutcome> {
    if (!this.settled && !this.cancelRequested) {
      this.cancelRequested = true;
      this.trainer.cancelStep(this.id);
      this.killTimer = setTimeout(() => this.trainer.dispose(), cancelGraceMs);
    }
    return this.done;
  }

  /** Ends the step now, with the warm process (the editor closing). */
  kill(): void {
    this.cancelRequested = true;
    this.trainer.dispose();
  }

  cancelledOutcome(): Extract<TrainerOutcome, { status: 'cancelled' }> {
    return this.tally.cancelledOutcome();
  }

  get pid(): number | undefined {
    return this.trainer.pid;
  }

  /** Called by the trainer. */
  take(event: TrainingEvent): void {
    if (!this.settled) this.tally.take(event);
  }

  /** Called by the trainer: the process is being ended, so this step ends as cancelled. */
  markCancelled(): void {
    this.cancelRequested = true;
  }

  /** Called by the trainer: the step's `stepEnded` came. */
  ended(): void {
    if (this.cancelRequested) return this.end(this.cancelledOutcome());
    if (this.tally.results) return this.end({ status: 'finished', results: this.tally.results });
    this.end(this.tally.failed('the trainer ended the step without results'));
  }

  /** Called by the trainer: its process ended before this step did. */
  trainerStopped(why: string): void {
    this.end(this.cancelRequested ? this.cancelledOutcome() : this.tally.failed(why));
  }

  private end(outcome: TrainerOutcome): void {
    if (this.settled) return;
    this.settled = true;
    clearTimeout(this.killTimer);
    this.trainer.forget(this.id);
    this.settle(outcome);
  }
}
