import * as assert from 'node:assert/strict';
import type { Span } from '../../../server/src/core/range';
import type { OriginMatcher, RegexFlavor, RegexMode } from '../../../server/src/model/origin-matcher';
import { assessOriginMatcher, type PermissiveFinding } from '../../../server/src/origin/assess';
import { checkAssessment } from './assessment-properties';

function re(pattern: string, flavor: RegexFlavor = 'pcre', mode: RegexMode = 'search', caseInsensitive = false): OriginMatcher {
  return { kind: 'regex', pattern, flavor, mode, caseInsensitive };
}
const exact = (value: string): OriginMatcher => ({ kind: 'exact', value, caseInsensitive: false });
const suffix = (value: string): OriginMatcher => ({ kind: 'suffix', value, caseInsensitive: false });
const prefix = (value: string): OriginMatcher => ({ kind: 'prefix', value, caseInsensitive: false });
const substring = (value: string): OriginMatcher => ({ kind: 'substring', value, caseInsensitive: false });

function label(m: OriginMatcher): string {
  if (m.kind === 'regex') return `${m.flavor}/${m.mode}${m.caseInsensitive ? '/i' : ''} ${m.pattern}`;
  if (m.kind === 'exact' || m.kind === 'prefix' || m.kind === 'suffix' || m.kind === 'substring') return `${m.kind} ${m.value}`;
  return m.kind;
}

/** Checks written correctly: nothing beyond what the author meant. */
const correct: OriginMatcher[] = [
  re('^https://(www\\.)?example\\.com$'),
  re('^https://(www\\.)?example\\.com$', 'pcre', 'search', true),
  re('^https://(a|b)\\.example\\.com$'),
  re('^https://(a|b)\\.example\\.com$', 'pcre', 'search', true),
  re('https://example\\.com', 'python', 'fullmatch'),
  re('https://(www\\.)?example\\.com', 'python', 'fullmatch', true),
  re('https://.*\\.example\\.com', 'python', 'fullmatch'),
  re('^https:\\/\\/(www\\.)?example\\.com$', 'js'),
  re('^https://(www\\.)?example\\.com$', 'go'),
  re('\\Ahttps://(www\\.)?example\\.com\\z', 'ruby'),
  // A header value never holds a newline, so Ruby's line anchors admit nothing more here.
  re('^https://(www\\.)?example\\.com$', 'ruby'),
  re('https://(www\\.)?example\\.com', 'java', 'fullmatch'),
  re('^https://(www\\.)?example\\.com$', 'dotnet'),
  re('^https://[a-z0-9-]+\\.example\\.com$'),
  re('^https://example\\.com(:[0-9]+)?$'),
  re('^https://(?:app|admin)\\.example\\.co\\.uk$'),
  // Without `^` only a longer scheme could precede, and no browser sends one.
  re('https://(www\\.)?example\\.com$'),
  // The only dot a wildcard could replace sits before the top-level label: no public name fits.
  re('^https://example.com$'),
  exact('https://example.com'),
  suffix('.example.com'),
  { kind: 'or', matchers: [exact('https://a.example.com'), exact('https://b.example.com')] },
  { kind: 'and', matchers: [prefix('https://'), suffix('.example.com')] },
  { kind: 'none' },
];

interface Expect {
  m: OriginMatcher;
  reason: PermissiveFinding['reason'];
  attack?: string;
}

const permissive: Expect[] = [
  { m: re('^https://www.example.com$'), reason: 'unescaped-dot', attack: 'https://wwwxexample.com' },
  { m: re('^https://api.example.com$', 'pcre', 'search', true), reason: 'unescaped-dot', attack: 'https://apixexample.com' },
  { m: re('^https://(app|admin).example\\.com$', 'js'), reason: 'unescaped-dot' },
  { m: re('https://example\\.com', 'js'), reason: 'missing-end-anchor', attack: 'https://example.com.evil.net' },
  { m: re('^https://example\\.com'), reason: 'missing-end-anchor', attack: 'https://example.com.evil.net' },
  { m: re('https://example\\.com', 'python', 'match'), reason: 'missing-end-anchor', attack: 'https://example.com.evil.net' },
  { m: re('^https://\\w+\\.example\\.com', 'python', 'match'), reason: 'missing-end-anchor' },
  { m: re('^https://example\\.com', 'go'), reason: 'missing-end-anchor' },
  { m: re('https://example\\.com', 'ruby'), reason: 'missing-end-anchor' },
  { m: re('https://example\\.com', 'java', 'search'), reason: 'missing-end-anchor' },
  { m: re('example\\.com$'), reason: 'missing-start-anchor', attack: 'https://evilexample.com' },
  { m: re('example\\.com$', 'dotnet'), reason: 'missing-start-anchor', attack: 'https://evilexample.com' },
  { m: re('^https://example\\.com|^https://www\\.example\\.com$'), reason: 'missing-end-anchor', attack: 'https://example.com.evil.net' },
  { m: re('^https://.*example\\.com$'), reason: 'wildcard-in-host', attack: 'https://evilexample.com' },
  { m: re('^https://[^/]*example\\.com$'), reason: 'wildcard-in-host', attack: 'https://evilexample.com' },
  { m: re('^https://\\w+example\\.com$', 'js'), reason: 'wildcard-in-host', attack: 'https://evilexample.com' },
  { m: re('https://.*example.com', 'java', 'fullmatch'), reason: 'wildcard-in-host' },
  { m: re('^https://.*\\.example\\.com'), reason: 'missing-end-anchor' },
  { m: re('^https://example\\.com.*$'), reason: 'wildcard-in-host', attack: 'https://example.com.evil.net' },
  { m: re('example.com'), reason: 'missing-end-anchor' },
  { m: suffix('example.com'), reason: 'suffix-without-boundary', attack: 'https://evilexample.com' },
  { m: prefix('https://example.com'), reason: 'prefix-match', attack: 'https://example.com.evil.net' },
  { m: substring('example.com'), reason: 'substring-match' },
  { m: substring('https://example.com'), reason: 'substring-match', attack: 'https://example.com.evil.net' },
  { m: { kind: 'or', matchers: [exact('https://a.com'), re('b\\.com$', 'js')] }, reason: 'missing-start-anchor', attack: 'https://evilb.com' },
  { m: { kind: 'and', matchers: [prefix('https://'), suffix('example.com')] }, reason: 'suffix-without-boundary', attack: 'https://evilexample.com' },
];

describe('assessOriginMatcher', () => {
  describe('correct checks give no permissive findings', () => {
    for (const m of correct) {
      it(label(m), () => {
        const a = assessOriginMatcher(m);
        assert.deepEqual(a.permissive, []);
        assert.equal(a.allowsAll, false);
        checkAssessment(m, a);
      });
    }
  });

  describe('permissive checks name a confirmed attack origin', () => {
    for (const { m, reason, attack } of permissive) {
      it(`${label(m)} → ${reason}${attack ? ' ' + attack : ''}`, () => {
        const a = assessOriginMatcher(m);
        const f = a.permissive.find((p) => p.reason === reason);
        assert.ok(f, `no ${reason} in ${JSON.stringify(a.permissive)}`);
        if (attack) assert.equal(f.attackOrigin, attack);
        assert.equal(a.allowsAll, false);
        checkAssessment(m, a);
      });
    }
  });

  describe('allowsAll and allowsNull', () => {
    const all: OriginMatcher[] = [{ kind: 'any' }, re('.*'), re('^https?://.*$'), re('^https://'), re('', 'js'),
      { kind: 'not', matcher: suffix('.evil.com') }, prefix('https://'), re('^https://[a-z0-9.-]+$')];
    for (const m of all) it(`${label(m)} admits everyone`, () => assert.equal(assessOriginMatcher(m).allowsAll, true));
    it('a check of one origin does not', () => assert.equal(assessOriginMatcher(exact('https://a.com')).allowsAll, false));
    it('an opaque check is not assumed to allow all', () => assert.equal(assessOriginMatcher({ kind: 'opaque', description: 'fn' }).allowsAll, false));

    const nulls: OriginMatcher[] = [exact('null'), re('^null$'), re('.*'), { kind: 'any' }, { kind: 'or', matchers: [exact('https://a.com'), exact('null')] }];
    for (const m of nulls) it(`${label(m)} admits null`, () => assert.equal(assessOriginMatcher(m).allowsNull, true));
    it('an anchored https pattern does not admit null', () => assert.equal(assessOriginMatcher(re('^https://a\\.com$')).allowsNull, false));
    it('a regex admitting only null is not permissive', () => assert.deepEqual(assessOriginMatcher(re('^null$')).permissive, []));
    it('an unanchored null alternative admits hosts containing it, and null is no host', () => {
      const a = assessOriginMatcher(re('null|^https://a\\.com$'));
      assert.deepEqual(a.intendedOrigins, ['https://a.com']);
      assert.equal(a.permissive[0].attackOrigin, 'https://null.evil.net');
      assert.equal(a.permissive[0].intended, 'null');
      assert.equal(a.permissive[0].safePattern, '^(?:null|https://a\\.com)$');
      assert.deepEqual(a.insecureScheme, []);
    });
  });

  describe('any-subdomain trust', () => {
    const cases: [OriginMatcher, string][] = [
      [suffix('.example.com'), 'example.com'],
      [re('^https://[a-z0-9-]+\\.example\\.com$'), 'example.com'],
      [re('^https://.*\\.example\\.com$'), 'example.com'],
      [re('https://.*\\.api\\.example\\.com', 'python', 'fullmatch'), 'api.example.com'],
      [re('^https://([a-z]+\\.)*example\\.com$', 'js'), 'example.com'],
    ];
    for (const [m, domain] of cases) {
      it(`${label(m)} trusts every subdomain of ${domain}`, () => {
        const a = assessOriginMatcher(m);
        assert.deepEqual(a.anySubdomain.map((s) => s.domain), [domain]);
        checkAssessment(m, a);
      });
    }
    it('a fixed list of subdomains is not any-subdomain', () => {
      assert.deepEqual(assessOriginMatcher(re('^https://(a|b)\\.example\\.com$')).anySubdomain, []);
    });
  });

  describe('plain-http trust', () => {
    it('https? admits the http origins', () => {
      const a = assessOriginMatcher(re('^https?://(www\\.)?example\\.com$'));
      assert.deepEqual(a.insecureScheme.map((s) => s.example).sort(), ['http://example.com', 'http://www.example.com']);
    });
    it('an exact http origin', () => {
      assert.deepEqual(assessOriginMatcher(exact('http://example.com')).insecureScheme.map((s) => s.example), ['http://example.com']);
    });
    it('loopback over http is no network risk', () => {
      assert.deepEqual(assessOriginMatcher(re('^http://localhost:3000$')).insecureScheme, []);
      assert.deepEqual(assessOriginMatcher(exact('http://127.0.0.1:8080')).insecureScheme, []);
    });
    it('https only is fine', () => assert.deepEqual(assessOriginMatcher(re('^https://example\\.com$')).insecureScheme, []));
    it('a scheme class admits http too (rack-cors bare hosts)', () => {
      const m = re('^[a-z][a-z0-9.+-]*:\\/\\/app\\.example\\.com$', 'ruby');
      assert.deepEqual(assessOriginMatcher(m).insecureScheme.map((s) => s.example), ['http://app.example.com']);
    });
  });

  describe('intended origins', () => {
    const cases: [OriginMatcher, string[]][] = [
      [re('^https://(www\\.)?example\\.com$'), ['https://example.com', 'https://www.example.com']],
      [re('^https://(a|b)\\.example\\.com$'), ['https://a.example.com', 'https://b.example.com']],
      [re('^https://www.example.com$'), ['https://www.example.com']],
      [re('https://example\\.com', 'js'), ['https://example.com']],
      [suffix('example.com'), ['https://example.com']],
      [{ kind: 'or', matchers: [exact('https://a.com'), exact('https://b.com')] }, ['https://a.com', 'https://b.com']],
    ];
    for (const [m, expected] of cases) {
      it(label(m), () => assert.deepEqual(assessOriginMatcher(m).intendedOrigins.slice().sort(), expected));
    }
  });

  describe('spans and safe patterns', () => {
    const span: Span = { file: '/etc/nginx/cors.conf', range: { start: { line: 3, character: 10, offset: 50 }, end: { line: 3, character: 40, offset: 80 } } };
    it('a finding points at the check that causes it', () => {
      const inner: OriginMatcher = { kind: 'regex', pattern: 'b\\.com$', flavor: 'pcre', mode: 'search', caseInsensitive: false, at: span };
      const a = assessOriginMatcher({ kind: 'or', matchers: [exact('https://a.com'), inner] });
      assert.deepEqual(a.permissive[0].at, span);
    });
    it('the safe pattern is the author\'s own, escaped and anchored', () => {
      const a = assessOriginMatcher(re('^https://(app|admin).example.com(:\\d+)?'));
      assert.equal(a.permissive[0].safePattern, '^https://(app|admin)\\.example\\.com(:\\d+)?$');
    });
    it('each alternative loses its own anchors inside one anchored group', () => {
      const a = assessOriginMatcher(re('^https://example\\.com|^https://www\\.example\\.com$'));
      assert.equal(a.permissive[0].safePattern, '^(?:https://example\\.com|https://www\\.example\\.com)$');
    });
    it('a wildcard inside the host falls back to an allowlist of what was meant', () => {
      const a = assessOriginMatcher(re('^https://.*example\\.com$'));
      assert.equal(a.permissive[0].safePattern, '^https://(example\\.com|[a-z0-9-]+(?:\\.[a-z0-9-]+)*\\.example\\.com)$');
    });
    it('no safe pattern when none keeps what was meant and refuses the attacker', () => {
      const a = assessOriginMatcher(re('^https://[a-z]+\\.vercel\\.app$'));
      assert.equal(a.permissive[0].attackOrigin, 'https://evil.vercel.app');
      assert.equal(a.permissive[0].safePattern, undefined);
    });
    it('Ruby gets \\A and \\z', () => {
      const a = assessOriginMatcher(re('https://example\\.com', 'ruby'));
      assert.equal(a.permissive[0].safePattern, '\\Ahttps://example\\.com\\z');
    });
    it('no safe pattern for a non-regex check', () => {
      assert.equal(assessOriginMatcher(prefix('https://example.com')).permissive[0].safePattern, undefined);
    });
  });

  describe('bad input gets a clear result', () => {
    const odd: OriginMatcher[] = [re('(', 'pcre'), re('^https://(a)\\1$'), re('^(a+)+$'), re('(.*a){20}'), re('\\p{L}', 'java'),
      { kind: 'opaque', description: 'f' }, exact(''), prefix(''), suffix(''), re('^https://a{1000}{1000}$'),
      re('(.{0,390}){50}example'), re('https://(.{0,390}){50}example.com')];
    for (const m of odd) {
      it(label(m), () => {
        const a = assessOriginMatcher(m);
        checkAssessment(m, a);
      });
    }
  });
});
