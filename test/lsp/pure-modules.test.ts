import * as assert from 'node:assert/strict';
import { parseHeaderLine, roleAt, tokenize } from '../../server/src/lsp/header-line';
import { IncludeGraph } from '../../server/src/lsp/include-graph';
import { normaliseSettings } from '../../server/src/lsp/settings';
import { commentMarker, disableFileEdit, disableLineEdit } from '../../server/src/lsp/suppression-edits';
import { TextPositions } from '../../server/src/lsp/text-positions';

describe('LSP modules without a connection', () => {
  it('suppression comments follow the file\'s comment syntax and indentation', () => {
    assert.equal(commentMarker('/x/nginx.conf'), '#');
    assert.equal(commentMarker('/x/app.ts'), '//');
    assert.equal(commentMarker('/x/app.py', 'python'), '#');
    const edit = disableLineEdit('a\n\t  add_header X 1;\n', 1, 'max-age-capped', '#');
    assert.deepEqual(edit, { range: { start: { line: 1, character: 0 }, end: { line: 1, character: 0 } }, newText: '\t  # cors-preflight-disable-next-line max-age-capped\n' });
    const crlf = disableLineEdit('x\r\n  y\r\n', 1, 'r', '//');
    assert.equal(crlf.newText, '  // cors-preflight-disable-next-line r\r\n');
  });

  it('adds the id to a suppression comment already there', () => {
    const text = '  # cors-preflight-disable-next-line a -- legacy\n  add_header X 1;\n';
    assert.deepEqual(disableLineEdit(text, 1, 'b', '#'), { range: { start: { line: 0, character: 38 }, end: { line: 0, character: 38 } }, newText: ', b' });
    const top = '# cors-preflight-disable a\nserver {}\n';
    assert.deepEqual(disableFileEdit(top, 'b', '#').newText, ', b');
  });

  it('puts a file suppression after a #! line or PHP\'s opening tag', () => {
    assert.equal(disableFileEdit('#!/usr/bin/env node\napp();\n', 'r', '//').range.start.line, 1);
    assert.equal(disableFileEdit('<?php\nheader("x");\n', 'r', '//').range.start.line, 1);
    assert.equal(disableFileEdit('server {}\n', 'r', '#').range.start.line, 0);
  });

  it('finds the header name and value of nginx and Apache lines', () => {
    assert.deepEqual(tokenize('add_header Vary "Origin, X" always; # c').map((t) => t.text), ['add_header', 'Vary', '"Origin, X"', 'always']);
    const nginx = parseHeaderLine('    add_header Access-Control-Max-Age 600;')!;
    assert.equal(nginx.name?.text, 'Access-Control-Max-Age');
    assert.equal(nginx.value?.text, '600');
    assert.equal(roleAt(nginx, 20).role, 'name');
    assert.equal(roleAt(nginx, 39).role, 'value');
    const apache = parseHeaderLine('Header always set Vary Origin')!;
    assert.equal(apache.dialect, 'apache');
    assert.equal(apache.name?.text, 'Vary');
    assert.equal(roleAt(parseHeaderLine('Header ')!, 7).role, 'condition');
    assert.equal(roleAt(parseHeaderLine('Header always ')!, 14).role, 'action');
    assert.equal(roleAt(parseHeaderLine('Header set ')!, 11).role, 'name');
    assert.equal(parseHeaderLine('proxy_pass http://x;'), undefined);
  });

  it('normalises settings value by value', () => {
    const { settings, problems } = normaliseSettings(
      { enable: 'yes', run: 'onSave', rules: { a: 'warn', b: 'OFF', c: 7 }, trustedOrigins: ['https://a.example.com/', ' ', 'a.example.com'], exclude: 'x' },
      new Set(['a', 'b', 'c']),
    );
    assert.equal(settings.enable, true);
    assert.equal(settings.run, 'onSave');
    assert.deepEqual(settings.rules, { a: 'warning', b: 'off' });
    assert.deepEqual(settings.trustedOrigins, ['https://a.example.com', 'a.example.com']);
    assert.deepEqual(settings.exclude, ['**/node_modules/**', '**/.git/**']);
    assert.equal(problems.length, 2, problems.join('\n'));
    assert.deepEqual(normaliseSettings(undefined).settings.rules, {});
  });

  it('include graph: components and roots', () => {
    const g = new IncludeGraph();
    g.update(new Map([['main', ['cors', 'ssl']], ['other', ['cors']], ['lonely', []]]));
    assert.deepEqual([...g.component(['ssl'])].sort(), ['cors', 'main', 'other', 'ssl']);
    assert.deepEqual(g.roots(g.component(['ssl'])), ['main', 'other']);
    assert.deepEqual([...g.component(['lonely'])], ['lonely']);
    g.update(new Map([['a', ['b']], ['b', ['a']]]));
    assert.deepEqual(g.roots(new Set(['a', 'b'])), ['a', 'b']);
    g.removeOutgoing('other');
    assert.deepEqual(g.includersOf('cors'), ['main']);
  });

  it('converts offsets to UTF-16 positions across line endings', () => {
    const p = new TextPositions('a\r\nb€c\nd');
    assert.deepEqual(p.at(3), { line: 1, character: 0 });
    assert.deepEqual(p.at(6), { line: 1, character: 3 });
    assert.deepEqual(p.at(7), { line: 2, character: 0 });
    assert.deepEqual(p.at(99), { line: 2, character: 1 });
  });
});
