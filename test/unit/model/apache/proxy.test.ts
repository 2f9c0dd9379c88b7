import * as assert from 'node:assert/strict';
import { predict } from '../../../../server/src/model/predict';
import { DOCROOT, policyOf } from './helpers';

/**
 * What real Apache 2.4 sent in front of an upstream answering with its own
 * `Access-Control-Allow-Origin: https://upstream.example` and
 * `Access-Control-Allow-Methods: UP`, on a 200 and on a 404 alike:
 * `Header set` replaced the upstream's copy, `Header always set` went out
 * beside it (two Allow-Methods lines), and the success table reached the 404.
 * Only the order of the lines differs: predict lists the upstream's first.
 */
describe('Apache model: proxied paths', () => {
  const conf = `LoadModule proxy_module /usr/lib/apache2/modules/mod_proxy.so\nLoadModule headers_module /usr/lib/apache2/modules/mod_headers.so\n${DOCROOT}ProxyPass /api http://127.0.0.1:9/api\nHeader set Access-Control-Allow-Origin "https://app.example.com"\nHeader always set Access-Control-Allow-Methods "GET"\nHeader set Access-Control-Max-Age "5"\n`;
  const upstream = (status: number) => () => ({ status, headers: [['Access-Control-Allow-Origin', 'https://upstream.example'], ['Access-Control-Allow-Methods', 'UP']] as Array<[string, string]> });

  for (const status of [200, 404]) {
    it(`replaces what the success table sets and keeps the always copy beside the upstream's (upstream ${status})`, () => {
      const policy = policyOf(conf, '/api/x');
      const branch = policy.branches.find((b) => b.status.kind === 'upstream');
      assert.deepEqual(branch?.passesUpstreamHeaders?.hidden, ['access-control-allow-origin', 'access-control-max-age']);
      const p = predict(policy, { method: 'GET', origin: 'https://a.example' }, { upstream: upstream(status) });
      assert.equal(p.status, status);
      const lines = p.headers.map(([n, v]) => `${n.toLowerCase()}: ${v}`).sort();
      assert.deepEqual(lines, [
        'access-control-allow-methods: GET',
        'access-control-allow-methods: UP',
        'access-control-allow-origin: https://app.example.com',
        'access-control-max-age: 5',
      ]);
    });
  }
});
