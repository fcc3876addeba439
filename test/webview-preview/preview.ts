// The panel outside VS Code: builds a static page (the real panelHtml, its CSP included)
// that loads dist/webview.js with a fake host, feeds it real results and live batches, and
// takes screenshots in headless chromium in the light, dark and high-contrast themes.
//
//   node --import tsx test/webview-preview/preview.ts            build, screenshot, check
//   node --import tsx test/webview-preview/preview.ts --serve    build and serve for a browser
//
// Results: /tmp/regx-seed/results.json (written by `node dist/cli.js train
// examples/seed-l1-vs-l2.regx.json --out /tmp/regx-seed`), trained here when missing;
// /tmp/regx-sparse-features/results.json for the several-inputs view, when present.
// Screenshots go to test-artifacts/webview-preview/. Exits 1 when the page logged an
// error or violated its Content-Security-Policy.
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as http from 'node:http';
import * as path from 'node:path';
import { parseArgs } from 'node:util';
import * as esbuild from 'esbuild';
import { panelHtml } from '../../src/editor/panel-html';
import type { HostToPanel } from '../../src/panel/protocol';
import type { ResultsDocument } from '../../src/core/results';
import { readResults } from '../../src/runtime/results-file';
import { liveScenario, resultsScenario, stressScenario } from './scenarios';
import { circleResults, threeClassResults } from '../support/circle-results';
import type { PreviewTheme } from './themes';

const root = path.resolve(__dirname, '../..');
const out = path.join(root, 'test-artifacts/webview-preview');
/** --serve: build the page and serve it for a browser instead of taking screenshots; --only PREFIX: only the shots whose name starts so. */
const { serve: serveOnly, only } = parseArgs({ options: { serve: { type: 'boolean', default: false }, only: { type: 'string' } } }).values;
const chromium = process.env.CHROMIUM ?? '/usr/bin/chromium';

function results(name: string, example: string, train: boolean): ResultsDocument | undefined {
  const file = `/tmp/regx-${name}/results.json`;
  if (!fs.existsSync(file) && train) {
    execFileSync(process.execPath, ['dist/cli.js', 'train', `examples/${example}`, '--out', `/tmp/regx-${name}`, '--backend', 'cpu'], { cwd: root, stdio: 'inherit' });
  }
  return fs.existsSync(file) ? readResults(file) : undefined;
}

/** JavaScript source for a value, typed arrays as typed arrays (what VS Code's postMessage delivers). */
function toJs(value: unknown): string {
  if (value instanceof Float32Array) return `F([${Array.from(value, (v) => (Number.isFinite(v) ? String(v) : 'NaN')).join(',')}])`;
  if (value instanceof Uint8Array) return `U([${Array.from(value).join(',')}])`;
  if (Array.isArray(value)) return `[${value.map(toJs).join(',')}]`;
  if (value && typeof value === 'object') {
    return `{${Object.entries(value)
      .filter(([, v]) => v !== undefined)
      .map(([k, v]) => `${JSON.stringify(k)}:${toJs(v)}`)
      .join(',')}}`;
  }
  if (typeof value === 'number' && !Number.isFinite(value)) return String(value);
  return JSON.stringify(value) ?? 'null';
}

async function build(): Promise<void> {
  execFileSync(process.execPath, ['esbuild.mjs'], { cwd: root, stdio: 'inherit' });
  fs.mkdirSync(out, { recursive: true });
  await esbuild.build({ entryPoints: [path.join(root, 'test/webview-preview/host.ts')], bundle: true, format: 'iife', platform: 'browser', target: 'es2022', outfile: path.join(out, 'host.js'), logLevel: 'warning' });
  const seed = results('seed', 'seed-l1-vs-l2.regx.json', true);
  if (!seed) throw new Error('no results for the seed experiment');
  const sparse = results('sparse-features', 'sparse-features.regx.json', false);
  const choose = results('choose-lambda', 'choose-lambda.regx.json', false);
  const scenarios: Record<string, HostToPanel[]> = {
    results: resultsScenario(seed),
    live: liveScenario(seed),
    stress: stressScenario(seed),
    ...(sparse ? { multi: resultsScenario(sparse) } : {}),
    ...(choose ? { paths: resultsScenario(choose) } : {}),
    // Classification, hand-made (test/support/circle-results.ts): the decision boundary, live and stored, and confusion matrices.
    boundary: resultsScenario(circleResults()),
    'boundary-live': liveScenario(circleResults(), 0.5),
    confusion: resultsScenario(threeClassResults()),
    // 10,000 points a split (the results keep a sample), a snapshot every 5 of 2000 epochs.
    'boundary-stress': stressScenario(circleResults(10_000), 2000, 5, 400),
  };
  fs.writeFileSync(path.join(out, 'data.js'), `(() => { const F = (a) => Float32Array.from(a); const U = (a) => Uint8Array.from(a);\nwindow.regxPreviewData = ${toJs(scenarios)};\n})();\n`);
  const nonce = 'cHJldmlldy1ub25jZQ';
  let html = panelHtml({
    cspSource: "'self'",
    nonce,
    scriptUri: '/dist/webview.js',
    styleUris: ['/media/panel.css'],
    codiconUri: '/dist/webview.css',
    title: seed.experiment.name,
  });
  // The fake host goes before the bundle, as VS Code's own script does.
  const host = `<script nonce="${nonce}" src="/test-artifacts/webview-preview/data.js"></script>\n<script nonce="${nonce}" src="/test-artifacts/webview-preview/host.js"></script>\n`;
  html = html.replace('<script nonce=', `${host}<script nonce=`);
  fs.writeFileSync(path.join(out, 'index.html'), html);
}

const types: Record<string, string> = { '.html': 'text/html', '.js': 'text/javascript', '.css': 'text/css', '.ttf': 'font/ttf', '.map': 'application/json' };

function serve(): Promise<http.Server & { url: string }> {
  const allowed = ['dist/', 'media/', 'test-artifacts/webview-preview/'];
  const server = http.createServer((request, response) => {
    const url = new URL(request.url ?? '/', 'http://localhost');
    if (url.pathname === '/favicon.ico') {
      response.writeHead(204).end();
      return;
    }
    const rel = url.pathname === '/' ? 'test-artifacts/webview-preview/index.html' : decodeURIComponent(url.pathname.slice(1));
    const file = path.join(root, rel);
    if (!allowed.some((a) => rel.startsWith(a)) || !file.startsWith(root) || !fs.existsSync(file)) {
      response.writeHead(404).end();
      return;
    }
    response.writeHead(200, { 'content-type': types[path.extname(file)] ?? 'application/octet-stream' });
    fs.createReadStream(file).pipe(response);
  });
  return new Promise((resolve) =>
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      resolve(Object.assign(server, { url: `http://127.0.0.1:${port}/` }));
    }),
  );
}

interface Shot {
  name: string;
  scenario: string;
  theme: PreviewTheme;
  /** Switch to this theme after loading: checks that a theme switch redraws the canvases. */
  switchTo?: PreviewTheme;
  width?: number;
  /** Drives the page before the screenshot (keyboard, clicks); returns a line for the log. */
  act?: (page: import('playwright-core').Page) => Promise<string>;
  /** Also one screenshot per section, at full resolution. */
  sections?: boolean;
  /** Only this element, not the full page. */
  element?: string;
  /** Milliseconds between the host's messages (default 20). */
  delay?: number;
}

/** The page's long tasks and the slowest draw of each view, in words. */
async function pageLoad(page: import('playwright-core').Page): Promise<string> {
  const report = await page.evaluate(() => (window as unknown as { regxLongTasks: number[] }).regxLongTasks ?? []);
  const views = await page.evaluate(() => {
    const worst: Record<string, number> = {};
    for (const m of performance.getEntriesByType('measure')) worst[m.name] = Math.max(worst[m.name] ?? 0, Math.round(m.duration));
    return worst;
  });
  return `(long tasks: ${report.length}, longest ${Math.round(Math.max(0, ...report))} ms; slowest draw per view in ms: ${JSON.stringify(views)})`;
}

/** Waits until every variant's boundary shows the epoch it should (the worker answered); says what it drew. */
async function boundaryDrawn(page: import('playwright-core').Page): Promise<string> {
  await page.waitForFunction(() => {
    const planes = Array.from(document.querySelectorAll<HTMLCanvasElement>('canvas.rx-boundary-plane'));
    return planes.length > 0 && planes.every((p) => p.dataset.epoch !== undefined && p.dataset.epoch === p.dataset.wanted);
  }, undefined, { timeout: 10_000 });
  const drawn = await page.evaluate(() => ({
    planes: Array.from(document.querySelectorAll<HTMLCanvasElement>('canvas.rx-boundary-plane')).map((p) => p.getAttribute('aria-label')),
    flat: Array.from(document.querySelectorAll<HTMLCanvasElement>('canvas.rx-boundary-thumb')).filter((c) => c.dataset.flat === 'true').map((c) => c.getAttribute('aria-label')),
  }));
  return `(${drawn.planes.join(' | ')}; flat: ${drawn.flat.join(' | ') || 'none'})`;
}

async function screenshots(url: string): Promise<number> {
  const { chromium: browserType } = await import('playwright-core');
  const browser = await browserType.launch({
    executablePath: chromium,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'],
  });
  const shots: Shot[] = [
    { name: 'results-dark', scenario: 'results', theme: 'dark', sections: true },
    { name: 'results-light', scenario: 'results', theme: 'light', sections: true },
    { name: 'results-dark-to-light', scenario: 'results', theme: 'dark', switchTo: 'light' },
    { name: 'results-high-contrast', scenario: 'results', theme: 'hc' },
    { name: 'live-dark', scenario: 'live', theme: 'dark', sections: true },
    { name: 'live-light-narrow', scenario: 'live', theme: 'light', width: 640 },
    {
      // Keyboard only: Tab to the epoch slider, Home for the first snapshot (the initial weights).
      name: 'keyboard-epoch-0-dark',
      scenario: 'results',
      theme: 'dark',
      act: async (page) => {
        for (let i = 0; i < 12 && !(await page.evaluate(() => document.activeElement?.id === 'rx-epoch')); i++) await page.keyboard.press('Tab');
        await page.keyboard.press('Home');
        await page.waitForTimeout(300);
        return `(slider focused by Tab: ${await page.evaluate(() => document.activeElement?.id === 'rx-epoch')}, shows ${await page.locator('.rx-epoch-text').textContent()})`;
      },
    },
    {
      // The play button replays the snapshots: the epoch moves on by itself.
      name: 'replay-light',
      scenario: 'results',
      theme: 'light',
      act: async (page) => {
        await page.locator('.rx-tool-epoch vscode-button').click();
        await page.waitForTimeout(1200);
        const during = await page.locator('.rx-epoch-text').textContent();
        await page.waitForTimeout(600);
        return `(replaying: ${during} then ${await page.locator('.rx-epoch-text').textContent()})`;
      },
    },
    {
      // Clicking "Apply shrink plan" posts the message with its variant.
      name: 'buttons-dark',
      scenario: 'results',
      theme: 'dark',
      act: async (page) => {
        await page.locator('.rx-plan vscode-button', { hasText: 'Apply shrink plan' }).first().click();
        await page.locator('.rx-plan vscode-button', { hasText: 'Train the shrunk model' }).last().click();
        await page.locator('.rx-header vscode-button', { hasText: 'Train' }).click();
        const posted = await page.evaluate(() => window.regxPreview.posted);
        return `(posted ${JSON.stringify(posted.slice(1))})`;
      },
    },
    {
      // Hovering a heatmap cell tells its weight; arrow keys on a focused heatmap do the same.
      name: 'heatmap-hover-light',
      scenario: 'results',
      theme: 'light',
      element: '.rx-heat-wrap',
      act: async (page) => {
        const heat = page.locator('canvas.rx-heat').nth(3);
        await heat.scrollIntoViewIfNeeded();
        const box = (await heat.boundingBox())!;
        await page.mouse.move(box.x + box.width - 30, box.y + 60);
        await page.waitForTimeout(200);
        return `(tooltip: ${await page.locator('.rx-tooltip').textContent()})`;
      },
    },
    {
      name: 'heatmap-keys-dark',
      scenario: 'results',
      theme: 'dark',
      element: '.rx-heat-wrap',
      act: async (page) => {
        await page.locator('canvas.rx-heat').nth(2).focus();
        for (const key of ['ArrowDown', 'ArrowDown', 'ArrowRight', 'ArrowRight', 'ArrowRight']) await page.keyboard.press(key);
        await page.waitForTimeout(200);
        return `(announced: ${await page.locator('.rx-heat-wrap ~ [aria-live]').textContent()})`;
      },
    },
    {
      // The runs as thin lines, on a linear scale.
      name: 'loss-lines-linear-dark',
      scenario: 'results',
      theme: 'dark',
      element: '#rx-loss',
      act: async (page) => {
        await page.locator('vscode-radio[value="lines"]').click();
        await page.locator('vscode-checkbox').click();
        await page.waitForTimeout(200);
        return `(${await page.locator('#rx-loss .rx-section-note').textContent()})`;
      },
    },
    {
      // 5000 epochs × 10 runs, progress every epoch, batches every 100 ms as the host sends
      // them: the page must keep up (its longest task is reported).
      name: 'stress-dark',
      scenario: 'stress',
      theme: 'dark',
      delay: 100,
      act: pageLoad,
    },
    { name: 'multi-light', scenario: 'multi', theme: 'light' },
    { name: 'multi-dark', scenario: 'multi', theme: 'dark' },
    {
      // The path view: clicking a λ on the error chart picks it; its button posts writeLambda.
      name: 'paths-dark',
      scenario: 'paths',
      theme: 'dark',
      element: '#rx-paths',
      act: async (page) => {
        const chart = page.locator('#rx-paths canvas').nth(1);
        await chart.scrollIntoViewIfNeeded();
        const box = (await chart.boundingBox())!;
        await page.mouse.click(box.x + box.width * 0.6, box.y + box.height * 0.4);
        await page.waitForTimeout(200);
        const picked = await page.locator('.rx-path-pick').first().textContent();
        await page.locator('.rx-path-pick vscode-button').first().click();
        const posted = await page.evaluate(() => window.regxPreview.posted);
        return `(picked: ${picked}; posted ${JSON.stringify(posted.slice(1))})`;
      },
    },
    { name: 'paths-light', scenario: 'paths', theme: 'light', element: '#rx-paths' },
    { name: 'boundary-dark', scenario: 'boundary', theme: 'dark', element: '#rx-boundary', act: boundaryDrawn },
    { name: 'boundary-light', scenario: 'boundary', theme: 'light', element: '#rx-boundary', act: boundaryDrawn },
    { name: 'boundary-dark-to-light', scenario: 'boundary', theme: 'dark', switchTo: 'light', element: '#rx-boundary', act: boundaryDrawn },
    { name: 'boundary-hc', scenario: 'boundary', theme: 'hc', element: '#rx-boundary', act: boundaryDrawn },
    { name: 'boundary-live-dark', scenario: 'boundary-live', theme: 'dark', element: '#rx-boundary', act: boundaryDrawn },
    {
      // Keyboard only: the epoch slider to the first snapshot; the boundary follows.
      name: 'boundary-epoch-0-light',
      scenario: 'boundary',
      theme: 'light',
      element: '#rx-boundary',
      act: async (page) => {
        await page.locator('#rx-epoch').focus();
        await page.keyboard.press('Home');
        return boundaryDrawn(page);
      },
    },
    { name: 'confusion-light', scenario: 'confusion', theme: 'light', element: '#rx-boundary' },
    { name: 'boundary-stress-dark', scenario: 'boundary-stress', theme: 'dark', delay: 100, act: async (page) => `${await boundaryDrawn(page)} ${await pageLoad(page)}` },
    { name: 'confusion-dark', scenario: 'confusion', theme: 'dark', element: '#rx-boundary' },
  ];
  let problems = 0;
  for (const shot of shots.filter((s) => !only || s.name.startsWith(only))) {
    const page = await browser.newPage({ viewport: { width: shot.width ?? 1100, height: 900 }, deviceScaleFactor: 1 });
    const logs: string[] = [];
    page.on('console', (m) => (m.type() === 'error' || m.type() === 'warning') && logs.push(`${m.type()}: ${m.text()}`));
    page.on('pageerror', (e) => logs.push(`pageerror: ${e.message}`));
    await page.goto(`${url}?scenario=${shot.scenario}&theme=${shot.theme}&delay=${shot.delay ?? 20}`);
    const available = await page.evaluate(() => Object.keys(window.regxPreviewData));
    if (!available.includes(shot.scenario)) {
      console.log(`${shot.name}: skipped (no ${shot.scenario} data)`);
      await page.close();
      continue;
    }
    await page.waitForFunction(() => window.regxPreview.done, undefined, { timeout: 120_000 });
    if (shot.switchTo) {
      await page.evaluate((t) => window.regxPreview.setTheme(t), shot.switchTo);
      await page.waitForTimeout(300);
    }
    const acted = shot.act ? await shot.act(page) : '';
    await page.waitForTimeout(200);
    const file = path.join(out, `${shot.name}.png`);
    if (shot.element) await page.locator(shot.element).screenshot({ path: file });
    else await page.screenshot({ path: file, fullPage: true });
    if (shot.sections) {
      await page.locator('.rx-header').screenshot({ path: path.join(out, `${shot.name}-header.png`) });
      for (const id of ['results', 'loss', 'fit', 'weights', 'sparsity', 'histograms']) {
        await page.locator(`#rx-${id}`).screenshot({ path: path.join(out, `${shot.name}-${id}.png`) });
      }
    }
    const report = await page.evaluate(() => ({ violations: window.regxPreview.violations, errors: window.regxPreview.errors, posted: window.regxPreview.posted.map((m) => m.type) }));
    const bad = [...report.violations.map((v) => `CSP ${v}`), ...report.errors, ...logs];
    problems += bad.length;
    console.log(`${path.relative(root, file)}${acted ? ` ${acted}` : ''}${bad.length ? `\n  ${bad.join('\n  ')}` : ''}  (posted: ${report.posted.join(', ')})`);
    await page.close();
  }
  await browser.close();
  return problems;
}

async function main(): Promise<void> {
  await build();
  const server = await serve();
  if (serveOnly) {
    console.log(`preview at ${server.url}?scenario=results&theme=dark (scenarios: results, live, multi; themes: dark, light, hc)`);
    return;
  }
  const problems = await screenshots(server.url).finally(() => server.close());
  if (problems > 0) {
    console.error(`${problems} problem(s) in the page`);
    process.exit(1);
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
