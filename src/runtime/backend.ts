// Loads TensorFlow.js with the best backend this machine has: tfjs-node (native
// TensorFlow, an optional dependency that fails to install where libtensorflow cannot be
// downloaded), else WebAssembly, else plain JavaScript (cpu).
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as tfCore from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-core/dist/register_all_gradients';
import '@tensorflow/tfjs-backend-cpu';
import { setWasmPaths } from '@tensorflow/tfjs-backend-wasm';

export type Tf = typeof tfCore;
import type { BackendChoice, BackendName } from '../core/experiment';

export type { BackendChoice, BackendName };

export interface LoadedTensorflow {
  tf: Tf;
  backend: BackendName;
  version: string;
}

let loaded: Promise<LoadedTensorflow> | undefined;
let loadedChoice: BackendChoice | undefined;

/** The TensorFlow.js to train with; loads once per process. */
export function loadTensorflow(choice: BackendChoice = 'auto'): Promise<LoadedTensorflow> {
  if (!loaded || loadedChoice !== choice) {
    loadedChoice = choice;
    loaded = load(choice);
  }
  return loaded;
}

async function load(choice: BackendChoice): Promise<LoadedTensorflow> {
  const failures: string[] = [];
  if (choice === 'auto' || choice === 'tensorflow') {
    try {
      // tfjs-node brings its own copy of tf.js with the native backend registered: use its
      // namespace, not the bundled one, or the two would not share tensors.
      const moduleName = '@tensorflow/tfjs-node';
      const tfNode = (await import(moduleName)) as Tf;
      await tfNode.setBackend('tensorflow');
      await tfNode.ready();
      return { tf: tfNode, backend: 'tensorflow', version: tfNode.version_core };
    } catch (error) {
      failures.push(`tfjs-node: ${firstLine(error)}`);
      if (choice === 'tensorflow') throw new Error(`the tensorflow backend is not available: ${failures.join('; ')}`);
    }
  }
  if (choice === 'auto' || choice === 'wasm') {
    const dir = wasmDirectory();
    if (dir) {
      setWasmPaths(dir + path.sep);
      if (await tfCore.setBackend('wasm')) {
        await tfCore.ready();
        return { tf: tfCore, backend: 'wasm', version: tfCore.version_core };
      }
      failures.push('wasm: the backend did not initialize');
    } else failures.push('wasm: its .wasm files were not found');
    if (choice === 'wasm') throw new Error(`the wasm backend is not available: ${failures.join('; ')}`);
  }
  await tfCore.setBackend('cpu');
  await tfCore.ready();
  return { tf: tfCore, backend: 'cpu', version: tfCore.version_core };
}

/** The .wasm binaries: beside the bundle (dist/wasm) or in node_modules when run from source. */
function wasmDirectory(): string | undefined {
  const candidates = [path.join(__dirname, 'wasm')];
  try {
    candidates.push(path.join(path.dirname(require.resolve('@tensorflow/tfjs-backend-wasm/package.json')), 'dist'));
  } catch {
    // not installed: only the bundled copy can serve
  }
  return candidates.find((dir) => fs.existsSync(path.join(dir, 'tfjs-backend-wasm.wasm')));
}

function firstLine(error: unknown): string {
  return String(error instanceof Error ? error.message : error).split('\n')[0];
}
