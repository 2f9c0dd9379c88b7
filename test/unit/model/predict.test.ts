import * as assert from 'node:assert/strict';
import type { Span } from '../../../server/src/core/range';
import { NGINX_SUCCESS_STATUSES, type CorsPolicy, type HeaderEmission, type ResponseBranch, type SymbolicValue } from '../../../server/src/model/cors-policy';
import { predict, predictOnBranch, renderValue, renderValueDetailed, takenBranch } from '../../../server/src/model/predict';

const at: Span = { file: '/x.conf', range: { start: { line: 0, character: 0, offset: 0 }, end: { line: 0, character: 1, offset: 1 } } };

function text(t: string): SymbolicValue {
  return { cases: [{ when: { kind: 'any' }, parts: [{ kind: 'text', text: t }], at }] };
}

function header(name: string, value: SymbolicValue, scope: 'success' | 'always' = 'always', mode: 'add' | 'set' = 'add'): HeaderEmission {
  return { name, key: name.toLowerCase(), value, scope, mode, at };
}

function policyOf(branches: ResponseBranch[]): CorsPolicy {
  return { id: 'p', source: 'nginx', label: 'p', at, branches, successStatuses: [...NGINX_SUCCESS_STATUSES] };
}

describe('predict', function () {
  it('takes the first branch whose condition holds', function () {
    const p = policyOf([
      { when: { kind: 'method', methods: ['OPTIONS'] }, status: { kind: 'fixed', code: 204 }, headers: [header('Access-Control-Allow-Methods', text('GET'))], at },
      { when: { kind: 'true' }, status: { kind: 'fixed', code: 200 }, headers: [header('Access-Control-Allow-Origin', text('*'))], at },
    ]);
    assert.deepEqual(predict(p, { method: 'options' }).headers, [['Access-Control-Allow-Methods', 'GET']]);
    assert.equal(predict(p, { method: 'OPTIONS' }).status, 204);
    assert.equal(predict(p, { method: 'GET' }).status, 200);
  });

  it('treats an opaque condition as false and says so', function () {
    const p = policyOf([
      { when: { kind: 'opaque', text: 'a cookie check', at }, status: { kind: 'fixed', code: 403 }, headers: [], at },
      { when: { kind: 'not', cond: { kind: 'opaque', text: 'a cookie check', at } }, status: { kind: 'fixed', code: 200 }, headers: [], at },
    ]);
    const r = predict(p, { method: 'GET' });
    assert.equal(r.status, 200);
    assert.equal(r.unknown.length, 2);
    assert.match(r.unknown[0], /a cookie check/);
  });

  it('resolves static statuses the way the static module does', function () {
    const p = policyOf([{ when: { kind: 'true' }, status: { kind: 'static' }, headers: [], at }]);
    assert.equal(predict(p, { method: 'GET', staticFileExists: true }).status, 200);
    assert.equal(predict(p, { method: 'HEAD', staticFileExists: false }).status, 404);
    assert.equal(predict(p, { method: 'POST', staticFileExists: true }).status, 405);
    assert.equal(predict(p, { method: 'POST', staticFileExists: false }).status, 404);
    assert.equal(predict(p, { method: 'OPTIONS', staticFileExists: true }).status, 405);
    assert.equal(predict(p, { method: 'PUT' }).status, 405);
  });

  it('drops success-only headers on other statuses and keeps always headers', function () {
    const branch = (code: number): ResponseBranch => ({
      when: { kind: 'true' },
      status: { kind: 'fixed', code },
      headers: [header('Access-Control-Allow-Origin', text('*'), 'success'), header('Vary', text('Origin'), 'always'), header('X-Other', text('1'))],
      at,
    });
    assert.deepEqual(predict(policyOf([branch(404)]), { method: 'GET' }).headers, [['Vary', 'Origin']]);
    assert.deepEqual(predict(policyOf([branch(302)]), { method: 'GET' }).headers, [['Access-Control-Allow-Origin', '*'], ['Vary', 'Origin']]);
  });

  it('renders origin cases, captures, request headers, and sends nothing for an empty value', function () {
    const value: SymbolicValue = {
      cases: [
        { when: { kind: 'exact', value: 'https://a.example.com', caseInsensitive: true }, parts: [{ kind: 'origin' }], at },
        { when: { kind: 'regex', pattern: '^https://([a-z]+)\\.example\\.org$', flavor: 'pcre', mode: 'search', caseInsensitive: false }, parts: [{ kind: 'text', text: 'https://' }, { kind: 'capture', group: 1 }, { kind: 'text', text: '.example.org' }], at },
        { when: { kind: 'any' }, parts: [], at },
      ],
    };
    assert.equal(renderValue(value, 'https://A.example.com', { method: 'GET' }), 'https://A.example.com');
    assert.equal(renderValue(value, 'https://shop.example.org', { method: 'GET' }), 'https://shop.example.org');
    assert.equal(renderValue(value, 'https://evil.net', { method: 'GET' }), undefined);
    const echo: SymbolicValue = { cases: [{ when: { kind: 'any' }, parts: [{ kind: 'request-header', name: 'access-control-request-headers' }], at }] };
    assert.equal(renderValue(echo, '', { method: 'OPTIONS', headers: { 'Access-Control-Request-Headers': 'x-a' } }), 'x-a');
    assert.equal(renderValue(echo, '', { method: 'OPTIONS' }), undefined);
  });

  it('reports unknown value parts and undecidable matchers', function () {
    const v: SymbolicValue = { cases: [{ when: { kind: 'any' }, parts: [{ kind: 'unknown', name: 'scheme' }, { kind: 'text', text: '://x' }], at }] };
    const r = renderValueDetailed(v, 'https://a', { method: 'GET' });
    assert.equal(r.value, '$scheme://x');
    assert.match(r.unknown[0], /scheme/);
    const opaque: SymbolicValue = { cases: [{ when: { kind: 'opaque', description: 'callback' }, parts: [{ kind: 'origin' }], at }] };
    assert.equal(renderValueDetailed(opaque, 'https://a', { method: 'GET' }).unknown.length, 1);
  });

  it('keeps only CORS and Vary headers, in emission order; set replaces earlier lines', function () {
    const p = policyOf([{
      when: { kind: 'true' }, status: { kind: 'fixed', code: 200 }, at,
      headers: [header('Access-Control-Allow-Origin', text('*')), header('X-Frame-Options', text('DENY')), header('access-control-allow-origin', text('https://a')), header('Vary', text('Origin'))],
    }]);
    assert.deepEqual(predict(p, { method: 'GET' }).headers, [['Access-Control-Allow-Origin', '*'], ['access-control-allow-origin', 'https://a'], ['Vary', 'Origin']]);
    const q = policyOf([{ when: { kind: 'true' }, status: { kind: 'fixed', code: 200 }, at, headers: [header('Vary', text('A')), header('Vary', text('B'), 'always', 'set')] }]);
    assert.deepEqual(predict(q, { method: 'GET' }).headers, [['Vary', 'B']]);
  });

  it('composes an upstream reply: hidden headers removed, own headers filtered by its status', function () {
    const p = policyOf([{
      when: { kind: 'true' }, status: { kind: 'upstream' }, at,
      passesUpstreamHeaders: { hidden: ['Access-Control-Allow-Origin'], at },
      headers: [header('Access-Control-Allow-Origin', text('https://mine'), 'success'), header('Vary', text('Origin'))],
    }]);
    assert.equal(predict(p, { method: 'GET' }).status, 'upstream');
    const r = predict(p, { method: 'GET' }, { upstream: () => ({ status: 500, headers: [['Access-Control-Allow-Origin', '*'], ['Access-Control-Allow-Methods', 'GET'], ['Server', 'x']] }) });
    assert.equal(r.status, 500);
    assert.deepEqual(r.headers, [['Access-Control-Allow-Methods', 'GET'], ['Vary', 'Origin']]);
  });

  it('checks a request header value with a matcher, an absent header as the empty string', function () {
    const p = policyOf([
      { when: { kind: 'header-matches', name: 'access-control-request-method', matcher: { kind: 'regex', pattern: 'GET|PUT', flavor: 'python', mode: 'fullmatch', caseInsensitive: false } }, status: { kind: 'fixed', code: 200 }, headers: [], at },
      { when: { kind: 'true' }, status: { kind: 'fixed', code: 400 }, headers: [], at },
    ]);
    assert.equal(predict(p, { method: 'OPTIONS', headers: { 'Access-Control-Request-Method': 'PUT' } }).status, 200);
    assert.equal(predict(p, { method: 'OPTIONS', headers: { 'access-control-request-method': 'put' } }).status, 400);
    assert.equal(predict(p, { method: 'OPTIONS', headers: { 'access-control-request-method': 'PUTX' } }).status, 400);
    assert.equal(predict(p, { method: 'OPTIONS' }).status, 400);
  });

  it('says when no branch applies', function () {
    const r = predict(policyOf([{ when: { kind: 'method', methods: ['GET'] }, status: { kind: 'fixed', code: 200 }, headers: [], at }]), { method: 'POST' });
    assert.equal(r.status, 'unknown');
    assert.equal(r.branch, undefined);
  });

  it('gives the same answer in two halves: the branch taken, then the prediction on it', function () {
    const p = policyOf([
      { when: { kind: 'opaque', text: 'a cookie check', at }, status: { kind: 'fixed', code: 403 }, headers: [], at },
      { when: { kind: 'method', methods: ['OPTIONS'] }, status: { kind: 'fixed', code: 204 }, headers: [header('Access-Control-Allow-Methods', text('GET'))], at },
      { when: { kind: 'true' }, status: { kind: 'static' }, headers: [header('Access-Control-Allow-Origin', text('*'), 'success'), header('Vary', text('Origin'))], at },
    ]);
    for (const req of [{ method: 'OPTIONS' }, { method: 'GET', staticFileExists: true }, { method: 'POST', origin: 'https://a.example' }]) {
      const taken = takenBranch(p, req);
      assert.ok(taken.branch);
      assert.equal(taken.unknown.length, 1);
      assert.deepEqual(predictOnBranch(p, req, { branch: taken.branch, unknown: taken.unknown }), predict(p, req));
    }
    assert.equal(takenBranch(policyOf([]), { method: 'GET' }).branch, undefined);
  });
});
