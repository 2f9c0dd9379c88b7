import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import type { FileHost } from '../../server/src/engine/source';
import { RecordingHost, RunMemo } from '../../server/src/lsp/run-memo';
import { codes, copyFixture, openDocument, startSession, waitFor, waitForDiagnostics, type LspSession } from './helpers/lsp-harness';

function waitForScan(session: LspSession): Promise<boolean> {
  return waitFor('the workspace scan', () => session.progress.some((p) => (p as { value?: { kind?: string } }).value?.kind === 'end'), session);
}

describe('LSP: a run whose inputs are unchanged', () => {
  let session: LspSession;
  afterEach(async () => session?.dispose());

  it('a save of the analysed text publishes the same diagnostics again', async () => {
    session = await startSession(copyFixture('basic'));
    const uri = await openDocument(session, 'nginx.conf');
    await waitForScan(session);
    let mark = session.publications.length;
    await session.client.sendNotification('textDocument/didSave', { textDocument: { uri } });
    const first = await waitForDiagnostics(session, uri, (d) => d.length > 0, mark);
    for (let i = 0; i < 2; i++) {
      mark = session.publications.length;
      await session.client.sendNotification('textDocument/didSave', { textDocument: { uri } });
      assert.deepEqual(await waitForDiagnostics(session, uri, () => true, mark), first);
    }
  });

  it('an included snippet changed on disk, with no file event, is read again when its includer is saved', async () => {
    session = await startSession(copyFixture('includes'));
    const main = await openDocument(session, 'nginx.conf');
    assert.deepEqual(codes(await waitForDiagnostics(session, main, () => true)), []);
    await waitForScan(session);
    // The run of this save, after the scan, is the one remembered.
    let mark = session.publications.length;
    await session.client.sendNotification('textDocument/didSave', { textDocument: { uri: main } });
    await waitForDiagnostics(session, main, () => true, mark);
    mark = session.publications.length;
    fs.writeFileSync(
      session.file('snippets/cors.conf'),
      'add_header Access-Control-Allow-Origin $http_origin always;\nadd_header Access-Control-Allow-Credentials true always;\n',
    );
    await session.client.sendNotification('textDocument/didSave', { textDocument: { uri: main } });
    await waitForDiagnostics(session, session.uri('snippets/cors.conf'), (d) => codes(d).includes('reflected-origin'), mark);
  });

  it('an edit and its undo are each analysed, the undo giving the first findings back', async () => {
    session = await startSession(copyFixture('basic'));
    const uri = await openDocument(session, 'nginx.conf');
    await waitForScan(session);
    const first = await waitForDiagnostics(session, uri, (d) => d.length > 0);
    const text = fs.readFileSync(session.file('nginx.conf'), 'utf8');
    let mark = session.publications.length;
    await session.client.sendNotification('textDocument/didChange', { textDocument: { uri, version: 2 }, contentChanges: [{ text: '' }] });
    await waitForDiagnostics(session, uri, (d) => d.length === 0, mark);
    mark = session.publications.length;
    await session.client.sendNotification('textDocument/didChange', { textDocument: { uri, version: 3 }, contentChanges: [{ text }] });
    const back = await waitForDiagnostics(session, uri, (d) => d.length > 0, mark);
    assert.deepEqual(back.map((d) => ({ ...d, data: undefined })), first.map((d) => ({ ...d, data: undefined })));
  });
});

describe('Recorded file host answers', () => {
  function fakeHost(files: Map<string, string>, globs: Map<string, string[]>): FileHost {
    return {
      readText: (f) => {
        const t = files.get(f);
        if (t === undefined) throw new Error(`no such file: ${f}`);
        return t;
      },
      glob: (p) => [...(globs.get(p) ?? [])],
      exists: (f) => files.has(f),
    };
  }

  it('tells a host answering alike from one whose text, failure, glob or existence differs', () => {
    const files = new Map([['/a.conf', 'a'], ['/b.conf', 'b']]);
    const globs = new Map([['/s/*.conf', ['/s/x.conf']]]);
    const recording = new RecordingHost(fakeHost(files, globs));
    recording.readText('/a.conf');
    assert.throws(() => recording.readText('/missing.conf'));
    recording.glob('/s/*.conf');
    recording.exists('/b.conf');
    assert.ok(recording.answersAlike(fakeHost(new Map(files), new Map(globs))));
    assert.ok(!recording.answersAlike(fakeHost(new Map([...files, ['/a.conf', 'a2']]), globs)), 'a text changed');
    assert.ok(!recording.answersAlike(fakeHost(new Map([...files, ['/missing.conf', '']]), globs)), 'a missing file appeared');
    assert.ok(!recording.answersAlike(fakeHost(files, new Map([['/s/*.conf', ['/s/x.conf', '/s/y.conf']]]))), 'a glob matches more');
    assert.ok(!recording.answersAlike(fakeHost(new Map([['/a.conf', 'a']]), globs)), 'a file checked for is gone');
  });

  it('keeps a result only for the settings, discovery and answers it was made with, and drops it once superseded', () => {
    const files = new Map([['/a.conf', 'a']]);
    const host = fakeHost(files, new Map());
    const memo = new RunMemo<{ id: number }>();
    const settings = {};
    const recording = new RecordingHost(host);
    recording.readText('/a.conf');
    const result = { id: 1 };
    memo.remember('k', { settings, discovery: 'd', host: recording, result, files: new Set(['/a.conf']) });
    assert.equal(memo.lookup('k', settings, () => 'd', host), result);
    assert.equal(memo.lookup('k', {}, () => 'd', host), undefined, 'other settings');
    memo.remember('k', { settings, discovery: 'd', host: recording, result, files: new Set(['/a.conf']) });
    assert.equal(memo.lookup('k', settings, () => 'd2', host), undefined, 'another discovery');
    memo.remember('k', { settings, discovery: 'd', host: recording, result, files: new Set(['/a.conf']) });
    memo.superseded({ id: 2 }, ['/a.conf']);
    assert.equal(memo.lookup('k', settings, () => 'd', host), undefined, 'superseded');
  });
});
