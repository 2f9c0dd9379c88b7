import * as assert from 'node:assert/strict';
import { PROFILES, STANDARD } from '../../../server/src/fetch/engine-profiles';
import { preflightCacheSeconds } from '../../../server/src/fetch/preflight-check';
import { evaluateCors, requestHeadersValue, type VerdictInput } from '../../../server/src/fetch/verdict';
import type { BlockReason, CorsRequest, CredentialsMode, HeaderLine, RawResponse } from '../../../server/src/fetch/types';

const ORIGIN = 'http://app.test';

function request(method = 'GET', headers: HeaderLine[] = [], credentials: CredentialsMode = 'omit', origin = ORIGIN): CorsRequest {
  return { url: 'http://api.test/data', origin, method, headers, credentials };
}
const res = (status: number, ...headers: HeaderLine[]): RawResponse => ({ status, headers });
const ok = (...headers: HeaderLine[]): RawResponse => res(200, ...headers);
const ACAO = (v: string): HeaderLine => ['Access-Control-Allow-Origin', v];
const ACAC = (v: string): HeaderLine => ['Access-Control-Allow-Credentials', v];
const ACAM = (v: string): HeaderLine => ['Access-Control-Allow-Methods', v];
const ACAH = (v: string): HeaderLine => ['Access-Control-Allow-Headers', v];

interface Case {
  name: string;
  input: VerdictInput;
  /** Expected outcome of the standard, and of every engine unless `engines` says otherwise. */
  expect: BlockReason | 'allowed';
  engines?: Partial<Record<'chromium' | 'firefox' | 'webkit', BlockReason | 'allowed'>>;
}

const simple = (actual: RawResponse, credentials: CredentialsMode = 'omit', origin = ORIGIN): VerdictInput => ({ request: request('GET', [], credentials, origin), actual });
const put = (preflight: RawResponse, headers: HeaderLine[] = [], credentials: CredentialsMode = 'omit', method = 'PUT'): VerdictInput => ({
  request: request(method, headers, credentials),
  preflight,
  actual: ok(ACAO(ORIGIN), ACAC('true')),
});

const cases: Case[] = [
  { name: 'simple GET, ACAO *', input: simple(ok(ACAO('*'))), expect: 'allowed' },
  { name: 'simple GET, exact origin', input: simple(ok(ACAO(ORIGIN))), expect: 'allowed' },
  { name: 'simple GET, no ACAO', input: simple(ok()), expect: 'MissingAllowOriginHeader' },
  { name: 'simple GET, other origin', input: simple(ok(ACAO('http://other.test'))), expect: 'AllowOriginMismatch' },
  { name: 'origin with trailing slash', input: simple(ok(ACAO(ORIGIN + '/'))), expect: 'AllowOriginMismatch' },
  { name: 'origin differing in case', input: simple(ok(ACAO('http://APP.test'))), expect: 'AllowOriginMismatch' },
  { name: 'origin without scheme', input: simple(ok(ACAO('app.test'))), expect: 'InvalidAllowOriginValue', engines: { firefox: 'AllowOriginMismatch', webkit: 'AllowOriginMismatch' } },
  { name: 'surrounding whitespace is stripped', input: simple(ok(ACAO(`  ${ORIGIN}\t`))), expect: 'allowed' },
  { name: 'two ACAO lines of the same origin', input: simple(ok(ACAO(ORIGIN), ACAO(ORIGIN))), expect: 'MultipleAllowOriginValues' },
  { name: 'two ACAO lines *', input: simple(ok(ACAO('*'), ACAO('*'))), expect: 'MultipleAllowOriginValues' },
  { name: 'a space-separated list in one line', input: simple(ok(ACAO(`${ORIGIN} http://b.test`))), expect: 'MultipleAllowOriginValues', engines: { firefox: 'AllowOriginMismatch', webkit: 'AllowOriginMismatch' } },
  { name: 'a comma-separated list in one line', input: simple(ok(ACAO(`${ORIGIN}, http://b.test`))), expect: 'MultipleAllowOriginValues', engines: { firefox: 'AllowOriginMismatch' } },
  { name: 'header name case does not matter', input: simple(ok(['access-control-allow-origin', ORIGIN])), expect: 'allowed' },
  { name: 'status does not matter for the actual response', input: simple(res(500, ACAO('*'))), expect: 'allowed' },
  { name: 'null origin allowed by null', input: simple(ok(ACAO('null')), 'omit', 'null'), expect: 'allowed' },
  { name: 'null given to a real origin', input: simple(ok(ACAO('null'))), expect: 'AllowOriginMismatch' },
  { name: 'credentials and *', input: simple(ok(ACAO('*'), ACAC('true')), 'include'), expect: 'WildcardOriginNotAllowed' },
  { name: 'credentials, exact origin, true', input: simple(ok(ACAO(ORIGIN), ACAC('true')), 'include'), expect: 'allowed' },
  { name: 'credentials without ACAC', input: simple(ok(ACAO(ORIGIN)), 'include'), expect: 'InvalidAllowCredentials' },
  { name: 'credentials with ACAC True', input: simple(ok(ACAO(ORIGIN), ACAC('True')), 'include'), expect: 'InvalidAllowCredentials' },
  { name: 'credentials with ACAC 1', input: simple(ok(ACAO(ORIGIN), ACAC('1')), 'include'), expect: 'InvalidAllowCredentials' },
  { name: 'credentials with ACAC twice', input: simple(ok(ACAO(ORIGIN), ACAC('true'), ACAC('true')), 'include'), expect: 'InvalidAllowCredentials' },
  { name: 'same-origin credentials mode ignores ACAC', input: simple(ok(ACAO('*')), 'same-origin'), expect: 'allowed' },
  { name: 'forbidden method', input: { request: request('TRACE'), actual: ok(ACAO('*')) }, expect: 'ForbiddenMethod' },

  { name: 'PUT allowed', input: put(res(204, ACAO(ORIGIN), ACAM('PUT'))), expect: 'allowed' },
  { name: 'PUT by *', input: put(res(204, ACAO('*'), ACAM('*'))), expect: 'allowed' },
  { name: 'PUT by * with credentials', input: put(res(204, ACAO(ORIGIN), ACAC('true'), ACAM('*')), [], 'include'), expect: 'MethodDisallowedByPreflightResponse' },
  { name: 'PUT missing from list', input: put(res(204, ACAO(ORIGIN), ACAM('GET, POST'))), expect: 'MethodDisallowedByPreflightResponse' },
  { name: 'PUT with no ACAM', input: put(res(204, ACAO(ORIGIN))), expect: 'MethodDisallowedByPreflightResponse' },
  { name: 'PUT listed in lower case', input: put(res(204, ACAO(ORIGIN), ACAM('put'))), expect: 'MethodDisallowedByPreflightResponse' },
  {
    name: 'patch as written, PATCH listed',
    input: put(res(204, ACAO(ORIGIN), ACAM('PATCH')), [], 'omit', 'patch'),
    expect: 'MethodDisallowedByPreflightResponse',
  },
  {
    name: 'patch as written, patch listed',
    input: put(res(204, ACAO(ORIGIN), ACAM('patch')), [], 'omit', 'patch'),
    expect: 'allowed',
  },
  { name: 'ACAM split over two lines', input: put(res(204, ACAO(ORIGIN), ACAM('GET'), ACAM('PUT'))), expect: 'allowed' },
  { name: 'ACAM with empty items', input: put(res(204, ACAO(ORIGIN), ACAM(',PUT,,'))), expect: 'allowed' },
  { name: 'ACAM with a non-token', input: put(res(204, ACAO(ORIGIN), ACAM('PUT, GET/POST'))), expect: 'InvalidAllowMethodsPreflightResponse' },
  {
    name: 'method refused and ACAH not a list',
    input: put(res(204, ACAO(ORIGIN), ACAM('GET'), ACAH('x(y)'))),
    expect: 'InvalidAllowHeadersPreflightResponse',
    engines: { firefox: 'MethodDisallowedByPreflightResponse' },
  },
  { name: 'ACAH with a non-token', input: put(res(204, ACAO(ORIGIN), ACAM('PUT'), ACAH('x-a, x(b)'))), expect: 'InvalidAllowHeadersPreflightResponse' },
  { name: 'preflight 404', input: put(res(404, ACAO(ORIGIN), ACAM('PUT'))), expect: 'PreflightInvalidStatus' },
  { name: 'preflight 500', input: put(res(500, ACAO(ORIGIN), ACAM('PUT'))), expect: 'PreflightInvalidStatus' },
  { name: 'preflight 404 without ACAO', input: put(res(404)), expect: 'PreflightMissingAllowOriginHeader', engines: { webkit: 'PreflightInvalidStatus' } },
  { name: 'preflight 301', input: put(res(301, ACAO(ORIGIN), ACAM('PUT'), ['Location', '/elsewhere'])), expect: 'PreflightDisallowedRedirect', engines: { webkit: 'PreflightInvalidStatus' } },
  {
    name: 'preflight 307 without ACAO',
    input: put(res(307, ['Location', 'http://api.test/b'])),
    expect: 'PreflightMissingAllowOriginHeader',
    engines: { chromium: 'PreflightDisallowedRedirect', webkit: 'PreflightInvalidStatus' },
  },
  { name: 'preflight 304 is not ok', input: put(res(304, ACAO(ORIGIN), ACAM('PUT'))), expect: 'PreflightInvalidStatus' },
  { name: 'preflight * with credentials', input: put(res(204, ACAO('*'), ACAC('true'), ACAM('PUT')), [], 'include'), expect: 'PreflightWildcardOriginNotAllowed' },
  { name: 'preflight without ACAC, credentials', input: put(res(204, ACAO(ORIGIN), ACAM('PUT')), [], 'include'), expect: 'PreflightInvalidAllowCredentials' },
  { name: 'preflight two ACAO', input: put(res(204, ACAO(ORIGIN), ACAO(ORIGIN), ACAM('PUT'))), expect: 'PreflightMultipleAllowOriginValues' },
  { name: 'preflight other origin', input: put(res(204, ACAO('http://x.test'), ACAM('PUT'))), expect: 'PreflightAllowOriginMismatch' },
  { name: 'preflight passes, response lacks ACAO', input: { request: request('PUT'), preflight: res(204, ACAO('*'), ACAM('PUT')), actual: ok() }, expect: 'MissingAllowOriginHeader' },
  { name: 'preflight passes, no response', input: { request: request('PUT'), preflight: res(204, ACAO('*'), ACAM('PUT')) }, expect: 'ResponseMissing' },
  { name: 'preflight needed, none given', input: { request: request('PUT'), actual: ok(ACAO('*')) }, expect: 'PreflightMissing' },

  { name: 'header listed', input: put(res(204, ACAO(ORIGIN), ACAM('PUT'), ACAH('X-Token')), [['X-Token', '1']]), expect: 'allowed' },
  { name: 'header listed in other case', input: put(res(204, ACAO(ORIGIN), ACAM('PUT'), ACAH('x-TOKEN')), [['X-Token', '1']]), expect: 'allowed' },
  { name: 'header missing', input: put(res(204, ACAO(ORIGIN), ACAM('PUT'), ACAH('X-Other')), [['X-Token', '1']]), expect: 'HeaderDisallowedByPreflightResponse' },
  { name: 'header by *', input: put(res(204, ACAO(ORIGIN), ACAM('PUT'), ACAH('*')), [['X-Token', '1']]), expect: 'allowed' },
  { name: 'header by * with credentials', input: put(res(204, ACAO(ORIGIN), ACAC('true'), ACAM('PUT'), ACAH('*')), [['X-Token', '1']], 'include'), expect: 'HeaderDisallowedByPreflightResponse' },
  {
    name: 'Authorization by *',
    input: put(res(204, ACAO(ORIGIN), ACAM('PUT'), ACAH('*')), [['Authorization', 'Bearer x']]),
    expect: 'HeaderDisallowedByPreflightResponse',
    engines: { chromium: 'allowed', firefox: 'allowed', webkit: 'allowed' },
  },
  { name: 'Authorization listed with *', input: put(res(204, ACAO(ORIGIN), ACAM('PUT'), ACAH('*, Authorization')), [['Authorization', 'Bearer x']]), expect: 'allowed' },
  { name: 'JSON content type needs listing', input: put(res(204, ACAO(ORIGIN), ACAM('PUT')), [['Content-Type', 'application/json']]), expect: 'HeaderDisallowedByPreflightResponse' },
  { name: 'safelisted header needs no listing', input: put(res(204, ACAO(ORIGIN), ACAM('PUT')), [['Accept', 'application/json']]), expect: 'allowed' },
  { name: 'forbidden header needs no listing', input: put(res(204, ACAO(ORIGIN), ACAM('PUT')), [['Cookie', 'a=b']]), expect: 'allowed' },
  { name: 'long Accept needs listing', input: put(res(204, ACAO(ORIGIN), ACAM('PUT')), [['Accept', 'a'.repeat(200)]]), expect: 'HeaderDisallowedByPreflightResponse' },
  { name: 'ACAH over two lines', input: put(res(204, ACAO(ORIGIN), ACAM('PUT'), ACAH('x-a'), ACAH('x-b')), [['X-A', '1'], ['X-B', '2']]), expect: 'allowed' },
  {
    name: 'Chromium safelists a DPR client hint',
    input: { request: request('GET', [['DPR', '2']]), preflight: res(404), actual: ok(ACAO('*')) },
    expect: 'PreflightMissingAllowOriginHeader',
    engines: { chromium: 'allowed', webkit: 'PreflightInvalidStatus' },
  },
  {
    name: 'two Accept values that only together pass 128 bytes',
    input: { request: request('GET', [['Accept', 'a'.repeat(100)], ['Accept', 'b'.repeat(100)]]), preflight: res(404), actual: ok(ACAO('*')) },
    expect: 'allowed',
    engines: { chromium: 'PreflightMissingAllowOriginHeader', webkit: 'PreflightInvalidStatus' },
  },
  {
    name: 'safelisted values over 1024 bytes in all',
    input: { request: request('GET', [...Array.from({ length: 8 }, (): HeaderLine => ['Accept', 'a'.repeat(128)]), ['Accept', 'b']]), preflight: res(404), actual: ok(ACAO('*')) },
    expect: 'PreflightMissingAllowOriginHeader',
    engines: { firefox: 'allowed', webkit: 'PreflightInvalidStatus' },
  },
  { name: 'GET with header, preflight by *', input: { request: request('GET', [['X-A', '1']]), preflight: res(200, ACAO('*'), ACAH('*')), actual: ok(ACAO('*')) }, expect: 'allowed' },
];

describe('fetch: verdicts per engine and per the standard', () => {
  for (const c of cases) {
    it(c.name, () => {
      const v = evaluateCors(c.input);
      const shown = (o: { allowed: boolean; reason?: string }) => (o.allowed ? 'allowed' : o.reason);
      assert.equal(shown(v.standard), c.expect, 'standard');
      for (const engine of ['chromium', 'firefox', 'webkit'] as const) {
        assert.equal(shown(v.browsers[engine]), c.engines?.[engine] ?? c.expect, engine);
      }
      const all = (['chromium', 'firefox', 'webkit'] as const).every((e) => v.browsers[e].allowed);
      assert.equal(v.allowed, all);
      if (!v.allowed) assert.ok(v.reason, 'a blocked verdict names its reason');
      assert.ok(v.steps.length >= 2);
      assert.equal(v.steps.at(-4)!.ok, v.standard.allowed);
    });
  }
});

describe('fetch: verdict details', () => {
  it('names the request headers the way each engine sends them', () => {
    const r = request('GET', [['X-Token', 'a'], ['x-token', 'b'], ['X-A', '1']]);
    assert.equal(requestHeadersValue(r, PROFILES.chromium), 'x-a,x-token');
    assert.equal(requestHeadersValue(r, PROFILES.firefox), 'x-a,x-token,x-token');
  });

  it('caches a preflight per engine cap', () => {
    const v = evaluateCors(put(res(204, ACAO(ORIGIN), ACAM('PUT'), ['Access-Control-Max-Age', '100000'])));
    assert.deepEqual(v.preflightCacheSeconds, { chromium: 7200, firefox: 86400, webkit: 600 });
    const d = evaluateCors(put(res(204, ACAO(ORIGIN), ACAM('PUT'))));
    assert.deepEqual(d.preflightCacheSeconds, { chromium: 5, firefox: 5, webkit: 5 });
    const n = evaluateCors(put(res(204, ACAO(ORIGIN), ACAM('PUT'), ['Access-Control-Max-Age', '-1'])));
    assert.deepEqual(n.preflightCacheSeconds, { chromium: 0, firefox: 0, webkit: 0 });
    const x = evaluateCors(put(res(204, ACAO(ORIGIN), ACAM('PUT'), ['Access-Control-Max-Age', 'soon'])));
    assert.deepEqual(x.preflightCacheSeconds, { chromium: 5, firefox: 0, webkit: 5 });
    assert.equal(preflightCacheSeconds(res(204, ['Access-Control-Max-Age', '-1']), STANDARD), 5);
  });

  it('caches nothing for an engine whose preflight failed', () => {
    const v = evaluateCors({ request: request('GET', [['DPR', '2']]), preflight: res(404, ['Access-Control-Max-Age', '60']), actual: ok(ACAO('*')) });
    assert.deepEqual(v.preflightCacheSeconds, { chromium: 0, firefox: 0, webkit: 0 });
    const m = evaluateCors(put(res(204, ACAO(ORIGIN), ACAM('GET'), ['Access-Control-Max-Age', '60'])));
    assert.deepEqual(m.preflightCacheSeconds, { chromium: 0, firefox: 0, webkit: 0 });
  });

  it('steps say why a preflight is needed and which check failed', () => {
    const v = evaluateCors(put(res(204, ACAO(ORIGIN), ACAM('GET')), [['X-Token', '1']]));
    const names = v.steps.map((s) => s.name);
    assert.deepEqual(names.slice(0, 4), ['preflight', 'preflight CORS check', 'preflight status', 'allowed methods']);
    assert.match(v.steps[0].detail, /PUT is not GET, HEAD or POST; x-token is not a safelisted header/);
    assert.equal(v.steps[3].ok, false);
    assert.match(v.steps[3].detail, /PUT is not in Access-Control-Allow-Methods/);
  });

  it('marks engines that depart from the standard', () => {
    const v = evaluateCors(put(res(204, ACAO(ORIGIN), ACAM('PUT'), ACAH('*')), [['Authorization', 'x']]));
    assert.equal(v.standard.allowed, false);
    assert.equal(v.allowed, true);
    assert.match(v.steps.find((s) => s.name === 'chromium')!.detail, /departs from the standard/);
  });

  it('reports a redirect on the actual response without following it', () => {
    const v = evaluateCors(simple(res(302, ACAO('*'), ['Location', '/next'])));
    assert.match(v.steps.find((s) => s.name === 'redirect')!.detail, /302 to \/next/);
  });

  it('says which header lines were duplicated', () => {
    const v = evaluateCors(simple(ok(ACAO(ORIGIN), ACAO(ORIGIN))));
    assert.match(v.steps.find((s) => s.name === 'response CORS check')!.detail, /several values/);
    assert.equal(v.reason, 'MultipleAllowOriginValues');
  });
});
