import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { Directive, NginxFile } from '../../../../server/src/parsers/nginx/ast';
import { MAX_BLOCK_DEPTH, parseNginx } from '../../../../server/src/parsers/nginx/parser';

/** Every field of a directive tree, ranges included (the nodes compute them lazily, so JSON alone would miss them). */
function tree(list: readonly Directive[]): unknown[] {
  return list.map((d) => ({
    name: d.name,
    nameRange: d.nameRange,
    range: d.range,
    file: d.file,
    args: d.args.map((a) => ({ value: a.value, raw: a.raw, quote: a.quote, range: a.range, variables: a.variables })),
    rawBody: d.rawBody,
    block: d.block && { open: d.block.open, close: d.block.close, directives: tree(d.block.directives) },
  }));
}

/** The `server` blocks a skeleton parse leaves unread: at the top, or in `http`. */
function unreadServers(file: NginxFile): Directive[] {
  const top = file.directives.filter((d) => d.name === 'server' && d.block);
  const inHttp = file.directives.filter((d) => d.name === 'http' && d.block).flatMap((h) => h.block!.directives.filter((d) => d.name === 'server' && d.block));
  return [...top, ...inHttp];
}

function insideServers(file: NginxFile, visit: (d: Directive) => void): void {
  const walk = (list: readonly Directive[]) => {
    for (const d of list) {
      visit(d);
      if (d.block) walk(d.block.directives);
    }
  };
  for (const s of unreadServers(file)) walk(s.block!.directives);
}

/** A skeleton parse, with every unread server then read, is the full parse; and it knows the `set` names and includes it skipped. */
function assertSameAsFull(text: string, name: string): void {
  const full = parseNginx(text, name);
  const skeleton = parseNginx(text, name, { skeleton: true });
  assert.deepEqual(skeleton.errors, full.errors, `errors of ${name}`);
  assert.deepEqual(skeleton.comments, full.comments, `comments of ${name}`);
  const sets: string[] = [];
  let includes = false;
  insideServers(full, (d) => {
    if (d.name === 'set' && d.args[0]) sets.push(d.args[0].value);
    if (d.name === 'include') includes = true;
  });
  assert.deepEqual(skeleton.skeleton!.sets, sets, `set names of ${name}`);
  assert.equal(skeleton.skeleton!.includes, includes, `includes of ${name}`);
  // Unclosed blocks are never read again (the file has errors then): compare those servers as the skeleton left them.
  for (const s of unreadServers(skeleton)) skeleton.skeleton!.read(s);
  if (full.errors.length === 0) assert.deepEqual(tree(skeleton.directives), tree(full.directives), `tree of ${name}`);
}

function confFiles(dir: string, out: string[] = []): string[] {
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) confFiles(full, out);
    else if (entry.name.endsWith('.conf') && !full.includes(`${path.sep}apache`)) out.push(full);
  }
  return out;
}

describe('nginx parser: skeleton parses', () => {
  it('equal the full parse on every nginx fixture and example once their servers are read', () => {
    const repo = path.resolve(__dirname, '../../../..');
    const files = [...confFiles(path.join(repo, 'test/fixtures')), ...confFiles(path.join(repo, 'examples/nginx'))];
    assert.ok(files.length > 100);
    for (const file of files) assertSameAsFull(fs.readFileSync(file, 'utf8'), file);
  });

  it('equal it on servers holding sets, includes, Lua, escapes, comments and missing semicolons', () => {
    const cases = [
      'http {\n  server {\n    set $a 1;\n    set "${b}" x;\n    location / { set $c 2; include x.conf; }\n  }\n  server { listen 80; }\n}\n',
      'server {\n  access_by_lua_block { if x then ngx.say("}") end }\n  add_header "X-A" \'v\\\'1\' always; # note\n}\n',
      'http {\n  server {\n    listen 80\n    server_name a.example.com;\n  }\n}\n',
      'http { server { location / { ; } } }',
      'http {\n  server {\n    location / {\n',
      'events {} http { upstream u { server 127.0.0.1; } server { listen 1; } } stream { server { listen 2; } }',
      `server { ${'location / { '.repeat(MAX_BLOCK_DEPTH + 2)}${'} '.repeat(MAX_BLOCK_DEPTH + 2)}}`,
      'http {\n  server {\n    add_header A "unterminated;\n  }\n}\n',
    ];
    for (const [i, text] of cases.entries()) assertSameAsFull(text, `case-${i}.conf`);
  });

  it('makes no nodes inside an unread server until it is read', () => {
    const text = 'http {\n  server {\n    listen 80;\n    location / { return 204; }\n  }\n}\n';
    const file = parseNginx(text, 'a.conf', { skeleton: true });
    const [server] = unreadServers(file);
    assert.equal(server.block!.directives.length, 0);
    assert.deepEqual(server.range, parseNginx(text, 'a.conf').directives[0].block!.directives[0].range);
    file.skeleton!.read(server);
    assert.deepEqual(server.block!.directives.map((d) => d.name), ['listen', 'location']);
    file.skeleton!.read(server);
    assert.equal(server.block!.directives.length, 2, 'reading twice adds nothing');
  });
});
