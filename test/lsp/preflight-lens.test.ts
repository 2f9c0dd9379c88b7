import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import type { CodeAction, CodeLens, Diagnostic } from 'vscode-languageserver-protocol';
import { requestPath, targetUrl } from '../../server/src/lsp/preflight-lens';
import { codes, copyFixture, openDocument, startSession, waitFor, waitForDiagnostics, type LspSession } from './helpers/lsp-harness';

const TITLE = 'Send test preflight for this location';
const COMMAND = 'corsPreflight.sendTestPreflight';

function lenses(session: LspSession, uri: string): Promise<CodeLens[]> {
  return session.client.sendRequest('textDocument/codeLens', { textDocument: { uri } }) as Promise<CodeLens[]>;
}

function actionsFor(session: LspSession, uri: string, diagnostics: Diagnostic[], only?: string[]): Promise<CodeAction[]> {
  return session.client.sendRequest('textDocument/codeAction', { textDocument: { uri }, range: diagnostics[0].range, context: { diagnostics, only } }) as Promise<CodeAction[]>;
}

/**
 * Asks until the answer is what the test expects: diagnostics of an opened
 * document may come from an analysis run before the workspace scan took over.
 */
async function eventually<T>(what: string, ask: () => Promise<T>, accept: (value: T) => boolean): Promise<T> {
  const until = Date.now() + 8000;
  for (;;) {
    const value = await ask();
    if (accept(value)) return value;
    if (Date.now() > until) throw new Error(`timed out waiting for ${what}; last answer: ${JSON.stringify(value).slice(0, 2000)}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

describe('LSP: "Send test preflight for this location"', () => {
  let session: LspSession;
  afterEach(async () => session?.dispose());

  it('puts a lens on each nginx location with a finding, prefilled from listen, server_name and the location path', async () => {
    session = await startSession(copyFixture('preflight'));
    const uri = await openDocument(session, 'nginx.conf');
    await waitForDiagnostics(session, uri, (d) => codes(d).includes('reflected-origin') && codes(d).includes('max-age-capped'));
    const found = await eventually('two lenses', () => lenses(session, uri), (l) => l.length === 2);
    // /clean/ has no finding: no lens there.
    assert.deepEqual(found.map((l) => l.range.start.line), [9, 18]);
    for (const l of found) {
      assert.equal(l.command?.title, TITLE);
      assert.equal(l.command?.command, COMMAND);
    }
    // `ssl` on listen → https; the wildcard server_name cannot be requested, the literal one can; a method and a header the location allows.
    assert.deepEqual(found[0].command?.arguments, [{ url: 'https://api.example.com:8443/v1/', method: 'DELETE', headers: ['X-Api-Key: test'], credentials: true }]);
    // A regex location keeps its literal path; without Allow-Methods a method that needs a preflight; the origin the location names.
    assert.deepEqual(found[1].command?.arguments, [{ url: 'https://api.example.com:8443/v2/items.json', method: 'PUT', origin: 'https://app.example.com' }]);
  });

  it('offers the same command as a quick fix on the finding, and not for other kinds of action', async () => {
    session = await startSession(copyFixture('preflight'));
    const uri = await openDocument(session, 'nginx.conf');
    const diagnostics = await waitForDiagnostics(session, uri, (d) => codes(d).includes('reflected-origin'));
    const reflected = diagnostics.filter((d) => d.code === 'reflected-origin');
    const actions = await eventually('the send action', () => actionsFor(session, uri, reflected), (a) => a.some((x) => x.title === TITLE));
    const send = actions.filter((a) => a.title === TITLE);
    assert.equal(send.length, 1, actions.map((a) => a.title).join(' | '));
    assert.equal(send[0].kind, 'quickfix');
    assert.equal(send[0].command?.command, COMMAND);
    assert.equal((send[0].command?.arguments?.[0] as { url: string }).url, 'https://api.example.com:8443/v1/');
    assert.deepEqual(send[0].diagnostics?.map((d) => d.code), ['reflected-origin']);
    const fixAllOnly = await actionsFor(session, uri, reflected, ['source.fixAll.corsPreflight']);
    assert.ok(!fixAllOnly.some((a) => a.title === TITLE));
  });

  it('finds the Apache section of a finding through its headers (the section span is only its opening tag)', async () => {
    session = await startSession(copyFixture('preflight'));
    const uri = await openDocument(session, 'apache.conf', 'apacheconf');
    const diagnostics = await waitForDiagnostics(session, uri, (d) => codes(d).includes('credentials-with-wildcard-origin'));
    const found = await eventually('a lens', () => lenses(session, uri), (l) => l.length === 1);
    assert.equal(found[0].range.start.line, 2);
    assert.deepEqual(found[0].command?.arguments, [{ url: 'http://files.example.org:8081/upload', method: 'PUT', credentials: true }]);
    const actions = await eventually('the send action', () => actionsFor(session, uri, diagnostics.filter((d) => d.code === 'credentials-with-wildcard-origin')), (a) => a.some((x) => x.title === TITLE));
    assert.ok(actions.some((a) => a.title === TITLE && a.command?.command === COMMAND), JSON.stringify({ actions: actions.map((a) => a.title), diagnostics }));
  });

  it('gives no lens for a config without findings, nor for a document it does not know', async () => {
    session = await startSession(copyFixture('preflight'));
    const clean = 'server {\n    listen 8080;\n    server_name api.example.com;\n    location /a/ {\n        add_header Access-Control-Allow-Origin https://app.example.com always;\n        return 204;\n    }\n}\n';
    fs.writeFileSync(session.file('clean.conf'), clean);
    const uri = await openDocument(session, 'clean.conf', 'nginx', clean);
    await waitForDiagnostics(session, uri, (d) => d.length === 0);
    assert.deepEqual(await lenses(session, uri), []);
    assert.deepEqual(await lenses(session, 'file:///nowhere/at/all.conf'), []);
  });

  it('asks from the first trusted origin of the settings when the config names none', async () => {
    session = await startSession(copyFixture('preflight'), { trustedOrigins: ['https://shop.example.com', 'https://b.example.com'] });
    const uri = await openDocument(session, 'nginx.conf');
    const found = await eventually('two lenses', () => lenses(session, uri), (l) => l.length === 2);
    assert.equal((found[0].command?.arguments?.[0] as { origin?: string }).origin, 'https://shop.example.com');
    // A location that names its origin keeps it.
    assert.equal((found[1].command?.arguments?.[0] as { origin?: string }).origin, 'https://app.example.com');
  });

  it('asks the editor for lenses again after each analysis, since they follow the findings', async () => {
    session = await startSession(copyFixture('preflight'));
    const uri = await openDocument(session, 'nginx.conf');
    await waitForDiagnostics(session, uri, (d) => codes(d).includes('reflected-origin'));
    await waitFor('a code lens refresh after the analysis', () => session.lensRefreshes > 0, session);
    const before = session.lensRefreshes;
    const text = fs.readFileSync(session.file('nginx.conf'), 'utf8').replace('$http_origin', 'https://app.example.com');
    const mark = session.publications.length;
    await session.client.sendNotification('textDocument/didChange', { textDocument: { uri, version: 2 }, contentChanges: [{ text }] });
    await waitForDiagnostics(session, uri, (d) => !codes(d).includes('reflected-origin'), mark);
    await waitFor('another refresh', () => session.lensRefreshes > before, session);
    // The location that lost its finding lost its lens.
    const after = await eventually('one lens', () => lenses(session, uri), (l) => l.length === 1);
    assert.deepEqual(after.map((l) => l.range.start.line), [18]);
  });

  it('turns config paths into request URLs', () => {
    assert.equal(requestPath('/api/'), '/api/');
    assert.equal(requestPath('^/v2/items\\.json$'), '/v2/items.json');
    assert.equal(requestPath('^/v[0-9]+/'), '/v');
    assert.equal(requestPath('\\.php$'), '/.php');
    assert.equal(requestPath('/static/(.*)'), '/static/');
    assert.equal(targetUrl({ hosts: [], ports: [80], tls: false, path: '/' }), 'http://localhost/');
    assert.equal(targetUrl({ hosts: ['a.example'], ports: [8443, 443], tls: true, path: '/x' }), 'https://a.example/x');
    assert.equal(targetUrl({ hosts: ['a.example'], ports: [8080], tls: false, path: '/x' }), 'http://a.example:8080/x');
  });
});
