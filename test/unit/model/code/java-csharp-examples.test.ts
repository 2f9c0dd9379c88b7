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

async function check(folder: string): Promise<JsonFinding[]> {
  const io = memoryIo(repo);
  await runCli(['check', folder, '--format', 'json'], io);
  assert.equal(io.err, '');
  return (JSON.parse(io.out) as { findings: JsonFinding[] }).findings;
}

/** examples/java and examples/csharp: the planted mistakes are found where they are, the right set-ups stay quiet. */
describe('check examples/java and examples/csharp (the real sources and rules)', function () {
  this.timeout(60_000);

  it('Spring: a trusted null origin, "*" with credentials, echoed origins and the legacy filter', async () => {
    const findings = await check('examples/java');
    const at = (file: string) => findings.filter((f) => f.file === `examples/java/src/main/java/com/example/shop/${file}`).map((f) => `${f.line} ${f.rule}`).sort();
    // /api/** and /catalogue/** are right: the only finding of WebConfig is on the /partners/** list.
    assert.deepEqual(at('WebConfig.java'), ['25 null-origin-allowed']);
    assert.deepEqual(at('AccountController.java'), ['10 credentials-with-wildcard-origin', '17 max-age-capped', '17 reflected-origin']);
    assert.deepEqual(at('LegacyCorsFilter.java'), ['15 insecure-origin-scheme', '15 permissive-origin-pattern', '16 missing-vary-origin']);
    assert.equal(findings.length, 7);
    assert.equal(findings.filter((f) => f.rule === 'any-subdomain-trusted').length, 0);
  });

  it('ASP.NET Core: the always-true predicate, AllowAnyOrigin with credentials, the hand-written echo', async () => {
    const findings = await check('examples/csharp');
    const at = findings.filter((f) => f.file === 'examples/csharp/Program.cs').map((f) => `${f.line} ${f.rule}`).sort();
    // The frontends and public policies are right.
    assert.deepEqual(at, ['20 reflected-origin', '26 credentials-with-wildcard-origin', '42 missing-vary-origin', '42 reflected-origin']);
    assert.equal(findings.length, 4);
  });
});
