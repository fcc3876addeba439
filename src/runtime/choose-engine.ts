// Which engine trains an experiment: `training.engine` forces one; `auto` takes the fast
// engine while a step is small enough that TensorFlow.js would spend its time dispatching
// ops rather than computing, and TensorFlow.js beyond, where its kernels win.
import type { Engine } from './engine';
import type { EngineChoice, HiddenLayer } from '../core/experiment';
import { fastEngine } from './fast-engine';
import { simdSupport } from './simd-kernels';
import { weightCount as weightsOf } from '../core/mlp';
import type { LoadedTensorflow } from './backend';
import { tfjsEngine } from './tfjs-engine';

/**
 * Work per step (batch size × weights) up to which `auto` uses the fast engine.
 * Measured with `npm run bench` (bench/README.md, "Crossover"): 2 cores, Node 20, tf.js 4.22
 * on the wasm backend (SIMD, one thread). The fast engine's steps/s fall in proportion to the
 * work; tf.js' stay flat (dispatch-bound) up to about 30k, then fall as well. Since batches
 * run as matrix products (fast-engine.ts), in three runs on a shared machine fast/tfjs was
 * 1.33-2.43× at 1.06M-1.09M, 0.85-1.23× at 4.2M and 1.17-1.22× at 17M: the fast engine wins
 * clearly up to about 1M, both are within about 20% from 4M on, where tf.js measured on a
 * quiet machine (39 steps/s at 17M) matched the fast engine's 37-39. The constant is where
 * the clear lead ends. tfjs-node (not installable here) has multi-threaded native kernels
 * and would take over earlier.
 */
export const FAST_ENGINE_MAX_WORK = 4_000_000;

/**
 * The same where batches run on the WebAssembly SIMD kernels (simd-kernels.ts). Measured with
 * `npm run bench` and bench/README.md's "Crossover": the fast engine was 8-16× tf.js on wasm
 * from 4.2M to 67M (1-512-512-512-1 at batch 128), the largest size measured; beyond it tf.js
 * takes over, untested, as do tfjs-node's native kernels where they are installed.
 */
export const SIMD_ENGINE_MAX_WORK = 68_000_000;

/**
 * Work per step (batch size × weights) from which a run's batches are shared by two threads
 * (batch-threads.ts), when the run may use two: below it, meeting the other thread three
 * times a step costs more than the half of the products it takes over.
 * Measured with `npx tsx bench/two-core.ts` (bench/README.md, "One run on two cores") on
 * 2026-12-05, load average 3.4 falling to 1.8: two threads won on every row from 1.07M on
 * (1-128-128-128-1 at batch 32: 1.06×, 1-64-64-64-1 at batch 128: 1.28×, up to 1.43× at 17M)
 * and lost on every row below but one (1-32-32-32-1 at batch 128, 283k: 1.15×; the others
 * 0.66-0.96×). Under heavier load (9-15) they also lost above 1M now and then, waiting for
 * each other while one of them was not running: the session itself then takes the faster way,
 * batch by batch (simd-batch.ts' FasterWay). To be measured again on a quiet machine.
 */
export const TWO_THREADS_MIN_WORK = 1_000_000;

/** A batch is shared by at most this many threads (simd-batch.ts splits it in two). */
export const MAX_BATCH_THREADS = 2;

/** The crossover for this batch size: batches of more than one row run on the SIMD kernels where they load. */
export function crossoverFor(batchSize: number, simd = simdSupport().available): number {
  return batchSize > 1 && simd ? SIMD_ENGINE_MAX_WORK : FAST_ENGINE_MAX_WORK;
}

/** What the choice depends on: the shape of the network and the batch size. */
export interface EngineNeeds {
  inputs: number;
  hidden: HiddenLayer[];
  training: { batchSize: number };
}

export function weightCount(needs: Pick<EngineNeeds, 'inputs' | 'hidden'>): number {
  return weightsOf(needs.inputs, needs.hidden);
}

/** Multiply-adds of one step, up to a constant factor: batch size × weights. */
export function workPerStep(needs: EngineNeeds): number {
  return needs.training.batchSize * weightCount(needs);
}

export interface EngineDecision {
  engine: 'fast' | 'tfjs';
  /** One line for people: which engine and why. */
  reason: string;
  /** Threads each run computes on: 2 where the fast engine shares its batches between two threads, else 1. */
  threads: 1 | 2;
}

/**
 * The decision alone, without loading TensorFlow.js; `simd` says whether the SIMD kernels load
 * here; `threadsPerRun`, how many threads each run may use (parallel.ts' threadsPerRun).
 */
export function decideEngine(needs: EngineNeeds, choice: EngineChoice, simd = simdSupport().available, threadsPerRun = 1): EngineDecision {
  const weights = weightCount(needs);
  const { batchSize } = needs.training;
  const size = `${weights.toLocaleString('en-US')} weights × batch ${batchSize}`;
  const fast = (reason: string): EngineDecision => ({ engine: 'fast', reason, threads: batchThreads(needs, simd, threadsPerRun) });
  if (choice === 'fast') return fast(`fast engine: training.engine is "fast" (${size})`);
  if (choice === 'tfjs') return { engine: 'tfjs', reason: `TensorFlow.js: training.engine is "tfjs" (${size})`, threads: 1 };
  const work = weights * batchSize;
  const maxWork = crossoverFor(batchSize, simd);
  const crossover = maxWork.toLocaleString('en-US');
  return work <= maxWork
    ? fast(`fast engine: ${size} is below the crossover (${crossover}) where TensorFlow.js' kernels start to pay off`)
    : { engine: 'tfjs', reason: `TensorFlow.js: ${size} is above the crossover (${crossover}) where its kernels pay off`, threads: 1 };
}

/** Threads the fast engine shares each batch of a run between: 2 on the SIMD kernels from TWO_THREADS_MIN_WORK on, where the run may use 2. */
export function batchThreads(needs: EngineNeeds, simd = simdSupport().available, threadsPerRun = 1): 1 | 2 {
  return simd && needs.training.batchSize > 1 && threadsPerRun >= MAX_BATCH_THREADS && workPerStep(needs) >= TWO_THREADS_MIN_WORK ? 2 : 1;
}

/** The fast engine for this run: batches on the SIMD kernels where they load, on `threads` threads; single rows are plain JavaScript. */
function fastEngineFor(batchSize: number, threads: 1 | 2 = 1): Engine {
  return fastEngine(batchSize > 1 ? { batchThreads: threads } : { batchKernel: 'js' });
}

/** Where the fast engine computes a run of this batch size: 'wasm-simd' or 'js'. */
export function fastBackend(batchSize: number): string {
  return fastEngineFor(batchSize).backend;
}

/**
 * The engine to train with, and why. TensorFlow.js is loaded (by `loadTf`) only when it is
 * the one chosen; its reason then names the backend in use. `threadsPerRun`: how many threads
 * the run may use (1 when the runs of a pool already keep every core busy).
 */
export async function chooseEngine(
  needs: EngineNeeds,
  choice: EngineChoice,
  loadTf: () => Promise<LoadedTensorflow>,
  threadsPerRun = 1,
): Promise<{ engine: Engine; reason: string }> {
  const decision = decideEngine(needs, choice, undefined, threadsPerRun);
  if (decision.engine === 'fast') return { engine: fastEngineFor(needs.training.batchSize, decision.threads), reason: decision.reason };
  const loaded = await loadTf();
  return { engine: tfjsEngine(loaded), reason: `${decision.reason}; backend ${loaded.backend}` };
}
