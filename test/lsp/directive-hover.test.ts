import * as assert from 'node:assert/strict';
import type { Hover, MarkupContent } from 'vscode-languageserver-protocol';
import { copyFixture, startSession, waitForDiagnostics, type LspSession } from './helpers/lsp-harness';

const NGINX = [
  'map $http_origin $cors_origin {',
  '    default "";',
  '    "~^https://app\\.example\\.com$" $http_origin;',
  '}',
  'map $uri $section {',
  '    default main;',
  '}',
  'server {',
  '    listen 127.0.0.1:8080;',
  '    add_header Vary Origin always;',
  '    add_header_inherit merge;',
  '    location /api/ {',
  '        if ($request_method = OPTIONS) {',
  '            return 204;',
  '        }',
  '        add_header Access-Control-Allow-Origin $cors_origin always;',
  '        more_set_headers "Access-Control-Max-Age: 600";',
  '        more_clear_headers "Access-Control-*";',
  '        proxy_hide_header Access-Control-Allow-Origin;',
  '        proxy_pass_header Server;',
  '        limit_except GET POST OPTIONS { deny all; }',
  '        auth_basic "api";',
  '        auth_request /auth;',
  '        error_page 401 = @denied;',
  '        proxy_pass http://127.0.0.1:3000;',
  '    }',
  '}',
];

const APACHE = [
  'Listen 127.0.0.1:8080',
  'SetEnvIf Origin "^https://app\\.example\\.com$" CORS_ORIGIN=$0',
  'SetEnvIfNoCase Origin "^https://app\\.example\\.com$" CORS_OK',
  'SetEnvIfExpr "%{HTTP:Origin} == \'https://app.example.com\'" CORS_OK',
  'Header always set Access-Control-Allow-Origin %{CORS_ORIGIN}e env=CORS_ORIGIN',
  'Header onsuccess append Vary Origin',
  'Header merge Vary Origin',
  'Header add Access-Control-Allow-Credentials true expr=%{HTTP:Origin}==\'https://app.example.com\'',
  'Header unset Access-Control-Allow-Origin',
  'Header echo ^X-Trace',
  'Header setifempty Access-Control-Max-Age 600',
  'Header edit Vary ^$ Origin',
  'RewriteRule ^ - [R=204,L]',
  '<LimitExcept OPTIONS>',
  '    Require valid-user',
  '</LimitExcept>',
  'ServerName api.example.com',
];

function text(hover: Hover | null): string {
  return hover ? (hover.contents as MarkupContent).value : '';
}

describe('LSP: hovers on directives', () => {
  let session: LspSession;
  afterEach(async () => session?.dispose());

  /** Hovers at the first occurrence of `word` on a line (one character into it). */
  function hoverer(uri: string, lines: readonly string[]) {
    return async (line: number, word: string): Promise<Hover | null> => {
      const column = lines[line].indexOf(word);
      assert.ok(column >= 0, `"${word}" on line ${line}`);
      return (await session.client.sendRequest('textDocument/hover', { textDocument: { uri }, position: { line, character: column + 1 } })) as Hover | null;
    };
  }

  async function open(name: string, languageId: string, lines: readonly string[]): Promise<string> {
    const uri = session.uri(name);
    await session.client.sendNotification('textDocument/didOpen', { textDocument: { uri, languageId, version: 1, text: lines.join('\n') + '\n' } });
    await waitForDiagnostics(session, uri, () => true);
    return uri;
  }

  it('explains nginx directives for CORS, on the directive\'s own word', async () => {
    session = await startSession(copyFixture('basic'));
    const uri = await open('directives.conf', 'nginx', NGINX);
    const at = hoverer(uri, NGINX);

    const addHeader = await at(15, 'add_header');
    assert.equal((addHeader?.contents as MarkupContent).kind, 'markdown');
    assert.match(text(addHeader), /^\*\*add_header\*\*/);
    assert.match(text(addHeader), /only on 200, 201, 204, 206, 301, 302, 303, 304, 307 and 308 responses/);
    assert.match(text(addHeader), /inherits none from the levels around it/);
    assert.deepEqual(addHeader?.range, { start: { line: 15, character: 8 }, end: { line: 15, character: 18 } });

    const always = await at(15, 'always');
    assert.match(text(always), /^`always`: the header is sent whatever the status, 4xx and 5xx included/);
    const alwaysAt = NGINX[15].indexOf('always');
    assert.deepEqual(always?.range, { start: { line: 15, character: alwaysAt }, end: { line: 15, character: alwaysAt + 6 } });

    assert.match(text(await at(10, 'add_header_inherit')), /`merge` keeps the inherited headers/);
    assert.match(text(await at(16, 'more_set_headers')), /on every status, errors included, unless `-s`/);
    assert.match(text(await at(17, 'more_clear_headers')), /removes response headers/);
    assert.match(text(await at(18, 'proxy_hide_header')), /the browser sees two values and refuses the response/);
    assert.match(text(await at(19, 'proxy_pass_header')), /never removes a duplicate/);
    assert.match(text(await at(0, 'map')), /Picks a value for a variable from the request `Origin`/);
    assert.match(text(await at(12, 'if')), /answer preflights \(`OPTIONS`\)/);
    assert.match(text(await at(20, 'limit_except')), /Unless `OPTIONS` is listed, a preflight is refused/);
    assert.match(text(await at(21, 'auth_basic')), /the `OPTIONS` request gets 401/);
    assert.match(text(await at(22, 'auth_request')), /401\/403 preflight/);
    assert.match(text(await at(13, 'return')), /`return 204` is the usual answer to a preflight/);
    assert.match(text(await at(23, 'error_page')), /`add_header`s of the location it is redirected to/);
  });

  it('tells an origin check from a method branch', async () => {
    session = await startSession(copyFixture('basic'));
    const lines = [
      'server {',
      '    listen 127.0.0.1:8080;',
      '    location / {',
      '        if ($http_origin ~* "^https://app\\.example\\.com$") {',
      '            add_header Access-Control-Allow-Origin $http_origin always;',
      '        }',
      '        if ($request_method = OPTIONS) {',
      '            return 204;',
      '        }',
      '        if ($uri ~ /old/) {',
      '            return 301 /new/;',
      '        }',
      '    }',
      '}',
    ];
    const uri = await open('ifs.conf', 'nginx', lines);
    const at = hoverer(uri, lines);
    const origin = text(await at(3, 'if'));
    assert.match(origin, /^\*\*if\*\*\n\nAn origin check: `~` \(`~\*` ignores case\) is a regex that matches anywhere/);
    assert.match(origin, /admits `https:\/\/evilexample\.com\.attacker\.net`/);
    assert.match(text(await at(6, 'if')), /typically to answer preflights/);
    assert.equal(await at(9, 'if'), null);
  });

  it('says nothing on directives and forms that do not concern CORS', async () => {
    session = await startSession(copyFixture('basic'));
    const uri = await open('directives.conf', 'nginx', NGINX);
    const at = hoverer(uri, NGINX);
    assert.equal(await at(8, 'listen'), null);
    assert.equal(await at(24, 'proxy_pass'), null);
    assert.equal(await at(11, 'location'), null);
    // A map of anything but the Origin is no allowlist.
    assert.equal(await at(4, 'map'), null);
    // Neither the URL nor a plain argument of a CORS directive is explained as if it were the directive.
    assert.equal(await at(20, 'POST'), null);
    // Server code that happens to hold a directive's name is not a config.
    const js = session.uri('app.js');
    await session.client.sendNotification('textDocument/didOpen', { textDocument: { uri: js, languageId: 'javascript', version: 1, text: 'return add_header;\n' } });
    assert.equal(await session.client.sendRequest('textDocument/hover', { textDocument: { uri: js }, position: { line: 0, character: 2 } }), null);
  });

  it('explains Apache directives, Header\'s tables, actions and conditions, and RewriteRule flags', async () => {
    session = await startSession(copyFixture('basic'));
    const uri = await open('apache.conf', 'apacheconf', APACHE);
    const at = hoverer(uri, APACHE);

    const header = await at(4, 'Header');
    assert.match(text(header), /^\*\*Header\*\*/);
    assert.match(text(header), /`Header set` in one and `Header always set` in the other sends the header twice/);
    assert.deepEqual(header?.range, { start: { line: 4, character: 0 }, end: { line: 4, character: 6 } });
    assert.match(text(await at(4, 'always')), /the header goes on every answer, errors, redirects and `RewriteRule \[R=\.\.\.\]` answers included/);
    assert.match(text(await at(5, 'onsuccess')), /only on answers of the normal path \(200, 206, 304\)/);
    assert.match(text(await at(4, 'set ')), /^`Header set` replaces any earlier header/);
    assert.match(text(await at(5, 'append')), /^`Header append` adds the value to an existing header/);
    assert.match(text(await at(6, 'merge')), /^`Header merge` appends the value unless the header already holds it/);
    assert.match(text(await at(7, 'add')), /^`Header add` adds one more header line/);
    assert.match(text(await at(8, 'unset')), /from this table only/);
    assert.match(text(await at(9, 'echo')), /^`Header echo` copies request headers/);
    assert.match(text(await at(10, 'setifempty')), /only when the response has none yet/);
    assert.match(text(await at(11, 'edit')), /^`Header edit` rewrites the first match/);
    const env = await at(4, 'env=');
    assert.match(text(env), /^`env=VAR` applies the line only when the environment variable is set/);
    const envAt = APACHE[4].indexOf('env=');
    assert.deepEqual(env?.range, { start: { line: 4, character: envAt }, end: { line: 4, character: envAt + 'env=CORS_ORIGIN'.length } });
    assert.match(text(await at(7, 'expr=')), /^`expr=\.\.\.` applies the line only when the `ap_expr` expression holds/);

    assert.match(text(await at(1, 'SetEnvIf')), /case-sensitively/);
    assert.match(text(await at(2, 'SetEnvIfNoCase')), /the regex ignores case/);
    assert.match(text(await at(3, 'SetEnvIfExpr')), /`ap_expr` expression/);
    assert.match(text(await at(12, 'RewriteRule')), /\[R=204\]/);
    assert.match(text(await at(12, '[R=204')), /`R=204` answers at once with 204 and no body; .* only `Header always` headers reach it/);
    assert.match(text(await at(14, 'Require')), /answers the `OPTIONS` request with 401/);
    const limit = await at(13, 'LimitExcept');
    assert.match(text(limit), /^\*\*LimitExcept\*\*/);
    assert.match(text(limit), /`<LimitExcept OPTIONS>` around `Require` lets preflights through/);

    assert.equal(await at(0, 'Listen'), null);
    assert.equal(await at(16, 'ServerName'), null);
  });
});
