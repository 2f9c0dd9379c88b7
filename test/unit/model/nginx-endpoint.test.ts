import * as assert from 'node:assert/strict';
import { http, policiesOf, policy } from './nginx-support';

describe('nginx model: endpoints', function () {
  it('takes literal names, every port and TLS from the server, the path from the location', function () {
    const ps = policiesOf(http(`server {
      listen 443 ssl http2; listen [::]:8443 ssl; listen 127.0.0.1:8080;
      server_name api.example.com .example.org *.example.net ~^(?<x>.+)\\.test$ www.example.com;
      location = /ping { return 200; }
      location @fallback { return 404; }
    }
    server { listen unix:/run/x.sock; location /u/ { } }`));
    assert.deepEqual(policy(ps, 'location = /ping').endpoint, { hosts: ['api.example.com', 'www.example.com'], ports: [443, 8443, 8080], tls: true, path: '/ping' });
    assert.equal(policy(ps, 'location @fallback').endpoint, undefined);
    assert.deepEqual(policy(ps, 'location /u/').endpoint?.ports, []);
    assert.deepEqual(policiesOf(http('server { location /d/ { } }'))[0].endpoint?.ports, [80]);
  });
});
