import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import { codes, copyFixture, openDocument, startSession, waitFor, waitForDiagnostics, type LspSession } from './helpers/lsp-harness';

describe('LSP: included files', () => {
  let session: LspSession;
  afterEach(async () => session?.dispose());

  it('re-analyses the including config when a snippet changes on disk, the snippet not open', async () => {
    session = await startSession(copyFixture('includes'));
    const main = await openDocument(session, 'nginx.conf');
    await waitFor('the file watcher registration', () => session.registrations.includes('workspace/didChangeWatchedFiles'));
    const clean = await waitForDiagnostics(session, main, () => true);
    assert.deepEqual(codes(clean), []);
    const mark = session.publications.length;
    fs.writeFileSync(
      session.file('snippets/cors.conf'),
      'add_header Access-Control-Allow-Origin $http_origin always;\nadd_header Access-Control-Allow-Credentials true always;\n',
    );
    await session.client.sendNotification('workspace/didChangeWatchedFiles', { changes: [{ uri: session.uri('snippets/cors.conf'), type: 2 }] });
    // The finding sits in the snippet; the including config is re-analysed with it.
    const snippet = await waitForDiagnostics(session, session.uri('snippets/cors.conf'), (d) => codes(d).includes('reflected-origin'), mark);
    assert.ok(snippet.some((d) => d.code === 'reflected-origin' && d.severity === 1));
    assert.ok(session.publications.slice(mark).some((p) => p.uri === main), 'the including config was re-published');
  });

  it('an edit of an open snippet re-analyses it in the context of its includer', async () => {
    session = await startSession(copyFixture('includes'));
    const snippetUri = await openDocument(session, 'snippets/cors.conf');
    await waitForDiagnostics(session, snippetUri, () => true);
    const mark = session.publications.length;
    await session.client.sendNotification('textDocument/didChange', {
      textDocument: { uri: snippetUri, version: 2 },
      contentChanges: [{ text: 'add_header Access-Control-Allow-Origin $http_origin always;\nadd_header Access-Control-Allow-Credentials true always;\n' }],
    });
    // Only inside the includer's `location` do these lines make a response path with credentials.
    const after = await waitForDiagnostics(session, snippetUri, (d) => codes(d).includes('reflected-origin'), mark);
    assert.equal(after.find((d) => d.code === 'reflected-origin')?.severity, 1);
  });
});

describe('LSP: files created and deleted on disk', () => {
  let session: LspSession;
  afterEach(async () => session?.dispose());

  it('follows an included file being deleted and created again', async () => {
    session = await startSession(copyFixture('includes'));
    const main = await openDocument(session, 'nginx.conf');
    await waitForDiagnostics(session, main, () => true);
    // nginx.conf includes snippets/cors.conf by name; deleting it breaks the include.
    let mark = session.publications.length;
    fs.rmSync(session.file('snippets/cors.conf'));
    await session.client.sendNotification('workspace/didChangeWatchedFiles', { changes: [{ uri: session.uri('snippets/cors.conf'), type: 3 }] });
    await waitForDiagnostics(session, main, (d) => codes(d).includes('include-error'), mark);
    mark = session.publications.length;
    fs.writeFileSync(session.file('snippets/cors.conf'), 'add_header Access-Control-Allow-Origin "https://a.example.com https://b.example.com" always;\n');
    await session.client.sendNotification('workspace/didChangeWatchedFiles', { changes: [{ uri: session.uri('snippets/cors.conf'), type: 1 }] });
    await waitForDiagnostics(session, main, (d) => !codes(d).includes('include-error'), mark);
    await waitForDiagnostics(session, session.uri('snippets/cors.conf'), (d) => codes(d).includes('invalid-origin-value'), mark);
  });
});
