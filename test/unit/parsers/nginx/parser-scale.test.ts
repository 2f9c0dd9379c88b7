import * as assert from 'node:assert/strict';
import { MAX_BLOCK_DEPTH, MAX_ERRORS, parseNginx } from '../../../../server/src/parsers/nginx/parser';

/** Speed is measured in bench/; these only prove big inputs complete and stay correct. */
describe('nginx parser: large inputs', () => {
  it('parses a generated 10 MB config with no error', function () {
    this.timeout(60000);
    const server = (i: number): string =>
      `server {\n    listen 127.0.0.1:${8000 + (i % 1000)};\n    server_name s${i}.example.com;\n` +
      `    location /api/ {\n        add_header Access-Control-Allow-Origin $http_origin always; # reflect\n` +
      `        if ($request_method = "OPTIONS") { return 204; }\n        proxy_pass http://127.0.0.1:9000;\n    }\n}\n`;
    const parts: string[] = ['http {\n'];
    let size = 0;
    let n = 0;
    while (size < 10 * 1024 * 1024) {
      const s = server(n++);
      parts.push(s);
      size += s.length;
    }
    parts.push('}\n');
    const text = parts.join('');
    const f = parseNginx(text, 'big.conf');
    assert.deepEqual(f.errors, []);
    assert.equal(f.directives[0].block!.directives.length, n);
    assert.equal(f.comments.length, n);
    const last = f.directives[0].block!.directives[n - 1];
    assert.equal(last.args.length, 0);
    assert.equal(last.range.end.line, text.split('\n').length - 3);
  });

  it('parses 10,000 nested blocks without overflowing the stack, reporting the depth cap once', () => {
    const depth = 10000;
    const text = 'location / {\n'.repeat(depth) + 'return 204;\n' + '}\n'.repeat(depth) + 'root /x;\n';
    const f = parseNginx(text, 'deep.conf');
    assert.equal(f.errors.length, 1);
    assert.match(f.errors[0].message, new RegExp(`deeper than ${MAX_BLOCK_DEPTH} levels`));
    assert.equal(f.errors[0].range.start.line, MAX_BLOCK_DEPTH);
    assert.deepEqual(f.directives.map((d) => d.name), ['location', 'root']);
    let level = 0;
    let d = f.directives[0];
    while (d.block && d.block.directives.length) {
      d = d.block.directives[0];
      level++;
    }
    assert.equal(level, MAX_BLOCK_DEPTH - 1);
  });

  it('parses 10,000 unclosed nested blocks, reporting each kept one', () => {
    const f = parseNginx('a {\n'.repeat(10000), 'open.conf');
    // One depth error plus one per kept unclosed block, capped at MAX_ERRORS and a summary.
    assert.equal(f.errors.length, MAX_ERRORS + 1);
    assert.match(f.errors[MAX_ERRORS].message, new RegExp(`${MAX_BLOCK_DEPTH + 1 - MAX_ERRORS} more syntax errors`));
  });
});
