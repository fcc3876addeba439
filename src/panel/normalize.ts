// What arrives through postMessage is not always what the types say: VS Code passes typed
// arrays through, but a results document that went through JSON (or an older host) carries
// plain number arrays, and a kernel written by serializeResults is rows of numbers. These
// helpers turn any of those shapes into the typed arrays the rest of the panel relies on.
import type { DatasetSummary, ResultsDocument, RunResult, SplitSummary } from '../core/results';
import type { LayerParams, Params } from '../core/mlp';
import type { Snapshot } from '../core/history';

export function toF32(values: ArrayLike<number> | undefined | null): Float32Array {
  if (values instanceof Float32Array) return values;
  if (values === undefined || values === null) return new Float32Array(0);
  return Float32Array.from(values);
}

export function toU8(values: ArrayLike<number> | undefined | null): Uint8Array {
  if (values instanceof Uint8Array) return values;
  if (values === undefined || values === null) return new Uint8Array(0);
  return Uint8Array.from(values, (v) => (v ? 1 : 0));
}

/** A kernel as a flat row-major Float32Array, whether it came flat or as rows of numbers. */
export function flatKernel(kernel: unknown, rows: number, cols: number): Float32Array {
  if (Array.isArray(kernel) && kernel.length > 0 && typeof kernel[0] === 'object' && kernel[0] !== null) {
    const out = new Float32Array(rows * cols);
    (kernel as ArrayLike<number>[]).forEach((row, r) => {
      for (let c = 0; c < cols && c < row.length; c++) out[r * cols + c] = row[c];
    });
    return out;
  }
  return toF32(kernel as ArrayLike<number>);
}

export function normalizeLayer(layer: LayerParams): LayerParams {
  const kernel = flatKernel(layer.kernel, layer.rows, layer.cols);
  const bias = toF32(layer.bias);
  if (kernel === layer.kernel && bias === layer.bias) return layer;
  return { ...layer, kernel, bias };
}

export function normalizeParams(params: Params): Params {
  return params.map(normalizeLayer);
}

export function normalizeSnapshot(snapshot: Snapshot): Snapshot {
  return { epoch: snapshot.epoch, params: normalizeParams(snapshot.params) };
}

function normalizeSplit(split: SplitSummary): SplitSummary {
  return { ...split, x: toF32(split.x), y: toF32(split.y), outlier: toU8(split.outlier) };
}

export function normalizeDataset(dataset: DatasetSummary): DatasetSummary {
  return {
    ...dataset,
    train: normalizeSplit(dataset.train),
    test: normalizeSplit(dataset.test),
    ...(dataset.grid ? { grid: toF32(dataset.grid) } : {}),
  };
}

export function normalizeRunResult(result: RunResult): RunResult {
  return {
    ...result,
    params: normalizeParams(result.params),
    snapshots: (result.snapshots ?? []).map(normalizeSnapshot),
    testPredictions: toF32(result.testPredictions),
    ...(result.curve ? { curve: toF32(result.curve) } : {}),
  };
}

export function normalizeResults(document: ResultsDocument): ResultsDocument {
  return {
    ...document,
    dataset: normalizeDataset(document.dataset),
    variants: document.variants.map((v) => ({ ...v, runs: v.runs.map(normalizeRunResult) })),
  };
}
