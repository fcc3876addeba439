// The @vscode-elements components the panel uses, imported one by one so the bundle holds
// only these (each import defines its custom element).
import '@vscode-elements/elements/dist/vscode-button/index.js';
import '@vscode-elements/elements/dist/vscode-checkbox/index.js';
import '@vscode-elements/elements/dist/vscode-icon/index.js';
import '@vscode-elements/elements/dist/vscode-option/index.js';
import '@vscode-elements/elements/dist/vscode-progress-bar/index.js';
import '@vscode-elements/elements/dist/vscode-radio/index.js';
import '@vscode-elements/elements/dist/vscode-radio-group/index.js';
import '@vscode-elements/elements/dist/vscode-single-select/index.js';
// The codicon font: esbuild writes it with this CSS to dist/webview.css (and the .ttf beside
// it); the page links that file with the id vscode-icon looks for.
import '@vscode/codicons/dist/codicon.css';
