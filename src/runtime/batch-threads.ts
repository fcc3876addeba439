// Two threads on one batch (simd-batch.ts): the session's thread and a helper thread
// (batch-worker.ts) compute in one shared WebAssembly memory and meet between passes on a
// few Int32 words of shared memory, through Atomics. A step is short (from about 100 µs), so
// a thread waiting for the other spins for a while before it sleeps: waking a sleeping thread
// costs tens of microseconds.
//
// The control words:
//   STEP     bumped by the session to start a step (or to stop the helper);
//   ROWS     the step's batch rows; STOP_ROWS stops the helper;
//   ARRIVED  how many times the two threads arrived at a meeting, together;
//   STATE    STARTING, then READY once the helper has its kernels, or FAILED (its error is
//            posted on a port the session reads synchronously).
import { MessageChannel, receiveMessageOnPort, Worker, type MessagePort } from 'node:worker_threads';
import type { WasmMemory } from './simd-kernels';
import { workerEntry } from './worker-entry';

const STEP = 0;
const ROWS = 1;
const ARRIVED = 2;
const STATE = 3;
const STARTING = 0;
const READY = 1;
const FAILED = 2;
const STOP_ROWS = -1;

/**
 * How long a waiting thread spins before it sleeps: about the session's work between two
 * batches (the optimizer's step, copying the next batch in) on the networks that share their
 * batches, so that the helper is awake when the next one starts. Longer would waste a core
 * another process wants: on a loaded machine the other thread may not be running at all.
 */
const SPIN_MS = 0.5;
/** A thread that waits longer than this for the other has lost it (it died, or never started). */
const GIVE_UP_MS = 120_000;

/** What the helper thread starts with (`workerData`). */
export interface HelperData<Plan> {
  plan: Plan;
  memory: WasmMemory;
  control: SharedArrayBuffer;
  /** Where the helper posts its error before it sets FAILED. */
  errors: MessagePort;
}

/** One thread's end of the control words. */
export class ThreadLink {
  private readonly control: Int32Array;
  private meetings = 0;
  private steps = 0;

  constructor(
    buffer: SharedArrayBuffer,
    /** The session's side: throws if the helper has failed; called while waiting. The helper's side waits as long as it takes. */
    private readonly checkOther?: () => void,
  ) {
    this.control = new Int32Array(buffer);
  }

  /** Waits until both threads have arrived here (as often as each other). */
  readonly meet = (): void => {
    this.meetings++;
    const target = (this.meetings * 2) | 0;
    Atomics.add(this.control, ARRIVED, 1);
    Atomics.notify(this.control, ARRIVED);
    this.waitFor(ARRIVED, (arrived) => ((arrived - target) | 0) >= 0);
  };

  /** The session's side: starts a step of `rows` rows (STOP_ROWS stops the helper). */
  startStep(rows: number): void {
    Atomics.store(this.control, ROWS, rows);
    Atomics.add(this.control, STEP, 1);
    Atomics.notify(this.control, STEP);
  }

  /** The helper's side: waits for the next step and returns its rows, or STOP_ROWS. */
  nextStep(): number {
    this.steps++;
    const step = this.steps | 0;
    this.waitFor(STEP, (value) => value === step);
    return Atomics.load(this.control, ROWS);
  }

  setState(state: typeof READY | typeof FAILED): void {
    Atomics.store(this.control, STATE, state);
    Atomics.notify(this.control, STATE);
    // A session waiting at a meeting wakes up to see it.
    Atomics.notify(this.control, ARRIVED);
  }

  state(): number {
    return Atomics.load(this.control, STATE);
  }

  /** The session's side: waits until the helper is ready, or has failed. */
  waitUntilStarted(): void {
    this.waitFor(STATE, (state) => state !== STARTING);
  }

  /** Spins, then sleeps, until `done` holds for the word at `index`. */
  private waitFor(index: number, done: (value: number) => boolean): void {
    const control = this.control;
    if (done(Atomics.load(control, index))) return;
    const started = performance.now();
    for (let spins = 1; ; spins++) {
      const value = Atomics.load(control, index);
      if (done(value)) return;
      // The clock every 256 spins: reading it costs more than a spin.
      if ((spins & 255) === 0) {
        const waited = performance.now() - started;
        if (this.checkOther) this.checkOther();
        if (this.checkOther && waited > GIVE_UP_MS) throw new Error(`the other thread of a batch did not answer for ${GIVE_UP_MS / 1000} s`);
        if (waited > SPIN_MS) Atomics.wait(control, index, value, 50);
      }
    }
  }
}

/** The session's side of a helper thread that computes part of every batch. */
export class BatchHelper {
  private readonly link: ThreadLink;
  private stopped = false;

  private constructor(
    private readonly worker: Worker,
    control: SharedArrayBuffer,
    private readonly errors: MessagePort,
  ) {
    this.link = new ThreadLink(control, () => this.throwIfFailed());
  }

  /** Starts the helper over `memory` and waits until it is ready; throws with its error if it cannot start. */
  static start<Plan>(plan: Plan, memory: WasmMemory): BatchHelper {
    const control = new SharedArrayBuffer(4 * 4);
    const { port1, port2 } = new MessageChannel();
    const workerData: HelperData<Plan> = { plan, memory, control, errors: port2 };
    const worker = new Worker(reportingLoadErrors(workerEntry('batch-worker').code), { eval: true, workerData, transferList: [port2] });
    // Neither keeps the process alive: the session stops the helper when it is disposed.
    worker.unref();
    port1.unref();
    const helper = new BatchHelper(worker, control, port1);
    try {
      helper.link.waitUntilStarted();
      helper.throwIfFailed();
    } catch (error) {
      helper.stop();
      throw error;
    }
    return helper;
  }

  /** Starts the helper on a step of `rows` rows, whose inputs and weights are in the memory. */
  startStep(rows: number): void {
    this.link.startStep(rows);
  }

  /** Waits for the helper at the next meeting of the step. */
  readonly meet = (): void => this.link.meet();

  stop(): void {
    if (this.stopped) return;
    this.stopped = true;
    this.link.startStep(STOP_ROWS);
    void this.worker.terminate();
    this.errors.close();
  }

  private throwIfFailed(): void {
    if (this.link.state() !== FAILED) return;
    const posted = receiveMessageOnPort(this.errors)?.message as unknown;
    throw new Error(`the second thread of the batches failed: ${typeof posted === 'string' ? posted : 'no message'}`);
  }
}

/**
 * The helper's code, which reports an error while loading (a missing or broken file) as
 * batch-worker.ts reports its own: the session waits in Atomics, deaf to the worker's events.
 */
function reportingLoadErrors(code: string): string {
  return `try { ${code} } catch (error) {
    const { workerData } = require('node:worker_threads');
    workerData.errors.postMessage('it did not load: ' + (error instanceof Error ? error.message : String(error)));
    const control = new Int32Array(workerData.control);
    Atomics.store(control, ${STATE}, ${FAILED});
    Atomics.notify(control, ${STATE});
  }`;
}

export { FAILED, READY, STOP_ROWS };
