import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { createNodeFileHost } from '../../../../server/src/engine/node-file-host';
import { findRootFiles, loadNginxConfig, type NginxConfig } from '../../../../server/src/parsers/nginx/loader';

const ROOTS = path.resolve(__dirname, '../../../fixtures/parsers/nginx/roots');
const at = (...p: string[]): string => path.join(ROOTS, ...p);

describe('nginx entry points of a workspace', () => {
  const host = createNodeFileHost();
  const candidates = [
    at('nginx.conf'),
    at('other.conf'),
    at('sites-enabled', 'a.conf'),
    at('sites-enabled', 'b.conf'),
    at('snippets', 'x.conf'),
    at('x.conf'),
    at('y.conf'),
  ];

  it('keeps the files no other candidate includes, directly or through another include', () => {
    const roots = findRootFiles(candidates, host);
    assert.ok(roots.includes(at('nginx.conf')));
    assert.ok(roots.includes(at('other.conf')));
    // a.conf and b.conf come through nginx.conf; snippets/x.conf through a.conf.
    for (const f of [at('sites-enabled', 'a.conf'), at('sites-enabled', 'b.conf'), at('snippets', 'x.conf')]) assert.ok(!roots.includes(f), f);
  });

  it('picks one file of a group that only includes itself in a cycle, so nothing is lost', () => {
    const roots = findRootFiles(candidates, host);
    assert.deepEqual(roots.filter((r) => r === at('x.conf') || r === at('y.conf')), [at('x.conf')]);
    assert.equal(roots.length, 3);
  });

  it('treats an included file as a root when its includer is not a candidate', () => {
    assert.deepEqual(findRootFiles([at('sites-enabled', 'a.conf'), at('snippets', 'x.conf')], host), [at('sites-enabled', 'a.conf')]);
    assert.deepEqual(findRootFiles([at('snippets', 'x.conf')], host), [at('snippets', 'x.conf')]);
  });

  it('hands back the load of every candidate, so the roots are not read and parsed again', () => {
    let reads = 0;
    const counting = { ...host, readText: (f: string) => (reads++, host.readText(f)) };
    const configs = new Map<string, NginxConfig>();
    const roots = findRootFiles(candidates, counting, new Map(), configs);
    assert.deepEqual([...configs.keys()], candidates);
    // Each file was read once, however many candidates include it.
    assert.equal(reads, new Set([...configs.values()].flatMap((c) => [...c.files.keys()])).size);
    for (const r of roots) assert.equal(configs.get(r)!.root.path, r);
    assert.deepEqual(configs.get(at('nginx.conf'))!.problems, loadNginxConfig(at('nginx.conf'), host).problems);
  });

  it('keeps an unreadable candidate as a root, so its problem is reported', () => {
    const missing = at('gone.conf');
    assert.deepEqual(findRootFiles([missing], host), [missing]);
  });

  describe('with sites-enabled links to sites-available, as Debian lays them out', () => {
    let ws: string;
    const w = (...p: string[]): string => path.join(ws, ...p);
    before(() => {
      ws = fs.mkdtempSync(path.join(os.tmpdir(), 'nginx-roots-'));
      fs.mkdirSync(w('sites-available'));
      fs.mkdirSync(w('sites-enabled'));
      fs.writeFileSync(w('nginx.conf'), 'http {\n    include sites-enabled/*;\n}\n');
      fs.writeFileSync(w('sites-available', 'api'), 'server { listen 80; }\n');
      fs.writeFileSync(w('sites-available', 'old'), 'server { listen 81; }\n');
      fs.symlinkSync(path.join('..', 'sites-available', 'api'), w('sites-enabled', 'api'));
    });
    after(() => fs.rmSync(ws, { recursive: true, force: true }));

    it('does not take an enabled site for an entry point of its own, under either path', () => {
      const candidates = [w('nginx.conf'), w('sites-available', 'api'), w('sites-available', 'old'), w('sites-enabled', 'api')];
      assert.deepEqual(findRootFiles(candidates, host), [w('nginx.conf'), w('sites-available', 'old')]);
    });

    it('keeps one path per real file when nothing includes it, the file itself over the link', () => {
      assert.deepEqual(findRootFiles([w('sites-enabled', 'api'), w('sites-available', 'api')], host), [w('sites-available', 'api')]);
    });

    it('compares paths as written when the host cannot resolve links', () => {
      const plain = { readText: host.readText, glob: host.glob, exists: host.exists };
      const candidates = [w('nginx.conf'), w('sites-available', 'api'), w('sites-enabled', 'api')];
      assert.deepEqual(findRootFiles(candidates, plain), [w('nginx.conf'), w('sites-available', 'api')]);
    });
  });
});
