#!/usr/bin/env node
// The decision boundary in a real VS Code: open the circle example, click Train, and read
// the panel's "Decision boundary" section from its pixels: one plane per variant with both
// classes' colours on it, a thumbnail per hidden neuron (those switched off flat, with their
// mark), and the planes changing when the epoch slider moves (and coming back when it
// returns). With --docs, after every check passed, the section's screenshot becomes the
// README's docs/screenshots/panel-boundary.png.
//
//   node --test-reporter=spec test/ui/boundary.mjs [--headed] [--verbose] [--keep] [--docs]
//
// Loads the extension from this checkout's dist/ (`npm run build` first). The checks are
// node:test tests in one suite, in order, sharing one workbench; screenshots go to
// test-artifacts/ui/boundary-*.png.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';
import { forwardConsole, isNoise, openWorkbench, runCommand, sleep, until } from '../vscode/harness.mjs';
import { canvasStats, changedShare, fmtStats } from './pixels.mjs';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const artifacts = path.join(root, 'test-artifacts', 'ui');
const exampleName = 'playground-circle.regx.json';
const args = new Set(process.argv.slice(2));

function assert(condition, message) {
  if (!condition) throw new Error(message);
}

/**
 * Per canvas, in the page: the share of its pixels leaning orange (red well above blue) and
 * blue (blue well above red), whatever the theme's exact shades.
 */
function classShares(canvases) {
  return canvases.map((canvas) => {
    const { data } = canvas.getContext('2d').getImageData(0, 0, canvas.width, canvas.height);
    let orange = 0;
    let blue = 0;
    for (let i = 0; i < data.length; i += 4) {
      if (data[i] > data[i + 2] + 40) orange++;
      else if (data[i + 2] > data[i] + 40) blue++;
    }
    const pixels = data.length / 4;
    return { orange: orange / pixels, blue: blue / pixels };
  });
}

describe('the decision boundary, as a person sees it', { timeout: 6 * 60_000 }, () => {
  const scratch = fs.mkdtempSync(path.join(os.tmpdir(), 'regx-boundary-'));
  let workbench;
  let page;
  let frame;
  let variants;
  let passed = 0;
  const shot = (name, locator = page) => {
    fs.mkdirSync(artifacts, { recursive: true });
    const file = path.join(artifacts, `boundary-${name}.png`);
    return locator.screenshot({ path: file }).then(() => file);
  };
  const planes = () => frame.locator('#rx-boundary canvas.rx-boundary-plane');
  const thumbs = () => frame.locator('#rx-boundary canvas.rx-boundary-thumb');
  /** Every plane shows the epoch it should: the worker's picture of that frame arrived. */
  const planesSettled = () => planes().evaluateAll((cs) => cs.length > 0 && cs.every((c) => c.dataset.epoch !== undefined && c.dataset.epoch === c.dataset.wanted) && cs.map((c) => c.dataset.epoch));

  before(async () => {
    const workspace = path.join(scratch, 'workspace');
    fs.cpSync(path.join(root, 'examples'), path.join(workspace, 'examples'), { recursive: true });
    fs.cpSync(path.join(root, 'schemas'), path.join(workspace, 'schemas'), { recursive: true });
    variants = JSON.parse(fs.readFileSync(path.join(workspace, 'examples', exampleName), 'utf8')).variants.map((v) => v.name);
    workbench = await openWorkbench({
      extensionDev: root,
      folder: workspace,
      headed: args.has('--headed'),
      settings: { 'workbench.colorTheme': 'Default Light Modern', 'workbench.tips.enabled': false, 'editor.minimap.enabled': false, 'workbench.secondarySideBar.defaultVisibility': 'hidden', 'chat.commandCenter.enabled': false },
    });
    page = workbench.page;
    if (args.has('--verbose')) forwardConsole(page, { filter: (l) => !isNoise(l) });
    frame = page.frameLocator('iframe.webview.ready').frameLocator('#active-frame');
  });

  after(async () => {
    await workbench?.close();
    if (args.has('--keep')) console.log(`kept ${scratch}`);
    else fs.rmSync(scratch, { recursive: true, force: true });
  });

  it('train the circle example from its lens: the panel shows the decision boundary', async (t) => {
    await page.keyboard.press('Control+P');
    await page.locator('.quick-input-widget input').fill(exampleName);
    await page.locator('.quick-input-list .monaco-list-row', { hasText: exampleName }).first().click();
    const train = page.locator('.codelens-decoration a', { hasText: /^▶ Train$/ });
    await train.waitFor({ timeout: 60_000 });
    await runCommand(page, 'View: Close Primary Side Bar').catch(() => t.diagnostic('could not close the side bar'));
    await train.click();
    await until(async () => (await frame.locator('.rx-status').textContent())?.trim() === 'finished', { timeoutMs: 150_000, interval: 500, what: 'the panel did not say "finished" within 150 s' });
    await frame.locator('#rx-boundary').scrollIntoViewIfNeeded();
    assert(!(await frame.locator('#rx-boundary').isHidden()), 'the "Decision boundary" section is hidden for a 2-D point set');
    passed++;
  });

  it('a boundary for each variant: both classes\' colours on every plane, the points on top', async (t) => {
    await until(planesSettled, { timeoutMs: 15_000, what: 'the planes did not show their epoch (no picture from the worker?)' });
    const names = await planes().evaluateAll((cs) => cs.map((c) => c.dataset.variant));
    assert(JSON.stringify(names) === JSON.stringify(variants), `planes for ${names.join(', ')}, variants ${variants.join(', ')}`);
    const stats = await planes().evaluateAll(canvasStats);
    const shares = await planes().evaluateAll(classShares);
    stats.forEach((s, i) => {
      assert(s.drawnShare === 1 && s.colours >= 50, `${variants[i]}'s plane is not painted: ${fmtStats(s)}`);
      assert(shares[i].orange >= 0.05 && shares[i].blue >= 0.05, `${variants[i]}'s plane does not show both classes: ${(100 * shares[i].orange).toFixed(1)}% orange, ${(100 * shares[i].blue).toFixed(1)}% blue`);
    });
    t.diagnostic(`planes: ${stats.map((s, i) => `${variants[i]} ${fmtStats(s)}, ${(100 * shares[i].orange).toFixed(0)}% orange ${(100 * shares[i].blue).toFixed(0)}% blue`).join('; ')}`);
    t.diagnostic((await planes().evaluateAll((cs) => cs.map((c) => c.getAttribute('aria-label')))).join(' | '));
    await shot('planes', frame.locator('#rx-boundary'));
    passed++;
  });

  it('a thumbnail per hidden neuron: the live ones drawn, the ones switched off flat and marked', async (t) => {
    const info = await thumbs().evaluateAll((cs) => cs.map((c) => ({ flat: c.dataset.flat === 'true', label: c.getAttribute('aria-label') })));
    assert(info.length > 0, 'no neuron thumbnails');
    const stats = await thumbs().evaluateAll(canvasStats);
    const live = stats.filter((_, i) => !info[i].flat);
    const flat = stats.filter((_, i) => info[i].flat);
    assert(live.length > 0, 'every neuron is flat');
    // A live neuron's map varies over the plane; a flat one is one colour but for its mark.
    live.forEach((s) => assert(s.colours >= 8, `a live neuron's thumbnail is (nearly) one colour: ${fmtStats(s)}`));
    flat.forEach((s) => assert(s.offBackgroundShare > 0.01 && s.offBackgroundShare < 0.3, `a flat thumbnail is not one colour with a mark: ${fmtStats(s)}`));
    t.diagnostic(`${info.length} thumbnails, ${flat.length} flat: ${info.filter((x) => x.flat).map((x) => x.label).slice(0, 4).join(' | ') || 'none'}`);
    passed++;
  });

  it('the epoch slider changes the boundaries, and End brings the last epoch back', async (t) => {
    const before = { epochs: await planesSettled(), stats: await planes().evaluateAll(canvasStats, 3) };
    const slider = frame.locator('#rx-epoch');
    await slider.focus();
    await page.keyboard.press('Home');
    const first = await until(async () => {
      const epochs = await planesSettled();
      return epochs && epochs.join() !== before.epochs.join() ? epochs : undefined;
    }, { timeoutMs: 10_000, what: `Home on the slider did not redraw the planes at another epoch (were at ${before.epochs})` });
    const atFirst = await planes().evaluateAll(canvasStats, 3);
    const share = changedShare(before.stats, atFirst);
    assert(share >= 0.05, `only ${(100 * share).toFixed(1)}% of the planes' pixels changed between epochs ${before.epochs} and ${first}`);
    await shot('epoch-first', frame.locator('#rx-boundary'));
    await page.keyboard.press('End');
    await until(async () => (await planesSettled())?.join() === before.epochs.join(), { timeoutMs: 10_000, what: 'End did not bring back the last epoch' });
    const back = await planes().evaluateAll(canvasStats, 3);
    assert(back.every((s, i) => s.hash === before.stats[i].hash), 'the planes at the last epoch differ from before');
    t.diagnostic(`slider: epochs ${before.epochs} → ${first}: ${(100 * share).toFixed(1)}% of the planes' pixels changed; End restored them`);
    passed++;
  });

  after(async () => {
    if (!args.has('--docs')) return;
    if (passed < 4) {
      console.log('docs: not updated, the run did not pass');
      return;
    }
    // The planes at the last epoch, as the second check photographed them.
    const target = path.join(root, 'docs', 'screenshots', 'panel-boundary.png');
    fs.copyFileSync(path.join(artifacts, 'boundary-planes.png'), target);
    console.log(`docs: ${path.relative(root, target)}`);
  });
});
