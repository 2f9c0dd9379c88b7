import * as assert from 'node:assert/strict';
import { MAX_ERRORS, parseNginx } from '../../../../server/src/parsers/nginx/parser';
import { find, r, slice } from './helpers';

describe('nginx parser: errors and recovery', () => {
  it('reports a ; missing before } at the last word, and keeps the directive', () => {
    const f = parseNginx('server {\n  listen 80\n}\nroot /x;\n', 't.conf');
    assert.equal(f.errors.length, 1);
    assert.match(f.errors[0].message, /missing ";" after "listen"/);
    assert.deepEqual(r(f.errors[0].range), [1, 9, 18, 1, 11, 20]);
    assert.deepEqual(find(f, 'listen').args.map((a) => a.value), ['80']);
    assert.deepEqual(f.directives.map((d) => d.name), ['server', 'root']);
    assert.deepEqual(r(find(f, 'server').block!.close), [2, 0, 21, 2, 1, 22]);
  });

  it('reports a ; missing at the end of the file', () => {
    const f = parseNginx('root /x;\nlisten 80', 't.conf');
    assert.equal(f.errors.length, 1);
    assert.match(f.errors[0].message, /missing ";" after "listen" \(the file ends here\)/);
    assert.deepEqual(r(f.errors[0].range), [1, 7, 16, 1, 9, 18]);
    assert.equal(f.directives.length, 2);
  });

  it('splits a directive whose ; is missing when the next line starts a new one at the same column', () => {
    const f = parseNginx('location / {\n    add_header X-A 1\n    add_header X-B 2;\n}\n', 't.conf');
    assert.equal(f.errors.length, 1);
    assert.match(f.errors[0].message, /missing ";" after "add_header"/);
    assert.equal(slice(f, f.errors[0].range), '1');
    const loc = find(f, 'location');
    assert.deepEqual(loc.block!.directives.map((d) => d.args.map((a) => a.value)), [['X-A', '1'], ['X-B', '2']]);
  });

  it('does not split legitimate multi-line directives', () => {
    const src = "log_format main '$remote_addr'\n                '$status';\nserver_name a.example.com\n            b.example.com;\nadd_header\n    X-A 1;\n" +
      'add_header X-Frame-Options\nDENY;\nadd_header X-B 1\nalways;\n';
    const f = parseNginx(src, 't.conf');
    assert.deepEqual(f.errors, []);
    assert.deepEqual(f.directives.map((d) => [d.name, d.args.length]), [['log_format', 3], ['server_name', 2], ['add_header', 2], ['add_header', 2], ['add_header', 3]]);
  });

  it('reports an unterminated string at its quote and goes on with the next line', () => {
    const f = parseNginx('add_header X "abc;\nlisten 80;\n', 't.conf');
    const messages = f.errors.map((e) => e.message);
    assert.equal(messages.length, 1, messages.join('; '));
    assert.match(messages[0], /unterminated double-quoted string/);
    assert.deepEqual(r(f.errors[0].range), [0, 13, 13, 0, 18, 18]);
    assert.ok(f.directives.some((d) => d.name === 'listen' && d.args[0].value === '80'), JSON.stringify(f.directives.map((d) => d.name)));
  });

  it('recovers from many unterminated strings without rescanning the file each time', () => {
    const src = Array.from({ length: 20000 }, (_, i) => `add_header X${i} 'v;`).join('\n');
    const f = parseNginx(src, 't.conf');
    assert.ok(f.errors.length > 0 && f.errors.length <= MAX_ERRORS + 1);
    assert.match(f.errors[f.errors.length - 1].message, /more syntax errors not listed/);
  });

  it('reports an unexpected } at the top level and ignores it', () => {
    const f = parseNginx('root /x;\n}\nlisten 80;\n', 't.conf');
    assert.equal(f.errors.length, 1);
    assert.match(f.errors[0].message, /unexpected "}"/);
    assert.deepEqual(r(f.errors[0].range), [1, 0, 9, 1, 1, 10]);
    assert.deepEqual(f.directives.map((d) => d.name), ['root', 'listen']);
  });

  it('reports a block left open at the end of the file at its {', () => {
    const f = parseNginx('http {\n  server {\n    listen 80;\n', 't.conf');
    assert.equal(f.errors.length, 2);
    assert.deepEqual(f.errors.map((e) => [e.message, ...r(e.range)]), [
      ['unclosed block "http": the file ends before its "}"', 0, 5, 5, 0, 6, 6],
      ['unclosed block "server": the file ends before its "}"', 1, 9, 16, 1, 10, 17],
    ]);
    const server = find(f, 'server');
    assert.deepEqual(server.block!.close, server.block!.open);
    assert.equal(find(f, 'listen').args[0].value, '80');
    assert.equal(server.range.end.offset, f.text.length);
  });

  it('reports a { without a name and keeps parsing after its block', () => {
    const f = parseNginx('{ listen 1; }\nroot /x;\n', 't.conf');
    assert.equal(f.errors.length, 1);
    assert.match(f.errors[0].message, /unexpected "\{"/);
    assert.deepEqual(r(f.errors[0].range), [0, 0, 0, 0, 1, 1]);
    assert.deepEqual(f.directives.map((d) => d.name), ['root']);
  });

  it('reports a lone ; as nginx does', () => {
    const f = parseNginx('return 200;;', 't.conf');
    assert.equal(f.errors.length, 1);
    assert.match(f.errors[0].message, /unexpected ";"/);
    assert.deepEqual(r(f.errors[0].range), [0, 11, 11, 0, 12, 12]);
  });

  it('reports a word glued to a closing quote, and a # right after a quote', () => {
    const f = parseNginx('return 200 "a"b;\nreturn 200 "a"#x\n;', 't.conf');
    assert.deepEqual(f.errors.map((e) => [e.message.split(' after')[0], ...r(e.range)]), [
      ['unexpected "b"', 0, 14, 14, 0, 15, 15],
      ['unexpected "#"', 1, 14, 31, 1, 15, 32],
    ]);
  });

  it('reports an unclosed Lua block and keeps its text', () => {
    const f = parseNginx('content_by_lua_block {\n  ngx.say("x")\n', 't.conf');
    assert.equal(f.errors.length, 1);
    assert.match(f.errors[0].message, /unclosed "content_by_lua_block"/);
    assert.deepEqual(r(f.errors[0].range), [0, 21, 21, 0, 22, 22]);
    assert.equal(f.directives[0].rawBody!.text, '\n  ngx.say("x")\n');
  });

  it('reports NUL bytes as binary input without crashing', () => {
    const bytes = Array.from({ length: 4096 }, (_, i) => String.fromCharCode((i * 7919) % 256)).join('');
    const f = parseNginx(bytes, 'bin.conf');
    assert.match(f.errors[0].message, /NUL byte/);
    assert.deepEqual(r(f.errors[0].range), [0, 0, 0, 0, 1, 1]);
    assert.ok(f.errors.length <= MAX_ERRORS + 1);
  });

  it('reports a byte order mark, which makes nginx fail, and parses on', () => {
    // nginx 1.22.1: `unknown directive "\ufeffpid"` for a file saved with a BOM, and the same in an included file.
    const f = parseNginx('\ufeffadd_header X 1;\n', 'bom.conf');
    assert.equal(f.errors.length, 1);
    assert.match(f.errors[0].message, /byte order mark/);
    assert.deepEqual(r(f.errors[0].range), [0, 0, 0, 0, 1, 1]);
    assert.equal(f.directives[0].name, 'add_header');
    assert.deepEqual(r(f.directives[0].nameRange), [0, 1, 1, 0, 11, 11]);
  });

  it('handles empty and whitespace-only input', () => {
    assert.deepEqual(parseNginx('', 'e.conf').errors, []);
    assert.deepEqual(parseNginx('  \n\t\r\n', 'e.conf').directives, []);
  });
});

/*
 * nginx reads words through a 4096-byte buffer. Measured with `nginx -t` on 1.22.1, and then
 * checked over 468 cases (13 shapes of word, string and comment, lengths 4090-4098, in
 * ASCII, 2-, 3- and 4-byte UTF-8): this parser reported an error exactly when nginx did.
 */
describe('nginx parser: words longer than nginx reads', () => {
  const a = (n: number): string => 'a'.repeat(n);
  const errors = (src: string): string[] => parseNginx(src, 't.conf').errors.map((e) => e.message);

  it('accepts a bare word of 4095 bytes before ";" and rejects it before a space', () => {
    assert.deepEqual(errors(`return 200 ${a(4095)};`), []);
    assert.match(errors(`return 200 ${a(4095)} ;`)[0], /word too long for nginx/);
    assert.match(errors(`return 200 ${a(4096)};`)[0], /too long parameter/);
  });

  it('accepts 4094 bytes inside quotes and rejects 4095', () => {
    assert.deepEqual(errors(`return 200 "${a(4094)}";`), []);
    const f = parseNginx(`return 200 "${a(4095)}";`, 't.conf');
    assert.equal(f.errors.length, 1);
    assert.match(f.errors[0].message, /quoted string too long/);
    assert.deepEqual(r(f.errors[0].range), [0, 11, 11, 0, 4108, 4108]);
  });

  it('counts bytes, not characters', () => {
    // 2,047 two-byte characters are 4,094 bytes: accepted; one more is not.
    assert.deepEqual(errors(`return 200 "${'é'.repeat(2047)}";`), []);
    assert.equal(errors(`return 200 "${'é'.repeat(2048)}";`).length, 1);
  });

  it('rejects a comment of 4095 bytes after # when a line follows, as nginx does', () => {
    assert.deepEqual(errors(`return 200; #${a(4094)}\nlisten 80;`), []);
    assert.match(errors(`return 200; #${a(4095)}\nlisten 80;`)[0], /comment too long/);
    // At the end of the file nginx stops reading before the buffer overflows.
    assert.deepEqual(errors(`return 200; #${a(5000)}`), []);
  });
});
