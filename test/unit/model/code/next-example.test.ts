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

/** examples/next: the planted mistakes are found where they are, the right set-ups stay quiet. */
describe('check examples/next (the real sources and rules)', function () {
  this.timeout(30_000);
  let findings: JsonFinding[];

  before(async () => {
    const io = memoryIo(repo);
    await runCli(['check', 'examples/next', '--format', 'json'], io);
    assert.equal(io.err, '');
    findings = (JSON.parse(io.out) as { findings: JsonFinding[] }).findings;
  });

  const at = (file: string) => findings.filter((f) => f.file === `examples/next/${file}`).map((f) => `${f.line} ${f.rule}`).sort();

  it('reports the planted mistakes where they are', () => {
    assert.deepEqual(at('next.config.mjs'), ['18 reflected-origin']);
    assert.deepEqual(at('app/api/session/route.ts'), ['7 insecure-origin-scheme', '7 permissive-origin-pattern']);
    assert.deepEqual(at('pages/api/legacy.js'), ['3 credentials-with-wildcard-origin']);
  });

  it('is silent on the right set-ups', () => {
    assert.deepEqual(at('middleware.ts'), []);
    assert.deepEqual(at('app/api/items/route.ts'), []);
    assert.equal(findings.length, 4);
  });
});
