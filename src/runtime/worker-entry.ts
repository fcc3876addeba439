// The code that starts one of the runtime's worker threads: the bundled NAME.js beside this
// file's bundle (esbuild.mjs builds it into dist/), or, running from source (tests, bench),
// NAME.ts through tsx (a worker cannot start on a .ts file in Node 20 even with --import tsx,
// so it registers tsx itself first).
import * as fs from 'node:fs';
import { createRequire } from 'node:module';
import * as path from 'node:path';

export function workerEntry(name: string): { code: string; file: string } {
  const bundled = path.join(__dirname, `${name}.js`);
  if (fs.existsSync(bundled)) return { file: bundled, code: `require(${JSON.stringify(bundled)});` };
  const source = path.join(__dirname, `${name}.ts`);
  if (fs.existsSync(source)) {
    // createRequire keeps the bundler from resolving tsx, which only source runs need.
    const tsx = createRequire(__filename).resolve('tsx/cjs');
    return { file: source, code: `require(${JSON.stringify(tsx)}); require(${JSON.stringify(source)});` };
  }
  throw new Error(`a worker thread's code is missing: neither ${bundled} nor ${source} exists`);
}
