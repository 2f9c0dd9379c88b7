import * as assert from 'node:assert/strict';
import { predict } from '../../../server/src/model/predict';
import { ALLOWED, answer, EVIL, http, policiesOf, policy } from './nginx-support';

describe('nginx model: rewrite-phase flows', function () {
  it('a return inside an if ends the request with the if configuration', function () {
    const ps = policiesOf(http(`server { listen 80;
      location /api/ {
        add_header Access-Control-Allow-Origin $http_origin always;
        if ($request_method = OPTIONS) { add_header Access-Control-Allow-Methods "GET, POST"; return 204; }
        return 200 "ok";
      } }`));
    const p = policy(ps, 'location /api/');
    assert.equal(answer(p, { method: 'OPTIONS', origin: ALLOWED }), '204 | Access-Control-Allow-Methods: GET, POST');
    assert.equal(answer(p, { method: 'GET', origin: EVIL }), `200 | Access-Control-Allow-Origin: ${EVIL}`);
    assert.equal(answer(p, { method: 'GET' }), '200');
  });

  it('with several matching ifs the last one without a return is in effect', function () {
    const ps = policiesOf(http(`server { listen 80;
      location /api/ {
        if ($http_origin) { add_header Access-Control-Allow-Origin $http_origin always; }
        if ($request_method = POST) { add_header Access-Control-Expose-Headers X-Total always; }
      } }`));
    const p = policy(ps, 'location /api/');
    assert.equal(answer(p, { method: 'POST', origin: ALLOWED, staticFileExists: false }), '404 | Access-Control-Expose-Headers: X-Total');
    assert.equal(answer(p, { method: 'GET', origin: ALLOWED, staticFileExists: true }), `200 | Access-Control-Allow-Origin: ${ALLOWED}`);
    assert.equal(answer(p, { method: 'GET', staticFileExists: true }), '200');
  });

  it('set inside an if on the Origin becomes origin cases', function () {
    const ps = policiesOf(http(`server { listen 80;
      location /api/ {
        set $cors "";
        if ($http_origin ~* "^https://(app|admin)\\.example\\.com$") { set $cors $http_origin; }
        add_header Access-Control-Allow-Origin $cors always;
      } }`));
    const p = policy(ps, 'location /api/');
    assert.equal(answer(p, { method: 'GET', origin: 'https://ADMIN.example.com', staticFileExists: true }), '200 | Access-Control-Allow-Origin: https://ADMIN.example.com');
    assert.equal(answer(p, { method: 'GET', origin: EVIL, staticFileExists: true }), '200');
    const taken = p.branches.find((b) => b.when.kind === 'origin');
    assert.equal(taken?.when.kind === 'origin' && taken.when.matcher.kind, 'regex');
  });

  it('flag variables built by several ifs are decided on each path', function () {
    const ps = policiesOf(http(`server { listen 80;
      location /api/ {
        set $ok "no";
        if ($http_origin = "https://app.example.com") { set $ok "yes"; }
        if ($request_method = OPTIONS) { set $ok "\${ok}-pre"; }
        if ($ok = "yes-pre") { add_header Access-Control-Allow-Origin $http_origin; return 204; }
      } }`));
    const p = policy(ps, 'location /api/');
    assert.equal(answer(p, { method: 'OPTIONS', origin: ALLOWED }), `204 | Access-Control-Allow-Origin: ${ALLOWED}`);
    assert.equal(answer(p, { method: 'OPTIONS', origin: EVIL }), '405');
    assert.ok(p.branches.length <= 4, `infeasible paths are pruned (${p.branches.length} branches)`);
  });

  it('captures of an if regex are usable inside the block', function () {
    const ps = policiesOf(http(`server { listen 80;
      location /api/ {
        set $acao "";
        if ($http_origin ~ "^https://([a-z]+)\\.example\\.com$") { set $acao "https://$1.example.com"; }
        add_header Access-Control-Allow-Origin $acao always;
      } }`));
    assert.equal(answer(policy(ps, 'location /api/'), { method: 'GET', origin: 'https://shop.example.com', staticFileExists: true }), '200 | Access-Control-Allow-Origin: https://shop.example.com');
  });

  it('server-level rewrite directives run first and answer with the server configuration', function () {
    const ps = policiesOf(http(`server { listen 80;
      add_header Access-Control-Allow-Origin * always;
      if ($request_method = DELETE) { return 403; }
      location /api/ { add_header Access-Control-Allow-Origin $http_origin always; }
    }`));
    const p = policy(ps, 'location /api/');
    assert.equal(answer(p, { method: 'DELETE', origin: ALLOWED }), '403 | Access-Control-Allow-Origin: *');
    assert.equal(answer(p, { method: 'GET', origin: ALLOWED, staticFileExists: true }), `200 | Access-Control-Allow-Origin: ${ALLOWED}`);
  });

  it('break ends the rewrite directives; return URL is a 302; request method regexes become method lists', function () {
    const ps = policiesOf(http(`server { listen 80;
      location /a/ { if ($request_method = GET) { break; } return 418; }
      location /b/ { add_header Access-Control-Allow-Origin *; return https://example.com/; }
      location /c/ { if ($request_method ~ ^(PUT|DELETE)$) { return 405; } return 200; }
    }`));
    assert.equal(answer(policy(ps, 'location /a/'), { method: 'GET', staticFileExists: true }), '200');
    assert.equal(answer(policy(ps, 'location /a/'), { method: 'POST' }), '418');
    assert.equal(answer(policy(ps, 'location /b/'), { method: 'GET' }), '302 | Access-Control-Allow-Origin: *');
    assert.equal(answer(policy(ps, 'location /c/'), { method: 'DELETE' }), '405');
    assert.equal(answer(policy(ps, 'location /c/'), { method: 'PATCH' }), '200');
  });

  it('conditions on anything else stay opaque, and predict says what it assumed', function () {
    const ps = policiesOf(http(`server { listen 80; location /a/ { if ($cookie_session) { return 401; } return 200; } }`));
    const r = predict(policy(ps, 'location /a/'), { method: 'GET' });
    assert.equal(r.status, 200);
    assert.ok(r.unknown.some((u) => u.includes('cookie_session')), r.unknown.join());
  });

  it('caps the number of paths through many ifs and marks the rest unknown', function () {
    const ifs = Array.from({ length: 12 }, (_, i) => `if ($http_x_h${i}) { set $v${i} 1; }`).join('\n');
    const ps = policiesOf(http(`server { listen 80; location /a/ { ${ifs} return 200; } }`));
    const p = policy(ps, 'location /a/');
    assert.ok(p.branches.length < 200, `${p.branches.length} branches`);
    assert.ok(p.branches.some((b) => b.status.kind === 'unknown'));
  });

  it('rewrite with a redirect flag answers 301/302, last is an internal redirect', function () {
    const ps = policiesOf(http(`server { listen 80;
      location /a/ { rewrite ^ /new/ permanent; }
      location /b/ { rewrite ^(.*)$ /c$1 last; }
      location /d/ { rewrite ^/d/old/(.*)$ /d/new/$1 redirect; return 200; }
    }`));
    assert.equal(answer(policy(ps, 'location /a/'), { method: 'GET' }), '301');
    assert.equal(predict(policy(ps, 'location /b/'), { method: 'GET' }).status, 'unknown');
    const d = predict(policy(ps, 'location /d/'), { method: 'GET' });
    assert.equal(d.status, 200, 'a URI test the model cannot see is assumed not to match');
    assert.ok(d.unknown.some((u) => u.includes('^/d/old/')));
  });

  it('nested locations do not run the outer location rewrite directives', function () {
    const ps = policiesOf(http(`server { listen 80;
      location /a/ { return 403; location /a/b/ { } }
    }`));
    assert.equal(answer(policy(ps, 'location /a/b/'), { method: 'GET', staticFileExists: true }), '200');
  });
});

describe('nginx model: infeasible paths', function () {
  it('drops paths that pin the Origin to two values', function () {
    const ps = policiesOf(http(`server { listen 80; location /a/ {
      if ($http_origin = "https://a.example.com") { add_header Access-Control-Allow-Origin "https://a.example.com" always; }
      if ($http_origin = "https://b.example.com") { add_header Access-Control-Allow-Origin "https://b.example.com" always; }
      return 200; } }`));
    const p = policy(ps, 'location /a/');
    assert.equal(p.branches.length, 3);
    assert.equal(answer(p, { method: 'GET', origin: 'https://b.example.com' }), '200 | Access-Control-Allow-Origin: https://b.example.com');
  });
});
