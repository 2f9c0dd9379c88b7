import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import type { CodeAction, CodeLens, Diagnostic } from 'vscode-languageserver-protocol';
import { requestPath, targetUrl } from '../../server/src/lsp/preflight-lens';
import { codes, copyFixture, openDocument, startSession, waitForDiagnostics, type LspSession } from './helpers/lsp-harness';

const TITLE = 'Send test preflight for this location';
const COMMAND = 'corsPreflight.sendTestPreflight';

function lenses(session: LspSession, uri: string): Promise<CodeLens[]> {
  return session.client.sendRequest('textDocument/codeLens', { textDocument: { uri } }) as Promise<CodeLens[]>;
}

function actionsFor(session: LspSession, uri: string, diagnostics: Diagnostic[], only?: string[]): Promise<CodeAction[]> {
  return session.client.sendRequest('textDocument/codeAction', { textDocument: { uri }, range: diagnostics[0].range, context: { diagnostics, only } }) as Promise<CodeAction[]>;
}

describe('LSP: "Send test preflight for this location"', () => {
  let session: LspSession;
  afterEach(async () => session?.dispose());

  it('puts a lens on each nginx location with a finding, prefilled from listen, server_name and the location path', async () => {
    session = await startSession(copyFixture('preflight'));
    const uri = await openDocument(session, 'nginx.conf');
    await waitForDiagnostics(session, uri, (d) => codes(d).includes('reflected-origin') && codes(d).includes('max-age-capped'));
    const found = await lenses(session, uri);
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
    const actions = await actionsFor(session, uri, reflected);
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
    const found = await lenses(session, uri);
    assert.equal(found.length, 1);
    assert.equal(found[0].range.start.line, 2);
    assert.deepEqual(found[0].command?.arguments, [{ url: 'http://files.example.org:8081/upload', method: 'PUT', credentials: true }]);
    const actions = await actionsFor(session, uri, diagnostics.filter((d) => d.code === 'credentials-with-wildcard-origin'));
    assert.ok(actions.some((a) => a.title === TITLE && a.command?.command === COMMAND));
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
