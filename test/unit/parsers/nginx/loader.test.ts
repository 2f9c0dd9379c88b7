import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { createNodeFileHost } from '../../../../server/src/engine/node-file-host';
import type { Directive } from '../../../../server/src/parsers/nginx/ast';
import { expandDirectives, loadNginxConfig, type NginxConfig } from '../../../../server/src/parsers/nginx/loader';
import { find } from './helpers';

const FIXTURES = path.resolve(__dirname, '../../../fixtures/parsers/nginx');
const host = createNodeFileHost();

function fixture(...parts: string[]): string {
  return path.join(FIXTURES, ...parts);
}

/** Names and first arguments of the expanded directives, to compare in one line. */
function flat(config: NginxConfig, list: Directive[], via: Directive[] = []): string[] {
  return expandDirectives(config, list, via).map(({ directive: d }) => [d.name, ...d.args.map((a) => a.value)].join(' '));
}

/*
 * Confirmed with real nginx 1.22.1 (a server answering with the headers the includes add):
 * `include conf.d/*.conf` pulls a-b.conf, a.conf, b.conf in that order (byte order of the whole
 * path, as glob(3) sorts), skipping .hidden.conf and c.txt; and `include rel.conf` written in
 * sub/inner.conf reads the rel.conf beside nginx.conf, not the one in sub/.
 * `nginx -t` accepts a glob matching nothing (`nothing/*.conf`), fails on a plain missing file
 * (`open() ... failed (2: No such file or directory)`) and on a folder (`pread() ... failed
 * (21: Is a directory)`), and crashes with SIGSEGV on a file including itself: a cycle must be
 * reported, never followed.
 */
describe('nginx include loader', () => {
  it('resolves globs in glob(3) order, skipping dot files, and a plain relative include', () => {
    const config = loadNginxConfig(fixture('includes', 'nginx.conf'), host);
    assert.deepEqual(config.problems, []);
    const http = find(config.root, 'http');
    assert.deepEqual(flat(config, http.block!.directives).slice(0, 4), [
      'add_header X-From a-b',
      'add_header X-From a',
      'add_header X-From b',
      'types',
    ]);
    const globInclude = http.block!.directives[0];
    assert.deepEqual(config.includes.get(globInclude), ['a-b.conf', 'a.conf', 'b.conf'].map((f) => fixture('includes', 'conf.d', f)));
    assert.equal(config.files.size, 1 + 3 + 1 + 1);
  });

  it('sees a snippet included in two places in each context, with its via chain', () => {
    const config = loadNginxConfig(fixture('includes', 'nginx.conf'), host);
    const a = find(config.root, 'location', 0);
    const b = find(config.root, 'location', 1);
    const inA = expandDirectives(config, a.block!.directives);
    const inB = expandDirectives(config, b.block!.directives);
    assert.deepEqual(inA.map((x) => x.directive.name), ['add_header', 'add_header']);
    assert.deepEqual(inB.map((x) => x.directive.name), ['add_header', 'add_header', 'return']);
    // The same parsed directive, reached through different include directives.
    assert.equal(inA[0].directive, inB[0].directive);
    assert.equal(inA[0].directive.file, fixture('includes', 'snippets', 'cors.conf'));
    assert.deepEqual(inA[0].via, [a.block!.directives[0]]);
    assert.deepEqual(inB[0].via, [b.block!.directives[0]]);
    assert.deepEqual(inB[2].via, []);
    // The snippet was read once.
    assert.equal([...config.files.keys()].filter((f) => f.endsWith('cors.conf')).length, 1);
  });

  it('passes the via chain down when callers expand blocks of included files', () => {
    const config = loadNginxConfig(fixture('relative', 'nginx.conf'), host);
    assert.deepEqual(config.problems, []);
    const top = expandDirectives(config, config.root.directives);
    // sites/*.conf matches app.conf and local.conf.
    assert.deepEqual(top.map((x) => x.directive.name), ['server', 'add_header']);
    const server = top[0];
    assert.equal(server.directive.name, 'server');
    const inner = expandDirectives(config, server.directive.block!.directives, server.via);
    assert.deepEqual(inner.map((x) => x.via.length), [2, 2]);
    assert.equal(inner[0].via[0], config.root.directives[0]);
  });

  it('resolves a relative include against the top file folder first, then the including file folder', () => {
    const config = loadNginxConfig(fixture('relative', 'nginx.conf'), host);
    const app = config.files.get(fixture('relative', 'sites', 'app.conf'))!;
    assert.deepEqual(flat(config, find(app, 'server').block!.directives), ['add_header X-Common top-folder', 'add_header X-Local 1']);
  });

  it('resolves a relative include from sites-enabled/ against the conventional configuration folder', () => {
    const config = loadNginxConfig(fixture('conventional', 'sites-enabled', 'app.conf'), host);
    assert.deepEqual(config.problems, []);
    assert.deepEqual(flat(config, find(config.root, 'server').block!.directives), ['listen 80', 'add_header Access-Control-Allow-Origin *']);
  });

  it('looks for an absolute /etc/nginx include in the tree of the top file first (configs copied into images)', () => {
    const config = loadNginxConfig(fixture('container', 'nginx.conf'), host);
    const http = find(config.root, 'http');
    assert.deepEqual(config.includes.get(http.block!.directives[0]), [fixture('container', 'conf.d', 'api.conf')]);
    assert.deepEqual(config.problems.map((p) => [p.kind, p.span.range.start.line]), [['missing-include', 3]]);
    assert.ok(config.problems[0].message.includes(fixture('container', 'not-in-this-tree-either.conf')));
    assert.ok(config.problems[0].message.includes('/etc/nginx/not-in-this-tree-either.conf'));
  });

  it('reports a missing include at its argument, accepts a glob matching nothing, and a wrong argument count', () => {
    const file = fixture('missing', 'nginx.conf');
    const config = loadNginxConfig(file, host);
    assert.deepEqual(config.problems.map((p) => [p.kind, p.span.file, p.span.range.start.line, p.span.range.start.character, p.span.range.end.character]), [
      ['missing-include', file, 0, 8, 17],
      ['syntax', file, 2, 0, 7],
    ]);
    assert.match(config.problems[0].message, /"nope\.conf" not found/);
    assert.match(config.problems[1].message, /exactly one argument/);
    assert.deepEqual(flat(config, config.root.directives), ['include', 'listen 80']);
  });

  it('reports an include cycle once, at the include that closes it, and never follows it', () => {
    const a = fixture('cycle', 'a.conf');
    const config = loadNginxConfig(a, host);
    assert.deepEqual(config.problems.map((p) => [p.kind, path.basename(p.span.file), p.span.range.start.line]), [['include-cycle', 'b.conf', 0]]);
    assert.match(config.problems[0].message, /include cycle: a\.conf → b\.conf → a\.conf/);
    assert.deepEqual(flat(config, config.root.directives), ['add_header X-B 1', 'add_header X-A 1']);
  });

  it('reports a file including itself', () => {
    const config = loadNginxConfig(fixture('cycle', 'self.conf'), host);
    assert.deepEqual(config.problems.map((p) => [p.kind, p.span.range.start.character, p.span.range.end.character]), [['include-cycle', 8, 17]]);
    assert.deepEqual(flat(config, config.root.directives), ['listen 80']);
  });

  it('stops a cycle that closes inside a block when callers expand blocks with the via chain', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'nginx-loader-'));
    fs.writeFileSync(path.join(dir, 'a.conf'), 'http {\n    include b.conf;\n}\n');
    fs.writeFileSync(path.join(dir, 'b.conf'), 'server {\n    include a.conf;\n    listen 80;\n}\n');
    const config = loadNginxConfig(path.join(dir, 'a.conf'), host);
    assert.deepEqual(config.problems.map((p) => [p.kind, path.basename(p.span.file), p.span.range.start.line]), [['include-cycle', 'b.conf', 1]]);
    const http = find(config.root, 'http');
    const servers = expandDirectives(config, http.block!.directives);
    assert.equal(servers.length, 1);
    const inner = expandDirectives(config, servers[0].directive.block!.directives, servers[0].via);
    assert.deepEqual(inner.map((x) => x.directive.name), ['listen']);
    fs.rmSync(dir, { recursive: true });
  });

  it('reports syntax errors of included files in those files', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'nginx-loader-'));
    fs.writeFileSync(path.join(dir, 'nginx.conf'), 'include bad.conf;\n');
    fs.writeFileSync(path.join(dir, 'bad.conf'), 'listen 80\n');
    const config = loadNginxConfig(path.join(dir, 'nginx.conf'), host);
    assert.deepEqual(config.problems.map((p) => [p.kind, path.basename(p.span.file)]), [['syntax', 'bad.conf']]);
    fs.rmSync(dir, { recursive: true });
  });

  it('reports unreadable includes (binary, a folder, invalid UTF-8, too large) at the include directive', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'nginx-loader-'));
    fs.writeFileSync(path.join(dir, 'nginx.conf'), 'include bin.conf;\ninclude folder.conf;\ninclude latin1.conf;\ninclude big.conf;\nlisten 80;\n');
    fs.writeFileSync(path.join(dir, 'bin.conf'), Buffer.from([0x7f, 0x45, 0x4c, 0x46, 0, 1, 2, 3]));
    fs.mkdirSync(path.join(dir, 'folder.conf'));
    fs.writeFileSync(path.join(dir, 'latin1.conf'), Buffer.from('add_header X caf\xe9;\n', 'latin1'));
    fs.writeFileSync(path.join(dir, 'big.conf'), 'listen 80;\n'.repeat(200));
    const config = loadNginxConfig(path.join(dir, 'nginx.conf'), createNodeFileHost({ maxBytes: 1000 }));
    assert.deepEqual(config.problems.map((p) => [p.kind, p.span.range.start.line]), [
      ['unreadable', 0],
      ['unreadable', 1],
      ['unreadable', 2],
      ['unreadable', 3],
    ]);
    const messages = config.problems.map((p) => p.message);
    assert.match(messages[0], /binary/);
    assert.match(messages[1], /folder/);
    assert.match(messages[2], /invalid UTF-8 at byte offset 16/);
    assert.match(messages[3], /larger than the limit of 1000 bytes/);
    assert.deepEqual(flat(config, config.root.directives).slice(-1), ['listen 80']);
    fs.rmSync(dir, { recursive: true });
  });

  it('reports an unreadable root and returns an empty configuration', () => {
    const missing = fixture('does-not-exist.conf');
    const config = loadNginxConfig(missing, host);
    assert.deepEqual(config.problems.map((p) => p.kind), ['unreadable']);
    assert.match(config.problems[0].message, /no such file/);
    assert.deepEqual(config.root.directives, []);
  });

  it('prefers open documents from the overlay to the disk', () => {
    const root = fixture('includes', 'nginx.conf');
    const snippet = fixture('includes', 'snippets', 'cors.conf');
    const overlay = new Map([[snippet, 'add_header Access-Control-Allow-Origin https://edited.example;\n']]);
    const config = loadNginxConfig(root, createNodeFileHost({ overlay }));
    const loc = find(config.root, 'location', 0);
    assert.deepEqual(flat(config, loc.block!.directives), ['add_header Access-Control-Allow-Origin https://edited.example']);
  });
});
