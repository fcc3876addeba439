// The panel's page: a strict Content-Security-Policy with the nonce, the resources it
// names, nothing inline but the nonce'd script, and text escaped.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { contentSecurityPolicy, createNonce, panelHtml, panelResourceFolders, panelResourceRoots } from '../../src/editor/panel-html';

const input = {
  cspSource: 'https://file+.vscode-resource.vscode-cdn.net',
  nonce: 'abc123',
  scriptUri: 'https://r/dist/webview.js',
  styleUris: ['https://r/media/panel.css'],
  codiconUri: 'https://r/dist/webview.css',
  title: 'L1 <vs> "L2" & more',
};

describe('panel html', () => {
  const html = panelHtml(input);
  const csp = /<meta http-equiv="Content-Security-Policy" content="([^"]+)">/.exec(html)?.[1];

  it('has a strict CSP: nothing by default, scripts only with the nonce, workers only from blobs, no unsafe-inline or eval', () => {
    assert.ok(csp);
    const directives = Object.fromEntries(csp!.split(';').map((d) => d.trim().split(/\s+/)).map(([name, ...values]) => [name, values]));
    assert.deepEqual(directives['default-src'], ["'none'"]);
    assert.deepEqual(directives['script-src'], ["'nonce-abc123'"]);
    assert.deepEqual(directives['style-src'], [input.cspSource]);
    assert.deepEqual(directives['font-src'], [input.cspSource]);
    assert.deepEqual(directives['img-src'], [input.cspSource, 'data:']);
    assert.deepEqual(directives['worker-src'], ['blob:'], 'the decision boundary worker, from the blob the bundle makes');
    assert.ok(!csp!.includes('unsafe'));
    assert.equal(csp, contentSecurityPolicy(input.cspSource, input.nonce));
  });

  it('loads the bundle with the nonce, the stylesheets, and the codicons under the id vscode-icon looks for', () => {
    assert.match(html, /<script nonce="abc123" src="https:\/\/r\/dist\/webview.js"><\/script>/);
    assert.match(html, /<link rel="stylesheet" href="https:\/\/r\/media\/panel.css">/);
    assert.match(html, /<link rel="stylesheet" id="vscode-codicon-stylesheet" href="https:\/\/r\/dist\/webview.css">/);
    assert.equal((html.match(/<script/g) ?? []).length, 1);
    assert.ok(!/\son[a-z]+=/.test(html), 'no inline handlers');
    assert.ok(!/style=/.test(html), 'no inline styles');
  });

  it('escapes the title', () => {
    assert.match(html, /<title>L1 &lt;vs&gt; &quot;L2&quot; &amp; more<\/title>/);
  });

  it('limits the resource roots to the bundle and the stylesheets', () => {
    assert.deepEqual([...panelResourceFolders], ['dist', 'media']);
    assert.deepEqual(
      panelResourceRoots('/ext', (base, ...segments) => [base, ...segments].join('/')),
      ['/ext/dist', '/ext/media'],
    );
  });

  it('makes a fresh 128-bit nonce each time', () => {
    const a = createNonce();
    assert.notEqual(a, createNonce());
    assert.equal(Buffer.from(a, 'base64').length, 16);
  });
});
