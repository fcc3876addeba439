// One build script, one bundle per process or thread: the extension host (node, 'vscode'
// external), the trainer child process and the CLI (node), the worker threads (the training
// pool's and a batch's second thread), and the panel's webview (browser).
// The tfjs wasm binaries are copied beside the bundles, where backend.ts looks for them, and
// the fast engine's SIMD kernels (kernels/simd.ts, AssemblyScript) are compiled to
// dist/kernels.wasm, where simd-kernels.ts looks for them. The panel's decision boundary
// worker is bundled first and inlined in the webview's bundle as the text REGX_PLANE_WORKER
// (the page starts it from a blob URL: a webview cannot load a worker from its resources).
import * as esbuild from 'esbuild';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { parseArgs } from 'node:util';

// parseArgs itself, not scripts/command-line.mjs: the UI checks build from a copy of the
// sources that has this file but not scripts/.
const { values: { production, watch } } = parseArgs({
  options: { production: { type: 'boolean', default: false }, watch: { type: 'boolean', default: false } },
});
const root = path.dirname(new URL(import.meta.url).pathname);
const dist = path.join(root, 'dist');

const node = {
  bundle: true,
  platform: 'node',
  format: 'cjs',
  target: 'node20',
  // ESM builds first: jsonc-parser's UMD build hides its requires from the bundler.
  mainFields: ['module', 'main'],
  sourcemap: !production,
  minify: production,
  logLevel: 'warning',
  // tfjs-node is optional and native: loaded at run time when installed, never bundled.
  external: ['vscode', '@tensorflow/tfjs-node'],
};

const browser = { bundle: true, platform: 'browser', target: 'es2022', minify: production, logLevel: 'warning' };
const planeWorker = 'src/panel/plane-worker.ts';

/** The boundary worker's bundle, as text. (With --watch, inlined as it was at the start.) */
async function planeWorkerSource() {
  if (!fs.existsSync(path.join(root, planeWorker))) return '';
  const { outputFiles } = await esbuild.build({ ...browser, format: 'iife', entryPoints: [planeWorker], write: false });
  return outputFiles[0].text;
}

const builds = [
  { ...node, entryPoints: { trainer: 'src/runtime/trainer-process.ts' }, outdir: dist },
  { ...node, entryPoints: { cli: 'src/runtime/cli.ts' }, outdir: dist, banner: { js: '#!/usr/bin/env node' } },
  { ...node, entryPoints: { 'parallel-worker': 'src/runtime/parallel-worker.ts' }, outdir: dist },
  { ...node, entryPoints: { 'batch-worker': 'src/runtime/batch-worker.ts' }, outdir: dist },
  { ...node, entryPoints: { extension: 'src/editor/extension.ts' }, outdir: dist },
  {
    // The webview. Platform 'browser' makes esbuild refuse Node's built-in modules;
    // `npm run check:layers` (panel-in-the-browser, core-is-pure) makes sure no Node-only
    // code of ours is reachable from src/panel/main.ts.
    ...browser,
    format: 'iife',
    sourcemap: !production,
    entryPoints: { webview: 'src/panel/main.ts' },
    outdir: dist,
    loader: { '.ttf': 'file' },
    define: { REGX_PLANE_WORKER: JSON.stringify(await planeWorkerSource()) },
  },
].filter((options) => Object.values(options.entryPoints).every((entry) => fs.existsSync(path.join(root, entry))));

function copyWasm() {
  const source = path.join(root, 'node_modules/@tensorflow/tfjs-backend-wasm/dist');
  const target = path.join(dist, 'wasm');
  fs.mkdirSync(target, { recursive: true });
  for (const file of fs.readdirSync(source).filter((f) => f.endsWith('.wasm'))) {
    fs.copyFileSync(path.join(source, file), path.join(target, file));
  }
}

/** kernels/simd.ts -> dist/kernels.wasm, with AssemblyScript's compiler (a dev dependency). */
async function buildKernels() {
  const source = path.join(root, 'kernels', 'simd.ts');
  const asc = await import('assemblyscript/asc');
  const { error, stderr } = await asc.main([
    source,
    '--outFile', path.join(dist, 'kernels.wasm'),
    '-O3', '--enable', 'simd', '--enable', 'threads', '--runtime', 'stub', '--noAssert',
    // Each session brings a memory sized for its buffers, shared so that a second thread can
    // compute part of a batch in it (simd-threads.ts); shared memories need a maximum.
    '--importMemory', '--sharedMemory', '--initialMemory', '1', '--maximumMemory', '65536',
  ]);
  if (error) throw new Error(`kernels/simd.ts did not compile: ${error.message}\n${stderr.toString()}`);
}

fs.mkdirSync(dist, { recursive: true });
copyWasm();
await buildKernels();
if (watch) {
  for (const options of builds) await (await esbuild.context(options)).watch();
  console.log('esbuild: watching');
} else {
  await Promise.all(builds.map((options) => esbuild.build(options)));
  fs.chmodSync(path.join(dist, 'cli.js'), 0o755);
}
