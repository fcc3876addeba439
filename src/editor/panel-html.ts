// The RegX panel's HTML page: a pure function of the URIs the webview may load, so the
// extension and the preview harness produce the same page, and tests can check its CSP.
//
// Content-Security-Policy: nothing by default; scripts only with this page's nonce (the
// bundle); styles, fonts and images only from the extension's own resources (cspSource).
// No 'unsafe-inline' for styles: @vscode-elements (Lit) styles its shadow roots with
// constructable stylesheets (adoptedStyleSheets), which style-src does not govern, and
// sets element styles through the CSSOM (its stylePropertyMap directive), which CSP allows;
// Chart.js and the panel's own code also set styles only through the CSSOM. Workers only
// from blob URLs: the decision boundary's worker, which the bundle carries as text. The preview
// harness (test/webview-preview) records every CSP violation and expects none.

export interface PanelHtmlInput {
  /** webview.cspSource */
  cspSource: string;
  /** A fresh random nonce per page load (see createNonce). */
  nonce: string;
  /** The bundle: dist/webview.js as a webview URI. */
  scriptUri: string;
  /** Stylesheets, in order: media/panel.css as a webview URI. */
  styleUris: string[];
  /**
   * dist/webview.css as a webview URI: the codicon font's stylesheet, which esbuild emits
   * from the bundle's CSS import. Linked with the id vscode-icon looks for, so buttons can
   * show codicons inside their shadow roots too.
   */
  codiconUri?: string;
  /** The page title: the experiment's name. */
  title: string;
}

/** The folders (relative to the extension's root) the webview loads from: its localResourceRoots. */
export const panelResourceFolders: readonly string[] = ['dist', 'media'];

/** localResourceRoots for the panel: `join(extensionUri, folder)` for each folder (vscode.Uri.joinPath fits). */
export function panelResourceRoots<U>(extensionUri: U, join: (base: U, ...segments: string[]) => U): U[] {
  return panelResourceFolders.map((folder) => join(extensionUri, folder));
}

/** A nonce for the script-src of one page load: 128 random bits, base64. */
export function createNonce(): string {
  const bytes = new Uint8Array(16);
  globalThis.crypto.getRandomValues(bytes);
  return btoa(String.fromCharCode(...bytes));
}

/** Escapes text for element content and for double-quoted attributes (the CSP keeps its ' quotes). */
function escapeHtml(text: string): string {
  return text.replace(/[&<>"]/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;' })[c]!);
}

export function contentSecurityPolicy(cspSource: string, nonce: string): string {
  return [
    `default-src 'none'`,
    `img-src ${cspSource} data:`,
    `style-src ${cspSource}`,
    `font-src ${cspSource}`,
    `script-src 'nonce-${nonce}'`,
    `worker-src blob:`,
  ].join('; ');
}

export function panelHtml({ cspSource, nonce, scriptUri, styleUris, codiconUri, title }: PanelHtmlInput): string {
  const attr = escapeHtml;
  const links = [
    ...(codiconUri ? [`<link rel="stylesheet" id="vscode-codicon-stylesheet" href="${attr(codiconUri)}">`] : []),
    ...styleUris.map((uri) => `<link rel="stylesheet" href="${attr(uri)}">`),
  ];
  return `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="UTF-8">
<meta http-equiv="Content-Security-Policy" content="${attr(contentSecurityPolicy(cspSource, nonce))}">
<meta name="viewport" content="width=device-width, initial-scale=1.0">
${links.join('\n')}
<title>${escapeHtml(title)}</title>
</head>
<body>
<main id="app" aria-busy="true"><p class="rx-empty">Loading the RegX panel…</p></main>
<script nonce="${attr(nonce)}" src="${attr(scriptUri)}"></script>
</body>
</html>
`;
}
