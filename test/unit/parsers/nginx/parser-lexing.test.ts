import * as assert from 'node:assert/strict';
import { parseNginx } from '../../../../server/src/parsers/nginx/parser';
import { find, r, slice } from './helpers';

/*
 * Behaviour confirmed against real nginx 1.22.1 (Debian), by `nginx -t` and by
 * requests to a running server (`return 200 <arg>` shows the value nginx sees):
 * - `'[$host]'` answers `[localhost]`: variables expand inside single quotes too.
 * - `"[\\$host]"` answers `[\localhost]`: `\\` is one backslash, and a backslash does not protect `$`.
 * - `"a\tb\qc\'d"` answers `a<TAB>b\qc'd`: \t \r \n \" \' \\ are escapes, any other backslash stays.
 * - `'a\'b\nc'` answers `a'b<LF>c`: the same escapes work in single quotes.
 * - `a\"b` (bare) answers `a"b`; `"${host}x"` answers `localhostx`.
 * - `a#b` answers `a#b` and `a}b` answers `a}b`: neither `#` nor `}` ends a bare word.
 * - `if ($host = "localhost") {` is accepted: a `)` may follow a closing quote.
 * - `return 200 "a"b;` fails with `unexpected "b"`; `"a"#x` fails with `unexpected "#"`.
 * - `return 200;;` fails with `unexpected ";"`; a bare `{ }` fails with `unexpected "{"`.
 * - `return 200 "x" }` fails with `unexpected "}"`.
 * - `return 200 "a$";` fails with `invalid variable name`: a `$` with no name is no variable.
 * - With lua-nginx-module 0.10.23 (Debian's libnginx-mod-http-lua), the Lua body of the test
 *   below runs and prints `}{ }  ]] } 1`: braces in short strings, long strings `[==[ ]==]`,
 *   `--` and `--[[ ]]` comments do not close the block, and `add_header` after it still applies.
 *   `"\"}"`, `-- don't }` and `--[==[ } ]] ]==]` pass `nginx -t`; `[[` never closed fails it.
 *   A quote whose string does not close on its line is a lone character there: in `'{}{` the
 *   braces count. Random Lua bodies (1,800 of quotes, brackets, braces, comments, backslashes
 *   and line breaks) found no other disagreement on where the block ends.
 * - Differential runs (about 3,000 random bodies of words, quotes, escapes, `#`, `$`, `${}`,
 *   `(`, `)`, `}`, `;`, CR and LF inside a `types { }` block, which accepts any words): whether
 *   `nginx -t` reports a syntax error always matched whether this parser reports one, leaving
 *   aside the deliberate "next line starts a new directive" recovery.
 */

function args(src: string): string[] {
  const f = parseNginx(src, 't.conf');
  assert.deepEqual(f.errors, [], JSON.stringify(f.errors));
  return f.directives[0].args.map((a) => a.value);
}

describe('nginx parser: lexing the way nginx does', () => {
  it('removes quotes and resolves the escapes nginx resolves, in both quote styles', () => {
    assert.deepEqual(args('return 200 "a\\tb\\qc\\\'d";'), ['200', 'a\tb\\qc\'d']);
    assert.deepEqual(args("return 200 'a\\'b\\nc';"), ['200', "a'b\nc"]);
    assert.deepEqual(args('return 200 "[\\\\$host]";'), ['200', '[\\$host]']);
    assert.deepEqual(args('x "a;b{c}" \'d e\';'), ['a;b{c}', 'd e']);
  });

  it('keeps backslash escapes in bare words: an escaped space or ; does not end the word', () => {
    assert.deepEqual(args('return 200 a\\"b;'), ['200', 'a"b']);
    assert.deepEqual(args('x a\\ b c\\;d;'), ['a\\ b', 'c\\;d']);
  });

  it('keeps raw text and quote kind', () => {
    const f = parseNginx(`add_header 'X' "y z" w;`, 't.conf');
    assert.deepEqual(f.directives[0].args.map((a) => [a.raw, a.quote]), [["'X'", "'"], ['"y z"', '"'], ['w', null]]);
  });

  it('does not end a bare word at # or }', () => {
    const f = parseNginx('location / { return 200 a#b; return 200 a}b; }', 't.conf');
    assert.deepEqual(f.errors, []);
    assert.deepEqual(find(f, 'return', 0).args[1].value, 'a#b');
    assert.deepEqual(find(f, 'return', 1).args[1].value, 'a}b');
    assert.deepEqual(f.comments, []);
  });

  it('starts a comment wherever a word may start, even right after a ;', () => {
    const f = parseNginx('listen 80;# a\nroot /x; #b {\n', 't.conf');
    assert.deepEqual(f.errors, []);
    assert.deepEqual(f.comments.map((c) => c.text), [' a', 'b {']);
    assert.deepEqual(f.directives.map((d) => d.name), ['listen', 'root']);
  });

  it('ends a bare word at { and ;, without spaces around them', () => {
    const f = parseNginx('server{listen 80;location /a{return 204;}}', 't.conf');
    assert.deepEqual(f.errors, []);
    assert.equal(find(f, 'location').args[0].value, '/a');
    assert.equal(find(f, 'return').args[0].value, '204');
  });

  it('tokenizes if conditions as nginx does, a quote followed by ) included', () => {
    const f = parseNginx('if ($request_method = "OPTIONS") { return 204; }\nif ($http_origin ~* ^https://(a|b)\\.example\\.com$) { set $ok 1; }', 't.conf');
    assert.deepEqual(f.errors, []);
    const [a, b] = f.directives;
    assert.deepEqual(a.args.map((x) => x.value), ['($request_method', '=', 'OPTIONS', ')']);
    assert.deepEqual(a.args.map((x) => x.raw), ['($request_method', '=', '"OPTIONS"', ')']);
    assert.deepEqual(r(a.args[3].range), [0, 31, 31, 0, 32, 32]);
    assert.deepEqual(b.args.map((x) => x.value), ['($http_origin', '~*', '^https://(a|b)\\.example\\.com$)']);
  });

  it('records $name and ${name} with ranges, in both quote styles and bare', () => {
    const f = parseNginx(`add_header X "$scheme://\${host}:$server_port" '$http_origin';`, 't.conf');
    const [, v, w] = f.directives[0].args;
    assert.deepEqual(v.variables.map((x) => [x.name, slice(f, x.range)]), [['scheme', '$scheme'], ['host', '${host}'], ['server_port', '$server_port']]);
    assert.deepEqual(r(v.variables[1].range), [0, 24, 24, 0, 31, 31]);
    assert.deepEqual(w.variables.map((x) => [x.name, slice(f, x.range)]), [['http_origin', '$http_origin']]);
  });

  it('maps variable ranges through escapes to the source text', () => {
    const f = parseNginx('return 200 "\\"\\t$host";', 't.conf');
    const v = f.directives[0].args[1].variables[0];
    assert.equal(v.name, 'host');
    assert.equal(slice(f, v.range), '$host');
  });

  it('records regex captures like $1 as variables in a rewrite replacement, not in the regex', () => {
    const f = parseNginx('rewrite ^/api/(.*)$ /v2/$1 break;', 't.conf');
    const [re, repl] = f.directives[0].args;
    assert.deepEqual(re.variables, []);
    assert.deepEqual(repl.variables.map((x) => x.name), ['1']);
  });

  it('records no variables in regexes: location, server_name, and if after a regex operator', () => {
    const f = parseNginx('location ~ ^/a$x { }\nserver_name ~^(?<sub>.+)$x;\nif ($uri ~ ^/(.*)$x) { }\nif ($a = $b) { }', 't.conf');
    assert.deepEqual(f.errors, []);
    assert.deepEqual(find(f, 'location').args.flatMap((a) => a.variables), []);
    assert.deepEqual(find(f, 'server_name').args.flatMap((a) => a.variables), []);
    assert.deepEqual(find(f, 'if', 0).args.flatMap((a) => a.variables.map((v) => v.name)), ['uri']);
    assert.deepEqual(find(f, 'if', 1).args.flatMap((a) => a.variables.map((v) => v.name)), ['a', 'b']);
  });

  it('records no variable for a $ without a name', () => {
    const f = parseNginx('return 200 "a$ b$-";', 't.conf');
    assert.deepEqual(f.directives[0].args[1].variables, []);
  });

  it('keeps ${ inside a bare word: it does not open a block', () => {
    const f = parseNginx('set $x ${host}y;', 't.conf');
    assert.deepEqual(f.errors, []);
    assert.deepEqual(f.directives[0].args.map((a) => a.value), ['$x', '${host}y']);
  });

  it('parses map blocks: keys are directive names, quoted keys unquoted', () => {
    const f = parseNginx('map $http_origin $cors {\n  default "";\n  "~^https://a\\.com$" $http_origin;\n}\n', 't.conf');
    assert.deepEqual(f.errors, []);
    const entries = f.directives[0].block!.directives;
    assert.deepEqual(entries.map((e) => [e.name, e.args.map((a) => a.value)]), [['default', ['']], ['~^https://a\\.com$', ['$http_origin']]]);
    assert.equal(slice(f, entries[1].nameRange), '"~^https://a\\.com$"');
  });

  it('never parses a Lua body as nginx: braces in Lua strings and comments do not count', () => {
    const src = [
      'access_by_lua_block {',
      '  local a = "}" .. \'{\' .. [[ } ]] .. [==[ ]] } ]==]',
      '  -- a comment with }',
      '  --[[ a long comment { ]]',
      '  if a then local t = { x = 1 } end',
      '}',
      'add_header X y;',
    ].join('\n');
    const f = parseNginx(src, 'lua.conf');
    assert.deepEqual(f.errors, []);
    assert.deepEqual(f.directives.map((d) => d.name), ['access_by_lua_block', 'add_header']);
    assert.ok(f.directives[0].rawBody!.text.includes('local t = { x = 1 }'));
    assert.deepEqual(f.comments, []);
  });

  it('counts braces after a Lua quote that does not close on its line', () => {
    const f = parseNginx("content_by_lua_block { x = '{ \n }\n}\nadd_header X 1;\n", 'lua.conf');
    assert.deepEqual(f.errors, []);
    assert.deepEqual(f.directives.map((d) => d.name), ['content_by_lua_block', 'add_header']);
    assert.equal(f.directives[0].rawBody!.text, " x = '{ \n }\n");
  });

  it('scans a Lua line full of unclosed quotes in linear time', () => {
    const line = "\\'".repeat(200000);
    const f = parseNginx(`content_by_lua_block { ${line} }\nlisten 80;\n`, 'lua.conf');
    assert.deepEqual(f.errors, []);
    assert.deepEqual(f.directives.map((d) => d.name), ['content_by_lua_block', 'listen']);
  });

  it('reads words with stray quotes inside bare words literally', () => {
    assert.deepEqual(args(`add_header a"b c'd;`), ['a"b', "c'd"]);
  });
});
