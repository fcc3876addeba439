// The results document on disk, and the one place that turns stored or posted shapes back
// into the typed arrays the rest of RegX works with. Pure: bytes in, bytes out.
//
// Version 2 is two files. results.json is the readable document: small arrays stay in it as
// plain arrays (a kernel as rows × columns: inputs × units), larger ones are references
// {"$binary": "float32" | "uint8", "offset": bytes, "length": values} into results.bin.
// results.bin, little-endian:
//   0   "REGXBIN" and a NUL            8 bytes
//   8   format version (2)             uint32
//   12  id of this write               uint32, also in results.json as binary.id
//   16  offset of the document text    float64 (an integer)
//   24  length of the document text    float64, in bytes
//   32  the arrays, each at an offset that is a multiple of 8 (a kernel row-major)
//   ... the document text: the same text as results.json
// The binary holds the whole document, so when writing results.json fails after the binary
// was written, nothing trained is lost: the binary alone is read (decodeStoredResults).
// Version 1 was results.json alone, every array inline; it is still read.
import type { LayerParams, Params } from './mlp';
import type { Snapshot } from './history';
import type { PathResult } from './path/path-result';
import { resultsVersion, type DatasetSummary, type ResultsDocument, type RunResult, type SplitSummary } from './results';

/** Arrays up to this many values stay in results.json; longer ones go to results.bin. */
export const inlineArrayMax = 16;

const magic = 'REGXBIN\0';
const headerBytes = 32;
const alignment = 8;
const littleEndianPlatform = new Uint8Array(Uint16Array.of(1).buffer)[0] === 1;

interface ArrayReference {
  $binary: 'float32' | 'uint8';
  offset: number;
  length: number;
}

/** How results.json names its binary. */
interface BinaryLink {
  file: string;
  id: string;
  /** Where the document text starts in the binary: the bytes of the header and the arrays. */
  arrayBytes: number;
}

export interface EncodedResults {
  json: string;
  /** The binary file as parts, in order: written one after the other, never joined in memory. */
  binary: Uint8Array[];
}

/** The two files of a results document; `binaryFile` is the binary's name as results.json gives it. */
export function encodeResults(document: ResultsDocument, binaryFile: string): EncodedResults {
  const parts: Uint8Array[] = [new Uint8Array(headerBytes)];
  let offset = headerBytes;
  // A run's last snapshot is its final weights, the same arrays: stored once, referenced twice.
  const stored = new Map<Float32Array | Uint8Array, ArrayReference>();
  const store = (array: Float32Array | Uint8Array): ArrayReference => {
    const known = stored.get(array);
    if (known) return known;
    const reference: ArrayReference = { $binary: array instanceof Float32Array ? 'float32' : 'uint8', offset, length: array.length };
    stored.set(array, reference);
    const bytes = littleEndianBytes(array);
    parts.push(bytes);
    offset += bytes.byteLength;
    const padding = (alignment - (offset % alignment)) % alignment;
    if (padding) parts.push(new Uint8Array(padding));
    offset += padding;
    return reference;
  };
  const skeleton = JSON.stringify({ ...document, version: resultsVersion }, (_key, value: unknown) => {
    if (isLayer(value) && value.kernel.length <= inlineArrayMax) {
      const { rows, cols, kernel } = value;
      return { ...value, kernel: Array.from({ length: rows }, (_, r) => Array.from(kernel.subarray(r * cols, (r + 1) * cols))) };
    }
    if (value instanceof Float32Array || value instanceof Uint8Array) return value.length <= inlineArrayMax ? Array.from(value) : store(value);
    return value;
  });
  const id = fnv1a(skeleton);
  const link: BinaryLink = { file: binaryFile, id: id.toString(16).padStart(8, '0'), arrayBytes: offset };
  const json = `${skeleton.slice(0, -1)},"binary":${JSON.stringify(link)}}`;
  const text = new TextEncoder().encode(json);
  const header = new DataView(parts[0].buffer);
  for (let i = 0; i < magic.length; i++) header.setUint8(i, magic.charCodeAt(i));
  header.setUint32(8, resultsVersion, true);
  header.setUint32(12, id, true);
  header.setFloat64(16, offset, true);
  header.setFloat64(24, text.byteLength, true);
  parts.push(text);
  return { json, binary: parts };
}

/** One results document from results.json (version 1, or version 2 with its results.bin). */
export function decodeResults(json: string, binary?: Uint8Array): ResultsDocument {
  const raw = parseDocument(json);
  if (raw.version === 1) return restoreResults(raw as unknown as ResultsDocument);
  const link = raw.binary as BinaryLink | undefined;
  if (!binary) throw new Error(`the arrays of these results are in ${link?.file ?? 'the .bin file beside them'}, which is missing`);
  const header = readHeader(binary);
  if (!link || link.id !== header.id) throw new Error(`${link?.file ?? 'the .bin file'} belongs to another training than this results file`);
  return restoreResults(reviveArrays(json, binary, header.arrayBytes));
}

/**
 * The document stored as results.json (text, or undefined when missing) beside results.bin
 * (bytes, or undefined): the pair when they belong together; else the newer of the two, since
 * a write puts the binary first and a failure or another writer may leave an older
 * results.json beside it.
 */
export function decodeStoredResults(json: string | undefined, binary: Uint8Array | undefined): ResultsDocument {
  if (binary === undefined) {
    if (json === undefined) throw new Error('there are no results');
    return decodeResults(json, binary);
  }
  const header = readHeader(binary);
  const embedded = new TextDecoder().decode(binary.subarray(header.textOffset, header.textOffset + header.textLength));
  if (json === undefined) return decodeResults(embedded, binary);
  let fromJson: { createdAt?: unknown; binary?: unknown; version?: unknown } | undefined;
  try {
    fromJson = parseDocument(json);
  } catch {
    return decodeResults(embedded, binary);
  }
  const matches = (fromJson.binary as BinaryLink | undefined)?.id === header.id;
  if (matches) return decodeResults(json, binary);
  const binaryCreated = String(parseDocument(embedded).createdAt);
  return String(fromJson.createdAt) > binaryCreated ? decodeResults(json, binary) : decodeResults(embedded, binary);
}

/** The parsed document text, checked to be RegX results of a version this code reads. */
function parseDocument(json: string): Record<string, unknown> {
  let raw: unknown;
  try {
    raw = JSON.parse(json);
  } catch (error) {
    throw new Error(`not a RegX results file: ${error instanceof Error ? error.message : String(error)}`);
  }
  const document = raw as Record<string, unknown> | null;
  if (typeof document !== 'object' || document === null || document.format !== 'regx-results') throw new Error('not a RegX results file (format regx-results)');
  if (document.version !== 1 && document.version !== resultsVersion) {
    throw new Error(`RegX results of version ${String(document.version)}, written by another RegX; this one reads versions 1 and ${resultsVersion}`);
  }
  return document;
}

function readHeader(binary: Uint8Array): { id: string; arrayBytes: number; textOffset: number; textLength: number } {
  const view = new DataView(binary.buffer, binary.byteOffset, binary.byteLength);
  const isRegx = binary.byteLength >= headerBytes && [...magic].every((c, i) => binary[i] === c.charCodeAt(0));
  if (!isRegx) throw new Error('not a RegX results binary (it does not start with REGXBIN)');
  const version = view.getUint32(8, true);
  if (version !== resultsVersion) throw new Error(`a RegX results binary of version ${version}; this RegX reads version ${resultsVersion}`);
  const textOffset = view.getFloat64(16, true);
  const textLength = view.getFloat64(24, true);
  if (textOffset + textLength !== binary.byteLength) throw new Error(`the results binary has ${binary.byteLength} bytes where its header says ${textOffset + textLength}: it was cut short or changed`);
  return { id: view.getUint32(12, true).toString(16).padStart(8, '0'), arrayBytes: textOffset, textOffset, textLength };
}

/** The document with every array reference replaced by its typed array. */
function reviveArrays(json: string, binary: Uint8Array, arrayBytes: number): ResultsDocument {
  return JSON.parse(json, (_key, value: unknown) => {
    if (!isReference(value)) return value;
    const size = value.$binary === 'float32' ? 4 : 1;
    const end = value.offset + value.length * size;
    if (!Number.isInteger(value.offset) || !Number.isInteger(value.length) || value.offset < headerBytes || end > arrayBytes) {
      throw new Error(`an array of these results lies outside the binary (bytes ${value.offset} to ${end} of ${arrayBytes})`);
    }
    return value.$binary === 'float32' ? float32At(binary, value.offset, value.length) : binary.slice(value.offset, end);
  }) as ResultsDocument;
}

function isReference(value: unknown): value is ArrayReference {
  if (typeof value !== 'object' || value === null) return false;
  const kind = (value as { $binary?: unknown }).$binary;
  return kind === 'float32' || kind === 'uint8';
}

function float32At(binary: Uint8Array, offset: number, length: number): Float32Array {
  const start = binary.byteOffset + offset;
  // A view when the bytes are aligned and in the platform's order, else a copy.
  if (littleEndianPlatform && start % 4 === 0) return new Float32Array(binary.buffer, start, length);
  if (littleEndianPlatform) return new Float32Array(binary.slice(offset, offset + length * 4).buffer);
  const view = new DataView(binary.buffer, start, length * 4);
  return Float32Array.from({ length }, (_, i) => view.getFloat32(i * 4, true));
}

function littleEndianBytes(array: Float32Array | Uint8Array): Uint8Array {
  if (array instanceof Uint8Array) return array;
  if (littleEndianPlatform) return new Uint8Array(array.buffer, array.byteOffset, array.byteLength);
  const bytes = new Uint8Array(array.byteLength);
  const view = new DataView(bytes.buffer);
  array.forEach((v, i) => view.setFloat32(i * 4, v, true));
  return bytes;
}

function isLayer(value: unknown): value is LayerParams {
  return typeof value === 'object' && value !== null && (value as { kernel?: unknown }).kernel instanceof Float32Array;
}

/** FNV-1a over the UTF-16 code units of a text: tells one write's files from another's. */
function fnv1a(text: string): number {
  let hash = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) hash = Math.imul(hash ^ text.charCodeAt(i), 0x01000193);
  return hash >>> 0;
}

// Shapes to typed arrays. Typed arrays pass through postMessage and structured clone as they
// are; JSON (results.json, an older host) gives plain arrays, and kernels as rows of numbers.

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
function flatKernel(kernel: unknown, rows: number, cols: number): Float32Array {
  if (Array.isArray(kernel) && kernel.length > 0 && typeof kernel[0] === 'object' && kernel[0] !== null) {
    const out = new Float32Array(rows * cols);
    (kernel as ArrayLike<number>[]).forEach((row, r) => {
      for (let c = 0; c < cols && c < row.length; c++) out[r * cols + c] = row[c];
    });
    return out;
  }
  return toF32(kernel as ArrayLike<number>);
}

function restoreLayer(layer: LayerParams): LayerParams {
  const kernel = flatKernel(layer.kernel, layer.rows, layer.cols);
  const bias = toF32(layer.bias);
  if (kernel === layer.kernel && bias === layer.bias) return layer;
  return { ...layer, kernel, bias };
}

export function restoreParams(params: Params): Params {
  return params.map(restoreLayer);
}

function restoreSnapshot(snapshot: Snapshot): Snapshot {
  return { epoch: snapshot.epoch, params: restoreParams(snapshot.params) };
}

/** A split; one of version 1 (or of an older trainer) held every row, so `rows` is its `n`. */
function restoreSplit(split: SplitSummary): SplitSummary {
  return { ...split, x: toF32(split.x), y: toF32(split.y), outlier: toU8(split.outlier), rows: split.rows ?? split.n, sampled: split.sampled ?? false };
}

export function restoreDataset(dataset: DatasetSummary): DatasetSummary {
  return {
    ...dataset,
    train: restoreSplit(dataset.train),
    test: restoreSplit(dataset.test),
    ...(dataset.grid ? { grid: toF32(dataset.grid) } : {}),
    ...(dataset.points ? { points: { train: toF32(dataset.points.train), test: toF32(dataset.points.test) } } : {}),
  };
}

export function restoreRunResult(result: RunResult): RunResult {
  return {
    ...result,
    params: restoreParams(result.params),
    snapshots: (result.snapshots ?? []).map(restoreSnapshot),
    testPredictions: toF32(result.testPredictions),
    ...(result.curve ? { curve: toF32(result.curve) } : {}),
  };
}

/** A results document with every array typed, whatever shape it came in; read as the current version. */
export function restoreResults(document: ResultsDocument): ResultsDocument {
  const { binary: _link, ...rest } = document as ResultsDocument & { binary?: BinaryLink };
  return {
    ...rest,
    version: resultsVersion,
    dataset: restoreDataset(document.dataset),
    variants: document.variants.map((v) => ({ ...v, runs: v.runs.map(restoreRunResult) })),
    ...(document.paths ? { paths: document.paths.map(restorePath) } : {}),
  };
}

/** A path's coefficient arrays typed (an exact linear path's only). */
export function restorePath(path: PathResult): PathResult {
  return {
    ...path,
    ...(path.coefficients ? { coefficients: toF32(path.coefficients) } : {}),
    ...(path.intercepts ? { intercepts: toF32(path.intercepts) } : {}),
    ...(path.sgd ? { sgd: { ...path.sgd, coefficients: toF32(path.sgd.coefficients), objectiveGap: path.sgd.objectiveGap.map((g) => g ?? NaN) } } : {}),
  };
}
