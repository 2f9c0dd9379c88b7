import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import { codes, copyFixture, startSession, waitForDiagnostics, type LspSession } from './helpers/lsp-harness';

describe('LSP: workspace folders and file selection', () => {
  let session: LspSession;
  afterEach(async () => session?.dispose());

  it('reads each folder\'s own settings in a multi-root workspace', async () => {
    const first = copyFixture('basic');
    const second = copyFixture('basic');
    const secondUri = pathToFileURL(second).href;
    session = await startSession(first, {}, [second]);
    session.settings[secondUri] = { rules: { 'reflected-origin': 'off', 'missing-vary-origin': 'info' } };
    // The settings of the second folder are read when it is scanned; re-read them now they are set.
    const mark = session.publications.length;
    await session.client.sendNotification('workspace/didChangeConfiguration', { settings: null });
    const inFirst = await waitForDiagnostics(session, session.uri('other.conf'), (d) => codes(d).includes('reflected-origin'), mark);
    const inSecond = await waitForDiagnostics(session, `${secondUri}/other.conf`, (d) => d.length > 0 && !codes(d).includes('reflected-origin'), mark);
    assert.equal(inFirst.find((d) => d.code === 'missing-vary-origin')?.severity, 2);
    assert.equal(inSecond.find((d) => d.code === 'missing-vary-origin')?.severity, 3);
  });

  it('leaves out excluded files and analyses only included ones', async () => {
    session = await startSession(copyFixture('basic'), { exclude: ['other.conf'] });
    await waitForDiagnostics(session, session.uri('nginx.conf'), (d) => d.length > 0);
    assert.ok(!session.publications.some((p) => p.uri === session.uri('other.conf')), 'other.conf is excluded');
    session.settings['*'] = { include: ['other.conf'] };
    const mark = session.publications.length;
    await session.client.sendNotification('workspace/didChangeConfiguration', { settings: null });
    await waitForDiagnostics(session, session.uri('other.conf'), (d) => codes(d).includes('reflected-origin'), mark);
    await waitForDiagnostics(session, session.uri('nginx.conf'), (d) => d.length === 0, mark);
  });

  it('follows workspace folders being added and removed', async () => {
    const first = copyFixture('basic');
    const second = copyFixture('includes');
    session = await startSession(first);
    await waitForDiagnostics(session, session.uri('other.conf'), (d) => d.length > 0);
    const mark = session.publications.length;
    const added = { uri: pathToFileURL(second).href, name: 'includes' };
    const removed = session.folders[0];
    session.folders = [added];
    await session.client.sendNotification('workspace/didChangeWorkspaceFolders', { event: { added: [added], removed: [removed] } });
    // The removed folder's problems are cleared; the added folder is scanned (its clean config has none to publish).
    await waitForDiagnostics(session, session.uri('other.conf'), (d) => d.length === 0, mark);
    fs.writeFileSync(path.join(second, 'snippets', 'cors.conf'), 'add_header Access-Control-Allow-Origin $http_origin always;\nadd_header Access-Control-Allow-Credentials true always;\n');
    await session.client.sendNotification('workspace/didChangeWatchedFiles', { changes: [{ uri: pathToFileURL(path.join(second, 'snippets', 'cors.conf')).href, type: 2 }] });
    await waitForDiagnostics(session, pathToFileURL(path.join(second, 'snippets', 'cors.conf')).href, (d) => codes(d).includes('reflected-origin'), mark);
    fs.rmSync(second, { recursive: true, force: true });
  });
});
