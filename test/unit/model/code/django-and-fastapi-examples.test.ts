import * as assert from 'node:assert/strict';
import * as path from 'node:path';
import { memoryIo } from '../../../../server/src/cli/io';
import { runCli } from '../../../../server/src/cli/run-cli';

const repo = path.join(__dirname, '../../../..');

interface JsonFinding {
  file: string;
  line: number;
  rule: string;
}

/** examples/python/django and examples/python/fastapi: the planted mistakes where they are, the right set-ups quiet. */
describe('check the Django and FastAPI examples (the real sources and rules)', function () {
  this.timeout(30_000);
  let findings: JsonFinding[];

  before(async () => {
    const io = memoryIo(repo);
    await runCli(['check', 'examples/python/django', 'examples/python/fastapi', '--format', 'json'], io);
    assert.equal(io.err, '');
    findings = (JSON.parse(io.out) as { findings: JsonFinding[] }).findings;
  });

  const at = (file: string) => findings.filter((f) => f.file === `examples/python/${file}`).map((f) => `${f.line} ${f.rule}`).sort();

  it('reports the planted mistakes where they are', () => {
    assert.deepEqual(at('django/shop/settings/staging.py'), ['4 permissive-origin-pattern']);
    assert.deepEqual(at('django/shop/settings/local.py'), ['5 reflected-origin']);
    assert.deepEqual(at('fastapi/api/partners.py'), ['21 max-age-capped', '21 reflected-origin']);
  });

  it('is silent on the right set-ups', () => {
    assert.deepEqual(at('django/shop/settings/base.py'), []);
    assert.deepEqual(at('fastapi/api/main.py'), []);
    assert.equal(findings.length, 4);
  });
});
