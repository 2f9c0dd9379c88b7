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

/** examples/go: the planted mistakes are found where they are, the right set-ups stay quiet. */
describe('check examples/go (the real sources and rules)', function () {
  this.timeout(30_000);
  let findings: JsonFinding[];

  before(async () => {
    const io = memoryIo(repo);
    await runCli(['check', 'examples/go', '--format', 'json'], io);
    assert.equal(io.err, '');
    findings = (JSON.parse(io.out) as { findings: JsonFinding[] }).findings;
  });

  const at = (file: string) => findings.filter((f) => f.file === `examples/go/${file}`).map((f) => `${f.line} ${f.rule}`).sort();

  it('reports the planted mistakes where they are', () => {
    assert.deepEqual(at('main.go'), ['33 insecure-origin-scheme', '33 permissive-origin-pattern']);
    assert.deepEqual(at('legacy.go'), ['8 missing-vary-origin', '8 reflected-origin']);
    assert.deepEqual(at('admin.go'), ['16 credentials-with-wildcard-origin']);
  });

  it('is silent on the right set-ups', () => {
    assert.deepEqual(at('origins.go'), []);
    assert.equal(findings.length, 5);
  });
});
