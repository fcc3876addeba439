// The folds of k-fold cross-validation on the training split: the rows shuffled by a seeded
// stream and dealt out in turn, so the folds differ in size by at most one row and the same
// seed gives the same folds. The test split is never part of them.
import type { Split } from '../dataset';
import { permutation, Random } from '../random';

/** The fold (0..k-1) of each of n rows. */
export function assignFolds(n: number, k: number, seed: number): Uint8Array {
  if (!(k >= 2 && k <= 255)) throw new RangeError(`cross-validation needs between 2 and 255 folds, got ${k}`);
  if (n < k) throw new RangeError(`${k} folds need at least ${k} training rows, got ${n}`);
  const order = permutation(n, new Random(seed ^ 0x5f0d5f0d));
  const folds = new Uint8Array(n);
  order.forEach((row, i) => (folds[row] = i % k));
  return folds;
}

/** The rows of `split` outside fold `fold` (to train on) and in it (to validate on). */
export function splitFold(split: Split, d: number, folds: Uint8Array, fold: number): { train: Split; validation: Split } {
  const pick = (inFold: boolean): Split => {
    const rows: number[] = [];
    for (let i = 0; i < split.n; i++) if ((folds[i] === fold) === inFold) rows.push(i);
    const x = new Float32Array(rows.length * d);
    rows.forEach((row, i) => x.set(split.x.subarray(row * d, (row + 1) * d), i * d));
    return { x, y: Float32Array.from(rows, (row) => split.y[row]), outlier: Uint8Array.from(rows, (row) => split.outlier[row]), n: rows.length };
  };
  return { train: pick(false), validation: pick(true) };
}
