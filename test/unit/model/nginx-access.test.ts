import * as assert from 'node:assert/strict';
import { predict } from '../../../server/src/model/predict';
import { ALLOWED, answer, http, policiesOf, policy } from './nginx-support';

const cors = 'add_header Access-Control-Allow-Origin * always;';

describe('nginx model: access phase', function () {
  it('limit_except refuses other methods before the location rewrite directives run', function () {
    const p = policy(policiesOf(http(`server { listen 80; location /api/ {
      limit_except GET POST { deny all; }
      if ($request_method = OPTIONS) { return 204; }
      ${cors} } }`)), 'location /api/');
    assert.equal(answer(p, { method: 'OPTIONS', origin: ALLOWED }), '403 | Access-Control-Allow-Origin: *');
    assert.equal(answer(p, { method: 'HEAD', staticFileExists: true }), '200 | Access-Control-Allow-Origin: *');
    assert.equal(answer(p, { method: 'POST', staticFileExists: true }), '405 | Access-Control-Allow-Origin: *');
  });

  it('deny all gives 403 after the rewrite phase, so an if can still answer the preflight', function () {
    const p = policy(policiesOf(http(`server { listen 80; location /x/ {
      deny all;
      if ($request_method = OPTIONS) { return 204; }
      ${cors} } }`)), 'location /x/');
    assert.equal(answer(p, { method: 'OPTIONS' }), '204 | Access-Control-Allow-Origin: *');
    assert.equal(answer(p, { method: 'GET' }), '403 | Access-Control-Allow-Origin: *');
  });

  it('auth_basic answers 401 without an Authorization header; off at an inner level lifts it', function () {
    const ps = policiesOf(http(`server { listen 80; auth_basic "r"; auth_basic_user_file p;
      location /a/ { ${cors} }
      location /b/ { auth_basic off; ${cors} } }`));
    assert.equal(answer(policy(ps, 'location /a/'), { method: 'OPTIONS', origin: ALLOWED }), '401 | Access-Control-Allow-Origin: *');
    assert.equal(answer(policy(ps, 'location /a/'), { method: 'GET', headers: { Authorization: 'Basic eDp5' }, staticFileExists: true }), '200 | Access-Control-Allow-Origin: *');
    assert.equal(answer(policy(ps, 'location /b/'), { method: 'GET', staticFileExists: true }), '200 | Access-Control-Allow-Origin: *');
  });

  it('allow/deny by address and auth_request are opaque', function () {
    const ps = policiesOf(http(`server { listen 80;
      location /a/ { allow 10.0.0.0/8; deny all; }
      location /b/ { auth_request /auth; } }`));
    const a = predict(policy(ps, 'location /a/'), { method: 'GET' });
    assert.equal(a.status, 403);
    assert.ok(a.unknown.some((u) => u.includes('10.0.0.0/8')));
    const b = predict(policy(ps, 'location /b/'), { method: 'GET' });
    assert.equal(b.status, 'unknown');
  });
});

describe('nginx model: satisfy any', function () {
  it('lets a request through when one handler does, else answers 401 before 403', function () {
    const ps = policiesOf(http(`server { listen 80;
      location /either/ { satisfy any; deny all; auth_basic "r"; ${cors} }
      location /denied/ { satisfy any; deny all; ${cors} } }`));
    assert.equal(answer(policy(ps, 'location /either/'), { method: 'GET' }), '401 | Access-Control-Allow-Origin: *');
    assert.equal(answer(policy(ps, 'location /either/'), { method: 'GET', headers: { Authorization: 'Basic eDp5' }, staticFileExists: true }), '200 | Access-Control-Allow-Origin: *');
    assert.equal(answer(policy(ps, 'location /denied/'), { method: 'GET' }), '403 | Access-Control-Allow-Origin: *');
  });
});

describe('nginx model: internal locations and try_files', function () {
  const ps = policiesOf(http(`server { listen 80;
    location /private/ { internal; if ($request_method = OPTIONS) { return 204; } add_header Vary Origin always; }
    location /files/ { try_files $uri =404; }
    location /spa/ { try_files $uri /index.html; } }`));

  it('an internal location answers outside requests 404 before its rewrite directives', function () {
    assert.equal(answer(policy(ps, 'location /private/'), { method: 'OPTIONS' }), '404 | Vary: Origin');
  });

  it('try_files =404 answers a missing file 404 whatever the method', function () {
    assert.equal(answer(policy(ps, 'location /files/'), { method: 'OPTIONS', staticFileExists: false }), '404');
    assert.equal(answer(policy(ps, 'location /files/'), { method: 'OPTIONS', staticFileExists: true }), '405');
    assert.equal(predict(policy(ps, 'location /spa/'), { method: 'GET' }).status, 'unknown');
  });
});

describe('nginx model: basic auth and abstract credentialed requests', function () {
  it('a credentialed browser request without explicit headers passes basic auth; a Cookie alone does not', function () {
    const p = policy(policiesOf(http(`server { listen 80; location /a/ { auth_basic "r"; ${cors} } }`)), 'location /a/');
    assert.equal(answer(p, { method: 'GET', credentials: true, staticFileExists: true }), '200 | Access-Control-Allow-Origin: *');
    assert.equal(answer(p, { method: 'GET', credentials: true, headers: { Cookie: 'a=1' }, staticFileExists: true }), '401 | Access-Control-Allow-Origin: *');
  });
});
