import * as assert from 'node:assert/strict';
import { answer, DOCROOT, policyOf } from './helpers';

const APP = 'https://app.example.com';

describe('Apache model: one evaluation shared by the methods', () => {
  it('gives every handler class its own status over one header list when nothing reads the method', () => {
    const conf = `${DOCROOT}
SetEnvIf Origin "^https://app\\.example\\.com$" CORS=$0
Header always set Access-Control-Allow-Origin "%{CORS}e" env=CORS
Header always set Access-Control-Allow-Methods "GET, POST, PUT"
`;
    const p = policyOf(conf, '/index.txt');
    assert.deepEqual(p.branches.map((b) => (b.when.kind === 'method' ? b.when.methods : [b.when.kind])), [['OPTIONS', 'GET', 'HEAD', 'POST'], ['true']]);
    assert.deepEqual(p.branches.map((b) => (b.status.kind === 'fixed' ? b.status.code : b.status.kind)), [200, 405]);
    assert.equal(new Set(p.branches.map((b) => b.headers)).size, 1);
    for (const method of ['OPTIONS', 'GET', 'PUT', 'DELETE']) {
      assert.deepEqual(answer(p, { method, origin: APP, headers: {} }).lines, [`Access-Control-Allow-Origin: ${APP}`, 'Access-Control-Allow-Methods: GET, POST, PUT']);
    }
  });

  it('still evaluates each method where a condition reads it, though no directive names it in the text', () => {
    const conf = `${DOCROOT}
<If "%{REQUEST_METHOD} =~ /^(OPT|DEL)/">
    Header always set Access-Control-Max-Age "60"
</If>
Header always set Access-Control-Allow-Origin "${APP}"
`;
    const p = policyOf(conf, '/index.txt');
    const lines = (method: string): string[] => answer(p, { method, origin: APP, headers: {} }).lines;
    assert.deepEqual(lines('OPTIONS'), [`Access-Control-Allow-Origin: ${APP}`, 'Access-Control-Max-Age: 60']);
    assert.deepEqual(lines('DELETE'), [`Access-Control-Allow-Origin: ${APP}`, 'Access-Control-Max-Age: 60']);
    assert.deepEqual(lines('PUT'), [`Access-Control-Allow-Origin: ${APP}`]);
    assert.deepEqual(lines('GET'), [`Access-Control-Allow-Origin: ${APP}`]);
  });
});
