// The path variants of an experiment, one after the other: the exact path of a linear model
// with mse is computed in this thread (coordinate descent takes milliseconds), then SGD is
// trained at each of its λ beside it; a trained path queues its trainings. Trainings run on
// a pool of worker threads (or this thread, with threads 1).
import * as os from 'node:os';
import type { Dataset } from '../core/dataset';
import type { Experiment, Variant } from '../core/experiment';
import { exactLinearPath, hasExactPath } from '../core/path/exact-path';
import type { PathSpec } from '../core/path/grid';
import type { PathResult } from '../core/path/path-result';
import type { BackendChoice } from './backend';
import { loadTensorflow } from './backend';
import { chooseEngine } from './choose-engine';
import { trainRun } from './engine';
import { TrainingPool } from './parallel';
import { sgdBeside } from './sgd-beside';
import { PathCancelled, trainedPath, type TrainOne } from './trained-path';

export function isPathVariant(variant: Variant): variant is Variant & { path: PathSpec } {
  return variant.path !== undefined;
}

export interface PathOptions {
  engine: Experiment['training']['engine'];
  backend: BackendChoice;
  /** Worker threads; 1 trains in this thread. */
  threads?: number;
  isCancelled(): boolean;
  yieldToEvents?(): Promise<void>;
}

/** The paths of these variants, in order; undefined when cancelled. */
export async function runPaths(experiment: Experiment, variants: (Variant & { path: PathSpec })[], dataset: Dataset, options: PathOptions): Promise<PathResult[] | undefined> {
  const paths: PathResult[] = [];
  const exact = hasExactPath(experiment);
  // An exact path still trains: SGD at each λ, drawn beside the optimum.
  const trainer = await startTrainer(experiment, dataset, options);
  try {
    for (const variant of variants) {
      if (options.isCancelled()) return undefined;
      const started = performance.now();
      const path = exact ? exactLinearPath(experiment, variant, dataset) : await trainedPath(experiment, variant, dataset, trainer.train);
      const sgd = exact ? await sgdBeside(experiment, variant, dataset, path, trainer.train) : undefined;
      paths.push({ ...path, ...(sgd ? { sgd } : {}), seconds: (performance.now() - started) / 1000 });
    }
  } catch (error) {
    if (error instanceof PathCancelled || options.isCancelled()) return undefined;
    throw error;
  } finally {
    await trainer.close();
  }
  return paths;
}

/** One run at a time in this thread, or a pool of worker threads whose cancel ends them at once. */
async function startTrainer(experiment: Experiment, dataset: Dataset, options: PathOptions): Promise<{ train: TrainOne; close(): Promise<void> }> {
  const needs = { inputs: dataset.d, hidden: experiment.model.layers, training: experiment.training };
  if (options.threads === 1) {
    const { engine } = await chooseEngine(needs, options.engine, () => loadTensorflow(options.backend));
    return {
      train: async (spec) => {
        const outcome = await trainRun(engine, spec, { isCancelled: options.isCancelled, yieldToEvents: options.yieldToEvents });
        return outcome.cancelled ? undefined : outcome;
      },
      close: async () => {},
    };
  }
  const pool = new TrainingPool({ threads: options.threads ?? os.availableParallelism(), engine: options.engine, backend: options.backend });
  const watchCancel = setInterval(() => options.isCancelled() && void pool.close(), 50);
  return {
    train: (spec) =>
      pool.run(spec).then(
        (result) => (result.outcome.cancelled ? undefined : result.outcome),
        (error: unknown) => {
          if (options.isCancelled()) return undefined;
          throw error;
        },
      ),
    close: async () => {
      clearInterval(watchCancel);
      await pool.close();
    },
  };
}
