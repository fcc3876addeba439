// Runs test/vscode/suite inside a real VS Code: bundles the suite, copies the examples into
// a scratch workspace (the tests edit files there, never the repository's), and hands both
// to the harness. `npm test` calls this after the unit and integration tests.
import * as esbuild from 'esbuild';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';
import { runVSCodeTests } from './harness.mjs';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const suite = path.join(root, 'test', 'vscode', 'suite');
const out = path.join(root, 'dist', 'test', 'vscode');
// One bundle per test file beside the runner, which hands them to Mocha (mocha stays a
// require of the extension host, shared by all). Old bundles go first: Mocha runs every
// *.test.js it finds there.
fs.rmSync(out, { recursive: true, force: true });
await esbuild.build({
  entryPoints: ['index.ts', ...fs.readdirSync(suite).filter((f) => f.endsWith('.test.ts'))].map((f) => path.join(suite, f)),
  outdir: out,
  bundle: true,
  platform: 'node',
  format: 'cjs',
  target: 'node20',
  external: ['vscode', 'mocha'],
  logLevel: 'warning',
});
const testsFile = path.join(out, 'index.js');
const workspace = fs.mkdtempSync(path.join(os.tmpdir(), 'regx-vscode-'));
fs.cpSync(path.join(root, 'examples'), workspace, { recursive: true });
try {
  process.exitCode = await runVSCodeTests({ extensionDev: root, tests: testsFile, folder: workspace, timeoutMs: 15 * 60_000 });
} finally {
  fs.rmSync(workspace, { recursive: true, force: true });
}
