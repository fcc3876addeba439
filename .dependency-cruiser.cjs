// The layers of src/ and which way they may import (`npm run check:layers`, in `npm test`).
// The layers' tsconfigs keep the wrong platform's globals out; these rules keep its modules
// out. test/unit/layering.test.ts plants a forbidden import of each kind in a scratch copy
// and expects the rule named here to catch it.

// `vscode` exists only inside VS Code: unresolved on disk, or resolved to its type package.
const vscode = ['^vscode$', '(^|/)node_modules/@types/vscode/'];
// Node's built-in modules (`fs`, `node:fs`, ...) are matched by dependency type, not path.
const nodeBuiltins = { dependencyTypes: ['core'] };

/** One named rule; several `to`s make one entry each, any of them a violation. */
function rule(name, comment, from, ...tos) {
  return tos.map((to) => ({ name, comment, severity: 'error', from: { path: from }, to }));
}

/** @type {import('dependency-cruiser').IConfiguration} */
module.exports = {
  forbidden: [
    ...rule(
      'core-is-pure',
      'src/core runs in Node and in the browser: no Node built-ins, no vscode, nothing of the other layers.',
      '^src/core/',
      { path: ['^src/(runtime|editor|panel)/', ...vscode] },
      nodeBuiltins,
    ),
    ...rule(
      'panel-in-the-browser',
      'src/panel is the webview page, bundled for the browser: of ours only the core, no Node built-ins, no vscode.',
      '^src/panel/',
      { path: ['^src/(runtime|editor)/', ...vscode] },
      nodeBuiltins,
    ),
    ...rule(
      'runtime-below-editor',
      'src/runtime is plain Node (the CLI runs without VS Code): no editor, no panel, no vscode.',
      '^src/runtime/',
      { path: ['^src/(editor|panel)/', ...vscode] },
    ),
    ...rule(
      'editor-sees-only-the-panel-protocol',
      'The extension host talks to the webview by messages: of src/panel it imports only protocol.ts.',
      '^src/editor/',
      { path: '^src/panel/', pathNot: '^src/panel/protocol\\.ts$' },
    ),
    ...rule('no-circular', 'Modules import each other one way.', '^src/', { circular: true }),
  ],
  options: {
    doNotFollow: { path: '(^|/)node_modules/' },
    // `import type` counts too: a layer must not know another's types either.
    tsPreCompilationDeps: true,
    // Resolve packages through their `exports`, as Node and esbuild do.
    enhancedResolveOptions: {
      exportsFields: ['exports'],
      conditionNames: ['import', 'require', 'node', 'default'],
    },
  },
};
