import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import { TextDocument } from 'vscode-languageserver-textdocument';
import type { CodeAction, Diagnostic, TextEdit } from 'vscode-languageserver-protocol';
import { codes, copyFixture, openDocument, startSession, waitForDiagnostics, type LspSession } from './helpers/lsp-harness';

const TRUSTED = ['https://shop.example.com', 'https://admin.example.com'];

async function reflectedActions(session: LspSession, uri: string, after = 0): Promise<{ diagnostic: Diagnostic; actions: CodeAction[] }> {
  const diagnostics = await waitForDiagnostics(session, uri, (d) => codes(d).includes('reflected-origin'), after);
  const diagnostic = diagnostics.find((d) => d.code === 'reflected-origin')!;
  const actions = (await session.client.sendRequest('textDocument/codeAction', {
    textDocument: { uri },
    range: diagnostic.range,
    context: { diagnostics: [diagnostic] },
  })) as CodeAction[];
  return { diagnostic, actions };
}

function allowlist(actions: readonly CodeAction[]): CodeAction | undefined {
  return actions.find((a) => a.title.startsWith('Allow only') || a.title.startsWith('Replace with an explicit allowlist'));
}

function applied(uri: string, text: string, action: CodeAction): string {
  const edits: TextEdit[] = action.edit?.changes?.[uri] ?? [];
  assert.ok(edits.length > 0, `"${action.title}" edits ${uri}`);
  return TextDocument.applyEdits(TextDocument.create(uri, 'nginx', 1, text), edits);
}

/** The origins a map written by the fix lets through (`"https://x" $http_origin;` entries). */
function mappedOrigins(text: string): string[] {
  return [...text.matchAll(/^\s*"([^"]+)"\s+\$http_origin;$/gm)].map((m) => m[1]);
}

describe('LSP: corsPreflight.trustedOrigins feeds the allowlist fixes', () => {
  let session: LspSession;
  afterEach(async () => session?.dispose());

  it('titles the reflected-origin fix with the trusted origins and writes exactly them', async () => {
    session = await startSession(copyFixture('basic'), { trustedOrigins: TRUSTED });
    const uri = await openDocument(session, 'other.conf');
    const { actions } = await reflectedActions(session, uri);
    const fix = allowlist(actions);
    assert.equal(fix?.title, 'Allow only https://shop.example.com, https://admin.example.com', actions.map((a) => a.title).join(' | '));
    assert.equal(fix.isPreferred, true, 'with origins named by the user the fix is safe');
    const text = fs.readFileSync(session.file('other.conf'), 'utf8');
    const next = applied(uri, text, fix);
    assert.deepEqual(mappedOrigins(next), TRUSTED);
    assert.match(next, /add_header Access-Control-Allow-Origin \$\w+ always;/);
    assert.doesNotMatch(next, /add_header Access-Control-Allow-Origin \$http_origin/);

    // The fixed text no longer reflects.
    const mark = session.publications.length;
    await session.client.sendNotification('textDocument/didChange', { textDocument: { uri, version: 2 }, contentChanges: [{ text: next }] });
    await waitForDiagnostics(session, uri, (d) => !codes(d).includes('reflected-origin'), mark);
  });

  it('follows the setting: other origins change the action, none leaves a placeholder to fill in', async () => {
    session = await startSession(copyFixture('basic'), { trustedOrigins: TRUSTED });
    const uri = await openDocument(session, 'other.conf');
    const text = fs.readFileSync(session.file('other.conf'), 'utf8');
    const first = allowlist((await reflectedActions(session, uri)).actions);
    assert.equal(first?.title, `Allow only ${TRUSTED.join(', ')}`);

    session.settings['*'] = { trustedOrigins: ['https://partner.example.org/'] };
    let mark = session.publications.length;
    await session.client.sendNotification('workspace/didChangeConfiguration', { settings: null });
    const changed = allowlist((await reflectedActions(session, uri, mark)).actions);
    // The origin is normalised: the trailing slash of the setting is not part of an origin.
    assert.equal(changed?.title, 'Allow only https://partner.example.org');
    assert.deepEqual(mappedOrigins(applied(uri, text, changed)), ['https://partner.example.org']);

    session.settings['*'] = {};
    mark = session.publications.length;
    await session.client.sendNotification('workspace/didChangeConfiguration', { settings: null });
    const none = allowlist((await reflectedActions(session, uri, mark)).actions);
    assert.equal(none?.title, 'Replace with an explicit allowlist (fill in your origins)');
    assert.notEqual(none.isPreferred, true, 'a placeholder is no safe fix');
    const placeholder = applied(uri, text, none);
    assert.ok(!TRUSTED.some((o) => placeholder.includes(o)) && !placeholder.includes('partner.example.org'), placeholder);
    assert.match(placeholder, /# Placeholder: list every origin allowed to read these responses\./);
  });
});
