import * as assert from 'node:assert/strict';
import * as path from 'node:path';
import { analyzeFiles, type AnalysisResult } from '../../../server/src/engine/analyze';
import { removeTree, tempTree } from './support/temp-tree';

/**
 * Hostile or broken input: each case must end in a clear finding that names
 * the problem, never an exception, a hang (mocha's timeout) or silence.
 */
describe('bad input', function () {
  this.timeout(60_000);
  let root: string | undefined;
  afterEach(() => {
    removeTree(root);
    root = undefined;
  });

  const CORS_SERVER = 'server {\n    listen 8080;\n    location / {\n        add_header Access-Control-Allow-Origin $http_origin;\n        add_header Access-Control-Allow-Credentials true;\n    }\n}\n';
  const wrap = (body: string) => `events {}\nhttp {\n${body}}\n`;
  const problems = (r: AnalysisResult, ruleId: string) => r.findings.filter((f) => f.ruleId === ruleId);
  const analyze = (paths: string[]) => analyzeFiles(paths.map((p) => path.join(root!, p)), { root });

  it('analyses a 10 MB configuration (mostly comments) and still finds what is in it', () => {
    const padding = '# ' + 'x'.repeat(98) + '\n';
    root = tempTree({ 'nginx.conf': wrap(padding.repeat(100_000) + CORS_SERVER) });
    const r = analyze(['nginx.conf']);
    assert.ok(r.findings.some((f) => f.ruleId === 'reflected-origin'), JSON.stringify(r.findings.map((f) => f.ruleId)));
  });

  it('reports a file over the size limit instead of reading it', () => {
    root = tempTree({ 'nginx.conf': wrap('#'.repeat(17 * 1024 * 1024) + '\n') });
    const [problem, ...rest] = problems(analyze(['nginx.conf']), 'unreadable-input');
    assert.equal(rest.length, 0);
    assert.match(problem.message, /larger than the limit/);
    assert.equal(problem.span.file, path.join(root, 'nginx.conf'));
  });

  it('survives 10,000 nested blocks', () => {
    const depth = 10_000;
    const body = 'server {\n' + 'location /a {\n'.repeat(depth) + 'add_header X-A 1;\n' + '}\n'.repeat(depth) + '}\n';
    root = tempTree({ 'nginx.conf': wrap(body) });
    const r = analyze(['nginx.conf']);
    // nginx itself accepts any depth here; the point is a bounded, clean answer.
    for (const f of r.findings) assert.ok(f.message.length > 0);
    assert.deepEqual(problems(r, 'unreadable-input').filter((f) => /failed/.test(f.message)), [], 'the analyser must not fail');
  });

  it('reports a binary file with a .conf name', () => {
    root = tempTree({ 'nginx.conf': Buffer.from([0x7f, 0x45, 0x4c, 0x46, 2, 1, 1, 0, 0, 0, 0x73, 0x65, 0x72, 0x76, 0x65, 0x72]) });
    const [problem] = problems(analyze(['.']), 'unreadable-input');
    assert.ok(problem, 'a finding for the binary file found by walking');
    assert.match(problem.message, /binary/);
    const [named] = problems(analyze(['nginx.conf']), 'unreadable-input');
    assert.match(named.message, /binary/);
  });

  it('reports invalid UTF-8 with the offset of the bad byte', () => {
    const text = Buffer.concat([Buffer.from(wrap('server { listen 8080; }\n').slice(0, 20)), Buffer.from([0xc3, 0x28]), Buffer.from(' # broken\n}\n')]);
    root = tempTree({ 'nginx.conf': text });
    const found = analyze(['nginx.conf']).findings.filter((f) => /UTF-8/.test(f.message));
    assert.equal(found.length, 1, 'one finding names the encoding problem');
    assert.match(found[0].message, /offset 20/);
  });

  it('reports an include cycle once, and still analyses the files', () => {
    root = tempTree({
      'nginx.conf': wrap('include conf.d/a.conf;\n'),
      'conf.d/a.conf': 'include conf.d/b.conf;\n' + CORS_SERVER,
      'conf.d/b.conf': 'include conf.d/a.conf;\n',
    });
    const r = analyze(['.']);
    const cycles = problems(r, 'include-error');
    assert.ok(cycles.length >= 1, 'the cycle is reported');
    assert.match(cycles.map((c) => c.message).join('\n'), /cycle|itself|recursive/i);
    assert.ok(r.findings.some((f) => f.ruleId === 'reflected-origin'));
  });

  it('reports an include that names a folder instead of a file', () => {
    root = tempTree({ 'nginx.conf': wrap('include conf.d;\n'), 'conf.d/x.conf': CORS_SERVER });
    const r = analyze(['nginx.conf']);
    const [problem] = [...problems(r, 'include-error'), ...problems(r, 'unreadable-input')];
    assert.ok(problem, 'a finding for the folder');
    assert.equal(problem.span.range.start.line, 2, 'at the include directive');
    assert.match(problem.message, /folder|director/i);
  });

  it('walks a folder whose name looks like a file', () => {
    root = tempTree({ 'site.conf/nginx.conf': wrap(CORS_SERVER) });
    const r = analyze(['site.conf']);
    assert.ok(r.findings.some((f) => f.ruleId === 'reflected-origin'));
  });

  it('reports a missing path', () => {
    root = tempTree({});
    const r = analyze(['nope/nginx.conf']);
    assert.equal(r.findings.length, 1);
    assert.equal(r.findings[0].ruleId, 'unreadable-input');
    assert.match(r.findings[0].message, /no such file/);
  });
});
