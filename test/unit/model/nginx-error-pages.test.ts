import * as assert from 'node:assert/strict';
import { predict } from '../../../server/src/model/predict';
import { ALLOWED, answer, http, policiesOf, policy } from './nginx-support';

describe('nginx model: error pages', function () {
  const ps = policiesOf(http(`server { listen 80;
    error_page 404 /errors/404.html;
    location /api/ {
      add_header Access-Control-Allow-Origin * always;
      error_page 403 =200 /ok.json;
      if ($request_method = DELETE) { return 403 "no"; }
      return 403;
    }
    location /files/ { add_header Access-Control-Allow-Origin * always; }
    location /errors/ { add_header Access-Control-Allow-Origin https://app.example.com always; }
    location = /ok.json { add_header Vary Origin; }
    location ~ \\.php$ { add_header X-Php 1 always; }
    location /named/ { error_page 401 = @login; auth_basic "x"; }
    location @login { add_header Access-Control-Allow-Origin $http_origin always; return 401 "login"; }
    location /away/ { add_header Access-Control-Allow-Origin *; error_page 404 https://example.com/; }
  }`));

  it('a page replaces the headers with those of the location its URI leads to', function () {
    assert.equal(answer(policy(ps, 'location /files/'), { method: 'GET', staticFileExists: false }), '404 | Access-Control-Allow-Origin: https://app.example.com');
    assert.equal(answer(policy(ps, 'location /files/'), { method: 'GET', staticFileExists: true }), '200 | Access-Control-Allow-Origin: *');
  });

  it('=code changes the status; return with a text bypasses the page', function () {
    assert.equal(answer(policy(ps, 'location /api/'), { method: 'GET' }), '200 | Vary: Origin');
    assert.equal(answer(policy(ps, 'location /api/'), { method: 'DELETE' }), '403 | Access-Control-Allow-Origin: *');
  });

  it('= alone takes the status the named location returns', function () {
    assert.equal(answer(policy(ps, 'location /named/'), { method: 'GET', origin: ALLOWED }), `401 | Access-Control-Allow-Origin: ${ALLOWED}`);
  });

  it('a URL page is a 302 that keeps the branch headers', function () {
    assert.equal(answer(policy(ps, 'location /away/'), { method: 'GET', staticFileExists: false }), '302 | Access-Control-Allow-Origin: *');
  });

  it('records the pages on the branch for rules', function () {
    const b = policy(ps, 'location /files/').branches[0];
    assert.deepEqual(b.errorPages?.map((p) => p.codes), [[404]]);
    assert.equal(predict(policy(ps, 'location /files/'), { method: 'GET' }).unknown.length, 0);
  });
});

describe('nginx model: error pages followed as nginx follows them', function () {
  const ps = policiesOf(http(`server { listen 80;
    location /a/ { deny all; error_page 403 =200 /b/x.json; add_header Vary Origin always; }
    location /b/ { if ($http_origin) { return 404; } add_header Access-Control-Allow-Origin * always; }
    location /c/ { error_page 404 = @app; }
    location @app { add_header Access-Control-Allow-Origin $http_origin always; proxy_pass http://app; }
  }`));

  it('runs the page path for an internal GET: its own errors keep their status', function () {
    assert.equal(answer(policy(ps, 'location /a/'), { method: 'POST' }), '200 | Access-Control-Allow-Origin: *');
    assert.equal(answer(policy(ps, 'location /a/'), { method: 'POST', origin: ALLOWED }), '404 | Access-Control-Allow-Origin: *', 'the if inherits the location headers');
  });

  it('a named page keeps the method and takes the upstream status with =', function () {
    const r = predict(policy(ps, 'location /c/'), { method: 'PUT', origin: ALLOWED, staticFileExists: false }, {
      upstream: (_b, req) => ({ status: req.method === 'PUT' ? 201 : 500, headers: [['Access-Control-Allow-Methods', 'PUT']] }),
    });
    assert.equal(r.status, 405, 'PUT on a static path is a 405, which has no page');
    const g = predict(policy(ps, 'location /c/'), { method: 'GET', origin: ALLOWED, staticFileExists: false }, {
      upstream: (_b, req) => ({ status: req.method === 'GET' ? 202 : 500, headers: [['Access-Control-Allow-Methods', 'GET']] }),
    });
    assert.equal(g.status, 202);
    assert.deepEqual(g.headers, [['Access-Control-Allow-Methods', 'GET'], ['Access-Control-Allow-Origin', ALLOWED]]);
  });
});

describe('nginx model: if configurations and content handlers', function () {
  const ps = policiesOf(http(`server { listen 80;
    location /t/ { try_files $uri =404; if ($http_origin) { } proxy_pass http://app; }
    location /h/ { if ($request_method = POST) { proxy_pass http://app; } if ($http_origin) { } }
    location /i/ { internal; location /i/n/ { } }
  }`));

  it('try_files runs only in the location configuration itself', function () {
    assert.equal(predict(policy(ps, 'location /t/'), { method: 'GET', staticFileExists: false }).status, 404);
    assert.equal(predict(policy(ps, 'location /t/'), { method: 'GET', origin: ALLOWED, staticFileExists: false }).status, 'upstream');
  });

  it('a proxy handler chosen by one if and a configuration from a later one answers 500', function () {
    assert.equal(predict(policy(ps, 'location /h/'), { method: 'POST', origin: ALLOWED }).status, 500);
    assert.equal(predict(policy(ps, 'location /h/'), { method: 'POST' }).status, 'upstream');
  });

  it('internal is inherited by nested locations', function () {
    assert.equal(predict(policy(ps, 'location /i/n/'), { method: 'GET', staticFileExists: true }).status, 404);
  });
});
