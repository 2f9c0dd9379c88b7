import * as assert from 'node:assert/strict';
import { ALLOWED, answer, headerNames, http, policiesOf, policy } from './nginx-support';

describe('nginx model: add_header inheritance', function () {
  const conf = http(`
    add_header Vary Origin always;
    server {
      listen 8080;
      server_name api.example.com;
      add_header Access-Control-Allow-Origin * always;
      location /a/ { }
      location /b/ {
        add_header X-Frame-Options DENY;
        location /b/inner/ { }
        location /b/own/ { add_header Access-Control-Allow-Origin https://app.example.com always; }
      }
      location /c/ {
        if ($request_method = OPTIONS) {
          add_header Access-Control-Allow-Methods GET always;
          return 204;
        }
      }
    }`);
  const policies = policiesOf(conf);

  it('labels every location, nested ones too, with endpoints', function () {
    assert.deepEqual(policies.map((p) => p.label), [
      // No location catches every URI and the http level adds headers: the server answers the rest itself.
      'server api.example.com',
      'server api.example.com › location /a/',
      'server api.example.com › location /b/',
      'server api.example.com › location /b/ › location /b/inner/',
      'server api.example.com › location /b/ › location /b/own/',
      'server api.example.com › location /c/',
    ]);
    assert.deepEqual(policy(policies, 'location /b/inner/').endpoint, { hosts: ['api.example.com'], ports: [8080], tls: false, path: '/b/inner/' });
  });

  it('inherits the nearest level that has add_header, noting where from', function () {
    const a = policy(policies, 'location /a/');
    assert.deepEqual(headerNames(a.branches[0]), ['Access-Control-Allow-Origin']);
    assert.equal(a.branches[0].headers[0].via?.length, 1, 'via names the server level');
    assert.equal(a.branches[0].droppedInherited?.headers.map((h) => h.name).join(), 'Vary', 'the server level dropped the http Vary');
  });

  it('drops outer headers at a level with its own add_header, and says which and why', function () {
    const b = policy(policies, 'location /b/');
    assert.deepEqual(headerNames(b.branches[0]), ['X-Frame-Options']);
    assert.deepEqual(b.branches[0].droppedInherited?.headers.map((h) => h.name), ['Access-Control-Allow-Origin']);
    assert.equal(b.branches[0].droppedInherited?.because.range.start.line, conf.split('\n').findIndex((l) => l.includes('X-Frame-Options')));
    const inner = policy(policies, 'location /b/inner/');
    assert.deepEqual(headerNames(inner.branches[0]), ['X-Frame-Options']);
    const own = policy(policies, 'location /b/own/');
    assert.deepEqual(headerNames(own.branches[0]), ['Access-Control-Allow-Origin']);
    assert.deepEqual(own.branches[0].droppedInherited?.headers.map((h) => h.name), ['X-Frame-Options'], 'a repeated name is not counted as dropped');
  });

  it('gives an if block its own configuration', function () {
    const c = policy(policies, 'location /c/');
    assert.equal(answer(c, { method: 'OPTIONS', origin: ALLOWED }), '204 | Access-Control-Allow-Methods: GET');
    assert.equal(answer(c, { method: 'GET', origin: ALLOWED, staticFileExists: true }), '200 | Access-Control-Allow-Origin: *');
    const preflight = c.branches.find((b) => b.status.kind === 'fixed');
    assert.deepEqual(preflight?.droppedInherited?.headers.map((h) => h.name), ['Access-Control-Allow-Origin']);
  });

  it('add_header_inherit merge appends outer headers; off cancels them (nginx 1.29.3+)', function () {
    // The Debian nginx of the oracle tests predates add_header_inherit, so only the documented behaviour is checked here.
    const ps = policiesOf(http(`
      server {
        listen 80;
        add_header Access-Control-Allow-Origin * always;
        add_header_inherit merge;
        location /m/ { add_header Vary Origin always; }
        location /o/ { add_header_inherit off; }
        location /n/ { add_header_inherit on; add_header X-A 1; }
      }`));
    assert.deepEqual(headerNames(policy(ps, 'location /m/').branches[0]), ['Access-Control-Allow-Origin', 'Vary']);
    assert.equal(policy(ps, 'location /m/').branches[0].droppedInherited, undefined);
    assert.deepEqual(headerNames(policy(ps, 'location /o/').branches[0]), []);
    assert.deepEqual(headerNames(policy(ps, 'location /n/').branches[0]), ['X-A']);
  });

  it('more_set_headers is sent on every status, merged across levels, before add_header lines', function () {
    const ps = policiesOf(http(`
      server {
        listen 80;
        more_set_headers 'Access-Control-Allow-Origin: *' 'Vary: Origin';
        location /x/ {
          add_header Access-Control-Allow-Origin https://app.example.com;
          more_set_headers 'Access-Control-Allow-Methods: GET';
          more_clear_headers 'Vary';
        }
      }`));
    const p = policy(ps, 'location /x/');
    assert.equal(answer(p, { method: 'GET', staticFileExists: true }), '200 | Access-Control-Allow-Origin: * | Access-Control-Allow-Methods: GET | Access-Control-Allow-Origin: https://app.example.com');
    assert.equal(answer(p, { method: 'GET', staticFileExists: false }), '404 | Access-Control-Allow-Origin: * | Access-Control-Allow-Methods: GET');
  });

  it('more_set_headers -s limits a header to the listed statuses', function () {
    const ps = policiesOf(http(`server { listen 80; location /x/ { more_set_headers -s '200 404' 'Access-Control-Allow-Origin: *'; } }`));
    const p = policy(ps, 'location /x/');
    assert.deepEqual(p.branches[0].headers[0].statuses, [200, 404]);
    assert.equal(answer(p, { method: 'GET', staticFileExists: false }), '404 | Access-Control-Allow-Origin: *');
    assert.equal(answer(p, { method: 'PUT' }), '405');
  });

  it('without always, headers are scoped to success statuses', function () {
    const ps = policiesOf(http(`server { listen 80; location /x/ { add_header Access-Control-Allow-Origin *; add_header Vary Origin always; } }`));
    const b = policy(ps, 'location /x/').branches[0];
    assert.deepEqual(b.headers.map((h) => h.scope), ['success', 'always']);
    assert.equal(answer(policy(ps, 'location /x/'), { method: 'GET', staticFileExists: false }), '404 | Vary: Origin');
  });
});
