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

/** examples/ruby and examples/php: the planted mistakes are found where they are, the right set-ups stay quiet. */
describe('check examples/ruby and examples/php (the real sources and rules)', function () {
  this.timeout(60_000);
  let findings: JsonFinding[];

  before(async () => {
    const io = memoryIo(repo);
    await runCli(['check', 'examples/ruby', 'examples/php', '--format', 'json'], io);
    assert.equal(io.err, '');
    findings = (JSON.parse(io.out) as { findings: JsonFinding[] }).findings;
  });

  const at = (file: string) => findings.filter((f) => f.file === `examples/${file}`).map((f) => `${f.line} ${f.rule}`).sort();

  it('reports the planted mistakes where they are', () => {
    assert.deepEqual(at('ruby/config/initializers/cors.rb'), ['14 permissive-origin-pattern', '20 insecure-origin-scheme', '20 permissive-origin-pattern']);
    assert.deepEqual(at('ruby/config.ru'), ['14 insecure-origin-scheme', '15 max-age-capped']);
    assert.deepEqual(at('php/public/legacy.php'), ['12 preflight-not-2xx', '5 insecure-origin-scheme', '5 permissive-origin-pattern', '6 missing-vary-origin']);
    assert.deepEqual(at('php/laravel/config/cors.php'), ['9 reflected-origin']);
    assert.deepEqual(at('php/symfony/config/packages/nelmio_cors.yaml'), ['13 missing-vary-origin', '13 permissive-origin-pattern', '4 missing-vary-origin']);
  });

  it('is silent on the right set-ups', () => {
    assert.deepEqual(at('php/public/index.php'), []);
    assert.equal(findings.length, 13);
  });
});
