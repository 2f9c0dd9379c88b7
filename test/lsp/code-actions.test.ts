import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import { TextDocument } from 'vscode-languageserver-textdocument';
import type { CodeAction, Diagnostic, TextEdit } from 'vscode-languageserver-protocol';
import type { DiagnosticData } from '../../server/src/lsp/protocol';
import { codes, copyFixture, openDocument, startSession, waitForDiagnostics, type LspSession } from './helpers/lsp-harness';

/** Applies a code action's edits for one document, as the editor would, and sends the change. */
async function apply(session: LspSession, uri: string, text: string, version: number, action: CodeAction): Promise<string> {
  const edits: TextEdit[] = action.edit?.changes?.[uri] ?? [];
  assert.ok(edits.length > 0, `action "${action.title}" edits ${uri}`);
  const next = TextDocument.applyEdits(TextDocument.create(uri, 'nginx', version - 1, text), edits);
  await session.client.sendNotification('textDocument/didChange', { textDocument: { uri, version }, contentChanges: [{ text: next }] });
  return next;
}

function key(d: Diagnostic): string {
  return `${d.code}@${d.range.start.line}`;
}

async function actionsFor(session: LspSession, uri: string, diagnostics: Diagnostic[], only?: string[]): Promise<CodeAction[]> {
  const range = diagnostics[0]?.range ?? { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } };
  return session.client.sendRequest('textDocument/codeAction', { textDocument: { uri }, range, context: { diagnostics, only } }) as Promise<CodeAction[]>;
}

describe('LSP: code actions', () => {
  let session: LspSession;
  afterEach(async () => session?.dispose());

  it('offers the finding\'s fix as preferred; applying it removes that finding and nothing else', async () => {
    session = await startSession(copyFixture('basic'));
    const uri = await openDocument(session, 'nginx.conf');
    const before = await waitForDiagnostics(session, uri, (d) => codes(d).includes('headers-missing-on-error-responses'));
    const target = before.find((d) => d.code === 'headers-missing-on-error-responses')!;
    const actions = await actionsFor(session, uri, [target]);
    const preferred = actions.filter((a) => a.isPreferred);
    assert.equal(preferred.length, 1, actions.map((a) => a.title).join(' | '));
    assert.ok(actions.some((a) => a.title === 'Disable headers-missing-on-error-responses for this line'));
    assert.ok(actions.some((a) => a.title === 'Disable headers-missing-on-error-responses for the entire file'));
    const docs = actions.find((a) => a.title === 'Show documentation for headers-missing-on-error-responses');
    assert.equal(docs?.command?.command, 'corsPreflight.showRuleDocs');
    assert.deepEqual(docs?.command?.arguments?.[0], 'headers-missing-on-error-responses');

    const text = fs.readFileSync(session.file('nginx.conf'), 'utf8');
    const mark = session.publications.length;
    const fixed = await apply(session, uri, text, 2, preferred[0]);
    // Only the directive's line changed.
    const a = text.split('\n');
    const b = fixed.split('\n');
    assert.equal(a.length, b.length);
    assert.deepEqual(a.filter((_, i) => i !== 8), b.filter((_, i) => i !== 8));
    assert.match(b[8], /add_header Access-Control-Allow-Origin https:\/\/app\.example\.com always;/);
    const after = await waitForDiagnostics(session, uri, (d) => !codes(d).includes('headers-missing-on-error-responses'), mark);
    assert.deepEqual(after.map(key).sort(), before.filter((d) => d !== target).map(key).sort());
  });

  it('"fix all" applies every safe fix of the file at once', async () => {
    session = await startSession(copyFixture('basic'));
    const uri = await openDocument(session, 'nginx.conf');
    await waitForDiagnostics(session, uri, (d) => d.length > 0);
    const actions = await actionsFor(session, uri, [], ['source.fixAll']);
    assert.equal(actions.length, 1);
    assert.equal(actions[0].kind, 'source.fixAll.corsPreflight');
    const text = fs.readFileSync(session.file('nginx.conf'), 'utf8');
    const mark = session.publications.length;
    await apply(session, uri, text, 2, actions[0]);
    // Both safe fixes of the file (`always`, `proxy_hide_header`) went in; the value rewrite is not safe and waits.
    const after = await waitForDiagnostics(session, uri, (d) => codes(d).join() === 'max-age-capped', mark);
    assert.ok(after.every((d) => !(d.data as DiagnosticData).fixes.some((f) => f.safe)));
    assert.deepEqual(await actionsFor(session, uri, [], ['source.fixAll']), []);
  });

  it('"fix all of this rule" fixes every such problem of the file in one edit', async () => {
    session = await startSession(copyFixture('basic'));
    const uri = await openDocument(session, 'two-missing.conf');
    const before = await waitForDiagnostics(session, uri, (d) => codes(d).filter((c) => c === 'headers-missing-on-error-responses').length === 2);
    const actions = await actionsFor(session, uri, [before[0]]);
    const all = actions.find((a) => a.title === 'Fix all 2 headers-missing-on-error-responses problems in this file');
    assert.ok(all, actions.map((a) => a.title).join(' | '));
    const mark = session.publications.length;
    const next = await apply(session, uri, fs.readFileSync(session.file('two-missing.conf'), 'utf8'), 2, all);
    assert.match(next, /Allow-Origin https:\/\/app\.example\.com always;/);
    assert.match(next, /Max-Age 600 always;/);
    await waitForDiagnostics(session, uri, (d) => d.length === 0, mark);
  });

  it('"disable for this line" inserts an indented suppression comment that silences the finding', async () => {
    session = await startSession(copyFixture('basic'));
    const uri = await openDocument(session, 'nginx.conf');
    const before = await waitForDiagnostics(session, uri, (d) => codes(d).includes('max-age-capped'));
    const target = before.find((d) => d.code === 'max-age-capped')!;
    const actions = await actionsFor(session, uri, [target]);
    const disable = actions.find((a) => a.title === 'Disable max-age-capped for this line')!;
    const text = fs.readFileSync(session.file('nginx.conf'), 'utf8');
    const mark = session.publications.length;
    const next = await apply(session, uri, text, 2, disable);
    assert.equal(next.split('\n')[9], '            # cors-preflight-disable-next-line max-age-capped');
    const after = await waitForDiagnostics(session, uri, (d) => !codes(d).includes('max-age-capped'), mark);
    assert.ok(codes(after).includes('headers-missing-on-error-responses'), 'the other finding stays');
  });

  it('"disable for the entire file" puts the comment at the top', async () => {
    session = await startSession(copyFixture('basic'));
    const uri = await openDocument(session, 'nginx.conf');
    const before = await waitForDiagnostics(session, uri, (d) => codes(d).includes('max-age-capped'));
    const actions = await actionsFor(session, uri, before.filter((d) => d.code === 'max-age-capped'));
    const disable = actions.find((a) => a.title === 'Disable max-age-capped for the entire file')!;
    const mark = session.publications.length;
    const next = await apply(session, uri, fs.readFileSync(session.file('nginx.conf'), 'utf8'), 2, disable);
    assert.equal(next.split('\n')[0], '# cors-preflight-disable max-age-capped');
    const after = await waitForDiagnostics(session, uri, (d) => !codes(d).includes('max-age-capped'), mark);
    assert.ok(codes(after).includes('headers-missing-on-error-responses'), 'the other findings stay');
  });

  it('offers no fix computed against an older text', async () => {
    session = await startSession(copyFixture('basic'));
    const uri = await openDocument(session, 'nginx.conf');
    const before = await waitForDiagnostics(session, uri, (d) => codes(d).includes('headers-missing-on-error-responses'));
    const target = before.filter((d) => d.code === 'headers-missing-on-error-responses');
    // Edited, and asked with the diagnostics of the version before the edit.
    await session.client.sendNotification('textDocument/didChange', { textDocument: { uri, version: 2 }, contentChanges: [{ range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } }, text: '\n' }] });
    const actions = await actionsFor(session, uri, target);
    assert.ok(!actions.some((a) => a.isPreferred), actions.map((a) => a.title).join(' | '));
  });
});
