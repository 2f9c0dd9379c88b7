import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import type { Diagnostic, DiagnosticRelatedInformation, Range } from 'vscode-languageserver-protocol';
import { codes, startSession, waitForDiagnostics, type LspSession } from './helpers/lsp-harness';

/** A workspace folder made of these files. */
function workspace(files: Record<string, string>): string {
  const dir = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), 'cors-lsp-related-')));
  for (const [name, text] of Object.entries(files)) {
    fs.mkdirSync(path.dirname(path.join(dir, name)), { recursive: true });
    fs.writeFileSync(path.join(dir, name), text);
  }
  return dir;
}

/** The range of a whole statement on a line: from its first word to the `;` that ends it. */
function statement(lines: readonly string[], line: number): Range {
  const start = lines[line].search(/\S/);
  return { start: { line, character: start }, end: { line, character: lines[line].indexOf(';') + 1 } };
}

function one(diagnostics: readonly Diagnostic[], code: string): Diagnostic {
  const found = diagnostics.filter((d) => d.code === code);
  assert.equal(found.length, 1, `one ${code} among [${codes(diagnostics).join(', ')}]`);
  return found[0];
}

function related(d: Diagnostic): DiagnosticRelatedInformation[] {
  assert.ok(d.relatedInformation && d.relatedInformation.length > 0, `${d.code} carries related information`);
  return d.relatedInformation;
}

const OUTER = [
  'events {}',
  'http {',
  '    server {',
  '        listen 127.0.0.1:8080;',
  '        add_header Access-Control-Allow-Origin https://app.example.com always;',
  '        add_header Vary Origin always;',
  '        location /api/ {',
  '            add_header X-Frame-Options DENY always;',
  '            return 204;',
  '        }',
  '    }',
  '}',
];

const INCLUDER = [
  'events {}',
  'http {',
  '    server {',
  '        listen 127.0.0.1:8080;',
  '        include snippets/cors.conf;',
  '        location /api/ {',
  '            add_header Cache-Control no-store;',
  '            return 204;',
  '        }',
  '    }',
  '}',
];

const SNIPPET = ['add_header Access-Control-Allow-Origin $http_origin always;', 'add_header Access-Control-Allow-Credentials true always;', 'add_header Vary Origin always;'];

describe('LSP: related information points at the other half of a finding', () => {
  let session: LspSession;
  afterEach(async () => session?.dispose());

  it('a nested add_header names each outer-level header it drops, in the same file', async () => {
    session = await startSession(workspace({ 'nginx.conf': OUTER.join('\n') + '\n' }));
    const uri = session.uri('nginx.conf');
    const diagnostics = await waitForDiagnostics(session, uri, (d) => codes(d).includes('add-header-inheritance'));
    const finding = one(diagnostics, 'add-header-inheritance');
    assert.equal(finding.range.start.line, 7);
    assert.deepEqual(
      related(finding).map((r) => ({ uri: r.location.uri, range: r.location.range, message: r.message })),
      [
        { uri, range: statement(OUTER, 4), message: 'Access-Control-Allow-Origin is set here but does not reach this level.' },
        { uri, range: statement(OUTER, 5), message: 'Vary is set here but does not reach this level.' },
      ],
    );
  });

  it('headers dropped from an included snippet point into the snippet, and a snippet\'s finding points at the include', async () => {
    session = await startSession(workspace({ 'nginx.conf': INCLUDER.join('\n') + '\n', 'snippets/cors.conf': SNIPPET.join('\n') + '\n' }));
    const main = session.uri('nginx.conf');
    const snippet = session.uri('snippets/cors.conf');

    const inMain = one(await waitForDiagnostics(session, main, (d) => codes(d).includes('add-header-inheritance')), 'add-header-inheritance');
    assert.deepEqual(inMain.range, statement(INCLUDER, 6));
    assert.deepEqual(
      related(inMain).map((r) => ({ uri: r.location.uri, range: r.location.range })),
      [0, 1, 2].map((line) => ({ uri: snippet, range: statement(SNIPPET, line) })),
    );

    const reflected = one(await waitForDiagnostics(session, snippet, (d) => codes(d).includes('reflected-origin')), 'reflected-origin');
    const value = SNIPPET[0].indexOf('$http_origin');
    assert.deepEqual(reflected.range, { start: { line: 0, character: value }, end: { line: 0, character: value + '$http_origin'.length } });
    const [through, applies, ...rest] = related(reflected);
    assert.equal(rest.length, 0, JSON.stringify(rest));
    assert.equal(through.location.uri, main);
    assert.deepEqual(through.location.range, statement(INCLUDER, 4));
    assert.equal(through.message, 'server 127.0.0.1:8080 inherits it through here.');
    // The response path the snippet's header ends up on: the server block of the includer.
    assert.equal(applies.location.uri, main);
    assert.deepEqual(applies.location.range.start, { line: 2, character: 4 });
    assert.equal(applies.message, 'Applies to server 127.0.0.1:8080.');
  });
});
