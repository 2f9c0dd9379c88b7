import * as assert from 'node:assert/strict';
import { corsUnsafeHeaders, isForbiddenRequestHeader, mimeEssence, normalizeMethod, STANDARD_SAFELIST, unsafeCause } from '../../../server/src/fetch/request-headers';
import { needsPreflight, requestHeadersValue } from '../../../server/src/fetch/verdict';
import type { CorsRequest, HeaderLine } from '../../../server/src/fetch/types';

function req(method: string, headers: HeaderLine[] = []): CorsRequest {
  return { url: 'http://api.test/x', origin: 'http://app.test', method, headers, credentials: 'omit' };
}

describe('fetch: when a preflight is needed', () => {
  const cases: [string, string, HeaderLine[], boolean][] = [
    ['GET without headers', 'GET', [], false],
    ['HEAD', 'HEAD', [], false],
    ['POST with a form body type', 'POST', [['Content-Type', 'application/x-www-form-urlencoded']], false],
    ['POST with multipart', 'POST', [['Content-Type', 'multipart/form-data; boundary=x']], false],
    ['POST text/plain with charset', 'POST', [['Content-Type', 'text/plain;charset=utf-8']], false],
    ['POST JSON', 'POST', [['Content-Type', 'application/json']], true],
    ['lower-case get is normalized', 'get', [], false],
    ['lower-case post is normalized', 'post', [], false],
    ['PUT', 'PUT', [], true],
    ['DELETE', 'DELETE', [], true],
    ['PATCH', 'PATCH', [], true],
    ['custom header', 'GET', [['X-Requested-With', 'XMLHttpRequest']], true],
    ['Authorization', 'GET', [['Authorization', 'Bearer t']], true],
    ['Accept plain', 'GET', [['Accept', 'application/json']], false],
    ['Accept with an unsafe byte', 'GET', [['Accept', 'text/html(']], true],
    ['Accept of 128 bytes', 'GET', [['Accept', 'a'.repeat(128)]], false],
    ['Accept of 129 bytes', 'GET', [['Accept', 'a'.repeat(129)]], true],
    ['Accept-Language plain', 'GET', [['Accept-Language', 'en-GB,en;q=0.9']], false],
    ['Accept-Language with a slash', 'GET', [['Accept-Language', 'en/GB']], true],
    ['Content-Language plain', 'GET', [['Content-Language', 'de']], false],
    ['Range simple', 'GET', [['Range', 'bytes=0-99']], false],
    ['Range open ended', 'GET', [['Range', 'bytes=100-']], false],
    ['Range suffix', 'GET', [['Range', 'bytes=-100']], true],
    ['Range reversed', 'GET', [['Range', 'bytes=5-1']], true],
    ['Range multiple', 'GET', [['Range', 'bytes=0-1,3-4']], true],
    ['forbidden Cookie is dropped', 'GET', [['Cookie', 'a=b']], false],
    ['forbidden Sec- header is dropped', 'GET', [['Sec-Foo', '1']], false],
    ['forbidden Proxy- header is dropped', 'GET', [['Proxy-Foo', '1']], false],
    ['method override to a safe method is not forbidden', 'GET', [['X-HTTP-Method-Override', 'PUT']], true],
    ['method override to TRACE is dropped', 'GET', [['X-HTTP-Method-Override', 'TRACE']], false],
    ['total over 1024 bytes', 'GET', [['Accept', 'a'.repeat(128)], ['Accept-Language', 'b'.repeat(128)], ['Content-Language', 'c'.repeat(128)], ...Array.from({ length: 6 }, (): HeaderLine => ['Accept', 'd'.repeat(120)])], true],
  ];
  for (const [label, method, headers, expected] of cases) {
    it(`${label}: ${expected ? 'preflight' : 'no preflight'}`, () => {
      assert.equal(needsPreflight(req(method, headers)), expected);
    });
  }

  it('lists unsafe names sorted, lower-cased and once', () => {
    const r = req('PUT', [['X-B', '1'], ['x-a', '2'], ['X-B', '3'], ['Content-Type', 'application/json']]);
    assert.equal(requestHeadersValue(r), 'content-type,x-a,x-b');
  });

  it('counts every safelisted header once the total passes 1024 bytes', () => {
    const headers: HeaderLine[] = Array.from({ length: 9 }, (): HeaderLine => ['Accept', 'a'.repeat(120)]);
    assert.deepEqual(corsUnsafeHeaders(headers).map((h) => [h.name, h.cause]), [['accept', 'total-too-long']]);
    assert.deepEqual(corsUnsafeHeaders(headers.slice(0, 8)), []);
  });

  it('engines that join same-name headers first judge the joined value', () => {
    const headers: HeaderLine[] = [['Accept', 'a'.repeat(100)], ['Accept', 'b'.repeat(100)]];
    assert.deepEqual(corsUnsafeHeaders(headers), []);
    assert.deepEqual(corsUnsafeHeaders(headers, { ...STANDARD_SAFELIST, combinesDuplicateHeaders: true }).map((h) => [h.name, h.cause]), [['accept', 'too-long']]);
  });

  it('names the cause of each unsafe header', () => {
    assert.equal(unsafeCause('Content-Type', 'application/json'), 'value');
    assert.equal(unsafeCause('X-Foo', 'a'), 'name');
    assert.equal(unsafeCause('Content-Type', 'text/plain; x=' + 'a'.repeat(120)), 'too-long');
    assert.equal(unsafeCause('Range', 'bytes=0-1', { ...STANDARD_SAFELIST, safelistsRange: false }), 'name');
    assert.equal(unsafeCause('DPR', '2'), 'name');
    assert.equal(unsafeCause('DPR', '2', { ...STANDARD_SAFELIST, safelistsClientHints: true }), undefined);
    assert.equal(unsafeCause('Accept', 'text/html'), undefined);
  });

  it('reads MIME essences', () => {
    assert.equal(mimeEssence(' Text/Plain ; charset=utf-8'), 'text/plain');
    assert.equal(mimeEssence('text'), undefined);
    assert.equal(mimeEssence('text/plain/x'), undefined);
  });

  it('normalizes only the six standard methods', () => {
    assert.equal(normalizeMethod('delete'), 'DELETE');
    assert.equal(normalizeMethod('patch'), 'patch');
    assert.equal(normalizeMethod('Options'), 'OPTIONS');
  });

  it('knows the forbidden request headers', () => {
    for (const name of ['Host', 'Origin', 'Content-Length', 'Access-Control-Request-Method', 'Sec-Fetch-Mode', 'Proxy-Authorization', 'Referer']) {
      assert.ok(isForbiddenRequestHeader(name, 'x'), name);
    }
    for (const name of ['Authorization', 'X-Origin', 'Content-Type']) assert.ok(!isForbiddenRequestHeader(name, 'x'), name);
  });
});
