import * as assert from 'node:assert/strict';
import { createNodeFileHost } from '../../../server/src/engine/node-file-host';
import { nginxSource } from '../../../server/src/sources/nginx-source';

describe('nginx source', function () {
  it('claims nginx files and analyses roots with their includes', function () {
    assert.equal(nginxSource.claims('/etc/nginx/nginx.conf', 'http {'), true);
    const overlay = new Map([
      ['/w/nginx.conf', 'events {}\nhttp {\n  # cors-preflight-disable-next-line reflected-origin\n  include conf.d/*.conf;\n}\n'],
      ['/w/conf.d/api.conf', 'server { listen 80; location /api/ { add_header Access-Control-Allow-Origin $http_origin; } }\n'],
    ]);
    const r = nginxSource.analyze(['/w/nginx.conf', '/w/conf.d/api.conf'], createNodeFileHost({ overlay }));
    assert.deepEqual(r.policies.map((p) => p.label), ['server 80 › location /api/']);
    assert.deepEqual(r.problems, []);
    assert.deepEqual(r.includes.get('/w/nginx.conf'), ['/w/conf.d/api.conf']);
    assert.deepEqual([...r.files].sort(), ['/w/conf.d/api.conf', '/w/nginx.conf']);
    assert.deepEqual(r.comments.get('/w/nginx.conf'), [{ line: 2, text: ' cors-preflight-disable-next-line reflected-origin' }]);
    assert.equal(typeof r.fixer.addAlways, 'function');
  });

  it('turns load problems into findings under the reserved ids', function () {
    const overlay = new Map([
      ['/w/nginx.conf', 'http {\n  include missing.conf;\n  server { listen 80 \n}\n'],
    ]);
    const r = nginxSource.analyze(['/w/nginx.conf'], createNodeFileHost({ overlay }));
    const ids = r.problems.map((p) => p.ruleId).sort();
    assert.ok(ids.includes('include-error'), ids.join());
    assert.ok(ids.includes('syntax-error'), ids.join());
    for (const p of r.problems) {
      assert.equal(p.severity, 'error');
      assert.match(p.message, /\/w\/nginx\.conf:\d+:\d+/);
    }
  });

  it('reports an unreadable root instead of throwing', function () {
    const r = nginxSource.analyze(['/w/does-not-exist.conf'], createNodeFileHost());
    assert.equal(r.problems[0]?.ruleId, 'unreadable-input');
    assert.deepEqual(r.policies, []);
  });
});
