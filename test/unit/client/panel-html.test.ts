import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { contentSecurityPolicy, panelHtml } from '../../../client/src/preflight/panel-html';

const page = { nonce: 'bm9uY2Ux', cspSource: 'https://file+.vscode-resource.vscode-cdn.net', scriptUri: 'https://file+.vscode-resource.vscode-cdn.net/ext/dist/preflight/view.js', styleUri: 'https://file+.vscode-resource.vscode-cdn.net/ext/dist/preflight/panel.css', codiconUri: 'https://file+.vscode-resource.vscode-cdn.net/ext/dist/preflight/codicon.css' };

describe('tester page', () => {
  it('has a strict Content-Security-Policy: nothing by default, its own script by nonce, its own styles and icon font', () => {
    const csp = contentSecurityPolicy(page);
    const directives = new Map(csp.split(';').map((d) => d.trim().split(/\s+/)).map(([name, ...values]) => [name, values]));
    assert.deepEqual(directives.get('default-src'), ["'none'"]);
    assert.deepEqual(directives.get('script-src'), ["'nonce-bm9uY2Ux'"]);
    assert.deepEqual(directives.get('style-src'), [page.cspSource]);
    assert.deepEqual(directives.get('font-src'), [page.cspSource]);
    assert.ok(!csp.includes('unsafe'), csp);
    assert.ok(!directives.has('connect-src') && !directives.has('img-src') && !directives.has('frame-src'));
  });

  it('loads one script, with the nonce, and has no inline script, no remote resource and no inline handler', () => {
    const html = panelHtml(page);
    const scripts = [...html.matchAll(/<script\b([^>]*)>([\s\S]*?)<\/script>/g)];
    assert.equal(scripts.length, 1);
    assert.match(scripts[0][1], /nonce="bm9uY2Ux"/);
    assert.equal(scripts[0][2].trim(), '');
    assert.ok(!/\son[a-z]+=/i.test(html), 'no inline event handlers');
    const urls = [...html.matchAll(/(?:src|href)="([^"]+)"/g)].map((m) => m[1]);
    assert.deepEqual(urls.sort(), [page.scriptUri, page.styleUri, page.codiconUri].sort());
    assert.match(html, /<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src https:\/\/file\+\.vscode-resource\.vscode-cdn\.net; font-src https:\/\/file\+\.vscode-resource\.vscode-cdn\.net; script-src 'nonce-bm9uY2Ux'/);
  });

  it('labels every field for keyboard and screen-reader use', () => {
    const html = panelHtml(page);
    const ids = [...html.matchAll(/<(?:input|textarea|select)\b[^>]*\bid="([^"]+)"/g)].map((m) => m[1]);
    assert.deepEqual(ids.sort(), ['credentials', 'headers', 'insecure', 'method', 'origin', 'timeoutSeconds', 'url']);
    for (const id of ids) assert.match(html, new RegExp(`<label for="${id}">`), id);
    assert.match(html, /<button id="send" type="submit">/, 'Enter in a field sends');
    assert.ok(!/tabindex="[1-9]/.test(html), 'document order is the tab order');
  });

  it('escapes what goes into attributes', () => {
    const html = panelHtml({ ...page, scriptUri: 'x" onload="alert(1)' });
    assert.ok(html.includes('src="x&quot; onload=&quot;alert(1)"'));
  });

  it('builds the page from text only: the script never parses a string as markup', () => {
    const dir = path.join(__dirname, '..', '..', '..', 'client', 'src', 'preflight', 'view');
    const files = fs.readdirSync(dir).filter((f) => f.endsWith('.ts'));
    assert.ok(files.length >= 3, files.join());
    for (const f of files) {
      const source = fs.readFileSync(path.join(dir, f), 'utf8');
      assert.ok(!/\b(innerHTML|outerHTML|insertAdjacentHTML|document\.write|createContextualFragment|DOMParser|eval)\b/.test(source), `${f} parses markup`);
    }
  });
});
