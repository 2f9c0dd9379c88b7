import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import { codes, copyFixture, openDocument, startSession, waitForDiagnostics, type LspSession } from './helpers/lsp-harness';

describe('LSP: typing', () => {
  let session: LspSession;
  afterEach(async () => session?.dispose());

  it('analyses a burst of edits as they come and ends on the last text', async () => {
    session = await startSession(copyFixture('basic'));
    const uri = await openDocument(session, 'nginx.conf');
    await waitForDiagnostics(session, uri, (d) => codes(d).includes('max-age-capped'));
    const original = fs.readFileSync(session.file('nginx.conf'), 'utf8');
    const mark = session.publications.length;
    // Deleting zeros one key at a time: only the last text is within every browser's cap.
    const texts = ['60000', '6000', '600'].map((value) => original.replace('100000', value));
    for (const [i, text] of texts.entries()) {
      await session.client.sendNotification('textDocument/didChange', { textDocument: { uri, version: i + 2 }, contentChanges: [{ text }] });
    }
    const after = await waitForDiagnostics(session, uri, (d) => !codes(d).includes('max-age-capped'), mark);
    assert.ok(codes(after).includes('headers-missing-on-error-responses'), codes(after).join());
  });
});
