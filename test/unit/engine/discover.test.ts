import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { discoverFiles } from '../../../server/src/engine/discover';
import { createNodeFileHost } from '../../../server/src/engine/node-file-host';
import { fakeSource } from './support/fake-source';
import { removeTree, tempTree } from './support/temp-tree';

describe('discoverFiles', () => {
  let root: string;
  afterEach(() => removeTree(root));
  const host = createNodeFileHost();

  it('walks folders but skips dependency, VCS and virtualenv folders', () => {
    root = tempTree({
      'a.fake': 'policy a',
      'sub/b.fake': 'policy b',
      'node_modules/x/c.fake': 'policy c',
      '.git/d.fake': 'policy d',
      'venv/e.fake': '',
      '.venv/f.fake': '',
      'lib/site-packages/g.fake': '',
      'env/pyvenv.cfg': 'home = /usr/bin',
      'env/lib/h.fake': '',
      'README.md': '# nothing',
    });
    const src = fakeSource();
    const d = discoverFiles([root], [src], { host, root });
    assert.deepEqual(d.claimed.get(src)!.map((f) => path.relative(root, f)), ['a.fake', path.join('sub', 'b.fake')]);
    assert.deepEqual(d.problems, []);
  });

  it('gives each file to the first source that claims it, by name or by its first bytes', () => {
    root = tempTree({ 'x.one': '', 'noext': '#two\npolicy p', 'y.two': '#one\n' });
    const one = fakeSource('one');
    const two = fakeSource('two');
    const d = discoverFiles([root], [one, two], { host, root });
    assert.deepEqual(d.claimed.get(one)!.map((f) => path.basename(f)), ['x.one', 'y.two']);
    assert.deepEqual(d.claimed.get(two)!.map((f) => path.basename(f)), ['noext']);
  });

  it('applies include and exclude patterns relative to the root', () => {
    root = tempTree({ 'conf.d/a.fake': '', 'conf.d/b.fake': '', 'legacy/c.fake': '', 'd.fake': '' });
    const src = fakeSource();
    const names = (o: { include?: string[]; exclude?: string[] }) =>
      discoverFiles([root], [src], { host, root, ...o }).claimed.get(src)!.map((f) => path.relative(root, f).split(path.sep).join('/'));
    assert.deepEqual(names({ include: ['conf.d/*.fake'] }), ['conf.d/a.fake', 'conf.d/b.fake']);
    assert.deepEqual(names({ exclude: ['legacy'] }), ['conf.d/a.fake', 'conf.d/b.fake', 'd.fake']);
    assert.deepEqual(names({ exclude: ['**/b.fake', 'd.*'] }), ['conf.d/a.fake', 'legacy/c.fake']);
    assert.deepEqual(names({ include: ['*.fake'], exclude: ['conf.d/'] }), ['d.fake', 'legacy/c.fake']);
  });

  it('checks a named file even when include patterns would not walk into it', () => {
    root = tempTree({ 'a.fake': '', 'b.fake': '' });
    const src = fakeSource();
    const d = discoverFiles([path.join(root, 'b.fake')], [src], { host, root, include: ['a.*'] });
    assert.deepEqual(d.claimed.get(src)!.map((f) => path.basename(f)), ['b.fake']);
  });

  it('reports a missing path and a named file nobody recognises, and skips unrecognised walked files quietly', () => {
    root = tempTree({ 'notes.txt': 'hello', 'sub/other.txt': 'x' });
    const d = discoverFiles([path.join(root, 'missing.fake'), path.join(root, 'notes.txt'), path.join(root, 'sub')], [fakeSource()], { host, root });
    assert.deepEqual(d.problems.map((p) => [path.basename(p.span.file), p.ruleId, p.severity]), [
      ['missing.fake', 'unreadable-input', 'error'],
      ['notes.txt', 'unreadable-input', 'warning'],
    ]);
    assert.match(d.problems[0].message, /no such file/);
    assert.match(d.problems[1].message, /not .*recognise/);
  });

  it('reports a binary file its name would give to a source, instead of handing it over', () => {
    const elf = Buffer.from([0x7f, 0x45, 0x4c, 0x46, 0, 0, 1, 2]);
    root = tempTree({ 'bin.fake': elf, 'logo.png': elf });
    const src = fakeSource();
    const d = discoverFiles([root], [src], { host, root });
    assert.deepEqual(d.claimed.get(src), []);
    assert.deepEqual(d.problems.map((p) => path.basename(p.span.file)), ['bin.fake']);
    assert.match(d.problems[0].message, /binary/);
  });

  it('does not loop on symbolic link cycles', function () {
    root = tempTree({ 'a/x.fake': '' });
    fs.symlinkSync(root, path.join(root, 'a', 'loop'));
    fs.symlinkSync(path.join(root, 'gone'), path.join(root, 'dangling.fake'));
    const src = fakeSource();
    const d = discoverFiles([root], [src], { host, root });
    assert.deepEqual(d.claimed.get(src)!.map((f) => path.relative(root, f)), [path.join('a', 'x.fake')]);
  });

  it('reports the same files whatever the order the paths are given in', () => {
    root = tempTree({ 'b/1.fake': '', 'a/2.fake': '', 'c.fake': '' });
    const src = fakeSource();
    const one = discoverFiles([path.join(root, 'b'), path.join(root, 'c.fake'), path.join(root, 'a')], [src], { host, root });
    const two = discoverFiles([path.join(root, 'a'), path.join(root, 'b'), path.join(root, 'c.fake'), root], [src], { host, root });
    assert.deepEqual(one.claimed.get(src), two.claimed.get(src));
    assert.equal(one.claimed.get(src)!.length, 3);
  });
});
