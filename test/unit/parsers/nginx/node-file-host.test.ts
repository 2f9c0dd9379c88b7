import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { spawnSync } from 'node:child_process';
import { buildSync } from 'esbuild';
import { createNodeFileHost, firstInvalidUtf8 } from '../../../../server/src/engine/node-file-host';

describe('Node file host', () => {
  let dir: string;
  beforeEach(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'file-host-'));
  });
  afterEach(() => {
    fs.rmSync(dir, { recursive: true, force: true });
  });
  const write = (name: string, data: string | Buffer): string => {
    const p = path.join(dir, name);
    fs.writeFileSync(p, data);
    return p;
  };

  it('reads UTF-8 text, dropping a byte order mark', () => {
    const host = createNodeFileHost();
    assert.equal(host.readText(write('a.conf', 'listen 80; # café\n')), 'listen 80; # café\n');
    assert.equal(host.readText(write('bom.conf', '\ufefflisten 80;')), 'listen 80;');
  });

  it('says why a file cannot be read: missing, a folder, binary, invalid UTF-8, too large', () => {
    const host = createNodeFileHost({ maxBytes: 100 });
    assert.throws(() => host.readText(path.join(dir, 'nope.conf')), /nope\.conf: no such file/);
    fs.mkdirSync(path.join(dir, 'sub.conf'));
    assert.throws(() => host.readText(path.join(dir, 'sub.conf')), /it is a folder, not a file/);
    assert.throws(() => host.readText(write('bin', Buffer.from([1, 2, 0, 4]))), /looks binary \(a NUL byte at offset 2\)/);
    assert.throws(() => host.readText(write('l1.conf', Buffer.from([0x61, 0x62, 0xe9, 0x0a]))), /invalid UTF-8 at byte offset 2/);
    assert.throws(() => host.readText(write('big.conf', 'x'.repeat(101))), /101 bytes is larger than the limit of 100 bytes/);
    assert.equal(host.readText(write('ok.conf', 'x'.repeat(100))).length, 100);
  });

  it('does not call a file binary for a NUL byte past the first 8 KiB, and defaults to a 16 MiB limit', () => {
    const host = createNodeFileHost();
    const late = Buffer.concat([Buffer.alloc(9000, 0x20), Buffer.from([0])]);
    assert.equal(host.readText(write('late.conf', late)).length, 9001);
    const big = write('huge.conf', Buffer.alloc(16 * 1024 * 1024 + 1, 0x20));
    assert.throws(() => host.readText(big), /larger than the limit of 16777216 bytes/);
  });

  it('reports a permission error as such (as an unprivileged user when run as root)', function () {
    this.timeout(30000);
    const p = write('locked.conf', 'x;');
    fs.chmodSync(p, 0);
    if (!process.getuid || process.getuid() !== 0) {
      assert.throws(() => createNodeFileHost().readText(p), /locked\.conf: permission denied/);
      return;
    }
    // Root reads any file whatever its mode, so the read runs in a child process as nobody. The
    // module is bundled into the temporary folder first: nobody may not be able to enter the checkout.
    fs.chmodSync(dir, 0o755);
    const hostModule = path.resolve(__dirname, '../../../../server/src/engine/node-file-host.ts');
    const bundle = path.join(dir, 'read-as-nobody.js');
    buildSync({
      stdin: {
        contents: `import { createNodeFileHost } from ${JSON.stringify(hostModule)};
          try { createNodeFileHost().readText(${JSON.stringify(p)}); console.log('READ'); } catch (e) { console.log(e.message); }`,
        resolveDir: dir,
        loader: 'ts',
      },
      bundle: true,
      platform: 'node',
      format: 'cjs',
      outfile: bundle,
      logLevel: 'silent',
    });
    fs.chmodSync(bundle, 0o644);
    const run = spawnSync(process.execPath, [bundle], { uid: 65534, gid: 65534, encoding: 'utf8', cwd: dir, env: { ...process.env, HOME: dir } });
    assert.equal(run.error, undefined, String(run.error));
    assert.match(run.stdout, /locked\.conf: permission denied/, `stdout: ${run.stdout}\nstderr: ${run.stderr}`);
  });

  it('prefers the overlay, including for files not on disk, and knows they exist', () => {
    const disk = write('a.conf', 'on disk;');
    const unsaved = path.join(dir, 'new.conf');
    const host = createNodeFileHost({ overlay: new Map([[disk, 'edited;'], [unsaved, 'fresh;']]) });
    assert.equal(host.readText(disk), 'edited;');
    assert.equal(host.readText(unsaved), 'fresh;');
    assert.equal(host.exists(unsaved), true);
    assert.equal(host.exists(path.join(dir, 'other.conf')), false);
    assert.deepEqual(host.glob(path.join(dir, '*.conf')), [disk, unsaved]);
  });

  it('finds the first invalid UTF-8 byte: stray continuation, overlong, surrogate, truncated', () => {
    assert.equal(firstInvalidUtf8(Buffer.from('héllo ✓ 😀')), -1);
    assert.equal(firstInvalidUtf8(Buffer.from([0x61, 0x80])), 1);
    assert.equal(firstInvalidUtf8(Buffer.from([0xc0, 0xaf])), 0);
    assert.equal(firstInvalidUtf8(Buffer.from([0x61, 0xed, 0xa0, 0x80])), 1);
    assert.equal(firstInvalidUtf8(Buffer.from([0x61, 0x62, 0xf0, 0x9f, 0x98])), 2);
  });
});
