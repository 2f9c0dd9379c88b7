import * as assert from 'node:assert/strict';
import { predict } from '../../../server/src/model/predict';
import { ALLOWED, answer, EVIL, http, policiesOf, policy } from './nginx-support';

function acao(body: string, use = 'add_header Access-Control-Allow-Origin $cors always;') {
  return policy(policiesOf(http(`${body}\nserver { listen 80; location /api/ { ${use} return 200; } }`)), 'location /api/');
}

describe('nginx model: map variables', function () {
  it('exact entries match ignoring case; the default applies otherwise; empty sends nothing', function () {
    const p = acao(`map $http_origin $cors { default ""; https://app.example.com $http_origin; }`);
    assert.equal(answer(p, { method: 'GET', origin: ALLOWED }), `200 | Access-Control-Allow-Origin: ${ALLOWED}`);
    assert.equal(answer(p, { method: 'GET', origin: 'HTTPS://APP.EXAMPLE.COM' }), '200 | Access-Control-Allow-Origin: HTTPS://APP.EXAMPLE.COM');
    assert.equal(answer(p, { method: 'GET', origin: EVIL }), '200');
    assert.equal(answer(p, { method: 'GET' }), '200');
  });

  it('a map without default gives the empty string', function () {
    const p = acao(`map $http_origin $cors { https://app.example.com "https://app.example.com"; }`);
    assert.equal(answer(p, { method: 'GET', origin: EVIL }), '200');
  });

  it('exact entries win over regexes; regexes apply in order with their captures', function () {
    const p = acao(`map $http_origin $cors {
      default "";
      ~^https://(.+)\\.example\\.com$ "https://$1.example.com";
      ~*^https://([a-z]+)\\.example\\.com$ "second";
      https://www.example.com "exact";
    }`);
    assert.equal(answer(p, { method: 'GET', origin: 'https://www.example.com' }), '200 | Access-Control-Allow-Origin: exact');
    assert.equal(answer(p, { method: 'GET', origin: 'https://a.b.example.com' }), '200 | Access-Control-Allow-Origin: https://a.b.example.com');
    assert.equal(answer(p, { method: 'GET', origin: 'https://SHOP.example.com' }), '200 | Access-Control-Allow-Origin: https://SHOP.example.com', 'the first regex that matches wins');
    assert.equal(answer(p, { method: 'GET', origin: 'https://shop.EXAMPLE.com' }), '200 | Access-Control-Allow-Origin: second', '~* ignores case');
    const cases = p.branches[0].headers[0].value.cases;
    assert.equal(cases[0].when.kind, 'exact');
    assert.equal(cases[1].when.kind, 'regex');
    assert.deepEqual(cases[1].parts.map((x) => x.kind), ['text', 'capture', 'text']);
  });

  it('chains maps: a map keyed on another map variable', function () {
    const p = acao(`map $http_origin $cors { default ""; https://app.example.com $http_origin; }
      map $cors $cred { "" ""; default "true"; }`, 'add_header Access-Control-Allow-Origin $cors always; add_header Access-Control-Allow-Credentials $cred always;');
    assert.equal(answer(p, { method: 'GET', origin: ALLOWED }), `200 | Access-Control-Allow-Origin: ${ALLOWED} | Access-Control-Allow-Credentials: true`);
    assert.equal(answer(p, { method: 'GET', origin: EVIL }), '200');
  });

  it('an if on a map variable becomes an origin condition', function () {
    const ps = policiesOf(http(`map $http_origin $ok { default 0; ~^https://(app|admin)\\.example\\.com$ 1; }
      server { listen 80; location /api/ { if ($ok) { add_header Access-Control-Allow-Origin $http_origin always; } return 200; } }`));
    const p = policy(ps, 'location /api/');
    assert.equal(answer(p, { method: 'GET', origin: 'https://admin.example.com' }), '200 | Access-Control-Allow-Origin: https://admin.example.com');
    assert.equal(answer(p, { method: 'GET', origin: EVIL }), '200');
    assert.ok(p.branches.every((b) => !JSON.stringify(b.when).includes('opaque')), 'no opaque condition left');
  });

  it('hostnames maps understand leading and trailing wildcards', function () {
    const p = acao(`map $http_origin $cors { hostnames; default ""; .example.com "dot"; *.example.org "star"; https://www.* "tail"; }`);
    assert.equal(answer(p, { method: 'GET', origin: 'https://a.example.com' }), '200 | Access-Control-Allow-Origin: dot');
    assert.equal(answer(p, { method: 'GET', origin: 'https://a.example.org' }), '200 | Access-Control-Allow-Origin: star');
    assert.equal(answer(p, { method: 'GET', origin: 'https://www.evil.net' }), '200 | Access-Control-Allow-Origin: tail');
    assert.equal(answer(p, { method: 'GET', origin: 'https://evil.net' }), '200');
  });

  it('a map over something other than the Origin stays unknown', function () {
    const p = acao(`map $http_x_host $cors { default ""; a "b"; }`);
    const r = predict(p, { method: 'GET', headers: { 'X-Host': 'a' } });
    assert.ok(r.unknown.some((u) => u.includes('cors')), r.unknown.join());
  });

  it('interpolated values with unresolvable variables keep unknown parts', function () {
    const p = acao('', 'add_header Access-Control-Allow-Origin "$scheme://$host" always;');
    const parts = p.branches[0].headers[0].value.cases[0].parts;
    assert.deepEqual(parts, [{ kind: 'unknown', name: 'scheme' }, { kind: 'text', text: '://' }, { kind: 'unknown', name: 'host' }]);
  });
});

describe('nginx model: large allowlists', function () {
  it('keeps a map of a thousand origins exact', function () {
    const entries = Array.from({ length: 1000 }, (_, i) => `https://partner${i}.example.com $http_origin;`).join('\n');
    const p = policy(policiesOf(http(`map $http_origin $cors { default ""; ${entries} }
      server { listen 80; location /api/ { add_header Access-Control-Allow-Origin $cors always; return 200; } }`)), 'location /api/');
    assert.equal(answer(p, { method: 'GET', origin: 'https://partner999.example.com' }), '200 | Access-Control-Allow-Origin: https://partner999.example.com');
    assert.equal(answer(p, { method: 'GET', origin: 'https://partner1000.example.com' }), '200');
  });
});

describe('nginx model: an if on a large map', function () {
  it('stays linear and exact', function () {
    const entries = Array.from({ length: 2000 }, (_, i) => `https://p${i}.example.com 1;`).join('\n');
    const started = Date.now();
    const p = policy(policiesOf(http(`map $http_origin $ok { default 0; ${entries} ~^https://[a-z]+\\.trusted\\.org$ 1; }
      server { listen 80; location /api/ { if ($ok) { add_header Access-Control-Allow-Origin $http_origin always; } return 200; } }`)), 'location /api/');
    assert.equal(answer(p, { method: 'GET', origin: 'https://p1999.example.com' }), '200 | Access-Control-Allow-Origin: https://p1999.example.com');
    assert.equal(answer(p, { method: 'GET', origin: 'https://shop.trusted.org' }), '200 | Access-Control-Allow-Origin: https://shop.trusted.org');
    assert.equal(answer(p, { method: 'GET', origin: 'https://evil.example.net' }), '200');
    assert.ok(Date.now() - started < 5000, `took ${Date.now() - started} ms`);
  });
});
