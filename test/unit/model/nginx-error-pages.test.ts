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
