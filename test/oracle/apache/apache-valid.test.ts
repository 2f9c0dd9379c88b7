import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { checkConfig, DEFAULT_MODULES, httpdConf } from '../support/apache-runner';

/**
 * Every Apache file the project ships as correct (examples, silent rule cases)
 * and every fix output must be a configuration real `apache2 -t` accepts.
 */
const ROOT = path.resolve(__dirname, '../../..');

function apacheFiles(dir: string, pick: (name: string) => boolean, out: string[] = []): string[] {
  if (!fs.existsSync(dir)) return out;
  for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
    const p = path.join(dir, e.name);
    if (e.isDirectory()) apacheFiles(p, pick, out);
    else if (pick(e.name)) out.push(p);
  }
  return out.sort();
}

function accepted(file: string): { ok: boolean; output: string } {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'apache-valid-'));
  try {
    fs.mkdirSync(path.join(dir, 'run'));
    const site = path.join(dir, 'site.conf');
    // A .htaccess is checked as what it is: per-directory configuration.
    const text = fs.readFileSync(file, 'utf8');
    fs.writeFileSync(site, path.basename(file) === '.htaccess' ? `<Directory ${dir}>\n${text}\n</Directory>\n` : text);
    const conf = path.join(dir, 'httpd.conf');
    fs.writeFileSync(conf, httpdConf(dir, 8, DEFAULT_MODULES, site));
    return checkConfig(conf);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

describe('Apache files the project ships pass real apache2 -t', function () {
  this.timeout(60000);
  const rules = path.join(ROOT, 'test/fixtures/rules');
  const files = [
    ...apacheFiles(path.join(ROOT, 'examples/apache'), (n) => n.endsWith('.conf') || n === '.htaccess'),
    ...apacheFiles(rules, (n) => n.startsWith('apache-') && n.endsWith('.fixed.apache.conf')),
    ...apacheFiles(rules, (n) => n.startsWith('apache-') && n.endsWith('.apache.conf') && !n.endsWith('.fixed.apache.conf')).filter((f) => f.includes('/silent/')),
  ];

  it('finds the files to check', () => {
    assert.ok(files.length >= 20, `only ${files.length} files`);
  });

  for (const file of files) {
    it(path.relative(ROOT, file), () => {
      const r = accepted(file);
      assert.ok(r.ok, r.output);
    });
  }
});
