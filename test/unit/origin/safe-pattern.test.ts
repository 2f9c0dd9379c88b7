import * as assert from 'node:assert/strict';
import type { RegexFlavor, RegexMode } from '../../../server/src/model/origin-matcher';
import { matchOrigin } from '../../../server/src/origin/match-origin';
import { allowlistPattern, repairPattern } from '../../../server/src/origin/safe-pattern';
import { runJava, runPcre, runPython } from './engine-oracles';

const FLAVORS: RegexFlavor[] = ['pcre', 'js', 'python', 'java', 'dotnet', 'go', 'ruby'];
const MODES: RegexMode[] = ['search', 'match', 'fullmatch'];
const ORIGINS = ['https://a.example.com', 'https://b.example.com', 'http://localhost:3000'];
const OUTSIDERS = ['https://a.example.com.evil.net', 'https://axexample.com', 'https://evila.example.com', 'http://a.example.com',
  'https://b.example.com:8443', 'https://a.example.co', 'null', '', 'https://localhost:3000', 'http://localhost:30001'];

describe('allowlistPattern', () => {
  it('escapes, anchors and groups', () => {
    assert.equal(allowlistPattern(['https://a.example.com', 'https://b.example.com'], 'pcre'), '^https://(a\\.example\\.com|b\\.example\\.com)$');
  });
  it('a single origin needs no group', () => {
    assert.equal(allowlistPattern(['https://example.com'], 'python'), '^https://example\\.com$');
  });
  it('different schemes stay whole', () => {
    assert.equal(allowlistPattern(['https://a.com', 'http://b.com'], 'go'), '^(https://a\\.com|http://b\\.com)$');
  });
  it('JavaScript escapes slashes for a regex literal', () => {
    assert.equal(allowlistPattern(['https://a.com'], 'js'), '^https:\\/\\/a\\.com$');
  });
  it('Ruby anchors the whole value', () => {
    assert.equal(allowlistPattern(['https://a.com'], 'ruby'), '\\Ahttps://a\\.com\\z');
  });
  it('duplicates collapse', () => {
    assert.equal(allowlistPattern(['https://a.com', 'https://a.com'], 'pcre'), '^https://a\\.com$');
  });
  it('an empty list admits nothing', () => {
    for (const flavor of FLAVORS) {
      const pattern = allowlistPattern([], flavor);
      for (const o of [...ORIGINS, '', 'null']) assert.equal(matchOrigin({ kind: 'regex', pattern, flavor, mode: 'search', caseInsensitive: false }, o), false);
    }
  });
  it('a *. host stands for any subdomain', () => {
    const pattern = allowlistPattern(['https://*.example.com'], 'pcre');
    const m = { kind: 'regex' as const, pattern, flavor: 'pcre' as const, mode: 'search' as const, caseInsensitive: false };
    assert.equal(matchOrigin(m, 'https://a.b.example.com'), true);
    assert.equal(matchOrigin(m, 'https://example.com'), false);
    assert.equal(matchOrigin(m, 'https://evilexample.com'), false);
    assert.equal(matchOrigin(m, 'https://a.example.com.evil.net'), false);
  });

  for (const flavor of FLAVORS) {
    for (const mode of MODES) {
      it(`${flavor}/${mode}: admits exactly the list`, () => {
        const pattern = allowlistPattern(ORIGINS, flavor);
        const m = { kind: 'regex' as const, pattern, flavor, mode, caseInsensitive: false };
        for (const o of ORIGINS) assert.equal(matchOrigin(m, o), true, o);
        for (const o of OUTSIDERS) assert.equal(matchOrigin(m, o), false, o);
      });
    }
  }

  describe('the real engines agree', function () {
    this.timeout(60_000);
    const all = [...ORIGINS, ...OUTSIDERS.filter((o) => o !== '')];
    it('Python re.match', function () {
      const pattern = allowlistPattern(ORIGINS, 'python');
      const answers = runPython(all.map((input) => ({ pattern, mode: 'match' as const, ignoreCase: false, input })));
      assert.ok(answers, 'a regex engine this test compares with is not installed (scripts/install-test-deps.sh installs it)');
      assert.deepEqual(answers.map((a) => 'matched' in a && a.matched), all.map((o) => ORIGINS.includes(o)));
    });
    it('PCRE', function () {
      const answers = runPcre(allowlistPattern(ORIGINS, 'pcre'), false, all);
      assert.ok(answers, 'a regex engine this test compares with is not installed (scripts/install-test-deps.sh installs it)');
      assert.deepEqual(answers, all.map((o) => ORIGINS.includes(o)));
    });
    it('Java find()', function () {
      const pattern = allowlistPattern(ORIGINS, 'java');
      const answers = runJava(all.map((input) => ({ pattern, mode: 'search' as const, ignoreCase: false, input })));
      assert.ok(answers, 'a regex engine this test compares with is not installed (scripts/install-test-deps.sh installs it)');
      assert.deepEqual(answers.map((a) => 'matched' in a && a.matched), all.map((o) => ORIGINS.includes(o)));
    });
    it('V8', () => {
      const r = new RegExp(allowlistPattern(ORIGINS, 'js'));
      assert.deepEqual(all.map((o) => r.test(o)), all.map((o) => ORIGINS.includes(o)));
    });
  });
});

describe('repairPattern', () => {
  const cases: [string, RegexFlavor, string][] = [
    ['https://api.example.com', 'pcre', '^https://api\\.example\\.com$'],
    ['^https://example\\.com', 'js', '^https://example\\.com$'],
    ['example\\.com$', 'python', '^example\\.com$'],
    ['(?i)https://api.example.com', 'python', '(?i)^https://api\\.example\\.com$'],
    ['^https://.*\\.example\\.com', 'pcre', '^https://.*\\.example\\.com$'],
    ['^https://[a-z.]+\\.example\\.com', 'pcre', '^https://[a-z.]+\\.example\\.com$'],
    ['^https://example.?com$', 'pcre', '^https://example\\.?com$'],
    ['^https://a\\.com\\$', 'pcre', '^https://a\\.com\\$$'],
    ['\\Qhttps://a.com\\E', 'java', '^\\Qhttps://a.com\\E$'],
    ['https://example.com', 'ruby', '\\Ahttps://example\\.com\\z'],
    ['\\Ahttps://example.com\\z', 'ruby', '\\Ahttps://example\\.com\\z'],
    ['^https://a.com|^https://b.com$', 'go', '^(?:https://a\\.com|https://b\\.com)$'],
    ['^https://(a|b).com(:\\d+)?', 'dotnet', '^https://(a|b)\\.com(:\\d+)?$'],
  ];
  for (const [pattern, flavor, expected] of cases) {
    it(`${flavor} ${pattern} → ${expected}`, () => assert.equal(repairPattern(pattern, flavor), expected));
  }
  it('the repaired pattern refuses what the original let through', () => {
    const m = (pattern: string) => ({ kind: 'regex' as const, pattern, flavor: 'pcre' as const, mode: 'search' as const, caseInsensitive: false });
    const repaired = repairPattern('https://api.example.com', 'pcre');
    assert.equal(matchOrigin(m('https://api.example.com'), 'https://apixexample.com.evil.net'), true);
    assert.equal(matchOrigin(m(repaired), 'https://apixexample.com.evil.net'), false);
    assert.equal(matchOrigin(m(repaired), 'https://apixexample.com'), false);
    assert.equal(matchOrigin(m(repaired), 'https://api.example.com'), true);
  });
});
