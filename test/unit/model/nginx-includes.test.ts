import * as assert from 'node:assert/strict';
import { answer, headerNames, http, policiesOf, policy } from './nginx-support';

describe('nginx model: includes', function () {
  const snippet = 'add_header Access-Control-Allow-Origin https://app.example.com always;\nadd_header Vary Origin always;\n';

  it('a snippet included at server level and in a location counts in both places, with the include chain', function () {
    const ps = policiesOf(http(`server { listen 80;
      include snippets/cors.conf;
      location /a/ { }
      location /b/ { include snippets/cors.conf; add_header X-B 1; } }`), { 'snippets/cors.conf': snippet });
    const a = policy(ps, 'location /a/').branches[0];
    assert.deepEqual(headerNames(a), ['Access-Control-Allow-Origin', 'Vary']);
    assert.equal(a.headers[0].at.file, '/virtual/nginx/snippets/cors.conf');
    assert.equal(a.headers[0].via?.length, 2, 'the include directive and the server level');
    const b = policy(ps, 'location /b/').branches[0];
    assert.deepEqual(headerNames(b), ['Access-Control-Allow-Origin', 'Vary', 'X-B']);
    assert.equal(b.headers[0].via?.length, 1);
  });

  it('locations from one file included in two servers are two policies with distinct ids', function () {
    const ps = policiesOf(http(`server { listen 80; include locs.conf; } server { listen 81; include locs.conf; }`), { 'locs.conf': 'location /health { return 200; }\n' });
    assert.equal(ps.length, 2);
    assert.notEqual(ps[0].id, ps[1].id);
    assert.deepEqual(ps.map((p) => p.endpoint?.ports), [[80], [81]]);
  });

  it('finds maps in included files and in a conf.d file read on its own', function () {
    const map = 'map $http_origin $cors { default ""; https://app.example.com $http_origin; }\n';
    const ps = policiesOf(http(`include conf.d/*.conf; server { listen 80; location /a/ { add_header Access-Control-Allow-Origin $cors always; return 200; } }`), { 'conf.d/maps.conf': map });
    assert.equal(answer(policy(ps, 'location /a/'), { method: 'GET', origin: 'https://app.example.com' }), '200 | Access-Control-Allow-Origin: https://app.example.com');
    const alone = policiesOf(`${map}server { listen 80; location /a/ { add_header Access-Control-Allow-Origin $cors always; return 200; } }`);
    assert.equal(answer(policy(alone, 'location /a/'), { method: 'GET', origin: 'https://evil.example.net' }), '200');
  });

  it('reads a conf.d file of servers and a snippet of headers on their own', function () {
    const servers = policiesOf('server { listen 80; location /x/ { add_header Access-Control-Allow-Origin *; } }');
    assert.deepEqual(servers.map((p) => p.label), ['server 80 › location /x/']);
    const headers = policiesOf('add_header Access-Control-Allow-Origin *;\n');
    assert.equal(headers.length, 1);
    assert.match(headers[0].label, /^snippet /);
    assert.deepEqual(headerNames(headers[0].branches[0]), ['Access-Control-Allow-Origin']);
  });
});
