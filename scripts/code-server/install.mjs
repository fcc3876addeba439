#!/usr/bin/env node
// Installs code-server (VS Code's own server and web workbench, from npm) into .cache/ for
// running RegX in a real VS Code offline. @vscode/test-electron and @vscode/test-web
// download a VS Code build when they run, and these machines reach only the npm registry
// and Debian's mirrors; code-server comes from npm and runs its extension host on the
// system's Node.
//
//   node scripts/code-server/install.mjs        (a no-op when it is installed)
//
// Also a module: ensureCodeServer() and the paths it installs to. Only Node built-ins here.

import { spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import fsp from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { readCommandLine } from '../command-line.mjs';

export const CODE_SERVER_VERSION = '4.100.3';
export const PROJECT_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
export const CACHE_DIR = path.join(PROJECT_ROOT, '.cache');
/** Folder of its own (own package.json) holding node_modules/code-server. */
export const CODE_SERVER_HOME = path.join(CACHE_DIR, 'code-server');
export const CODE_SERVER_DIR = path.join(CODE_SERVER_HOME, 'node_modules', 'code-server');
export const CODE_SERVER_ENTRY = path.join(CODE_SERVER_DIR, 'out', 'node', 'entry.js');
const MARKER = path.join(CODE_SERVER_HOME, `.installed-${CODE_SERVER_VERSION}`);
const INSTALL_LOG = path.join(CODE_SERVER_HOME, 'install.log');
const LOCK_DIR = path.join(CACHE_DIR, 'code-server.lock');

// Debian packages: libkrb5-dev + pkg-config to build code-server's native
// modules, ripgrep replaces the rg binary its postinstall would download from
// GitHub, chromium is the browser the tests drive.
const APT_PACKAGES = ['libkrb5-dev', 'pkg-config', 'ripgrep', 'chromium'];
const RG = '/usr/bin/rg';
export const CHROMIUM = '/usr/bin/chromium';

export const defaultLog = (msg) => console.log(`[code-server] ${msg}`);
export const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

/** The last `n` lines of a command's output, for error messages. */
export function lastLines(text, n = 30) {
  return text.trimEnd().split('\n').slice(-n).join('\n');
}

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
        description: 'Cached code-server for RegX tests; see scripts/code-server/install.mjs',
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
      throw new Error(`apt-get ${args.join(' ')} failed (exit ${r.status}):\n${lastLines(r.stdout + r.stderr)}`);
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
    throw new Error(`${title} failed (${code}); last lines of ${INSTALL_LOG}:\n${lastLines(fs.readFileSync(INSTALL_LOG, 'utf8'))}`);
  }
  log(`${title} done (${((Date.now() - t0) / 1000).toFixed(1)} s)`);
}

async function symlink(target, linkPath) {
  await fsp.rm(linkPath, { force: true, recursive: false }).catch(() => {});
  await fsp.symlink(target, linkPath);
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

// ---------------------------------------------------------------- CLI

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  readCommandLine({ usage: 'usage: node scripts/code-server/install.mjs' });
  const t0 = Date.now();
  ensureCodeServer().then(
    () => defaultLog(`installed: ${path.relative(PROJECT_ROOT, CODE_SERVER_DIR)} (${Date.now() - t0} ms)`),
    (e) => {
      console.error(`[code-server] error: ${e.message}`);
      process.exit(2);
    },
  );
}
