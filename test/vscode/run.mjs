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
const testsFile = path.join(root, 'dist', 'test', 'vscode', 'index.js');
await esbuild.build({
  entryPoints: [path.join(root, 'test/vscode/suite/index.ts')],
  outfile: testsFile,
  bundle: true,
  platform: 'node',
  format: 'cjs',
  target: 'node20',
  external: ['vscode'],
  logLevel: 'warning',
});
const workspace = fs.mkdtempSync(path.join(os.tmpdir(), 'regx-vscode-'));
fs.cpSync(path.join(root, 'examples'), workspace, { recursive: true });
try {
  process.exitCode = await runVSCodeTests({ extensionDev: root, tests: testsFile, folder: workspace, timeoutMs: 15 * 60_000 });
} finally {
  fs.rmSync(workspace, { recursive: true, force: true });
}
