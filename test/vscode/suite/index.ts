// The in-editor tests (test/vscode/README.md): VS Code requires this file in the extension
// host and awaits run(), which runs every *.test.js beside it with Mocha, as the VS Code
// extension samples do. test/vscode/run.mjs bundles this file and each *.test.ts into
// dist/test/vscode/; mocha stays external, so the test files and this runner share it.
import * as fs from 'node:fs';
import * as path from 'node:path';
import Mocha from 'mocha';
import { regxApi } from './helpers';

export async function run(): Promise<void> {
  // A throwing activate() would otherwise only be logged, and every test fail on its own.
  await regxApi();
  const mocha = new Mocha({
    ui: 'tdd',
    // The harness prints the extension host's output as plain lines; colour codes would show.
    color: false,
    reporter: 'spec',
    // Each test sets its own limit with this.timeout(); this one is for the hooks.
    timeout: 30_000,
    slow: 10_000,
    forbidOnly: true,
  });
  for (const file of fs.readdirSync(__dirname).filter((f) => f.endsWith('.test.js')).sort()) {
    mocha.addFile(path.join(__dirname, file));
  }
  const { passes, failures, pending } = await new Promise<{ passes: number; failures: number; pending: number }>((resolve, reject) => {
    try {
      const runner = mocha.run((failures) => resolve({ passes: runner.stats?.passes ?? 0, failures, pending: runner.stats?.pending ?? 0 }));
    } catch (error) {
      reject(error);
    }
  });
  console.log(`vscode: ${passes} passed, ${failures} failed, ${pending} skipped`);
  if (failures > 0) throw new Error(`${failures} VS Code test(s) failed`);
}
