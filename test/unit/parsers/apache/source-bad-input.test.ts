import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { createNodeFileHost } from '../../../../server/src/engine/node-file-host';
import { apacheSource } from '../../../../server/src/sources/apache-source';

function tree(files: Record<string, string | Buffer>): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'apache-source-'));
  for (const [name, text] of Object.entries(files)) {
    fs.mkdirSync(path.dirname(path.join(dir, name)), { recursive: true });
    fs.writeFileSync(path.join(dir, name), text);
  }
  return dir;
}

function analyse(dir: string, names: string[]) {
  return apacheSource.analyze(names.map((n) => path.join(dir, n)), createNodeFileHost());
}

const CORS = 'Header always set Access-Control-Allow-Origin "https://app.example.com"\n';

describe('Apache source: bad input gives clear problems, never a crash', () => {
  it('reports a broken section and still analyses what parsed', () => {
    const dir = tree({ 'httpd.conf': `${CORS}<Location /api>\n    Header always set Access-Control-Max-Age "60"\n</Directory>\n` });
    const r = analyse(dir, ['httpd.conf']);
    const syntax = r.problems.filter((p) => p.ruleId === 'syntax-error');
    assert.equal(syntax.length, 2);
    assert.match(syntax[0].message, /<\/Directory> without a matching <Directory>/);
    assert.equal(syntax[0].span.range.start.line, 3);
    assert.match(syntax[1].message, /<Location> is never closed/);
    assert.ok(r.policies.length > 0);
  });

  it('reports an unclosed <If> at its open tag', () => {
    const dir = tree({ 'httpd.conf': `${CORS}<If "%{REQUEST_METHOD} == 'OPTIONS'">\n    Header always set Access-Control-Max-Age "60"\n` });
    const r = analyse(dir, ['httpd.conf']);
    assert.equal(r.problems.length, 1);
    assert.equal(r.problems[0].ruleId, 'syntax-error');
    assert.match(r.problems[0].message, /<If> is never closed/);
    assert.equal(r.problems[0].span.range.start.line, 1);
  });

  it('reports an include cycle once, at the include that closes it, and terminates', () => {
    const dir = tree({ 'httpd.conf': `Include a.conf\n${CORS}`, 'a.conf': 'Include b.conf\n', 'b.conf': 'Include a.conf\n' });
    const r = analyse(dir, ['httpd.conf', 'a.conf', 'b.conf']);
    const cycles = r.problems.filter((p) => p.ruleId === 'include-error');
    assert.equal(cycles.length, 1);
    assert.match(cycles[0].message, /include cycle/);
    assert.equal(path.basename(cycles[0].span.file), 'b.conf');
    assert.deepEqual(r.includes.get(path.join(dir, 'httpd.conf')), [path.join(dir, 'a.conf')]);
  });

  it('reports a missing Include but not a missing IncludeOptional', () => {
    const dir = tree({ 'httpd.conf': `Include missing.conf\nIncludeOptional also-missing.conf\n${CORS}` });
    const r = analyse(dir, ['httpd.conf']);
    assert.deepEqual(r.problems.map((p) => p.ruleId), ['include-error']);
    assert.match(r.problems[0].message, /"missing\.conf" not found/);
  });

  it('reports a binary file as unreadable input', () => {
    const dir = tree({ 'httpd.conf': Buffer.from([0x7f, 0x45, 0x4c, 0x46, 0, 0, 1, 2, 3]) });
    const r = analyse(dir, ['httpd.conf']);
    assert.equal(r.problems.length, 1);
    assert.equal(r.problems[0].ruleId, 'unreadable-input');
    assert.match(r.problems[0].message, /binary/);
    assert.deepEqual(r.policies, []);
  });

  it('analyses a huge configuration in reasonable time', () => {
    const vhost = (i: number): string => `<VirtualHost *:80>\n    ServerName h${i}.example.com\n    DocumentRoot /var/www/h${i}\n    SetEnvIf Origin "^https://app${i}\\.example\\.com$" CO=$0\n    Header always set Access-Control-Allow-Origin "%{CO}e" env=CO\n    Header always merge Vary Origin\n</VirtualHost>\n`;
    const text = Array.from({ length: 3000 }, (_, i) => vhost(i)).join('');
    const dir = tree({ 'httpd.conf': text });
    const started = Date.now();
    const r = analyse(dir, ['httpd.conf']);
    assert.equal(r.policies.length, 3000);
    assert.ok(Date.now() - started < 20000, `took ${Date.now() - started} ms`);
  });

  it('reports Header where mod_headers is not loaded: an error unguarded, a warning inside <IfModule>', () => {
    const conf = `LoadModule authz_core_module /usr/lib/apache2/modules/mod_authz_core.so\n${CORS}<IfModule headers_module>\n    Header always set Access-Control-Max-Age "60"\n</IfModule>\n`;
    const r = analyse(tree({ 'httpd.conf': conf }), ['httpd.conf']);
    const found = r.problems.map((p) => [p.messageId, p.severity, p.span.range.start.line]);
    assert.deepEqual(found, [['module-not-loaded', 'error', 1], ['module-skipped', 'warning', 3]]);
  });

  it('checks a .htaccess no server covers for its own folder', () => {
    const dir = tree({ 'site/.htaccess': 'Header always set Access-Control-Allow-Origin "*"\n' });
    const r = analyse(dir, ['site/.htaccess']);
    assert.equal(r.policies.length, 1);
    assert.equal(r.policies[0].source, 'apache');
    assert.equal(r.comments.get(path.join(dir, 'site/.htaccess'))?.length, 0);
  });
});
