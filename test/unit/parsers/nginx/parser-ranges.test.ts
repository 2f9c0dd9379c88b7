import * as assert from 'node:assert/strict';
import { parseNginx } from '../../../../server/src/parsers/nginx/parser';
import { find, r, slice } from './helpers';

describe('nginx parser: exact ranges', () => {
  const text = [
    'http {', //                                         line 0
    '  # top comment', //                                line 1
    '  server {', //                                     line 2
    '    listen 127.0.0.1:8080;', //                     line 3
    '    add_header "Access-Control-Allow-Origin" $http_origin always; # why', // line 4
    '  }', //                                            line 5
    '}', //                                              line 6
    '',
  ].join('\n');
  const file = parseNginx(text, '/etc/nginx/nginx.conf');

  it('parses without errors and records the path on every directive', () => {
    assert.deepEqual(file.errors, []);
    assert.equal(file.path, '/etc/nginx/nginx.conf');
    assert.equal(find(file, 'add_header').file, '/etc/nginx/nginx.conf');
  });

  it('gives names, args, blocks and whole directives exact line, character and offset', () => {
    const http = find(file, 'http');
    assert.deepEqual(r(http.nameRange), [0, 0, 0, 0, 4, 4]);
    assert.deepEqual(r(http.block!.open), [0, 5, 5, 0, 6, 6]);
    assert.deepEqual(r(http.block!.close), [6, 0, 137, 6, 1, 138]);
    assert.deepEqual(r(http.range), [0, 0, 0, 6, 1, 138]);

    const server = find(file, 'server');
    assert.deepEqual(r(server.nameRange), [2, 2, 25, 2, 8, 31]);
    assert.deepEqual(r(server.block!.close), [5, 2, 135, 5, 3, 136]);

    const listen = find(file, 'listen');
    assert.deepEqual(r(listen.range), [3, 4, 38, 3, 26, 60]);
    assert.equal(slice(file, listen.range), 'listen 127.0.0.1:8080;');
    assert.deepEqual(r(listen.args[0].range), [3, 11, 45, 3, 25, 59]);

    const add = find(file, 'add_header');
    assert.equal(slice(file, add.args[0].range), '"Access-Control-Allow-Origin"');
    assert.deepEqual(r(add.args[0].range), [4, 15, 76, 4, 44, 105]);
    assert.equal(add.args[0].value, 'Access-Control-Allow-Origin');
    assert.equal(add.args[0].raw, '"Access-Control-Allow-Origin"');
    assert.equal(add.args[0].quote, '"');
    assert.deepEqual(r(add.args[1].range), [4, 45, 106, 4, 57, 118]);
    assert.equal(slice(file, add.range), 'add_header "Access-Control-Allow-Origin" $http_origin always;');
  });

  it('keeps comments with their ranges, text without the #', () => {
    assert.deepEqual(
      file.comments.map((c) => [c.text, ...r(c.range)]),
      [
        [' top comment', 1, 2, 9, 1, 15, 22],
        [' why', 4, 66, 127, 4, 71, 132],
      ],
    );
  });

  it('counts characters in UTF-16 units and offsets as string indexes', () => {
    const f = parseNginx('add_header X-Ä "😀 $host";\n', 'u.conf');
    const d = f.directives[0];
    assert.deepEqual(r(d.args[0].range), [0, 11, 11, 0, 14, 14]);
    // The emoji is two UTF-16 units: $host starts at character 19.
    assert.deepEqual(r(d.args[1].variables[0].range), [0, 19, 19, 0, 24, 24]);
    assert.deepEqual(r(d.range), [0, 0, 0, 0, 26, 26]);
  });

  it('counts CRLF and lone CR as line breaks the way editors do', () => {
    const f = parseNginx('a 1;\r\nb 2;\rc 3;', 'crlf.conf');
    assert.deepEqual(f.directives.map((d) => r(d.nameRange)), [
      [0, 0, 0, 0, 1, 1],
      [1, 0, 6, 1, 1, 7],
      [2, 0, 11, 2, 1, 12],
    ]);
    const c = parseNginx('# note\r\nx 1;', 'c.conf');
    assert.equal(c.comments[0].text, ' note');
    assert.deepEqual(r(c.comments[0].range), [0, 0, 0, 0, 6, 6]);
  });

  it('gives the Lua body of *_by_lua_block its own range', () => {
    const src = 'location / {\n  content_by_lua_block {\n    ngx.say("}")\n  }\n}\n';
    const f = parseNginx(src, 'lua.conf');
    assert.deepEqual(f.errors, []);
    const lua = find(f, 'content_by_lua_block');
    assert.equal(lua.rawBody!.text, '\n    ngx.say("}")\n  ');
    assert.deepEqual(r(lua.rawBody!.range), [1, 24, 37, 3, 2, 57]);
    assert.deepEqual(r(lua.range), [1, 2, 15, 3, 3, 58]);
    assert.equal(lua.block, undefined);
  });
});
