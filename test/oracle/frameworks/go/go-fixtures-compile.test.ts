import * as assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { checkGo, goEnv } from './go-app-runner';

const RULES = path.resolve(__dirname, '../../../fixtures/rules');
const GO_CASE = /^(go|rscors|gin)-.*\.go$/;

/** `go vet` on one file, as its own program: the error text, or undefined when it type-checks. */
function vet(file: string): Promise<string | undefined> {
  return new Promise((resolve) => {
    execFile('/usr/bin/go', ['vet', path.basename(file)], { cwd: path.dirname(file), env: goEnv(), timeout: 120_000 }, (error, _stdout, stderr) => resolve(error ? stderr || error.message : undefined));
  });
}

/** The Go rule fixtures, cases and fixed outputs alike, are real programs that compile against the installed libraries. */
describe('Go rule fixtures compile with Debian\'s Go and libraries', function () {
  this.timeout(300_000);

  it('every case and every fixed output passes go vet', async () => {
    checkGo();
    const files = fs.readdirSync(RULES).flatMap((rule) => ['fires', 'silent'].flatMap((kind) => {
      const dir = path.join(RULES, rule, kind);
      return fs.existsSync(dir) ? fs.readdirSync(dir).filter((f) => GO_CASE.test(f)).map((f) => path.join(dir, f)) : [];
    }));
    assert.ok(files.length >= 20, `only ${files.length} Go fixtures`);
    const failures: string[] = [];
    // Two at a time: the machine is shared.
    for (let i = 0; i < files.length; i += 2) {
      const results = await Promise.all(files.slice(i, i + 2).map(async (f) => ({ f, error: await vet(f) })));
      for (const r of results) if (r.error) failures.push(`${path.relative(RULES, r.f)}: ${r.error.trim()}`);
    }
    assert.deepEqual(failures, []);
  });
});
