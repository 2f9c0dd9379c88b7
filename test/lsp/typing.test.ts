import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
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

describe('LSP: typing in one server of many', () => {
  const sessions: LspSession[] = [];
  afterEach(async () => {
    for (const s of sessions.splice(0)) await s.dispose();
  });

  const config = (servers: number) =>
    `worker_processes 1;\nhttp {\n${Array.from({ length: servers }, (_, i) => `    server {\n        listen 127.0.0.1:${8080 + i};\n        add_header Access-Control-Allow-Origin $http_origin always;\n        add_header Access-Control-Allow-Credentials true always;\n        location /api/ {\n            add_header Cache-Control "no-store";\n        }\n    }\n`).join('')}}\n`;

  /** Diagnostics without the document version, which differs between two sessions on the same text. */
  const comparable = (list: readonly { data?: unknown }[]) => list.map((d) => ({ ...d, data: { ...(d.data as object), version: undefined } }));

  it('publishes, after edits inside a server and at the top, what a fresh server publishes for the final text', async () => {
    const folder = fs.mkdtempSync(`${os.tmpdir()}/cors-lsp-servers-`);
    const original = config(5);
    fs.writeFileSync(`${folder}/nginx.conf`, original);
    const editing = await startSession(fs.realpathSync(folder));
    sessions.push(editing);
    const uri = await openDocument(editing, 'nginx.conf');
    const before = await waitForDiagnostics(editing, uri, (d) => d.length > 0);
    // In the fourth server, `always` goes: its credentials header no longer reaches error answers.
    const fourth = original.split('    server {')[1 + 3];
    const at = original.indexOf(fourth) + fourth.indexOf(' always;', fourth.indexOf('Credentials'));
    const lineOf = (offset: number) => original.slice(0, offset).split('\n').length - 1;
    const character = at - original.lastIndexOf('\n', at - 1) - 1;
    let mark = editing.publications.length;
    await editing.client.sendNotification('textDocument/didChange', {
      textDocument: { uri, version: 2 },
      contentChanges: [{ range: { start: { line: lineOf(at), character }, end: { line: lineOf(at), character: character + 7 } }, text: '' }],
    });
    await waitForDiagnostics(editing, uri, (d) => d.length > before.length, mark);
    mark = editing.publications.length;
    await editing.client.sendNotification('textDocument/didChange', {
      textDocument: { uri, version: 3 },
      contentChanges: [{ range: { start: { line: 0, character: 19 }, end: { line: 0, character: 19 } }, text: ' ' }],
    });
    const edited = await waitForDiagnostics(editing, uri, () => true, mark);
    const finalText = `worker_processes 1; \n${original.slice(0, at).split('\n').slice(1).join('\n')}${original.slice(at + 7)}`;
    const lenses = await editing.client.sendRequest('textDocument/codeLens', { textDocument: { uri } });

    const freshFolder = fs.mkdtempSync(`${os.tmpdir()}/cors-lsp-servers-`);
    fs.writeFileSync(`${freshFolder}/nginx.conf`, finalText);
    const fresh = await startSession(fs.realpathSync(freshFolder));
    sessions.push(fresh);
    const freshUri = await openDocument(fresh, 'nginx.conf');
    const expected = await waitForDiagnostics(fresh, freshUri, (d) => d.length > 0);
    const rewrite = (v: unknown) => JSON.parse(JSON.stringify(v).split(fs.realpathSync(freshFolder)).join(fs.realpathSync(folder)));
    assert.deepEqual(comparable(edited), comparable(rewrite(expected)));
    assert.ok(codes(edited).includes('headers-missing-on-error-responses'), codes(edited).join());
    assert.deepEqual(lenses, rewrite(await fresh.client.sendRequest('textDocument/codeLens', { textDocument: { uri: freshUri } })));
  });
});
