import * as assert from 'node:assert/strict';
import * as path from 'node:path';
import { memoryIo } from '../../../server/src/cli/io';
import { runCli } from '../../../server/src/cli/run-cli';
import { sarifValidator } from './support/sarif-validator';

const repo = path.join(__dirname, '../../..');

interface JsonFinding {
  file: string;
  line: number;
  rule: string;
  severity: string;
}

/** `npm start` checks examples/: it must show the mistakes planted there and stay quiet on the good setups. */
describe('check examples/ (the real sources and rules)', function () {
  this.timeout(30_000);
  let findings: JsonFinding[];
  let code: number;

  before(async () => {
    const io = memoryIo(repo);
    code = await runCli(['check', 'examples', '--format', 'json'], io);
    assert.equal(io.err, '');
    findings = (JSON.parse(io.out) as { findings: JsonFinding[] }).findings;
  });

  const at = (file: string) => findings.filter((f) => f.file === `examples/nginx/${file}`);

  it('fails the run', () => assert.equal(code, 1));

  it('reports the planted mistakes where they are', () => {
    const has = (file: string, line: number, rule: string) =>
      assert.ok(at(file).some((f) => f.line === line && f.rule === rule), `${rule} at ${file}:${line}; got ${JSON.stringify(at(file))}`);
    has('conf.d/legacy.conf', 7, 'reflected-origin');
    has('conf.d/legacy.conf', 19, 'add-header-inheritance');
    has('sites-available/api', 6, 'permissive-origin-pattern');
    has('sites-available/api', 16, 'preflight-not-2xx');
    has('sites-available/api', 19, 'headers-missing-on-error-responses');
    has('conf.d/assets.conf', 7, 'preflight-not-2xx');
    has('conf.d/assets.conf', 9, 'credentials-with-wildcard-origin');
    has('conf.d/assets.conf', 12, 'max-age-capped');
  });

  it('is silent on the good setups and honours the suppression comment', () => {
    assert.deepEqual(at('conf.d/public-api.conf'), []);
    assert.deepEqual(at('conf.d/app-api.conf'), []);
    assert.deepEqual(at('snippets/cors-headers.conf'), []);
    assert.equal(findings.filter((f) => f.rule === 'any-subdomain-trusted').length, 0);
    assert.equal(findings.filter((f) => f.rule === 'unknown-suppression').length, 0);
  });
});

describe('check examples/ output order (the real sources and rules)', function () {
  this.timeout(30_000);

  it('is the same twice and whatever the order and grouping of the paths', async () => {
    const sarif = async (paths: string[]) => {
      const io = memoryIo(repo);
      await runCli(['check', '-f', 'sarif', ...paths], io);
      return io.out;
    };
    const whole = await sarif(['examples/nginx']);
    assert.equal(await sarif(['examples/nginx']), whole);
    const parts = ['examples/nginx/sites-available', 'examples/nginx/snippets', 'examples/nginx/nginx.conf', 'examples/nginx/conf.d'];
    assert.equal(await sarif(parts), whole);
    assert.equal(await sarif([...parts].reverse()), whole);
  });

  it('is valid SARIF 2.1.0, real fixes included', async () => {
    const io = memoryIo(repo);
    await runCli(['check', '-f', 'sarif', 'examples'], io);
    const log = JSON.parse(io.out);
    const validate = sarifValidator();
    assert.equal(validate(log), true, JSON.stringify(validate.errors, null, 2));
    assert.ok(log.runs[0].results.some((r: { fixes?: unknown[] }) => (r.fixes?.length ?? 0) > 0), 'some result carries a fix');
  });
});

describe('cors-preflight command dispatch', () => {
  it('rejects an unknown command with usage on stderr and exit 2', async () => {
    const io = memoryIo(repo);
    assert.equal(await runCli(['chek'], io), 2);
    assert.match(io.err, /unknown command "chek"/);
    assert.match(io.err, /Usage: cors-preflight <command>/);
  });

  it('prints usage and exits 2 without a command, 0 with --help', async () => {
    const none = memoryIo(repo);
    assert.equal(await runCli([], none), 2);
    assert.match(none.err, /Commands:/);
    const help = memoryIo(repo);
    assert.equal(await runCli(['--help'], help), 0);
    assert.match(help.out, /check \[paths\.\.\.\]/);
  });

  it('reaches the preflight and probe commands', async () => {
    for (const command of ['preflight', 'probe']) {
      const io = memoryIo(repo);
      assert.equal(await runCli([command, '--help'], io), 0, io.err);
      assert.match(io.out, new RegExp(`Usage: cors-preflight ${command} `));
    }
  });

  it('prints the manifest version', async () => {
    const io = memoryIo(repo);
    assert.equal(await runCli(['--version'], io), 0);
    assert.equal(io.out.trim(), require('../../../package.json').version);
  });
});
