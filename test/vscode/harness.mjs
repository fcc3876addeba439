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
import {
  CHROMIUM,
  ensureCodeServer,
  installExtension,
  registerCleanup,
  startCodeServer,
  workbenchUrl,
} from '../../scripts/code-server.mjs';

const log = (msg) => console.log(`[vscode-test] ${msg}`);

/** Chromium flags from shared/vscode-testing.md (headless, no phoning home). */
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
  if (!fs.existsSync(CHROMIUM)) throw new Error(`${CHROMIUM} is missing: run node scripts/code-server.mjs install`);
  return chromium.launch({ executablePath: CHROMIUM, headless: !headed, args: CHROMIUM_ARGS });
}

/**
 * Turns a browser console message into one readable line. The extension
 * host's console.* calls reach the page console as
 *   "%c[Extension Host] %c<message> %c(at <stack frame>)", "color: blue", "color:", "color: grey"
 * so drop the %c markers and the CSS arguments.
 */
export function formatConsole(msg) {
  const text = msg.text();
  if (!text.includes('%c')) return text;
  const cssArgs = (text.match(/%c/g) || []).length;
  let out = text.replace(/%c/g, '');
  // Playwright's text() appends the extra arguments after the format string;
  // strip that many trailing CSS strings ("color: blue" etc.).
  for (let i = 0; i < cssArgs; i++) out = out.replace(/\s+(?:color|font-weight|background)[^%]*$/i, '');
  return out.trimEnd();
}

/**
 * Forwards the page's console and errors to `write` (stdout by default).
 * Returns a function that stops forwarding.
 */
export function forwardConsole(page, { write = (l) => console.log(l), filter } = {}) {
  const onConsole = (msg) => {
    const line = formatConsole(msg);
    if (filter && !filter(line, msg)) return;
    const type = msg.type();
    write(type === 'log' || type === 'info' ? line : `[${type}] ${line}`);
  };
  const onError = (err) => write(`[pageerror] ${err.message}`);
  page.on('console', onConsole);
  page.on('pageerror', onError);
  return () => { page.off('console', onConsole); page.off('pageerror', onError); };
}

// Workbench noise that is expected in a headless, offline, telemetry-free
// browser session and says nothing about the extension under test.
const NOISE = [
  /Failed to load resource/,
  /An iframe which has both allow-scripts and allow-same-origin/,
  /\[Service Worker\]/i,
  /vscode-remote-resource.*404/,
  /Ignoring the error while validating workspace folder/,
  /Long running operations during shutdown/,
  /marketplace|gallery|update\.code\.visualstudio/i,
];

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
  quiet = false,
  keepUserData = false,
  write = (l) => console.log(l),
} = {}) {
  const t0 = Date.now();
  let server, browser, userDataDir;
  const cleanup = async () => {
    await browser?.close().catch(() => {});
    await server?.stop().catch(() => {});
    if (userDataDir && !keepUserData) await fsp.rm(userDataDir, { recursive: true, force: true }).catch(() => {});
  };
  let timer;
  try {
    for (const [name, p] of [['--extension-dev', extensionDev], ['--tests', tests], ['--folder', folder]]) {
      if (!p) throw new Error(`${name} is required`);
      if (!path.isAbsolute(p)) throw new Error(`${name} must be an absolute path: ${p}`);
      if (!fs.existsSync(p)) throw new Error(`${name} does not exist: ${p}`);
    }
    await ensureCodeServer({ log });
    userDataDir = await fsp.mkdtemp(path.join(os.tmpdir(), 'regx-vscode-test-'));
    server = await startCodeServer({
      port,
      userDataDir,
      folder,
      log,
      // Server output includes the extension host's stderr lines and crash
      // reports; show it with --verbose.
      onOutput: verbose ? (l) => write(`[server] ${l}`) : undefined,
    });
    const url = workbenchUrl({ base: server.base, folder, extensionDev, extensionTests: tests });
    log(`code-server on ${server.base} (${((Date.now() - t0) / 1000).toFixed(1)} s)`);
    if (verbose) log(`url: ${url}`);

    browser = await launchBrowser({ headed });
    const page = await browser.newPage();
    forwardConsole(page, {
      write,
      filter: (line) => {
        if (verbose) return true;
        if (quiet) return line.startsWith('[Extension Host]');
        return !NOISE.some((re) => re.test(line));
      },
    });

    // VS Code web calls window.codeAutomationExit(code, logs) when the tests'
    // run() settles (0 resolved, 1 threw) -- but only if it exists before the
    // workbench starts, hence exposeFunction before goto.
    let reportExit;
    const reported = new Promise((resolve) => { reportExit = resolve; });
    await page.exposeFunction('codeAutomationExit', (code, logs) => {
      reportExit({ code, logs });
    });
    const timedOut = new Promise((resolve) => {
      timer = setTimeout(() => resolve({ code: 'timeout' }), Math.max(0, timeoutMs - (Date.now() - t0)));
    });
    const serverDied = server.exited.then((c) => ({ code: 'server-exit', detail: c }));

    await page.goto(url, { waitUntil: 'domcontentloaded' });
    const result = await Promise.race([reported, timedOut, serverDied]);
    const secs = ((Date.now() - t0) / 1000).toFixed(1);
    if (result.code === 'timeout') {
      log(`timed out after ${timeoutMs} ms`);
      await dumpLogs(page, write);
      return 2;
    }
    if (result.code === 'server-exit') {
      log(`code-server exited (${result.detail}) before the tests finished:\n${server.output.slice(-30).join('\n')}`);
      return 2;
    }
    const code = Number(result.code);
    if (code !== 0 && Array.isArray(result.logs)) printExtHostLog(result.logs, write);
    log(`VS Code reported exit code ${code} after ${secs} s`);
    return Number.isInteger(code) ? code : 2;
  } catch (e) {
    log(`error: ${e.stack || e.message}`);
    return 2;
  } finally {
    clearTimeout(timer);
    await cleanup();
  }
}

// On failure, VS Code hands over its log files ({relativePath, contents}[]);
// the extension host's one has activation errors that the console may lack.
function printExtHostLog(logs, write) {
  for (const f of logs) {
    if (!/exthost|remoteexthost/i.test(f.relativePath || '')) continue;
    const text = String(f.contents || '').trim();
    if (!text) continue;
    write(`----- ${f.relativePath} -----`);
    write(text.split('\n').slice(-80).join('\n'));
  }
}

async function dumpLogs(page, write) {
  try {
    const file = path.join(os.tmpdir(), `regx-vscode-timeout-${Date.now()}.png`);
    await page.screenshot({ path: file });
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
    if (Object.keys(settings).length) {
      const { seedUserData } = await import('../../scripts/code-server.mjs');
      await seedUserData(userDataDir, settings);
    }
    if (extensionVsix) await installExtension(extensionVsix, { userDataDir, log });
    server = await startCodeServer({ port, userDataDir, folder, log });
    const url = extensionDev ? workbenchUrl({ base: server.base, folder, extensionDev }) : server.url;
    browser = await launchBrowser({ headed });
    const page = await browser.newPage({ viewport: { width: 1400, height: 900 } });
    if (forward) forwardConsole(page, { filter: (l) => !NOISE.some((re) => re.test(l)) });
    await page.goto(url, { waitUntil: 'domcontentloaded' });
    await page.locator('.monaco-workbench').waitFor({ state: 'visible', timeout: timeoutMs });
    return { page, browser, server, url, close };
  } catch (e) {
    await close();
    throw e;
  }
}

// ---------------------------------------------------------------- CLI

function parseArgs(argv) {
  const flags = new Set(['headed', 'verbose', 'quiet', 'keep-user-data']);
  const opts = {};
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (!a.startsWith('--')) throw new Error(`unexpected argument: ${a}`);
    let k = a.slice(2), v;
    if (k.includes('=')) [k, v] = [k.slice(0, k.indexOf('=')), k.slice(k.indexOf('=') + 1)];
    else if (flags.has(k)) v = true;
    else v = argv[++i];
    if (v === undefined) throw new Error(`--${k} needs a value`);
    opts[k] = v;
  }
  return opts;
}

const USAGE = `usage: node test/vscode/harness.mjs --extension-dev DIR --tests FILE.js --folder DIR
         [--timeout-ms N (default 600000)] [--port N] [--headed] [--verbose] [--quiet] [--keep-user-data]`;

async function main() {
  let opts;
  try {
    opts = parseArgs(process.argv.slice(2));
    const known = new Set(['extension-dev', 'tests', 'folder', 'timeout-ms', 'port', 'headed', 'verbose', 'quiet', 'keep-user-data', 'help']);
    for (const k of Object.keys(opts)) if (!known.has(k)) throw new Error(`unknown option --${k}`);
    if (opts.help) { console.log(USAGE); return 0; }
  } catch (e) {
    console.error(`${e.message}\n${USAGE}`);
    return 2;
  }
  const abs = (p) => (p ? path.resolve(p) : p);
  return runVSCodeTests({
    extensionDev: abs(opts['extension-dev']),
    tests: abs(opts.tests),
    folder: abs(opts.folder),
    timeoutMs: opts['timeout-ms'] ? Number(opts['timeout-ms']) : undefined,
    port: opts.port ? Number(opts.port) : undefined,
    headed: !!opts.headed,
    verbose: !!opts.verbose,
    quiet: !!opts.quiet,
    keepUserData: !!opts['keep-user-data'],
  });
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  // Ctrl-C etc.: scripts/code-server.mjs's registerCleanup stops the server.
  registerCleanup(async () => {});
  main().then((code) => process.exit(code), (e) => { console.error(e); process.exit(2); });
}
