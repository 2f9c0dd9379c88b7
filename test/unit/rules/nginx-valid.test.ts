import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { allRules } from '../../../server/src/rules/index';
import { fixturesOf } from './support/fixtures';
import { nginxBinary, nginxTest } from './support/nginx-binary';

/** Real nginx is the judge of "valid": clean fixtures and every fixed output must load. */
describe('rule fixtures load in real nginx (nginx -t)', function () {
  before(function () {
    if (!nginxBinary()) throw new Error('nginx is not installed: scripts/install-test-deps.sh installs it (Debian nginx-light)');
  });

  for (const rule of allRules) {
    for (const kind of ['silent', 'fires'] as const) {
      for (const fixture of fixturesOf(rule.meta.id, kind)) {
        // Apache fixtures are named `*.apache.conf` or `.htaccess`; code fixtures have their language's extension.
        if (!fixture.file.endsWith('.conf') || fixture.file.endsWith('.apache.conf')) continue;
        const files = kind === 'silent' ? [fixture.file] : [fixture.file, ...(fixture.fixedFile ? [fixture.fixedFile] : [])];
        for (const file of files) {
          it(`${rule.meta.id}/${kind}/${path.basename(file)}`, () => {
            const r = nginxTest(fs.readFileSync(file, 'utf8'), path.basename(file), path.dirname(file));
            assert.ok(r.ok, r.output);
          });
        }
      }
    }
  }
});
