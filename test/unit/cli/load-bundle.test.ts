import * as assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { removeTree, tempTree } from '../engine/support/temp-tree';

const loader = path.join(__dirname, '../../../bin/load-bundle.js');

describe('bin/load-bundle.js (code cache of the CLI bundle)', () => {
  let root: string;
  afterEach(() => removeTree(root));

  const run = (bundle: string, ...args: string[]) =>
    execFileSync(process.execPath, ['-e', `require(${JSON.stringify(loader)}).loadBundle(${JSON.stringify(bundle)})`, ...args], { encoding: 'utf8' });
  const caches = (bundle: string) => (fs.existsSync(`${bundle}.cache`) ? fs.readdirSync(`${bundle}.cache`) : []);

  it('runs the bundle as a CommonJS module of its own folder and keeps a code cache beside it', () => {
    root = tempTree({ 'dist/cli.js': "console.log(JSON.stringify([path().basename(__dirname), path().basename(__filename), typeof module.exports, process.argv.slice(1)]));\nfunction path() { return require('node:path'); }\n" });
    const bundle = path.join(root, 'dist/cli.js');
    assert.deepEqual(JSON.parse(run(bundle, 'check', 'x')), ['dist', 'cli.js', 'object', ['check', 'x']]);
    assert.equal(caches(bundle).length, 1, 'the first run writes the cache');
    const written = fs.statSync(path.join(`${bundle}.cache`, caches(bundle)[0])).mtimeMs;
    assert.deepEqual(JSON.parse(run(bundle)), ['dist', 'cli.js', 'object', []]);
    assert.equal(fs.statSync(path.join(`${bundle}.cache`, caches(bundle)[0])).mtimeMs, written, 'a later run reads it and leaves it alone');
  });

  it('never runs the cache of a rebuilt bundle of the same length', () => {
    root = tempTree({ 'cli.js': "console.log('first');\n" });
    const bundle = path.join(root, 'cli.js');
    assert.equal(run(bundle), 'first\n');
    fs.writeFileSync(bundle, "console.log('other');\n");
    assert.equal(run(bundle), 'other\n');
    assert.equal(caches(bundle).length, 2);
  });

  it('runs without a cache where the folder cannot be written', () => {
    root = tempTree({ 'ro/cli.js': "console.log('ran');\n" });
    fs.writeFileSync(path.join(root, 'ro/cli.js.cache'), 'a file where the cache folder would go');
    assert.equal(run(path.join(root, 'ro/cli.js')), 'ran\n');
  });
});
