import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { globSync, hasGlobMagic } from '../../../../server/src/engine/glob';

describe('include globbing', () => {
  let dir: string;
  before(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'glob-'));
    for (const f of ['a.conf', 'a-b.conf', 'b.conf', 'B.conf', '.hidden.conf', 'c.txt', 'x1.conf', 'x2.conf', 'x9.conf', '[lit].conf']) {
      fs.writeFileSync(path.join(dir, f), '');
    }
    fs.mkdirSync(path.join(dir, 'sites', 'one'), { recursive: true });
    fs.mkdirSync(path.join(dir, 'sites', 'two'), { recursive: true });
    fs.writeFileSync(path.join(dir, 'sites', 'one', 'app.conf'), '');
    fs.writeFileSync(path.join(dir, 'sites', 'two', 'app.conf'), '');
    fs.writeFileSync(path.join(dir, 'sites', 'file.conf'), '');
  });
  after(() => fs.rmSync(dir, { recursive: true, force: true }));
  const names = (pattern: string): string[] => globSync(path.join(dir, pattern)).map((p) => path.relative(dir, p));

  it('matches * within a segment, sorted by bytes, without dot files', () => {
    assert.deepEqual(names('*.conf'), ['B.conf', '[lit].conf', 'a-b.conf', 'a.conf', 'b.conf', 'x1.conf', 'x2.conf', 'x9.conf']);
  });

  it('matches dot files only when the pattern names the dot', () => {
    assert.deepEqual(names('.*.conf'), ['.hidden.conf']);
  });

  it('matches ? and classes, negated and ranged', () => {
    assert.deepEqual(names('x?.conf'), ['x1.conf', 'x2.conf', 'x9.conf']);
    assert.deepEqual(names('x[1-2].conf'), ['x1.conf', 'x2.conf']);
    assert.deepEqual(names('x[!1-2].conf'), ['x9.conf']);
    assert.deepEqual(names('[ab].conf'), ['a.conf', 'b.conf']);
  });

  it('matches through folders segment by segment, never across a /', () => {
    assert.deepEqual(names('sites/*/app.conf'), [path.join('sites', 'one', 'app.conf'), path.join('sites', 'two', 'app.conf')]);
    assert.deepEqual(names('sites*app.conf'), []);
    assert.deepEqual(names('*/file.conf'), [path.join('sites', 'file.conf')]);
  });

  it('returns a path without magic if it exists, and nothing for no match or a missing folder', () => {
    assert.deepEqual(names('a.conf'), ['a.conf']);
    assert.deepEqual(names('zzz*.conf'), []);
    assert.deepEqual(names('missing/*.conf'), []);
    assert.deepEqual(names('a.conf/*'), []);
  });

  it('skips folders it cannot list instead of failing', () => {
    // A regular file where a folder is expected cannot be listed.
    assert.deepEqual(globSync(path.join(dir, 'a.conf', '*', 'x')), []);
    assert.deepEqual(globSync('/proc/1/fd/*/nothing'), []);
  });

  it('knows which patterns have magic', () => {
    assert.equal(hasGlobMagic('/etc/nginx/conf.d/*.conf'), true);
    assert.equal(hasGlobMagic('x[12].conf'), true);
    assert.equal(hasGlobMagic('/etc/nginx/mime.types'), false);
  });
});
