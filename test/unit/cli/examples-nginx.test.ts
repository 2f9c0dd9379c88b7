import * as assert from 'node:assert/strict';
import * as path from 'node:path';
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
