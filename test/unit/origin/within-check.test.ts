import * as assert from 'node:assert/strict';
import type { OriginMatcher } from '../../../server/src/model/origin-matcher';
import { assessOriginMatcher } from '../../../server/src/origin/assess';
import { truncatedCandidates } from '../../../server/src/origin/attack-candidates';
import { safePatternFor, withinOrigins, withinPieces } from '../../../server/src/origin/leaf-shapes';
import { matchOrigin } from '../../../server/src/origin/match-origin';
import { checkAssessment } from './assessment-properties';

const within = (value: string, caseInsensitive = false): OriginMatcher => ({ kind: 'within', value, caseInsensitive });

describe('an origin check that admits any piece of a string', () => {
  it('admits every substring of the string, the empty one too, and nothing longer', () => {
    const m = within('https://a.com,https://b.com');
    for (const o of ['https://a.com', 'https://b.com', 'https://a.co', 'https://b.c', 'com,https://b', '']) assert.equal(matchOrigin(m, o), true, o);
    for (const o of ['https://a.com.evil.net', 'https://c.com', 'HTTPS://A.COM']) assert.equal(matchOrigin(m, o), false, o);
    assert.equal(matchOrigin(within('https://a.com', true), 'HTTPS://A.CO'), true);
  });

  it('lists the pieces between commas, spaces, semicolons and bars', () => {
    assert.deepEqual(withinPieces(' https://a.com, https://b.com;https://c.com|https://a.com\n'), ['https://a.com', 'https://b.com', 'https://c.com']);
    assert.deepEqual(withinOrigins({ kind: 'within', value: 'https://a.com example.com https://b.com:8443', caseInsensitive: false }), ['https://a.com', 'https://b.com:8443']);
  });

  it('an exact origin written as one string is still judged: https://a.co gets in', () => {
    const m = within('https://a.com');
    const a = assessOriginMatcher(m);
    checkAssessment(m, a);
    assert.deepEqual(a.intendedOrigins, ['https://a.com']);
    assert.deepEqual(a.permissive.map((p) => [p.reason, p.attackOrigin, p.intended]), [['substring-match', 'https://a.co', 'https://a.com']]);
  });

  it('names the longest shortened host someone else can register, confirmed by the check', () => {
    const cases: [string, string][] = [
      ['https://app.example.com https://partner.example.net', 'https://app.example.co'],
      ['https://app.example.com.au', 'https://app.example.com'],
      ['https://api.example.org:8443', 'https://api.example.or'],
      ['http://intranet.example.io', 'http://intranet.ex'],
    ];
    for (const [value, attack] of cases) {
      const m = within(value);
      const a = assessOriginMatcher(m);
      checkAssessment(m, a);
      assert.equal(a.permissive[0]?.attackOrigin, attack, value);
      assert.equal(matchOrigin(m, attack), true, value);
    }
  });

  it('candidates are the scheme with the host cut short, longest first, only names a stranger could own', () => {
    const origins = truncatedCandidates({ text: 'https://app.example.com', start: true, end: true }).map((c) => c.origin);
    assert.deepEqual(origins.slice(0, 2), ['https://app.example.co', 'https://app.ex']);
    assert.ok(origins.every((o) => 'https://app.example.com'.startsWith(o) && o !== 'https://app.example.com'));
    assert.deepEqual(truncatedCandidates({ text: 'example.com', start: true, end: true }), []);
  });

  it('stays quiet when no whole origin is listed, and finds no subdomain or scheme trust', () => {
    const bare = assessOriginMatcher(within('a.example.com b.example.com'));
    assert.deepEqual([bare.permissive, bare.intendedOrigins, bare.allowsAll, bare.allowsNull], [[], [], false, false]);
    const a = assessOriginMatcher(within('https://a.example.com,https://b.example.com'));
    assert.deepEqual([a.anySubdomain, a.insecureScheme, a.allowsAll], [[], [], false]);
  });

  it('reports the plain-http pieces it lists as insecure', () => {
    const a = assessOriginMatcher(within('http://a.example.com https://b.example.com'));
    assert.deepEqual(a.insecureScheme.map((s) => s.example), ['http://a.example.com']);
  });

  it('the allowlist replacement keeps every listed origin and refuses the attack origin', () => {
    const m = within('https://a.example.com,https://b.example.com');
    const pattern = safePatternFor(m, 'https://a.example.co');
    assert.ok(pattern);
    const check: OriginMatcher = { kind: 'regex', pattern, flavor: 'js', mode: 'search', caseInsensitive: false };
    assert.deepEqual(['https://a.example.com', 'https://b.example.com', 'https://a.example.co'].map((o) => matchOrigin(check, o)), [true, true, false]);
  });

  it('a huge string is judged on its first pieces, quickly, and gets no partial allowlist', () => {
    const value = Array.from({ length: 40000 }, (_, i) => `https://app${i}.example.com`).join(',');
    const started = Date.now();
    const m = within(value);
    const a = assessOriginMatcher(m);
    assert.equal(a.permissive[0]?.attackOrigin, 'https://app0.example.co');
    assert.equal(a.permissive[0]?.safePattern, undefined);
    assert.equal(safePatternFor(m, 'https://app0.example.co'), undefined);
    assert.ok(Date.now() - started < 3000, `took ${Date.now() - started} ms`);
  });
});
