import * as assert from 'node:assert/strict';
import { parseOriginValue, serializeOrigin } from '../../../server/src/origin/origin-syntax';

describe('parseOriginValue', () => {
  const good: [string, { scheme: string; host: string; port?: number }][] = [
    ['https://example.com', { scheme: 'https', host: 'example.com' }],
    ['http://localhost:3000', { scheme: 'http', host: 'localhost', port: 3000 }],
    ['https://a.b.example.co.uk:8443', { scheme: 'https', host: 'a.b.example.co.uk', port: 8443 }],
    ['http://127.0.0.1:8080', { scheme: 'http', host: '127.0.0.1', port: 8080 }],
    ['http://[::1]:5173', { scheme: 'http', host: '[::1]', port: 5173 }],
    ['https://xn--bcher-kva.example', { scheme: 'https', host: 'xn--bcher-kva.example' }],
    ['chrome-extension://abcdefghijklmnop', { scheme: 'chrome-extension', host: 'abcdefghijklmnop' }],
    ['*', { scheme: '*', host: '' }],
    ['null', { scheme: 'null', host: '' }],
  ];
  for (const [value, expected] of good) {
    it(`accepts ${value}`, () => assert.deepEqual(parseOriginValue(value), { ok: true, ...expected }));
  }

  const bad: [string, string][] = [
    ['example.com', 'missing-scheme'],
    ['example.com:8080', 'missing-scheme'],
    ['//example.com', 'missing-scheme'],
    ['https://a.com/', 'has-path'],
    ['https://a.com/api', 'has-path'],
    ['https://a.com?x=1', 'has-path'],
    ['https://a.com https://b.com', 'several-origins'],
    ['https://a.com,https://b.com', 'several-origins'],
    ['https://a.com, https://b.com', 'several-origins'],
    ['https://*.a.com', 'wildcard-inside'],
    ['https://a.*', 'wildcard-inside'],
    ['*.a.com', 'wildcard-inside'],
    ['', 'not-an-origin'],
    [' https://a.com', 'not-an-origin'],
    ['https://', 'not-an-origin'],
    ['https://a.com:99999', 'not-an-origin'],
    // Browsers serialize without the default port and in lower case, and compare byte for byte.
    ['https://a.com:443', 'not-an-origin'],
    ['http://a.com:80', 'not-an-origin'],
    ['https://A.com', 'not-an-origin'],
    ['HTTPS://a.com', 'not-an-origin'],
    ['https://user@a.com', 'not-an-origin'],
    ['https://a..com', 'not-an-origin'],
    ['true', 'missing-scheme'],
    ['"https://a.com"', 'not-an-origin'],
  ];
  for (const [value, problem] of bad) {
    it(`refuses ${JSON.stringify(value)} as ${problem}`, () => assert.deepEqual(parseOriginValue(value), { ok: false, problem }));
  }

  it('serializes without the default port', () => {
    assert.equal(serializeOrigin('https', 'a.com', 443), 'https://a.com');
    assert.equal(serializeOrigin('https', 'a.com', 8443), 'https://a.com:8443');
    assert.equal(serializeOrigin('http', 'a.com'), 'http://a.com');
  });
});
