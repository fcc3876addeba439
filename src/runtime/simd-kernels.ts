// Loads the WebAssembly SIMD kernels (kernels/simd.ts, built by esbuild.mjs into
// dist/kernels.wasm) once per process. Each training session instantiates them over a memory
// of its own, sized for its buffers before the first step. The memory is shared (a
// SharedArrayBuffer): a second thread can instantiate the kernels over it and compute part of
// a batch there (batch-threads.ts).
import * as fs from 'node:fs';
import * as path from 'node:path';

// Node has WebAssembly, but @types/node does not declare it (lib.dom does, which the runtime
// does not compile with): the few parts used here, as they behave.
export interface WasmMemory {
  readonly buffer: SharedArrayBuffer;
}
type WasmModule = object;
interface WasmApi {
  validate(bytes: Uint8Array): boolean;
  Module: new (bytes: Uint8Array) => WasmModule;
  Instance: new (module: WasmModule, imports: object) => { exports: Record<string, unknown> };
  Memory: new (descriptor: { initial: number; maximum: number; shared: true }) => WasmMemory;
}
const wasm = (globalThis as unknown as { WebAssembly: WasmApi }).WebAssembly;

/** The kernels' exports; pointers are byte offsets into the session's memory. */
export interface MatrixKernels {
  readonly memory: WasmMemory;
  multiplyAdd(c: number, a: number, b: number, m: number, n: number, depth: number, aRow: number, aCol: number, bRow: number): void;
  transpose(to: number, from: number, rows: number, cols: number): void;
  relu(at: number, count: number): void;
  reluBackward(deltas: number, outs: number, count: number): void;
}

/** What runs the batches: the SIMD kernels, or plain JavaScript where they cannot load. */
export type BatchKernel = 'wasm-simd' | 'js';

let compiled: { module: WasmModule } | { missing: string } | undefined;

/** The compiled module, or why there is none (no SIMD in this runtime, or no build). */
function kernelModule(): { module: WasmModule } | { missing: string } {
  if (!compiled) compiled = compile();
  return compiled;
}

function compile(): { module: WasmModule } | { missing: string } {
  const file = [
    path.join(__dirname, 'kernels.wasm'), // beside the bundle in dist/
    path.join(__dirname, '..', '..', 'dist', 'kernels.wasm'), // run from source (tests, bench) after `npm run build`
  ].find((candidate) => fs.existsSync(candidate));
  if (!file) return { missing: 'kernels.wasm was not built (npm run build)' };
  const bytes = fs.readFileSync(file);
  // The module uses SIMD instructions throughout: it validates only where SIMD is supported.
  if (!wasm.validate(bytes)) return { missing: 'this runtime has no WebAssembly SIMD' };
  return { module: new wasm.Module(bytes) };
}

/** Whether batches can run on the SIMD kernels here, and if not, why. */
export function simdSupport(): { available: true } | { available: false; reason: string } {
  const found = kernelModule();
  return 'module' in found ? { available: true } : { available: false, reason: found.missing };
}

/** The kernels over a fresh memory of at least `bytes`; undefined where they cannot load. */
export function instantiateKernels(bytes: number): MatrixKernels | undefined {
  if (!simdSupport().available) return undefined;
  const pages = Math.max(1, Math.ceil(bytes / 65536));
  return kernelsOver(new wasm.Memory({ initial: pages, maximum: pages, shared: true }));
}

/** The kernels over a memory another thread made (instantiateKernels there); undefined where they cannot load. */
export function kernelsOver(memory: WasmMemory): MatrixKernels | undefined {
  const found = kernelModule();
  if (!('module' in found)) return undefined;
  const instance = new wasm.Instance(found.module, { env: { memory, abort: kernelAbort } });
  const exports = instance.exports as unknown as Omit<MatrixKernels, 'memory'>;
  return { memory, multiplyAdd: exports.multiplyAdd, transpose: exports.transpose, relu: exports.relu, reluBackward: exports.reluBackward };
}

function kernelAbort(): never {
  throw new Error('the SIMD kernels aborted');
}
