import * as assert from 'node:assert/strict';
import { parseApache } from '../../../../server/src/parsers/apache/parser';
import type { ApacheDirective, ApacheNode, ApacheSection } from '../../../../server/src/parsers/apache/ast';

const slice = (text: string, r: { start: { offset: number }; end: { offset: number } }): string => text.slice(r.start.offset, r.end.offset);
const dir = (n: ApacheNode | undefined): ApacheDirective => {
  assert.equal(n?.kind, 'directive');
  return n as ApacheDirective;
};
const sec = (n: ApacheNode | undefined): ApacheSection => {
  assert.equal(n?.kind, 'section');
  return n as ApacheSection;
};

describe('Apache parser: directives and arguments', () => {
  it('keeps the written name, a lower-case key and exact ranges', () => {
    const text = 'ServerName a.example\n  header ALWAYS set Access-Control-Allow-Origin "https://a.example"\n';
    const f = parseApache(text, '/x/httpd.conf');
    assert.deepEqual(f.errors, []);
    const h = dir(f.nodes[1]);
    assert.equal(h.name, 'header');
    assert.equal(h.key, 'header');
    assert.equal(slice(text, h.nameRange), 'header');
    assert.deepEqual(h.args.map((a) => a.value), ['ALWAYS', 'set', 'Access-Control-Allow-Origin', 'https://a.example']);
    assert.equal(slice(text, h.args[3].range), '"https://a.example"');
    assert.equal(h.args[3].quote, '"');
    assert.equal(h.range.start.line, 1);
    assert.equal(h.range.start.character, 2);
    assert.equal(slice(text, h.range), text.split('\n')[1].trim());
  });

  it('resolves \\" and \\\\ inside quotes the way ap_getword_conf does', () => {
    const f = parseApache(`Header set X "a \\"b\\" c\\\\" 'it''s'\n`, 'f');
    const d = dir(f.nodes[0]);
    assert.deepEqual(d.args.map((a) => a.value), ['set', 'X', 'a "b" c\\', 'it', 's']);
  });

  it('joins continuation lines and maps argument ranges back onto the physical lines', () => {
    const text = 'Header always set \\\n    Access-Control-Allow-Methods \\\r\n    "GET, POST"\nServerName b\n';
    const f = parseApache(text, 'f');
    assert.deepEqual(f.errors, []);
    const d = dir(f.nodes[0]);
    assert.deepEqual(d.args.map((a) => a.value), ['always', 'set', 'Access-Control-Allow-Methods', 'GET, POST']);
    assert.equal(d.args[2].range.start.line, 1);
    assert.equal(slice(text, d.args[2].range), 'Access-Control-Allow-Methods');
    assert.equal(d.args[3].range.start.line, 2);
    assert.equal(slice(text, d.args[3].range), '"GET, POST"');
    assert.equal(dir(f.nodes[1]).range.start.line, 3);
  });

  it('treats an escaped backslash at the end of a line as no continuation', () => {
    const f = parseApache('SetEnv A x\\\\\nSetEnv B y\n', 'f');
    assert.equal(f.nodes.length, 2);
  });

  it('reads # as a comment only at the start of a line, and a comment ending in \\ swallows the next line as Apache does', () => {
    const text = '# one\nHeader set X a#b\n  # two \\\nServerName hidden\nServerName shown\n';
    const f = parseApache(text, 'f');
    assert.deepEqual(f.comments.map((c) => c.text.trim()), ['one', 'two ServerName hidden']);
    assert.deepEqual(f.nodes.map((n) => (n as ApacheDirective).args.map((a) => a.value).join(' ')), ['set X a#b', 'shown']);
    assert.equal(f.comments[1].range.start.line, 2);
  });
});

describe('Apache parser: sections', () => {
  it('nests sections, case-insensitively closed, with open and close ranges', () => {
    const text = '<VirtualHost *:80>\n  <Location "/api">\n    Header set A b\n  </location>\n  <If "%{REQUEST_METHOD} == \'OPTIONS\'">\n  </If>\n</VIRTUALHOST>\n';
    const f = parseApache(text, 'f');
    assert.deepEqual(f.errors, []);
    const vh = sec(f.nodes[0]);
    assert.equal(vh.key, 'virtualhost');
    assert.deepEqual(vh.args.map((a) => a.value), ['*:80']);
    assert.equal(slice(text, vh.nameRange), 'VirtualHost');
    assert.equal(slice(text, vh.range), text.trimEnd());
    const loc = sec(vh.children[0]);
    assert.deepEqual(loc.args.map((a) => a.value), ['/api']);
    assert.equal(slice(text, loc.close!), '</location>');
    assert.equal(dir(loc.children[0]).key, 'header');
    const cond = sec(vh.children[1]);
    assert.deepEqual(cond.args.map((a) => a.value), ["%{REQUEST_METHOD} == 'OPTIONS'"]);
  });

  it('reports an unclosed section at its open tag and keeps what it held', () => {
    const text = '<VirtualHost *:80>\n  <If "true">\n    Header set A b\n</VirtualHost>\n';
    const f = parseApache(text, 'f');
    assert.equal(f.errors.length, 1);
    assert.match(f.errors[0].message, /Expected <\/If> but saw <\/VirtualHost>/);
    assert.equal(slice(text, f.errors[0].range), '<If "true">');
    const ifs = sec(sec(f.nodes[0]).children[0]);
    assert.equal(ifs.children.length, 1);
    assert.equal(ifs.close, undefined);
  });

  it('reports a section never closed before the end of the file', () => {
    const f = parseApache('<If "true">\nHeader set A b\n', 'f');
    assert.equal(f.errors.length, 1);
    assert.match(f.errors[0].message, /<If> is never closed/);
    assert.equal(f.errors[0].range.start.line, 0);
    assert.equal(sec(f.nodes[0]).children.length, 1);
  });

  it('reports a stray close tag and ignores it', () => {
    const text = 'ServerName a\n</Directory>\nServerName b\n';
    const f = parseApache(text, 'f');
    assert.equal(f.errors.length, 1);
    assert.match(f.errors[0].message, /<\/Directory> without a matching <Directory>/);
    assert.equal(slice(text, f.errors[0].range), '</Directory>');
    assert.equal(f.nodes.length, 2);
  });

  it('reports a missing > and an unterminated quote with precise ranges', () => {
    const text = '<Location /a\n</Location>\nHeader set X "abc\n';
    const f = parseApache(text, 'f');
    assert.equal(f.errors.length, 2);
    assert.match(f.errors[0].message, /missing closing '>'/);
    assert.equal(f.errors[0].range.start.line, 0);
    assert.match(f.errors[1].message, /unterminated double quote/);
    assert.equal(slice(text, f.errors[1].range), '"abc');
    assert.equal(dir(f.nodes[1]).args[2].value, 'abc');
  });
});

describe('Apache parser: hostile input', () => {
  it('reports binary input as one error instead of parsing it', () => {
    const f = parseApache('ServerName a\n\0\x01\x02<If>\n', 'f');
    assert.equal(f.errors.length, 1);
    assert.match(f.errors[0].message, /binary/);
    assert.equal(f.nodes.length, 0);
  });

  it('survives deep nesting without recursion and says it stopped looking', () => {
    const depth = 20000;
    const text = '<If "true">\n'.repeat(depth) + 'Header set A b\n' + '</If>\n'.repeat(depth);
    const f = parseApache(text, 'f');
    assert.equal(f.errors.length, 1);
    assert.match(f.errors[0].message, /nested deeper than/);
  });

  it('parses a huge file in linear time', () => {
    const block = '<VirtualHost *:80>\n  ServerName h.example\n  Header always set Access-Control-Allow-Origin "https://a.example"\n</VirtualHost>\n';
    const small = block.repeat(2000);
    const big = block.repeat(40000);
    const t0 = process.hrtime.bigint();
    parseApache(small, 'f');
    const t1 = process.hrtime.bigint();
    const f = parseApache(big, 'f');
    const t2 = process.hrtime.bigint();
    assert.equal(f.nodes.length, 40000);
    // 20 times the input must not take much more than 20 times as long (slack for warm-up and GC).
    assert.ok(Number(t2 - t1) < Number(t1 - t0) * 60 + 2e8, `huge input took ${Number(t2 - t1) / 1e6} ms`);
  });

  it('caps the number of errors listed per file', () => {
    const f = parseApache('</X>\n'.repeat(1000), 'f');
    assert.equal(f.errors.length, 101);
    assert.match(f.errors[100].message, /900 more syntax errors/);
  });
});

describe('Apache parser: section names', () => {
  it('reports a section name Apache does not know, at its tag', () => {
    const text = '<Locaton /api>\n    Header always set A b\n</Locaton>\n<IfModule mod_headers.c>\n</IfModule>\n';
    const f = parseApache(text, 'f');
    assert.equal(f.errors.length, 1);
    assert.match(f.errors[0].message, /<Locaton> is not a section Apache knows/);
    assert.equal(slice(text, f.errors[0].range), '<Locaton');
  });
});
