// Packages the extension as a .vsix: production bundles, then vsce. The one place that
// knows how; npm run package, npm start and the UI tests all call it.
//   node scripts/package.mjs [--out FILE] [--root DIR]
import { execFileSync } from 'node:child_process';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';
import { readCommandLine } from './command-line.mjs';

const here = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

/** Builds `root` for production and packages it into `out`; returns `out`. */
export function packageExtension({ root = here, out = path.join(root, 'regx.vsix') } = {}) {
  const quiet = { cwd: root, stdio: ['ignore', 'ignore', 'inherit'] };
  execFileSync(process.execPath, [path.join(root, 'esbuild.mjs'), '--production'], quiet);
  // Bundled, so no node_modules in the package; README images stay relative links (there is
  // no public repository for vsce to point them at).
  const vsce = path.join(here, 'node_modules', '@vscode', 'vsce', 'vsce');
  execFileSync(process.execPath, [vsce, 'package', '--no-dependencies', '--no-rewrite-relative-links', '--out', out], quiet);
  return out;
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const { root, out } = readCommandLine({
    usage: 'usage: node scripts/package.mjs [--out FILE] [--root DIR]',
    options: { out: { type: 'string' }, root: { type: 'string' } },
    interpret: ({ values }) => ({ root: path.resolve(values.root ?? here), out: values.out === undefined ? undefined : path.resolve(values.out) }),
  });
  console.log(`packaged ${packageExtension({ root, out })}`);
}
