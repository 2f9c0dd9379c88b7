import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import { codes, copyFixture, openDocument, startSession, waitFor, waitForDiagnostics, type LspSession } from './helpers/lsp-harness';

describe('LSP: settings', () => {
  let session: LspSession;
  afterEach(async () => session?.dispose());

  it('applies per-rule severities and turns rules off when the settings change', async () => {
    session = await startSession(copyFixture('basic'));
    const uri = await openDocument(session, 'nginx.conf');
    const before = await waitForDiagnostics(session, uri, (d) => codes(d).includes('max-age-capped'));
    assert.equal(before.find((d) => d.code === 'max-age-capped')?.severity, 3);
    session.settings['*'] = { rules: { 'max-age-capped': 'error', 'headers-missing-on-error-responses': 'off' } };
    const mark = session.publications.length;
    await session.client.sendNotification('workspace/didChangeConfiguration', { settings: null });
    const after = await waitForDiagnostics(session, uri, (d) => !codes(d).includes('headers-missing-on-error-responses'), mark);
    assert.equal(after.find((d) => d.code === 'max-age-capped')?.severity, 1);
  });

  it('reads settings per workspace folder resource and reports values it ignores', async () => {
    const folder = copyFixture('basic');
    session = await startSession(folder, { run: 'sometimes', rules: { 'no-such-rule': 'error', 'max-age-capped': 'loud' } });
    const uri = await openDocument(session, 'nginx.conf');
    await waitForDiagnostics(session, uri, (d) => d.length > 0);
    await waitFor('warnings about the ignored values', () =>
      session.logs.some((l) => l.includes('corsPreflight.run')) && session.logs.some((l) => l.includes('no-such-rule')) && session.logs.some((l) => l.includes('"loud"')),
    );
  });

  it('with run: onSave, analyses on save and not while typing', async () => {
    session = await startSession(copyFixture('basic'), { run: 'onSave' });
    const uri = await openDocument(session, 'nginx.conf');
    await waitForDiagnostics(session, uri, (d) => codes(d).includes('max-age-capped'));
    const typed = fs.readFileSync(session.file('nginx.conf'), 'utf8').replace('100000', '600');
    await session.client.sendNotification('textDocument/didChange', { textDocument: { uri, version: 2 }, contentChanges: [{ text: typed }] });
    // Opening a second document flushes the server's queue at once: had the typed change been
    // queued for analysis, it would be analysed and published in the same batch.
    const probeMark = session.publications.length;
    const other = await openDocument(session, 'other.conf');
    await waitForDiagnostics(session, other, () => true, probeMark);
    // Whatever was published since reflects the saved text, not the typed one.
    const since = session.publications.slice(probeMark).filter((p) => p.uri === uri);
    assert.ok(since.every((p) => codes(p.diagnostics).includes('max-age-capped')), 'no analysis of the unsaved text');
    fs.writeFileSync(session.file('nginx.conf'), typed);
    const mark = session.publications.length;
    await session.client.sendNotification('textDocument/didSave', { textDocument: { uri } });
    await waitForDiagnostics(session, uri, (d) => !codes(d).includes('max-age-capped'), mark);
  });

  it('enable: false clears the diagnostics', async () => {
    session = await startSession(copyFixture('basic'));
    const uri = await openDocument(session, 'nginx.conf');
    await waitForDiagnostics(session, uri, (d) => d.length > 0);
    session.settings['*'] = { enable: false };
    const mark = session.publications.length;
    await session.client.sendNotification('workspace/didChangeConfiguration', { settings: null });
    await waitForDiagnostics(session, uri, (d) => d.length === 0, mark);
  });
});
