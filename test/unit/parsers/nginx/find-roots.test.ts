import * as assert from 'node:assert/strict';
import * as path from 'node:path';
import { createNodeFileHost } from '../../../../server/src/engine/node-file-host';
import { findRootFiles } from '../../../../server/src/parsers/nginx/loader';

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

  it('keeps an unreadable candidate as a root, so its problem is reported', () => {
    const missing = at('gone.conf');
    assert.deepEqual(findRootFiles([missing], host), [missing]);
  });
});
