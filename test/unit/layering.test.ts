// The layer boundaries are checked, and so are the checks: on scratch copies of src/, the
// rules of .dependency-cruiser.cjs (`npm run check:layers`) pass the clean copy and, once one
// forbidden import is planted, report exactly that import under the rule's name; each
// layer's tsconfig refuses the other platform's globals. So neither can quietly stop working.
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { after, describe, test } from 'node:test';
import { promisify } from 'node:util';
import type { ICruiseOptions, IViolation } from 'dependency-cruiser';

const root = path.resolve(__dirname, '../..');
const scratch = fs.mkdtempSync(path.join(os.tmpdir(), 'regx-layering-'));
after(() => fs.rmSync(scratch, { recursive: true, force: true }));

/** A fresh copy of src/ and the tsconfig it extends, with `plants` (path -> text) written in. */
function copyWith(name: string, plants: Record<string, string>): string {
  const dir = path.join(scratch, name);
  fs.cpSync(path.join(root, 'src'), path.join(dir, 'src'), { recursive: true });
  fs.copyFileSync(path.join(root, 'tsconfig.base.json'), path.join(dir, 'tsconfig.base.json'));
  // Packages resolve as in the repository (`vscode` to its type package, for one).
  fs.symlinkSync(path.join(root, 'node_modules'), path.join(dir, 'node_modules'), 'junction');
  for (const [file, text] of Object.entries(plants)) fs.writeFileSync(path.join(dir, file), text);
  return dir;
}

// dependency-cruiser is ESM only, hence import(); the options are read once, as the CLI would.
let options: ICruiseOptions | undefined;
async function violationsIn(dir: string): Promise<IViolation[]> {
  const { cruise } = await import('dependency-cruiser');
  const { default: extractOptions } = await import('dependency-cruiser/config-utl/extract-depcruise-options');
  options ??= await extractOptions(path.join(root, '.dependency-cruiser.cjs'));
  const { output } = await cruise(['src'], { ...options, baseDir: dir });
  if (typeof output === 'string') throw new Error(`dependency-cruiser answered text, not a result: ${output}`);
  return output.summary.violations;
}

describe('the layer rules (npm run check:layers)', () => {
  test('pass the source as it is', async () => {
    assert.deepEqual(await violationsIn(copyWith('clean', {})), []);
  });

  const forbidden: { kind: string; file: string; text: string; rule: string; to: RegExp }[] = [
    { kind: 'the core imports node:fs', file: 'src/core/planted.ts', text: "import 'node:fs';\n", rule: 'core-is-pure', to: /^fs$/ },
    { kind: 'the core imports vscode', file: 'src/core/planted.ts', text: "import 'vscode';\n", rule: 'core-is-pure', to: /vscode/ },
    {
      kind: 'the panel imports the runtime (if only a type)',
      file: 'src/panel/planted.ts',
      text: "import type { Engine } from '../runtime/engine';\nexport type Planted = Engine;\n",
      rule: 'panel-in-the-browser',
      to: /^src\/runtime\/engine\.ts$/,
    },
    { kind: 'the panel imports node:path', file: 'src/panel/planted.ts', text: "import 'node:path';\n", rule: 'panel-in-the-browser', to: /^path$/ },
    { kind: 'the panel imports vscode', file: 'src/panel/planted.ts', text: "import 'vscode';\n", rule: 'panel-in-the-browser', to: /vscode/ },
    {
      kind: 'the runtime imports the editor',
      file: 'src/runtime/planted.ts',
      text: "import '../editor/extension';\n",
      rule: 'runtime-below-editor',
      to: /^src\/editor\/extension\.ts$/,
    },
    {
      kind: 'the editor imports the panel beyond its protocol',
      file: 'src/editor/planted.ts',
      text: "import '../panel/main';\n",
      rule: 'editor-sees-only-the-panel-protocol',
      to: /^src\/panel\/main\.ts$/,
    },
  ];
  for (const [index, { kind, file, text, rule, to }] of forbidden.entries()) {
    test(`fail when ${kind}, naming ${rule}`, async () => {
      const violations = await violationsIn(copyWith(`forbidden-${index}`, { [file]: text }));
      assert.deepEqual(
        violations.map((v) => [v.rule.name, v.from]),
        [[rule, file]],
      );
      assert.match(violations[0].to, to);
    });
  }

  test('fail on an import cycle, naming no-circular', async () => {
    const dir = copyWith('cycle', {
      'src/core/planted-a.ts': "import { b } from './planted-b';\nexport const a = () => b;\n",
      'src/core/planted-b.ts': "import { a } from './planted-a';\nexport const b = () => a;\n",
    });
    const violations = await violationsIn(dir);
    assert.deepEqual(
      violations.map((v) => [v.rule.name, v.from, v.to]),
      [['no-circular', 'src/core/planted-a.ts', 'src/core/planted-b.ts']],
    );
  });
});

const tsc = path.join(root, 'node_modules', 'typescript', 'bin', 'tsc');
async function typecheck(dir: string, project: string): Promise<{ failed: boolean; output: string }> {
  try {
    const { stdout } = await promisify(execFile)(process.execPath, [tsc, '-p', project], { cwd: dir, encoding: 'utf8' });
    return { failed: false, output: stdout };
  } catch (error) {
    return { failed: true, output: (error as { stdout: string }).stdout };
  }
}

describe("each layer's tsconfig", { concurrency: true }, () => {
  // One copy serves both: each tsc checks only its layer (and what that layer imports).
  const dir = copyWith('globals', {
    'src/core/planted.ts': 'export const planted = [process.env, document.title];\n',
    'src/panel/planted.ts': 'export const planted = process.env;\n',
  });
  const cases = [
    { layer: 'core', refuses: ['process', 'document'] },
    { layer: 'panel', refuses: ['process'] },
  ];
  for (const { layer, refuses } of cases) {
    test(`src/${layer} refuses ${refuses.join(' and ')}`, async () => {
      const { failed, output } = await typecheck(dir, `src/${layer}`);
      assert.equal(failed, true, output);
      for (const name of refuses) {
        assert.match(output, new RegExp(`src/${layer}/planted\\.ts\\(\\d+,\\d+\\): error TS\\d+: Cannot find name '${name}'`));
      }
    });
  }
});
