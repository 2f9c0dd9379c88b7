import * as assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { buildSync } from 'esbuild';
import { analyzeFiles, type AnalysisResult } from '../../../server/src/engine/analyze';
import { removeTree, tempTree } from './support/temp-tree';

/**
 * Hostile or broken Apache input through the whole engine: each case ends in
 * a clear finding naming the file, never an exception, a hang (mocha's
 * timeout) or silence about the rest of the configuration.
 */
describe('Apache bad input', function () {
  this.timeout(60_000);
  let root: string | undefined;
  afterEach(() => {
    removeTree(root);
    root = undefined;
  });

  // An echo of any origin with credentials: reflected-origin fires wherever this is analysed.
  const ECHO = 'SetEnvIf Origin "^(.+)$" ECHO_ORIGIN=$1\nHeader always set Access-Control-Allow-Origin "%{ECHO_ORIGIN}e" env=ECHO_ORIGIN\nHeader always set Access-Control-Allow-Credentials "true"\nHeader always merge Vary Origin\n';
  const analyze = (paths: string[]): AnalysisResult => analyzeFiles(paths.map((p) => path.join(root!, p)), { root });
  const of = (r: AnalysisResult, ruleId: string) => r.findings.filter((f) => f.ruleId === ruleId);
  const names = (r: AnalysisResult): string => r.findings.map((f) => `${f.ruleId} ${path.relative(root!, f.span.file)}:${f.span.range.start.line + 1} ${f.message}`).join('\n');
  const invalidUtf8 = (before: string, after: string): Buffer => Buffer.concat([Buffer.from(before), Buffer.from([0xc3, 0x28]), Buffer.from(after)]);

  it('reports invalid UTF-8 in httpd.conf with the offset of the bad byte', () => {
    const before = 'ServerName api.example.com\n# caf';
    root = tempTree({ 'httpd.conf': invalidUtf8(before, '\n' + ECHO) });
    for (const r of [analyze(['.']), analyze(['httpd.conf'])]) {
      assert.equal(r.findings.length, 1, names(r));
      const [f] = r.findings;
      assert.equal(f.ruleId, 'unreadable-input');
      assert.equal(f.span.file, path.join(root, 'httpd.conf'));
      assert.match(f.message, new RegExp(`invalid UTF-8 at byte offset ${Buffer.byteLength(before)}`));
    }
  });

  it('reports invalid UTF-8 in a .htaccess and still analyses the server around it', () => {
    root = tempTree({
      'httpd.conf': `DocumentRoot site\n<Directory site>\n    AllowOverride All\n    Require all granted\n</Directory>\n${ECHO}`,
      'site/.htaccess': invalidUtf8('# legacy rules\n', '\nHeader always set Access-Control-Max-Age "60"\n'),
    });
    const r = analyze(['.']);
    const unreadable = of(r, 'unreadable-input');
    assert.equal(unreadable.length, 1, names(r));
    assert.equal(unreadable[0].span.file, path.join(root, 'site/.htaccess'));
    assert.match(unreadable[0].message, /invalid UTF-8 at byte offset 15/);
    assert.equal(of(r, 'reflected-origin').length, 1, names(r));
    assert.equal(of(r, 'reflected-origin')[0].span.file, path.join(root, 'httpd.conf'));
  });

  it('reports a binary file with an Apache name, found by walking or named', () => {
    root = tempTree({ 'httpd.conf': Buffer.from([0x7f, 0x45, 0x4c, 0x46, 2, 1, 1, 0, 0, 0, 0x48, 0x65, 0x61, 0x64, 0x65, 0x72]) });
    for (const r of [analyze(['httpd.conf']), analyze(['.'])]) {
      const [f, ...rest] = of(r, 'unreadable-input');
      assert.ok(f, 'a finding for the binary file');
      assert.deepEqual(rest, []);
      assert.match(f.message, /binary/);
      assert.equal(f.span.file, path.join(root, 'httpd.conf'));
    }
  });

  it('reports an include that is binary at the Include, and analyses the rest', () => {
    root = tempTree({ 'httpd.conf': `Include conf.d/blob.conf\n${ECHO}`, 'conf.d/blob.conf': Buffer.from([0x3c, 0x56, 0, 0, 0xff]) });
    const r = analyze(['httpd.conf']);
    const [f] = of(r, 'unreadable-input');
    assert.ok(f, names(r));
    assert.match(f.message, /blob\.conf.*binary/);
    assert.equal(f.span.file, path.join(root, 'httpd.conf'));
    assert.equal(f.span.range.start.line, 0);
    assert.equal(of(r, 'reflected-origin').length, 1, names(r));
  });

  it('survives 10,000 nested sections with a finding at the first one too deep, and analyses the rest', () => {
    const depth = 10_000;
    const text = ECHO + '<Location /a>\n'.repeat(depth) + 'Header always set X-Deep 1\n' + '</Location>\n'.repeat(depth);
    root = tempTree({ 'httpd.conf': text });
    const started = Date.now();
    const r = analyze(['httpd.conf']);
    assert.ok(Date.now() - started < 20_000, `took ${Date.now() - started} ms`);
    const syntax = of(r, 'syntax-error');
    assert.equal(syntax.length, 1, names(r));
    assert.match(syntax[0].message, /nested deeper than \d+ levels/);
    assert.equal(syntax[0].span.file, path.join(root, 'httpd.conf'));
    assert.ok(syntax[0].span.range.start.line > 4, 'at a nested section, not the top of the file');
    assert.equal(of(r, 'reflected-origin').length, 1, names(r));
    assert.deepEqual(of(r, 'unreadable-input'), [], 'the analyser must not fail');
  });

  it('analyses a 10 MB file of comments and still finds what is in it', () => {
    const padding = '# ' + 'x'.repeat(98) + '\n';
    root = tempTree({ 'httpd.conf': padding.repeat(100_000) + ECHO });
    const started = Date.now();
    const r = analyze(['httpd.conf']);
    assert.ok(Date.now() - started < 30_000, `took ${Date.now() - started} ms`);
    const [reflected] = of(r, 'reflected-origin');
    assert.ok(reflected, names(r));
    assert.equal(reflected.span.range.start.line, 100_000, 'on the SetEnvIf line after the comments');
    assert.equal(r.findings.filter((f) => f.ruleId === 'syntax-error' || f.ruleId === 'unreadable-input').length, 0, names(r));
  });

  for (const [section, open] of [['If', `<If "%{REQUEST_METHOD} == 'OPTIONS'">`], ['VirtualHost', '<VirtualHost *:80>']] as const) {
    it(`reports an unclosed <${section}> at its open tag, naming the file`, () => {
      root = tempTree({ 'httpd.conf': `ServerName api.example.com\n${open}\n${ECHO}` });
      const r = analyze(['.']);
      const syntax = of(r, 'syntax-error');
      assert.equal(syntax.length, 1, names(r));
      assert.match(syntax[0].message, new RegExp(`<${section}> is never closed`));
      assert.equal(syntax[0].span.file, path.join(root, 'httpd.conf'));
      assert.equal(syntax[0].span.range.start.line, 1);
      assert.ok(syntax[0].message.includes('httpd.conf:2:1'), syntax[0].message);
    });
  }

  it('reports an unreadable file and an unreadable include (as an unprivileged user when run as root)', function () {
    this.timeout(120_000);
    root = tempTree({
      'locked/httpd.conf': ECHO,
      'main/httpd.conf': `Include conf.d/locked.conf\n${ECHO}`,
      'main/conf.d/locked.conf': 'Header always set Access-Control-Max-Age "60"\n',
    });
    fs.chmodSync(path.join(root, 'locked/httpd.conf'), 0);
    fs.chmodSync(path.join(root, 'main/conf.d/locked.conf'), 0);
    const [locked, main] = runAnalyses(root, [path.join(root, 'locked/httpd.conf'), path.join(root, 'main/httpd.conf')]);

    assert.equal(locked.length, 1, JSON.stringify(locked));
    assert.equal(locked[0].ruleId, 'unreadable-input');
    assert.equal(locked[0].file, path.join(root, 'locked/httpd.conf'));
    assert.match(locked[0].message, /locked\/httpd\.conf: permission denied/);

    const unreadable = main.filter((f) => f.ruleId === 'unreadable-input');
    assert.equal(unreadable.length, 1, JSON.stringify(main));
    assert.equal(unreadable[0].file, path.join(root, 'main/httpd.conf'), 'reported at the Include');
    assert.equal(unreadable[0].line, 0);
    assert.match(unreadable[0].message, /locked\.conf: permission denied/);
    assert.ok(main.some((f) => f.ruleId === 'reflected-origin'), 'the readable file is still analysed');
  });
});

interface Seen { ruleId: string; file: string; line: number; message: string }

/**
 * Runs `analyzeFiles` on each path and returns the findings. Root reads any
 * file whatever its mode, so as root the analyses run in a child process as
 * nobody, from a bundle in the temporary folder (nobody may not enter the checkout).
 */
function runAnalyses(dir: string, paths: string[]): Seen[][] {
  const analyzeModule = path.resolve(__dirname, '../../../server/src/engine/analyze.ts');
  const script = `import { analyzeFiles } from ${JSON.stringify(analyzeModule)};
    const out = ${JSON.stringify(paths)}.map((p) => analyzeFiles([p]).findings.map((f) => ({ ruleId: f.ruleId, file: f.span.file, line: f.span.range.start.line, message: f.message })));
    console.log(JSON.stringify(out));`;
  const seen = (p: string): Seen[] => analyzeFiles([p]).findings.map((f) => ({ ruleId: f.ruleId, file: f.span.file, line: f.span.range.start.line, message: f.message }));
  if (!process.getuid || process.getuid() !== 0) return paths.map(seen);
  const bundle = path.join(dir, 'analyze-as-nobody.js');
  buildSync({
    stdin: { contents: script, resolveDir: dir, loader: 'ts' },
    bundle: true,
    platform: 'node',
    format: 'cjs',
    outfile: bundle,
    logLevel: 'silent',
  });
  // mkdtemp makes the folder private to root; the folders and files inside it are already world-readable.
  fs.chmodSync(dir, 0o755);
  fs.chmodSync(bundle, 0o644);
  for (const p of paths) if (!p.includes('locked')) fs.chmodSync(p, 0o644);
  const run = spawnSync(process.execPath, [bundle], { uid: 65534, gid: 65534, encoding: 'utf8', cwd: dir, env: { ...process.env, HOME: dir }, timeout: 60_000 });
  assert.equal(run.error, undefined, String(run.error));
  assert.equal(run.status, 0, `stderr: ${run.stderr}`);
  return JSON.parse(run.stdout) as Seen[][];
}
