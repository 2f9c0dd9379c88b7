import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { memoryIo } from '../../../server/src/cli/io';
import { runCli } from '../../../server/src/cli/run-cli';
import { findNginx, NGINX_MISSING, nginxTest } from '../../../bench/nginx-check';

const examples = path.join(__dirname, '../../../examples/nginx');

describe('examples/nginx', () => {
  it('is a configuration real nginx accepts (`nginx -t`)', function () {
    this.timeout(60_000);
    const nginx = findNginx();
    assert.ok(nginx, NGINX_MISSING);
    const result = nginxTest(examples, 'nginx.conf', nginx);
    assert.ok(result.ok, `nginx -t rejected examples/nginx:\n${result.output}`);
    assert.match(result.output, /test is successful/);
  });

  it('would be caught by the same check when broken', function () {
    this.timeout(60_000);
    const nginx = findNginx();
    assert.ok(nginx, NGINX_MISSING);
    const broken = nginxTest(path.join(__dirname, '../../fixtures/cli/broken-nginx'), 'nginx.conf', nginx);
    assert.equal(broken.ok, false, broken.output);
    assert.match(broken.output, /unknown directive "add_heder"/);
  });
});

describe('check --fix on a copy of examples/nginx', () => {
  it('leaves a configuration real nginx still accepts, with fewer findings', async function () {
    this.timeout(60_000);
    const nginx = findNginx();
    assert.ok(nginx, NGINX_MISSING);
    const copy = fs.mkdtempSync(path.join(os.tmpdir(), 'cors-preflight-fix-'));
    try {
      fs.cpSync(examples, copy, { recursive: true });
      const count = async (argv: string[]) => {
        const io = memoryIo(copy);
        await runCli(['check', '--format', 'json', ...argv], io);
        return (JSON.parse(io.out) as { findings: unknown[] }).findings.length;
      };
      const before = await count([]);
      const after = await count(['--fix', '--trusted-origin', 'https://app.example.com']);
      assert.ok(after < before, `findings before ${before}, after --fix ${after}`);
      const result = nginxTest(copy, 'nginx.conf', nginx);
      assert.ok(result.ok, `nginx -t rejects the fixed configuration:\n${result.output}`);
    } finally {
      fs.rmSync(copy, { recursive: true, force: true });
    }
  });
});
