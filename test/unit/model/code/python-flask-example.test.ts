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

/** examples/python/flask: the planted mistakes are found where they are, the right set-ups stay quiet. */
describe('check examples/python/flask (the real sources and rules)', function () {
  this.timeout(30_000);
  let findings: JsonFinding[];

  before(async () => {
    const io = memoryIo(repo);
    await runCli(['check', 'examples/python/flask', '--format', 'json'], io);
    assert.equal(io.err, '');
    findings = (JSON.parse(io.out) as { findings: JsonFinding[] }).findings;
  });

  const at = (file: string) => findings.filter((f) => f.file === `examples/python/flask/${file}`).map((f) => `${f.line} ${f.rule}`).sort();

  it('reports the planted mistakes where they are', () => {
    assert.deepEqual(at('api/app.py'), ['26 permissive-origin-pattern', '35 missing-vary-origin', '35 reflected-origin']);
  });

  it('is silent on the right set-ups', () => {
    assert.deepEqual(at('api/origins.py'), []);
    assert.equal(findings.length, 3);
  });
});
