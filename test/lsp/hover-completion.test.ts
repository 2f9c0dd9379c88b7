import * as assert from 'node:assert/strict';
import type { CompletionItem, Hover, MarkupContent } from 'vscode-languageserver-protocol';
import { copyFixture, openDocument, startSession, waitForDiagnostics, type LspSession } from './helpers/lsp-harness';

function text(hover: Hover | null): string {
  return hover ? (hover.contents as MarkupContent).value : '';
}

describe('LSP: hovers and completion', () => {
  let session: LspSession;
  afterEach(async () => session?.dispose());

  it('explains a CORS header and what a browser does with its value', async () => {
    session = await startSession(copyFixture('basic'));
    const uri = await openDocument(session, 'other.conf');
    await waitForDiagnostics(session, uri, (d) => d.length > 0);
    // Line 3: `        add_header Access-Control-Allow-Origin $http_origin always;`
    const onName = (await session.client.sendRequest('textDocument/hover', { textDocument: { uri }, position: { line: 3, character: 30 } })) as Hover;
    assert.match(text(onName), /\*\*Access-Control-Allow-Origin\*\*/);
    assert.match(text(onName), /Echoes the request's `Origin` unchecked/);
    assert.deepEqual(onName.range, { start: { line: 3, character: 19 }, end: { line: 3, character: 46 } });
    // The value carries the reflected-origin finding: the rule is explained too.
    const onValue = (await session.client.sendRequest('textDocument/hover', { textDocument: { uri }, position: { line: 3, character: 50 } })) as Hover;
    assert.match(text(onValue), /\*\*reflected-origin\*\*/);
    const onListen = await session.client.sendRequest('textDocument/hover', { textDocument: { uri }, position: { line: 1, character: 6 } });
    assert.equal(onListen, null);
  });

  it('explains Apache Header lines too', async () => {
    session = await startSession(copyFixture('basic'));
    const uri = session.uri('.htaccess');
    await session.client.sendNotification('textDocument/didOpen', {
      textDocument: { uri, languageId: 'apacheconf', version: 1, text: 'Header always set Access-Control-Allow-Credentials True\n' },
    });
    const hover = (await session.client.sendRequest('textDocument/hover', { textDocument: { uri }, position: { line: 0, character: 55 } })) as Hover;
    assert.match(text(hover), /only the exact lowercase `true`/);
  });

  it('tells Apache values that echo the Origin from those real httpd never fills with it', async () => {
    session = await startSession(copyFixture('basic'));
    const uri = session.uri('values.conf');
    const lines = [
      'Header always set Access-Control-Allow-Origin "expr=%{req:Origin}"',
      'Header always set Access-Control-Allow-Origin %{Origin}i',
      'Header always set Access-Control-Allow-Origin %{CORS_ORIGIN}e env=CORS_ORIGIN',
    ];
    await session.client.sendNotification('textDocument/didOpen', { textDocument: { uri, languageId: 'apacheconf', version: 1, text: lines.join('\n') + '\n' } });
    const valueHover = async (line: number) => {
      const at = lines[line].indexOf('Origin ') + 'Origin '.length + 2;
      return text((await session.client.sendRequest('textDocument/hover', { textDocument: { uri }, position: { line, character: at } })) as Hover);
    };
    assert.match(await valueHover(0), /Echoes the request's `Origin` unchecked/);
    assert.match(await valueHover(1), /Apache sends `i=NN`/);
    assert.match(await valueHover(2), /The environment variable `CORS_ORIGIN`, usually set by `SetEnvIf Origin \.\.\.`/);
  });

  it('reads an unquoted %{VAR}e or ${var} as one value, braces and all', async () => {
    session = await startSession(copyFixture('basic'));
    const apache = session.uri('echo.conf');
    const line = 'Header always set Access-Control-Allow-Origin %{HTTP_ORIGIN}e env=CORS';
    await session.client.sendNotification('textDocument/didOpen', { textDocument: { uri: apache, languageId: 'apacheconf', version: 1, text: `${line}\n` } });
    const value = line.indexOf('%{');
    const onValue = (await session.client.sendRequest('textDocument/hover', { textDocument: { uri: apache }, position: { line: 0, character: value + 3 } })) as Hover;
    // Real httpd sends `(null)` here: the request's headers are not in the environment.
    assert.match(text(onValue), /unless a `SetEnvIf` sets `HTTP_ORIGIN`, Apache sends the text `\(null\)`/);
    assert.doesNotMatch(text(onValue), /Echoes/);
    assert.deepEqual(onValue.range, { start: { line: 0, character: value }, end: { line: 0, character: value + '%{HTTP_ORIGIN}e'.length } });
    const nginx = session.uri('braces.conf');
    const nginxLine = '    add_header Access-Control-Allow-Origin ${http_origin} always;';
    await session.client.sendNotification('textDocument/didOpen', { textDocument: { uri: nginx, languageId: 'nginx', version: 1, text: `${nginxLine}\n` } });
    const always = nginxLine.indexOf('always');
    const onAlways = (await session.client.sendRequest('textDocument/hover', { textDocument: { uri: nginx }, position: { line: 0, character: always + 2 } })) as Hover;
    assert.match(text(onAlways), /^`always`: the header is sent whatever the status/);
  });

  it('completes CORS header names, their typical values, and `always`', async () => {
    session = await startSession(copyFixture('basic'));
    const uri = session.uri('new.conf');
    const lines = ['location / {', '    add_header Access-Control-', '    add_header Access-Control-Allow-Methods ', '    add_header Vary Origin ', '}'];
    await session.client.sendNotification('textDocument/didOpen', { textDocument: { uri, languageId: 'nginx', version: 1, text: lines.join('\n') } });
    const complete = async (line: number) =>
      (await session.client.sendRequest('textDocument/completion', { textDocument: { uri }, position: { line, character: lines[line].length } })) as CompletionItem[];
    const names = (await complete(1)).map((i) => i.label);
    assert.ok(names.includes('Access-Control-Allow-Origin') && names.includes('Access-Control-Max-Age'), names.join());
    const name = (await complete(1)).find((i) => i.label === 'Access-Control-Allow-Origin');
    assert.deepEqual((name?.textEdit as { range: unknown }).range, { start: { line: 1, character: 15 }, end: { line: 1, character: 30 } });
    const values = (await complete(2)).map((i) => i.label);
    assert.ok(values.includes('"GET, POST, OPTIONS"'), values.join());
    assert.deepEqual((await complete(3)).map((i) => i.label), ['always']);
    assert.deepEqual(await complete(0), []);
  });
});

describe('LSP: requests the server cannot serve', () => {
  let session: LspSession;
  afterEach(async () => session?.dispose());

  it('answers empty, without failing, for documents it does not know or languages it does not complete', async () => {
    session = await startSession(copyFixture('basic'));
    const unknown = { textDocument: { uri: session.uri('never-opened.conf') }, position: { line: 0, character: 0 } };
    assert.equal(await session.client.sendRequest('textDocument/hover', unknown), null);
    assert.deepEqual(await session.client.sendRequest('textDocument/completion', unknown), []);
    const range = { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } };
    assert.deepEqual(await session.client.sendRequest('textDocument/codeAction', { textDocument: unknown.textDocument, range, context: { diagnostics: [] } }), []);
    const js = session.uri('app.js');
    await session.client.sendNotification('textDocument/didOpen', { textDocument: { uri: js, languageId: 'javascript', version: 1, text: 'add_header Access-Control-\n' } });
    assert.deepEqual(await session.client.sendRequest('textDocument/completion', { textDocument: { uri: js }, position: { line: 0, character: 26 } }), []);
    // Events for things that are not files are ignored.
    await session.client.sendNotification('workspace/didChangeWatchedFiles', { changes: [{ uri: 'untitled:Untitled-1', type: 2 }] });
    const other = await waitForDiagnostics(session, session.uri('other.conf'), (d) => d.length > 0);
    assert.ok(other.length > 0);
  });
});
