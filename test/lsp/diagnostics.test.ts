import * as assert from 'node:assert/strict';
import { codes, copyFixture, openDocument, startSession, waitFor, waitForDiagnostics, type LspSession } from './helpers/lsp-harness';
import type { DiagnosticData } from '../../server/src/lsp/protocol';

describe('LSP: diagnostics', () => {
  let session: LspSession;
  afterEach(async () => session?.dispose());

  it('reports an open config\'s findings with rule ids, ranges, docs links and fix data', async () => {
    session = await startSession(copyFixture('basic'));
    const uri = await openDocument(session, 'nginx.conf');
    const diagnostics = await waitForDiagnostics(session, uri, (d) => d.length > 0);
    assert.ok(codes(diagnostics).includes('headers-missing-on-error-responses'), codes(diagnostics).join());
    assert.ok(codes(diagnostics).includes('max-age-capped'), codes(diagnostics).join());
    for (const d of diagnostics) {
      assert.equal(d.source, 'cors-preflight');
      assert.equal(d.codeDescription?.href, `https://github.com/cors-preflight/cors-preflight/blob/main/docs/rules/${d.code}.md`);
      assert.equal((d.data as DiagnosticData).ruleId, d.code);
    }
    const missingAlways = diagnostics.find((d) => d.code === 'headers-missing-on-error-responses')!;
    // The ACAO add_header line (0-based line 8), never the whole file.
    assert.equal(missingAlways.range.start.line, 8);
    assert.equal(missingAlways.range.end.line, 8);
    assert.equal(missingAlways.severity, 2);
    const maxAge = diagnostics.find((d) => d.code === 'max-age-capped')!;
    assert.equal(maxAge.range.start.line, 9);
    assert.equal(maxAge.severity, 3);
    assert.ok((missingAlways.data as DiagnosticData).fixes.some((f) => f.safe), 'adding `always` is a safe fix');
  });

  it('scans the whole workspace on start-up with a progress notification, open or not', async () => {
    session = await startSession(copyFixture('basic'));
    const other = await waitForDiagnostics(session, session.uri('other.conf'), (d) => d.length > 0);
    assert.ok(codes(other).includes('reflected-origin'), codes(other).join());
    const reflected = other.find((d) => d.code === 'reflected-origin')!;
    assert.equal(reflected.severity, 1, 'reflection with credentials is an error');
    const kinds = await waitFor('progress begin and end', () => {
      const k = session.progress.map((p) => (p as { value: { kind: string } }).value.kind);
      return k.includes('begin') && k.includes('end') ? k : undefined;
    });
    assert.equal(kinds[0], 'begin');
    const status = await waitFor('a status with the counts', () => session.statuses.filter((s) => !s.busy && s.errors > 0).pop());
    assert.ok(status.files >= 2);
  });

  it('re-analyses as the document is edited and keeps the diagnostics in step', async () => {
    session = await startSession(copyFixture('basic'));
    const uri = await openDocument(session, 'nginx.conf');
    await waitForDiagnostics(session, uri, (d) => codes(d).includes('max-age-capped'));
    const mark = session.publications.length;
    // Line 9: `add_header Access-Control-Max-Age 100000 always;`, value at columns 46..52.
    await session.client.sendNotification('textDocument/didChange', {
      textDocument: { uri, version: 2 },
      contentChanges: [{ range: { start: { line: 9, character: 46 }, end: { line: 9, character: 52 } }, text: '600' }],
    });
    const after = await waitForDiagnostics(session, uri, (d) => !codes(d).includes('max-age-capped'), mark);
    assert.ok(codes(after).includes('headers-missing-on-error-responses'));
  });

  it('shows syntax errors and the findings of the parts that parsed, and keeps answering', async () => {
    session = await startSession(copyFixture('broken'));
    const uri = await openDocument(session, 'nginx.conf');
    const diagnostics = await waitForDiagnostics(session, uri, (d) => codes(d).includes('syntax-error'));
    assert.ok(codes(diagnostics).includes('reflected-origin'), codes(diagnostics).join());
    const hover = await session.client.sendRequest('textDocument/hover', { textDocument: { uri }, position: { line: 6, character: 26 } });
    assert.ok(hover, 'the server still answers after a broken file');
  });

  it('analyses an opened file outside every workspace folder and clears it on close', async () => {
    session = await startSession(copyFixture('includes'));
    const loose = copyFixture('basic');
    const uri = `file://${loose}/other.conf`;
    const fs = await import('node:fs');
    await session.client.sendNotification('textDocument/didOpen', { textDocument: { uri, languageId: 'nginx', version: 1, text: fs.readFileSync(`${loose}/other.conf`, 'utf8') } });
    await waitForDiagnostics(session, uri, (d) => codes(d).includes('reflected-origin'));
    const mark = session.publications.length;
    await session.client.sendNotification('textDocument/didClose', { textDocument: { uri } });
    await waitForDiagnostics(session, uri, (d) => d.length === 0, mark);
    fs.rmSync(loose, { recursive: true, force: true });
  });
});
