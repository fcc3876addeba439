#!/usr/bin/env node
// Runs the code-server that install.mjs put into .cache/: free ports, user-data dirs with
// quiet settings, installing a .vsix, the workbench address that loads an extension from
// source (and runs its tests), and stopping the server with every process it started.
//
//   node scripts/code-server/serve.mjs (--extension-vsix PATH | --extension-dev PATH)
//                                      [--port N] [--folder DIR]
//
// Also a module: startCodeServer(), installExtension(), workbenchUrl(), findFreePort(), ...
// Only Node built-ins here; playwright-core is used by test/vscode/harness.mjs.

import { spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import fsp from 'node:fs/promises';
import http from 'node:http';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { readCommandLine } from '../command-line.mjs';
import { CACHE_DIR, CODE_SERVER_ENTRY, PROJECT_ROOT, defaultLog, ensureCodeServer, lastLines, sleep } from './install.mjs';

/** Persistent user-data dir used by `serve` and `npm start`. Tests use fresh temporary ones. */
export const SERVE_DATA_DIR = path.join(CACHE_DIR, 'code-server-data');

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
    throw new Error(`--install-extension ${vsix} failed (exit ${r.status}):\n${lastLines(out)}`);
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
  // true: Workspace Trust stays on, so a folder not trusted yet opens in Restricted Mode
  // (the user settings must enable it too: 'security.workspace.trust.enabled').
  workspaceTrust = false,
} = {}) {
  if (!fs.existsSync(CODE_SERVER_ENTRY)) throw new Error('code-server is not installed: call ensureCodeServer() or run `node scripts/code-server/install.mjs`');
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
    ...(workspaceTrust ? [] : ['--disable-workspace-trust']),
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

const USAGE = 'usage: node scripts/code-server/serve.mjs (--extension-vsix PATH | --extension-dev PATH) [--port N (default 8080)] [--folder DIR]';

/** The serve options from the parsed command line; throws with what is wrong. */
function serveOptions({ values }) {
  if (!values['extension-vsix'] === !values['extension-dev']) throw new Error('give exactly one of --extension-vsix, --extension-dev');
  const port = Number(values.port);
  if (!Number.isInteger(port) || port <= 0 || port > 65535) throw new Error(`--port must be a port number (1..65535), got ${values.port}`);
  const absolute = (p) => (p === undefined ? undefined : path.resolve(p));
  return { vsix: absolute(values['extension-vsix']), extensionDev: absolute(values['extension-dev']), port, folder: absolute(values.folder) };
}

async function serve({ vsix, extensionDev, port, folder }) {
  await ensureCodeServer();
  const userDataDir = SERVE_DATA_DIR;
  const extensionsDir = path.join(userDataDir, 'extensions');
  if (vsix) await installExtension(vsix, { userDataDir, extensionsDir });
  const server = await startCodeServer({ port, userDataDir, extensionsDir, folder, onOutput: (l) => console.log(`  ${l}`) });
  const url = extensionDev ? workbenchUrl({ base: server.base, folder, extensionDev }) : server.url;
  defaultLog(`user data: ${path.relative(PROJECT_ROOT, userDataDir)}/`);
  defaultLog(`open: ${url}`);
  defaultLog('Ctrl-C to stop');
  const code = await server.exited;
  defaultLog(`code-server exited (${code})`);
  return typeof code === 'number' ? code : 1;
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const options = readCommandLine({
    usage: USAGE,
    options: {
      'extension-vsix': { type: 'string' },
      'extension-dev': { type: 'string' },
      port: { type: 'string', default: '8080' },
      folder: { type: 'string' },
    },
    interpret: serveOptions,
  });
  serve(options).then(
    (code) => { process.exitCode = code; },
    (e) => {
      console.error(`[code-server] error: ${e.message}`);
      process.exit(2);
    },
  );
}
