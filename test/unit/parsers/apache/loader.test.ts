import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { createNodeFileHost } from '../../../../server/src/engine/node-file-host';
import { expandIncludes, loadApacheConfig } from '../../../../server/src/parsers/apache/loader';
import type { ApacheDirective } from '../../../../server/src/parsers/apache/ast';

function tree(files: Record<string, string | Buffer>): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'apache-loader-'));
  for (const [name, text] of Object.entries(files)) {
    fs.mkdirSync(path.dirname(path.join(dir, name)), { recursive: true });
    fs.writeFileSync(path.join(dir, name), text);
  }
  return dir;
}

describe('Apache loader: includes', () => {
  it('resolves relative includes against ServerRoot, globs in order, folders as all their files', () => {
    const dir = tree({
      'etc/httpd.conf': `ServerRoot ${'ROOT'}\nInclude conf.d/*.conf\nIncludeOptional extra\nHeader set Z z\n`,
      'etc/conf.d/b.conf': 'Header set B b\n',
      'etc/conf.d/a.conf': 'Header set A a\n',
      'etc/conf.d/skip.txt': 'Bogus\n',
      'etc/extra/one': 'Header set C c\n',
    });
    const root = path.join(dir, 'etc/httpd.conf');
    fs.writeFileSync(root, fs.readFileSync(root, 'utf8').replace('ROOT', path.join(dir, 'etc')));
    const config = loadApacheConfig(root, createNodeFileHost());
    assert.deepEqual(config.problems, []);
    const names = expandIncludes(config, config.root.nodes).map((e) => (e.node as ApacheDirective).args[0]?.value);
    assert.deepEqual(names, [path.join(dir, 'etc'), 'set', 'set', 'set', 'set']);
    const headers = expandIncludes(config, config.root.nodes).slice(1).map((e) => (e.node as ApacheDirective).args[1].value);
    assert.deepEqual(headers, ['A', 'B', 'C', 'Z']);
    const viaA = expandIncludes(config, config.root.nodes)[1].via;
    assert.equal(viaA[0].args[0].value, 'conf.d/*.conf');
  });

  it('reports a missing Include (not IncludeOptional) at its argument', () => {
    const dir = tree({ 'httpd.conf': 'Include nothing.conf\nIncludeOptional nothing-either.conf\nInclude none/*.conf\n' });
    const config = loadApacheConfig(path.join(dir, 'httpd.conf'), createNodeFileHost());
    assert.equal(config.problems.length, 2);
    assert.equal(config.problems[0].kind, 'missing-include');
    assert.match(config.problems[0].message, /"nothing\.conf" not found/);
    assert.equal(config.problems[0].span.range.start.character, 'Include '.length);
    assert.match(config.problems[1].message, /no file matches "none\/\*\.conf"/);
  });

  it('reports an include cycle once and never follows it', () => {
    const dir = tree({ 'httpd.conf': 'Include a.conf\n', 'a.conf': 'Include b.conf\nHeader set A a\n', 'b.conf': 'Include a.conf\n' });
    const config = loadApacheConfig(path.join(dir, 'httpd.conf'), createNodeFileHost());
    const cycles = config.problems.filter((p) => p.kind === 'include-cycle');
    assert.equal(cycles.length, 1);
    assert.match(cycles[0].message, /a\.conf → b\.conf → a\.conf/);
    assert.equal(cycles[0].span.file, path.join(dir, 'b.conf'));
    assert.equal(expandIncludes(config, config.root.nodes).length, 1);
  });

  it('turns unreadable and binary includes into problems, and syntax errors of included files too', () => {
    const dir = tree({ 'httpd.conf': 'Include bin.conf\nInclude broken.conf\n', 'bin.conf': Buffer.from([0x48, 0, 1, 2]), 'broken.conf': '<If "true">\n' });
    const config = loadApacheConfig(path.join(dir, 'httpd.conf'), createNodeFileHost());
    const kinds = config.problems.map((p) => p.kind).sort();
    assert.deepEqual(kinds, ['syntax', 'unreadable']);
    assert.match(config.problems.find((p) => p.kind === 'unreadable')!.message, /binary/);
  });

  it('reports an unreadable root file instead of throwing', () => {
    const config = loadApacheConfig('/nonexistent/httpd.conf', createNodeFileHost());
    assert.equal(config.problems[0].kind, 'unreadable');
    assert.match(config.problems[0].message, /no such file/);
  });
});
