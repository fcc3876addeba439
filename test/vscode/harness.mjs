#!/usr/bin/env node
// Runs extension tests inside a real VS Code: code-server (VS Code's server
// and web workbench, from npm) serves the workbench and a Node extension host
// on 127.0.0.1; Debian's chromium, driven by playwright-core, is the window.
//
//   node test/vscode/harness.mjs --extension-dev DIR --tests FILE.js --folder DIR
//        [--timeout-ms N] [--port N] [--headed] [--verbose] [--keep-user-data]
//
// Exit code: what VS Code reported (0 = run() resolved, 1 = it threw), or 2 on
// timeout or infrastructure error. See test/vscode/README.md.

import fs from 'node:fs';
import fsp from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { readCommandLine } from '../../scripts/command-line.mjs';
import { CHROMIUM, ensureCodeServer } from '../../scripts/code-server/install.mjs';
import {
  installExtension,
  registerCleanup,
  seedUserData,
  startCodeServer,
  unregisterCleanup,
  workbenchUrl,
} from '../../scripts/code-server/serve.mjs';

const log = (msg) => console.log(`[vscode-test] ${msg}`);
export const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

/** Polls `probe` until it returns a truthy value; throws `what` (or what the function `what` says) after `timeoutMs`. */
export async function until(probe, { timeoutMs = 30_000, interval = 250, what }) {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe().catch(() => undefined);
    if (value) return value;
    if (Date.now() > deadline) throw new Error(typeof what === 'function' ? await what() : what);
    await sleep(interval);
  }
}

/**
 * Chromium flags for a headless run on a machine without a display, a GPU or internet:
 * no sandbox (chromium refuses to start as root with it, and containers often lack the user
 * namespaces it needs), no GPU, and none of the background requests (component updates,
 * sync) that could only fail here.
 */
export const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
];

async function loadPlaywright() {
  try {
    return (await import('playwright-core')).chromium;
  } catch (e) {
    throw new Error(`playwright-core is not installed (npm install): ${e.message}`);
  }
}

/** Launches Debian's chromium via playwright-core. */
export async function launchBrowser({ headed = false } = {}) {
  const chromium = await loadPlaywright();
  if (!fs.existsSync(CHROMIUM)) throw new Error(`${CHROMIUM} is missing: run node scripts/code-server/install.mjs`);
  return chromium.launch({ executablePath: CHROMIUM, headless: !headed, args: CHROMIUM_ARGS });
}

/**
 * Turns a browser console message into one readable line (async: reads the
 * message's arguments). VS Code's loggers print with CSS styling, e.g.
 *   console.log("%c INFO", "color: #33f", "tests: start")
 * and, outside test runs, the extension host's console.* calls arrive as
 *   console.log("%c[Extension Host] %cmessage %c(at ...)", "color: blue", "color:", "color: grey")
 * This drops the %c markers with the CSS argument each consumes, substitutes
 * %s/%d/%i/%f/%o/%O, and appends the remaining arguments.
 */
export async function formatConsole(msg) {
  let args;
  try {
    // Evaluated in the page: Errors become their stack, objects JSON.
    args = await Promise.all(msg.args().map((a) => a.evaluate((v) => {
      if (typeof v === 'string') return v;
      if (v instanceof Error) return v.stack || String(v);
      try { return JSON.stringify(v) ?? String(v); } catch { return String(v); }
    }).catch(() => a.toString())));
  } catch {
    return msg.text();
  }
  if (args.length === 0) return msg.text(); // e.g. network errors
  const str = (v) => (typeof v === 'string' ? v : String(v));
  const rest = args.slice();
  const format = (fmt) => fmt.replace(/%([csdifoO%])/g, (m, k) => {
    if (k === '%') return '%';
    if (k === 'c') { rest.shift(); return ''; }
    return rest.length ? str(rest.shift()) : m;
  });
  const parts = [];
  // The log service wraps the original console.log(fmt, ...args) as
  // ("%c INFO", "color: #33f", fmt, ...args): so a string that follows a
  // styling-only prefix is itself a format string (mocha's "%s (%dms)").
  let styledPrefix = false;
  while (rest.length) {
    const a = rest.shift();
    if (typeof a === 'string' && (parts.length === 0 || styledPrefix)) {
      const isPrefix = parts.length === 0 && a.includes('%c');
      // Trim the styled prefix, keep a message's own indentation.
      parts.push(isPrefix ? format(a).trim() : format(a));
      styledPrefix = isPrefix;
    } else {
      parts.push(str(a));
      styledPrefix = false;
    }
  }
  return parts.join(' ').trimEnd();
}

/**
 * Forwards the page's console and errors to `write` (stdout by default),
 * in order. Returns { stop(), flush() }: flush() resolves once every message
 * seen so far has been written.
 */
export function forwardConsole(page, { write = (l) => console.log(l), filter } = {}) {
  let queue = Promise.resolve();
  // VS Code often logs an error twice (log service "ERR x", then console.error
  // x): skip a message whose text equals one of the last few.
  const recent = [];
  const onConsole = (msg) => {
    const type = msg.type();
    const p = formatConsole(msg);
    queue = queue.then(async () => {
      const line = await p;
      if (filter && !filter(line, msg)) return;
      const body = line.replace(/^(INFO|ERR|WARN|TRACE|DEBUG)( |$)/, '').trim();
      if (body && recent.includes(body)) return;
      recent.push(body);
      if (recent.length > 5) recent.shift();
      // Log-service lines already carry their level (INFO, ERR, ...).
      write(type === 'log' || type === 'info' || body !== line ? line : `[${type}] ${line}`);
    });
  };
  const onError = (err) => { queue = queue.then(() => write(`[pageerror] ${err.message}`)); };
  page.on('console', onConsole);
  page.on('pageerror', onError);
  return {
    stop: () => { page.off('console', onConsole); page.off('pageerror', onError); },
    flush: () => queue,
  };
}

// Workbench chatter that is expected in a headless, offline session and says
// nothing about the extension under test (shown with --verbose).
export const NOISE = [
  /^Failed to load resource/, // e.g. vsda.js (a closed-source module code-server lacks): 404
  /An iframe which has both allow-scripts and allow-same-origin/,
  /The web worker extension host is started in a same-origin iframe/,
  /^INFO (Resolving|Resolved) connection token/,
  /^INFO Creating a socket/,
  /^INFO Updating additional builtin extensions cache/,
  /^INFO \[Service Worker\]/,
  /^INFO ChatSessionStore/,
  /^INFO Started local extension host/,
  /Overwriting extension <<.*>> to now point to mime/,
  /^INFO \[perf\]/,
  /^INFO Ignoring fetching additional builtin extensions from gallery/,
  /^WARN No search provider registered for scheme/,
];
export const isNoise = (line) => NOISE.some((re) => re.test(line));

/**
 * Runs the tests at `tests` (a CommonJS file exporting `run(): Promise<void>`)
 * in an extension host with `extensionDev` loaded as the extension under
 * development, in a window on `folder`. Resolves to the exit code:
 * 0 pass, 1 fail, 2 timeout/infrastructure error. Never throws.
 */
export async function runVSCodeTests({
  extensionDev,
  tests,
  folder,
  timeoutMs = 10 * 60_000,
  port,
  headed = false,
  verbose = false,
  keepUserData = false,
  settings = {},
  write = (l) => console.log(l),
} = {}) {
  const t0 = Date.now();
  const elapsed = () => `${((Date.now() - t0) / 1000).toFixed(1)} s`;
  let server, browser, page, userDataDir;

  // Everything (install check, server start, browser, tests) runs under one
  // overall deadline; whatever is running when it fires is killed in finally.
  let timer;
  const timedOut = new Promise((resolve) => {
    timer = setTimeout(() => resolve('timeout'), timeoutMs);
  });

  const attempt = async () => {
    for (const [name, p] of [['--extension-dev', extensionDev], ['--tests', tests], ['--folder', folder]]) {
      const bad = !p ? `${name} is required`
        : !path.isAbsolute(p) ? `${name} must be an absolute path: ${p}`
          : !fs.existsSync(p) ? `${name} does not exist: ${p}` : null;
      if (bad) throw Object.assign(new Error(bad), { usage: true });
    }
    await ensureCodeServer({ log });
    userDataDir = await fsp.mkdtemp(path.join(os.tmpdir(), 'regx-vscode-test-'));
    await seedUserData(userDataDir, settings);
    server = await startCodeServer({
      port,
      userDataDir,
      folder,
      log,
      // Server output has the extension host's process-level messages (its
      // launch, exit code, crashes); shown with --verbose.
      onOutput: verbose ? (l) => write(`[server] ${l}`) : undefined,
    });
    const url = workbenchUrl({ base: server.base, folder, extensionDev, extensionTests: tests });
    log(`code-server on ${server.base} (${elapsed()})`);
    if (verbose) log(`url: ${url}`);

    browser = await launchBrowser({ headed });
    page = await browser.newPage();
    // In a test run VS Code routes the extension host's console.* (and its
    // process.stdout/stderr) into the window's log service, which prints to
    // the page console as "%c INFO", "color: #33f", <message>.
    const forwarder = forwardConsole(page, {
      write: (line) => write(verbose ? line : trimStack(line.replace(/^INFO( |$)/, ''))),
      filter: (line) => verbose || !isNoise(line),
    });

    // VS Code web calls window.codeAutomationExit(code, logs) when the tests'
    // run() settles (0 resolved, 1 threw) -- only if the function exists
    // before the workbench starts, hence exposeFunction before goto.
    let reportExit;
    const reported = new Promise((resolve) => { reportExit = resolve; });
    await page.exposeFunction('codeAutomationExit', (code) => reportExit(code));
    const serverDied = server.exited.then((c) => {
      throw new Error(`code-server exited (${c}) before the tests finished:\n${server.output.slice(-30).join('\n')}`);
    });

    await page.goto(url, { waitUntil: 'domcontentloaded' });
    const reportedCode = await Promise.race([reported, serverDied]);
    await Promise.race([forwarder.flush(), sleep(2000)]);
    return Number(reportedCode);
  };

  // Idempotent cleanup, also run on Ctrl-C / SIGTERM (see registerCleanup).
  let cleaned;
  const cleanup = () => (cleaned ??= (async () => {
    clearTimeout(timer);
    await browser?.close().catch(() => {});
    await server?.stop().catch(() => {});
    if (userDataDir && !keepUserData) await fsp.rm(userDataDir, { recursive: true, force: true }).catch(() => {});
  })());
  const rmNow = () => { if (userDataDir && !keepUserData) fs.rmSync(userDataDir, { recursive: true, force: true }); };
  registerCleanup(cleanup, rmNow);

  try {
    const result = await Promise.race([attempt(), timedOut]);
    if (result === 'timeout') {
      log(`timed out after ${timeoutMs} ms`);
      await screenshot(page, write);
      return 2;
    }
    if (result !== 0) {
      log(keepUserData
        ? `logs (extension host: exthost1/remoteexthost.log): ${path.join(userDataDir, 'logs')}`
        : 'rerun with --keep-user-data --verbose to keep the logs and see all output');
    }
    log(`VS Code reported exit code ${result} after ${elapsed()}`);
    return result === 0 || result === 1 ? result : 2;
  } catch (e) {
    log(`error: ${e.usage ? e.message : e.stack || e.message}`);
    return 2;
  } finally {
    await cleanup();
    unregisterCleanup(cleanup);
  }
}

/** Drops stack frames inside VS Code itself (minified, never useful here). */
export function trimStack(text) {
  if (!text.includes('\n')) return text;
  const lines = text.split('\n');
  const kept = lines.filter((l) => !/^\s*at .*\/lib\/vscode\/out\//.test(l));
  if (kept.length < lines.length) kept.push(`\t(${lines.length - kept.length} VS Code frames hidden)`);
  return kept.join('\n');
}

async function screenshot(page, write) {
  if (!page) return;
  try {
    const file = path.join(os.tmpdir(), `regx-vscode-timeout-${Date.now()}.png`);
    await page.screenshot({ path: file, timeout: 5000 });
    write(`[vscode-test] screenshot at timeout: ${file}`);
  } catch { /* page may be gone */ }
}

/**
 * Opens a VS Code workbench in chromium for UI tests, with the extension
 * installed from a .vsix (`extensionVsix`) or loaded from source
 * (`extensionDev`), on `folder`. Resolves once `.monaco-workbench` is visible.
 * Returns { page, browser, server, url, close() }; always call close().
 */
export async function openWorkbench({
  extensionVsix,
  extensionDev,
  folder,
  port,
  headed = false,
  forward = false,
  settings = {},
  timeoutMs = 120_000,
  // true: the folder opens in Restricted Mode (Workspace Trust on, the folder not trusted).
  untrusted = false,
} = {}) {
  await ensureCodeServer({ log });
  const userDataDir = await fsp.mkdtemp(path.join(os.tmpdir(), 'regx-vscode-ui-'));
  let server, browser;
  const close = async () => {
    await browser?.close().catch(() => {});
    await server?.stop().catch(() => {});
    await fsp.rm(userDataDir, { recursive: true, force: true }).catch(() => {});
  };
  try {
    const trust = untrusted ? { 'security.workspace.trust.enabled': true, 'security.workspace.trust.startupPrompt': 'never' } : {};
    await seedUserData(userDataDir, { ...trust, ...settings });
    if (extensionVsix) await installExtension(extensionVsix, { userDataDir, log });
    server = await startCodeServer({ port, userDataDir, folder, log, workspaceTrust: untrusted });
    const url = extensionDev ? workbenchUrl({ base: server.base, folder, extensionDev }) : server.url;
    browser = await launchBrowser({ headed });
    const page = await browser.newPage({ viewport: { width: 1400, height: 900 } });
    if (forward) forwardConsole(page, { filter: (l) => !isNoise(l) });
    await page.goto(url, { waitUntil: 'domcontentloaded' });
    await page.locator('.monaco-workbench').waitFor({ state: 'visible', timeout: timeoutMs });
    return { page, browser, server, url, close };
  } catch (e) {
    await close();
    throw e;
  }
}

/**
 * Runs a command from the command palette by its title ("RegX: Train").
 * The workbench is visible before the extension host has registered the
 * extensions' contributions, so the palette may still say "No matching
 * commands": this retries until `timeoutMs`, then throws.
 */
export async function runCommand(page, title, { timeoutMs = 30_000 } = {}) {
  const deadline = Date.now() + timeoutMs;
  const input = page.locator('.quick-input-widget input');
  const row = page.locator('.quick-input-list .monaco-list-row', { hasText: title }).first();
  for (;;) {
    await page.keyboard.press('Control+Shift+P');
    await input.waitFor({ state: 'visible', timeout: 10_000 });
    await input.fill(`>${title}`);
    try {
      await row.waitFor({ state: 'visible', timeout: 2000 });
      await row.click();
      return;
    } catch {
      await page.keyboard.press('Escape');
      if (Date.now() > deadline) throw new Error(`command "${title}" did not appear in the command palette within ${timeoutMs} ms`);
      await sleep(500);
    }
  }
}

// ---------------------------------------------------------------- CLI

function positive(v, name) {
  const n = Number(v);
  if (!Number.isInteger(n) || n <= 0) throw new Error(`${name} must be a positive integer, got ${v}`);
  return n;
}

const USAGE = `usage: node test/vscode/harness.mjs --extension-dev DIR --tests FILE.js --folder DIR
         [--timeout-ms N (default 600000)] [--port N] [--headed] [--verbose] [--keep-user-data]`;

/** The harness options from the parsed command line; throws with what is wrong. */
function harnessOptions({ values }) {
  const absolute = (p) => (p === undefined ? undefined : path.resolve(p));
  return {
    extensionDev: absolute(values['extension-dev']),
    tests: absolute(values.tests),
    folder: absolute(values.folder),
    timeoutMs: values['timeout-ms'] === undefined ? undefined : positive(values['timeout-ms'], '--timeout-ms'),
    port: values.port === undefined ? undefined : positive(values.port, '--port'),
    headed: values.headed,
    verbose: values.verbose,
    keepUserData: values['keep-user-data'],
  };
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  // Ctrl-C etc. are handled by registerCleanup() in scripts/code-server/serve.mjs.
  const options = readCommandLine({
    usage: USAGE,
    options: {
      'extension-dev': { type: 'string' },
      tests: { type: 'string' },
      folder: { type: 'string' },
      'timeout-ms': { type: 'string' },
      port: { type: 'string' },
      headed: { type: 'boolean', default: false },
      verbose: { type: 'boolean', default: false },
      'keep-user-data': { type: 'boolean', default: false },
    },
    interpret: harnessOptions,
  });
  runVSCodeTests(options).then((code) => process.exit(code), (e) => { console.error(e); process.exit(2); });
}
