#!/usr/bin/env node
// code-server (VS Code's own server + web workbench, from npm) for testing RegX
// offline. See shared/vscode-testing.md for why: @vscode/test-electron and
// @vscode/test-web download VS Code at run time, which our machines cannot.
//
//   node scripts/code-server.mjs install
//   node scripts/code-server.mjs serve --extension-vsix PATH | --extension-dev PATH
//                                      [--port N] [--folder DIR]
//
// Also a module: ensureCodeServer(), startCodeServer(), findFreePort(), ...
// Only Node built-ins here; playwright-core is used by test/vscode/harness.mjs.

import { spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import fsp from 'node:fs/promises';
import http from 'node:http';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

export const CODE_SERVER_VERSION = '4.100.3';
export const PROJECT_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
export const CACHE_DIR = path.join(PROJECT_ROOT, '.cache');
/** Folder of its own (own package.json) holding node_modules/code-server. */
export const CODE_SERVER_HOME = path.join(CACHE_DIR, 'code-server');
export const CODE_SERVER_DIR = path.join(CODE_SERVER_HOME, 'node_modules', 'code-server');
export const CODE_SERVER_ENTRY = path.join(CODE_SERVER_DIR, 'out', 'node', 'entry.js');
/** Persistent user-data dir used by `serve`. Tests use fresh temporary ones. */
export const SERVE_DATA_DIR = path.join(CACHE_DIR, 'code-server-data');
const MARKER = path.join(CODE_SERVER_HOME, `.installed-${CODE_SERVER_VERSION}`);
const INSTALL_LOG = path.join(CODE_SERVER_HOME, 'install.log');
const LOCK_DIR = path.join(CACHE_DIR, 'code-server.lock');

// Debian packages: libkrb5-dev + pkg-config to build code-server's native
// modules, ripgrep replaces the rg binary its postinstall would download from
// GitHub, chromium is the browser the tests drive.
const APT_PACKAGES = ['libkrb5-dev', 'pkg-config', 'ripgrep', 'chromium'];
const RG = '/usr/bin/rg';
export const CHROMIUM = '/usr/bin/chromium';

const defaultLog = (msg) => console.log(`[code-server] ${msg}`);

// ---------------------------------------------------------------- install

/**
 * Installs code-server into .cache/code-server/ unless the marker says it is
 * there. Safe to call from several processes at once (a lock dir serializes
 * them). Returns the paths needed to run it.
 */
export async function ensureCodeServer({ log = defaultLog } = {}) {
  const result = { dir: CODE_SERVER_DIR, entry: CODE_SERVER_ENTRY, chromium: CHROMIUM };
  if (isInstalled()) return result;
  await withLock(log, async () => {
    if (isInstalled()) return; // another process finished while we waited
    const t0 = Date.now();
    if (process.versions.node.split('.')[0] !== '20') {
      log(`warning: code-server ${CODE_SERVER_VERSION} is built for Node 20; this is Node ${process.versions.node}`);
    }
    log(`installing code-server ${CODE_SERVER_VERSION} into ${path.relative(PROJECT_ROOT, CODE_SERVER_HOME)}/ (log: ${path.relative(PROJECT_ROOT, INSTALL_LOG)})`);
    ensureAptPackages(log);
    await fsp.mkdir(CODE_SERVER_HOME, { recursive: true });
    await fsp.writeFile(INSTALL_LOG, '');
    await fsp.rm(MARKER, { force: true });
    // Own package.json so npm treats this folder as a project root and never
    // touches the extension's package.json / lockfile above it.
    await fsp.writeFile(
      path.join(CODE_SERVER_HOME, 'package.json'),
      JSON.stringify({
        name: 'regx-code-server-cache',
        private: true,
        description: 'Cached code-server for RegX tests; see scripts/code-server.mjs',
        dependencies: { 'code-server': CODE_SERVER_VERSION },
      }, null, 2) + '\n',
    );

    // Its postinstall refuses root and downloads ripgrep: skip scripts, then
    // build the one native module (argon2) ourselves. A bare `npm rebuild`
    // here would run code-server's own postinstall again, which exits 1 as
    // root; --build-from-source stops node-pre-gyp trying GitHub first.
    await step(log, `npm install --ignore-scripts code-server@${CODE_SERVER_VERSION}`, CODE_SERVER_HOME,
      ['install', '--ignore-scripts', '--no-audit', '--no-fund']);
    await step(log, 'npm rebuild argon2', CODE_SERVER_HOME, ['rebuild', 'argon2'],
      { npm_config_build_from_source: 'true' });

    // VS Code itself ships without node_modules.
    const vscodeDir = path.join(CODE_SERVER_DIR, 'lib', 'vscode');
    await step(log, 'npm install --omit=dev --ignore-scripts (lib/vscode)', vscodeDir,
      ['install', '--omit=dev', '--ignore-scripts', '--no-audit', '--no-fund']);
    // @vscode/ripgrep's postinstall would download rg from GitHub; use Debian's.
    const rgBin = path.join(vscodeDir, 'node_modules', '@vscode', 'ripgrep', 'bin');
    await fsp.mkdir(rgBin, { recursive: true });
    await symlink(RG, path.join(rgBin, 'rg'));
    // node-pty's install script runs `npx node-gyp`; npm_config_yes avoids the prompt.
    await step(log, 'npm rebuild (lib/vscode: node-pty, ...)', vscodeDir, ['rebuild']);

    // What code-server's postinstall would also do.
    await symlink('node_modules', path.join(vscodeDir, 'node_modules.asar'));
    await symlink('code-linux.sh', path.join(vscodeDir, 'bin', 'remote-cli', 'code-server'));
    await symlink('browser-linux.sh', path.join(vscodeDir, 'bin', 'helpers', 'browser.sh'));

    if (!fs.existsSync(CODE_SERVER_ENTRY)) throw new Error(`install finished but ${CODE_SERVER_ENTRY} is missing`);
    await fsp.writeFile(MARKER, `code-server ${CODE_SERVER_VERSION} installed ${new Date().toISOString()}\n`);
    log(`code-server ${CODE_SERVER_VERSION} ready (${((Date.now() - t0) / 1000).toFixed(1)} s)`);
  });
  return result;
}

function isInstalled() {
  // Marker + entry in the cache, and the Debian files the install links to.
  return fs.existsSync(MARKER) && fs.existsSync(CODE_SERVER_ENTRY) && fs.existsSync(RG) && fs.existsSync(CHROMIUM);
}

function ensureAptPackages(log) {
  const q = spawnSync('dpkg-query', ['-W', '-f=${Package} ${db:Status-Abbrev}\n', ...APT_PACKAGES], { encoding: 'utf8' });
  const installed = new Set(
    (q.stdout || '').split('\n').filter((l) => /\sii\s*$/.test(l)).map((l) => l.split(' ')[0]),
  );
  const missing = APT_PACKAGES.filter((p) => !installed.has(p));
  if (missing.length === 0) return;
  if (typeof process.getuid !== 'function' || process.getuid() !== 0) {
    throw new Error(
      `missing Debian packages: ${missing.join(' ')}\n` +
      `  install them first:  sudo apt-get update && sudo apt-get install -y ${missing.join(' ')}`,
    );
  }
  log(`apt-get install ${missing.join(' ')}`);
  const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
  for (const args of [['update'], ['install', '-y', '--no-install-recommends', ...missing]]) {
    const r = spawnSync('apt-get', args, { stdio: ['ignore', 'pipe', 'pipe'], env, encoding: 'utf8' });
    if (r.status !== 0) {
      throw new Error(`apt-get ${args.join(' ')} failed (exit ${r.status}):\n${tail(r.stdout + r.stderr)}`);
    }
  }
}

/** Runs npm with output appended to the install log; throws with its tail. */
async function step(log, title, cwd, npmArgs, env = {}) {
  const t0 = Date.now();
  log(`${title} ...`);
  const out = fs.openSync(INSTALL_LOG, 'a');
  fs.writeSync(out, `\n$ (cd ${cwd} && npm ${npmArgs.join(' ')})\n`);
  const code = await new Promise((resolve, reject) => {
    const child = spawn('npm', npmArgs, {
      cwd,
      stdio: ['ignore', out, out],
      env: { ...process.env, npm_config_yes: 'true', npm_config_update_notifier: 'false', ...env },
    });
    child.on('error', reject);
    child.on('exit', (c, sig) => resolve(c ?? sig));
  });
  fs.closeSync(out);
  if (code !== 0) {
    throw new Error(`${title} failed (${code}); last lines of ${INSTALL_LOG}:\n${tail(fs.readFileSync(INSTALL_LOG, 'utf8'))}`);
  }
  log(`${title} done (${((Date.now() - t0) / 1000).toFixed(1)} s)`);
}

async function symlink(target, linkPath) {
  await fsp.rm(linkPath, { force: true, recursive: false }).catch(() => {});
  await fsp.symlink(target, linkPath);
}

function tail(text, n = 30) {
  return text.trimEnd().split('\n').slice(-n).join('\n');
}

/** mkdir-based lock; a lock left by a dead process is taken over. */
async function withLock(log, fn) {
  await fsp.mkdir(CACHE_DIR, { recursive: true });
  const pidFile = path.join(LOCK_DIR, 'pid');
  let warned = false;
  for (;;) {
    try {
      fs.mkdirSync(LOCK_DIR);
      fs.writeFileSync(pidFile, String(process.pid));
      break;
    } catch (e) {
      if (e.code !== 'EEXIST') throw e;
      const pid = Number(fs.existsSync(pidFile) ? fs.readFileSync(pidFile, 'utf8') : NaN);
      if (pid && !isAlive(pid)) {
        fs.rmSync(LOCK_DIR, { recursive: true, force: true });
        continue;
      }
      if (!warned) log(`waiting for another install (pid ${pid || '?'}) to finish ...`);
      warned = true;
      await sleep(1000);
    }
  }
  try {
    return await fn();
  } finally {
    fs.rmSync(LOCK_DIR, { recursive: true, force: true });
  }
}

function isAlive(pid) {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return e.code === 'EPERM';
  }
}

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

// ---------------------------------------------------------------- running

/**
 * Resolves to `preferred` if it is free on `host`, else the next free one of
 * the 20 after it, else a free port chosen by the OS. 0 = let the OS choose.
 */
export async function findFreePort(preferred = 0, host = '127.0.0.1') {
  const tryListen = (port) => new Promise((resolve) => {
    const srv = net.createServer();
    srv.unref();
    srv.once('error', () => resolve(null));
    srv.listen({ port, host, exclusive: true }, () => {
      const p = srv.address().port;
      srv.close(() => resolve(p));
    });
  });
  for (let port = preferred; preferred && port < preferred + 20 && port < 65536; port++) {
    const p = await tryListen(port);
    if (p) return p;
  }
  const p = await tryListen(0);
  if (!p) throw new Error(`no free port on ${host}`);
  return p;
}

/**
 * Writes User/settings.json in a user-data dir: keeps what is there, adds the
 * settings that keep tests quiet (no welcome page stealing focus, no trust prompt).
 */
export async function seedUserData(userDataDir, extraSettings = {}) {
  const userDir = path.join(userDataDir, 'User');
  await fsp.mkdir(userDir, { recursive: true });
  const file = path.join(userDir, 'settings.json');
  let settings = {};
  try {
    settings = JSON.parse(await fsp.readFile(file, 'utf8'));
  } catch (e) {
    if (e.code !== 'ENOENT') return; // hand-edited JSONC: leave it alone
  }
  settings = {
    'workbench.startupEditor': 'none',
    'security.workspace.trust.enabled': false,
    ...settings,
    ...extraSettings,
  };
  await fsp.writeFile(file, JSON.stringify(settings, null, 2) + '\n');
}

/** Arguments every code-server invocation gets (also --install-extension). */
function baseArgs(userDataDir, extensionsDir) {
  return [
    CODE_SERVER_ENTRY,
    // Without --config it writes ~/.config/code-server/config.yaml.
    '--config', path.join(userDataDir, 'config.yaml'),
    '--user-data-dir', userDataDir,
    '--extensions-dir', extensionsDir,
    '--disable-telemetry',
    '--disable-update-check',
  ];
}

/** `code-server --install-extension VSIX` into the given dirs (runs and exits). */
export async function installExtension(vsix, { userDataDir, extensionsDir = path.join(userDataDir, 'extensions'), log = defaultLog } = {}) {
  await fsp.mkdir(extensionsDir, { recursive: true });
  log(`installing extension ${vsix}`);
  const r = spawnSync(process.execPath, [...baseArgs(userDataDir, extensionsDir), '--install-extension', path.resolve(vsix), '--force'], {
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'pipe'],
    env: { EXTENSIONS_GALLERY: '{}', ...process.env }, // see startCodeServer
  });
  const out = `${r.stdout}${r.stderr}`;
  if (r.status !== 0 || /\bfailed\b/i.test(out)) {
    throw new Error(`--install-extension ${vsix} failed (exit ${r.status}):\n${tail(out)}`);
  }
}

/**
 * Starts code-server on 127.0.0.1 and resolves once it answers /healthz.
 * Returns { url, port, host, userDataDir, extensionsDir, process, stop() }.
 * `url` opens `folder` (if any). The server runs in its own process group so
 * stop() also ends the extension host, pty host and file watcher it spawns.
 * `onOutput(line)` receives the server's stdout/stderr lines (default: dropped
 * unless `verbose`).
 */
export async function startCodeServer({
  port,
  host = '127.0.0.1',
  userDataDir,
  extensionsDir,
  folder,
  extraArgs = [],
  env = {},
  onOutput,
  verbose = false,
  readyTimeoutMs = 60_000,
  log = defaultLog,
} = {}) {
  if (!fs.existsSync(CODE_SERVER_ENTRY)) throw new Error('code-server is not installed: call ensureCodeServer() or run `node scripts/code-server.mjs install`');
  const ownsDataDir = !userDataDir; // a temporary one, removed by stop()
  if (ownsDataDir) userDataDir = await fsp.mkdtemp(path.join(os.tmpdir(), 'regx-cs-'));
  extensionsDir ??= path.join(userDataDir, 'extensions');
  await fsp.mkdir(extensionsDir, { recursive: true });
  await seedUserData(userDataDir);
  port = await findFreePort(port ?? 0, host);

  const args = [
    ...baseArgs(userDataDir, extensionsDir),
    '--auth', 'none',
    '--bind-addr', `${host}:${port}`,
    '--disable-workspace-trust',
    ...extraArgs,
  ];
  if (folder) args.push(path.resolve(folder));
  const child = spawn(process.execPath, args, {
    detached: true, // own process group: see stop()
    stdio: ['ignore', 'pipe', 'pipe'],
    // EXTENSIONS_GALLERY={}: no marketplace (open-vsx.org), which these
    // machines cannot reach; each start would otherwise try DNS and log errors.
    env: { EXTENSIONS_GALLERY: '{}', ...process.env, ...env },
  });
  const lines = [];
  const onLine = (line) => {
    lines.push(line);
    if (lines.length > 200) lines.shift();
    if (onOutput) onOutput(line);
    else if (verbose) log(line);
  };
  splitLines(child.stdout, onLine);
  splitLines(child.stderr, onLine);

  let exited = false;
  const exitPromise = new Promise((resolve) => child.on('exit', (code, sig) => { exited = true; resolve(code ?? sig); }));

  const stop = async () => {
    if (ownsDataDir) exitPromise.then(() => fsp.rm(userDataDir, { recursive: true, force: true })).catch(() => {});
    if (exited) return;
    // Negative pid = the whole group. SIGTERM first, SIGKILL after a grace.
    try { process.kill(-child.pid, 'SIGTERM'); } catch { /* already gone */ }
    const t = setTimeout(() => { try { process.kill(-child.pid, 'SIGKILL'); } catch { /* gone */ } }, 3000);
    await exitPromise;
    clearTimeout(t);
    // Children (extension host etc.) may outlive the main process briefly.
    try { process.kill(-child.pid, 'SIGKILL'); } catch { /* gone */ }
  };
  // If this process ends without stop() (uncaught error, process.exit):
  // SIGKILL the group synchronously from the 'exit' hook.
  const killNow = () => { if (!exited) try { process.kill(-child.pid, 'SIGKILL'); } catch { /* gone */ } };
  registerCleanup(stop, killNow);
  exitPromise.then(() => unregisterCleanup(stop));

  // Wait for the HTTP endpoint.
  const deadline = Date.now() + readyTimeoutMs;
  for (;;) {
    if (exited) throw new Error(`code-server exited during start:\n${lines.slice(-30).join('\n')}`);
    if (await httpOk(`http://${host}:${port}/healthz`)) break;
    if (Date.now() > deadline) {
      await stop();
      throw new Error(`code-server did not answer on ${host}:${port} within ${readyTimeoutMs} ms:\n${lines.slice(-30).join('\n')}`);
    }
    await sleep(200);
  }
  const base = `http://${host}:${port}/`;
  const url = folder ? `${base}?folder=${encodeURIComponent(path.resolve(folder))}` : base;
  return { url, base, port, host, userDataDir, extensionsDir, process: child, exited: exitPromise, stop, output: lines };
}

/**
 * URL that opens `folder` with an extension loaded from source
 * (extensionDevelopmentPath) and optionally runs extension tests
 * (extensionTestsPath). Paths are on the server's file system; VS Code web
 * reads them from the `payload` query as vscode-remote:// URIs whose
 * authority is the server's host:port.
 */
export function workbenchUrl({ base, folder, extensionDev, extensionTests }) {
  const u = new URL(base);
  const authority = u.host; // host:port, as VS Code web uses for the remote authority
  const remote = (p) => `vscode-remote://${authority}${pathToFileURL(path.resolve(p)).pathname}`;
  const payload = [];
  if (extensionDev) payload.push(['extensionDevelopmentPath', remote(extensionDev)]);
  if (extensionTests) payload.push(['extensionTestsPath', remote(extensionTests)]);
  const q = [];
  if (folder) q.push(`folder=${encodeURIComponent(path.resolve(folder))}`);
  if (payload.length) q.push(`payload=${encodeURIComponent(JSON.stringify(payload))}`);
  return `${u.origin}/${q.length ? `?${q.join('&')}` : ''}`;
}

function httpOk(url) {
  return new Promise((resolve) => {
    const req = http.get(url, { timeout: 2000 }, (res) => {
      res.resume();
      resolve(res.statusCode === 200);
    });
    req.on('error', () => resolve(false));
    req.on('timeout', () => { req.destroy(); resolve(false); });
  });
}

function splitLines(stream, onLine) {
  let buf = '';
  stream.setEncoding('utf8');
  stream.on('data', (d) => {
    buf += d;
    let i;
    while ((i = buf.indexOf('\n')) >= 0) {
      onLine(buf.slice(0, i));
      buf = buf.slice(i + 1);
    }
  });
  stream.on('end', () => { if (buf) onLine(buf); });
}

// Kill started servers when this process ends (Ctrl-C, uncaught error, exit).
// `stop` is async (graceful); `killNow` must be synchronous, for the 'exit' event.
const cleanups = new Map();
let hooksInstalled = false;
export function registerCleanup(stop, killNow = () => {}) {
  cleanups.set(stop, killNow);
  if (hooksInstalled) return;
  hooksInstalled = true;
  process.on('exit', () => {
    for (const kill of cleanups.values()) kill();
  });
  for (const sig of ['SIGINT', 'SIGTERM', 'SIGHUP']) {
    process.once(sig, async () => {
      await Promise.allSettled([...cleanups.keys()].map((f) => f()));
      process.exit(sig === 'SIGINT' ? 130 : 143);
    });
  }
}
export function unregisterCleanup(stop) {
  cleanups.delete(stop);
}

// ---------------------------------------------------------------- CLI

function parseArgs(argv) {
  const opts = {};
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (!a.startsWith('--')) throw new Error(`unexpected argument: ${a}`);
    const [k, v] = a.includes('=') ? [a.slice(2, a.indexOf('=')), a.slice(a.indexOf('=') + 1)] : [a.slice(2), argv[++i]];
    if (v === undefined) throw new Error(`--${k} needs a value`);
    opts[k] = v;
  }
  return opts;
}

const USAGE = `usage:
  node scripts/code-server.mjs install
  node scripts/code-server.mjs serve (--extension-vsix PATH | --extension-dev PATH) [--port N] [--folder DIR]`;

async function main(argv) {
  const [cmd, ...rest] = argv;
  if (cmd === 'install') {
    const t0 = Date.now();
    await ensureCodeServer();
    defaultLog(`installed: ${path.relative(PROJECT_ROOT, CODE_SERVER_DIR)} (${Date.now() - t0} ms)`);
    return;
  }
  if (cmd === 'serve') {
    const opts = parseArgs(rest);
    const known = new Set(['extension-vsix', 'extension-dev', 'port', 'folder']);
    for (const k of Object.keys(opts)) if (!known.has(k)) throw new Error(`unknown option --${k}\n${USAGE}`);
    if (!opts['extension-vsix'] === !opts['extension-dev']) throw new Error(`give exactly one of --extension-vsix, --extension-dev\n${USAGE}`);
    await ensureCodeServer();
    const userDataDir = SERVE_DATA_DIR;
    const extensionsDir = path.join(userDataDir, 'extensions');
    if (opts['extension-vsix']) await installExtension(opts['extension-vsix'], { userDataDir, extensionsDir });
    const folder = opts.folder ? path.resolve(opts.folder) : undefined;
    const server = await startCodeServer({
      port: Number(opts.port || 8080),
      userDataDir,
      extensionsDir,
      folder,
      onOutput: (l) => console.log(`  ${l}`),
    });
    const url = opts['extension-dev']
      ? workbenchUrl({ base: server.base, folder, extensionDev: opts['extension-dev'] })
      : server.url;
    defaultLog(`user data: ${path.relative(PROJECT_ROOT, userDataDir)}/`);
    defaultLog(`open: ${url}`);
    defaultLog('Ctrl-C to stop');
    const code = await server.exited;
    defaultLog(`code-server exited (${code})`);
    process.exitCode = typeof code === 'number' ? code : 1;
    return;
  }
  console.error(USAGE);
  process.exitCode = cmd ? 2 : 0;
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  main(process.argv.slice(2)).catch((e) => {
    console.error(`[code-server] error: ${e.message}`);
    process.exit(2);
  });
}
