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
}

/** The decision alone, without loading TensorFlow.js; `simd` says whether the SIMD kernels load here. */
export function decideEngine(needs: EngineNeeds, choice: EngineChoice, simd = simdSupport().available): EngineDecision {
  const weights = weightCount(needs);
  const { batchSize } = needs.training;
  const size = `${weights.toLocaleString('en-US')} weights × batch ${batchSize}`;
  if (choice === 'fast') return { engine: 'fast', reason: `fast engine: training.engine is "fast" (${size})` };
  if (choice === 'tfjs') return { engine: 'tfjs', reason: `TensorFlow.js: training.engine is "tfjs" (${size})` };
  const work = weights * batchSize;
  const maxWork = crossoverFor(batchSize, simd);
  const crossover = maxWork.toLocaleString('en-US');
  return work <= maxWork
    ? { engine: 'fast', reason: `fast engine: ${size} is below the crossover (${crossover}) where TensorFlow.js' kernels start to pay off` }
    : { engine: 'tfjs', reason: `TensorFlow.js: ${size} is above the crossover (${crossover}) where its kernels pay off` };
}

/** The fast engine for this batch size: batches on the SIMD kernels where they load; single rows are plain JavaScript. */
function fastEngineFor(batchSize: number): Engine {
  return fastEngine(batchSize > 1 ? {} : { batchKernel: 'js' });
}

/** Where the fast engine computes a run of this batch size: 'wasm-simd' or 'js'. */
export function fastBackend(batchSize: number): string {
  return fastEngineFor(batchSize).backend;
}

/**
 * The engine to train with, and why. TensorFlow.js is loaded (by `loadTf`) only when it is
 * the one chosen; its reason then names the backend in use.
 */
export async function chooseEngine(
  needs: EngineNeeds,
  choice: EngineChoice,
  loadTf: () => Promise<LoadedTensorflow>,
): Promise<{ engine: Engine; reason: string }> {
  const decision = decideEngine(needs, choice);
  if (decision.engine === 'fast') return { engine: fastEngineFor(needs.training.batchSize), reason: decision.reason };
  const loaded = await loadTf();
  return { engine: tfjsEngine(loaded), reason: `${decision.reason}; backend ${loaded.backend}` };
}
