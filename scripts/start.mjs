// npm start: RegX in a real VS Code on this machine. Builds and packages the extension,
// installs code-server (once, cached in .cache/), installs the .vsix into it and serves the
// examples folder on 127.0.0.1; prints the address to open and how to use the same .vsix
// in a desktop VS Code.
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';
import { ensureCodeServer } from './code-server/install.mjs';
import { installExtension, SERVE_DATA_DIR, startCodeServer } from './code-server/serve.mjs';
import { packageExtension } from './package.mjs';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const vsix = path.join(root, 'regx.vsix');
const port = Number(process.env.PORT ?? 8080);
const log = (line) => console.log(`[regx] ${line}`);

log('building and packaging the extension');
packageExtension({ root, out: vsix });
log(`packaged ${path.relative(process.cwd(), vsix) || vsix}`);

await ensureCodeServer({ log });
const extensionsDir = path.join(SERVE_DATA_DIR, 'extensions');
await installExtension(vsix, { userDataDir: SERVE_DATA_DIR, extensionsDir, log });
const server = await startCodeServer({ port, userDataDir: SERVE_DATA_DIR, extensionsDir, folder: path.join(root, 'examples'), log });

console.log(`
  RegX is running in VS Code (code-server) with the examples open:

      ${server.url}

  Open seed-l1-vs-l2.regx.json and click "▶ Train" above it.
  In a desktop VS Code:  code --install-extension ${vsix}

  Ctrl-C stops the server.
`);
process.exitCode = (await server.exited) ?? 0;
