#!/usr/bin/env node
// RegX in Restricted Mode, in a real VS Code: a workspace that is not trusted, with results
// stored by an earlier training. What a person sees: the stored results in the lenses, and
// instead of Train a lens that says "Trust the workspace to train"; the Train command says
// why it does not train, and no trainer starts. (VS Code trusts every workspace while it
// runs extension tests, so this cannot be a test/vscode test: it drives the window instead.)
//
//   node --test-reporter=spec test/ui/restricted.mjs [--headed] [--verbose] [--keep]
//
// Loads the extension from this checkout's dist/ (`npm run build` first). The checks are
// node:test tests in one suite, in order, sharing one workbench; screenshots go to
// test-artifacts/ui/restricted-*.png.
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';
import { forwardConsole, isNoise, openWorkbench, runCommand, sleep, until } from '../vscode/harness.mjs';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const artifacts = path.join(root, 'test-artifacts', 'ui');
const seedName = 'seed-l1-vs-l2.regx.json';
const args = new Set(process.argv.slice(2));

describe('RegX in Restricted Mode', { timeout: 5 * 60_000 }, () => {
  const scratch = fs.mkdtempSync(path.join(os.tmpdir(), 'regx-restricted-'));
  let workbench;
  let page;
  const lensTexts = () => page.locator('.codelens-decoration a').allTextContents();
  const shot = (name) => {
    fs.mkdirSync(artifacts, { recursive: true });
    return page.screenshot({ path: path.join(artifacts, `restricted-${name}.png`) });
  };

  before(async () => {
    // The seed example with its results, as an earlier (trusted) training left them.
    const workspace = path.join(scratch, 'workspace');
    fs.cpSync(path.join(root, 'examples'), workspace, { recursive: true });
    const trained = path.join(scratch, 'trained');
    execFileSync(process.execPath, [path.join(root, 'dist', 'cli.js'), 'train', path.join(workspace, seedName), '--out', trained, '--quiet'], { stdio: 'ignore' });
    fs.mkdirSync(path.join(workspace, '.regx'));
    for (const ext of ['json', 'bin']) fs.copyFileSync(path.join(trained, `results.${ext}`), path.join(workspace, '.regx', seedName.replace(/\.regx\.json$/, `.results.${ext}`)));
    workbench = await openWorkbench({ extensionDev: root, folder: workspace, headed: args.has('--headed'), untrusted: true, settings: { 'workbench.tips.enabled': false } });
    page = workbench.page;
    if (args.has('--verbose')) forwardConsole(page, { filter: (l) => !isNoise(l) });
  });

  after(async () => {
    await workbench?.close();
    if (args.has('--keep')) console.log(`kept ${scratch}`);
    else fs.rmSync(scratch, { recursive: true, force: true });
  });

  it('the window is in Restricted Mode', async () => {
    await until(async () => (await page.locator('.statusbar-item', { hasText: /Restricted Mode/ }).count()) > 0, { what: 'no "Restricted Mode" in the status bar' });
  });

  it('the seed example shows its stored results, and "Trust the workspace to train" instead of Train', async (t) => {
    await page.keyboard.press('Control+P');
    await page.locator('.quick-input-widget input').fill(seedName);
    await page.locator('.quick-input-list .monaco-list-row', { hasText: seedName }).first().click();
    const lenses = await until(
      async () => {
        const texts = await lensTexts();
        return texts.includes('Trust the workspace to train') && texts.some((l) => l.startsWith('L1: test |error|')) ? texts : undefined;
      },
      { timeoutMs: 60_000, what: async () => `lenses: ${(await lensTexts().catch(() => [])).join(' | ') || 'none'}` },
    );
    if (lenses.includes('▶ Train')) throw new Error(`a Train lens in Restricted Mode: ${lenses.join(' | ')}`);
    t.diagnostic(`lenses: ${lenses.join(' | ')}`);
    await shot('lenses');
  });

  it('RegX: Train says why it does not train, and nothing trains', async () => {
    await runCommand(page, 'RegX: Train');
    await page.locator('.notification-toast', { hasText: 'RegX trains only in a trusted workspace' }).waitFor({ timeout: 15_000 });
    await shot('train-command');
    if ((await page.locator('.statusbar-item', { hasText: /RegX .*:/ }).count()) > 0) throw new Error('the status bar shows a training');
  });
});
