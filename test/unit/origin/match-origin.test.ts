import * as assert from 'node:assert/strict';
import type { OriginMatcher, RegexFlavor, RegexMode } from '../../../server/src/model/origin-matcher';
import { matchOrigin, matchOriginWithCaptures, regexProblem } from '../../../server/src/origin/match-origin';

function re(pattern: string, flavor: RegexFlavor = 'pcre', mode: RegexMode = 'search', caseInsensitive = false): OriginMatcher {
  return { kind: 'regex', pattern, flavor, mode, caseInsensitive };
}

type Row = [OriginMatcher, string, boolean | undefined];

/** [matcher, origin, expected] — each row is one engine fact. */
const rows: Record<string, Row[]> = {
  'nginx/PCRE ~ searches, ~* ignores case': [
    [re('^https://(www\\.)?example\\.com$'), 'https://www.example.com', true],
    [re('^https://(www\\.)?example\\.com$'), 'https://example.com', true],
    [re('^https://(www\\.)?example\\.com$'), 'https://wwwxexample.com', false],
    [re('^https://(www\\.)?example\\.com$'), 'https://EXAMPLE.com', false],
    [re('^https://(www\\.)?example\\.com$', 'pcre', 'search', true), 'https://EXAMPLE.com', true],
    [re('example\\.com'), 'https://example.com.evil.net', true],
    [re('example\\.com'), 'https://evilexample.com', true],
    [re('(?i)^https://EXAMPLE\\.COM$'), 'https://example.com', true],
    [re('^https://a(?i)b$'), 'https://aB', true],
    [re('^https://a(?i)b$'), 'https://AB', false],
    [re('^https://(?i:b)c$'), 'https://BC', false],
    [re('^https://(?i:b)c$'), 'https://Bc', true],
    // PCRE's $ also matches before a final newline; \z does not.
    [re('^https://a\\.com$'), 'https://a.com\n', true],
    [re('^https://a\\.com\\z'), 'https://a.com\n', false],
    [re('\\Ahttps://a\\.com\\Z'), 'https://a.com\n', true],
    [re('^https://[[:alnum:]-]+\\.a\\.com$'), 'https://x-1.a.com', true],
    [re('^https://\\Qa.com\\E$'), 'https://a.com', true],
    [re('^https://\\Qa.com\\E$'), 'https://axcom', false],
    [re('^https://(?<sub>[a-z]+)\\.a\\.com$'), 'https://q.a.com', true],
    [re('^https://x{2,3}\\.com$'), 'https://xxx.com', true],
    [re('^https://x{2,3}\\.com$'), 'https://xxxx.com', false],
    [re('^https://a{\\.com$'), 'https://a{.com', true],
    [re('(?x) ^https://  a \\. com $  # comment'), 'https://a.com', true],
    [re('^https://a#b$'), 'https://a#b', true],
  ],
  'Python re.match anchors the start only, fullmatch both': [
    [re('https://example\\.com', 'python', 'match'), 'https://example.com.evil.net', true],
    [re('https://example\\.com', 'python', 'match'), 'https://evil.net?https://example.com', false],
    [re('https://example\\.com', 'python', 'fullmatch'), 'https://example.com.evil.net', false],
    [re('https://example\\.com', 'python', 'fullmatch'), 'https://example.com', true],
    [re('https://example\\.com', 'python', 'search'), 'xhttps://example.com', true],
    [re('^https://(?P<sub>\\w+)\\.a\\.com$', 'python', 'match'), 'https://x.a.com', true],
    [re('^https://(?P<s>\\w+)\\.(?P=s)\\.com$', 'python', 'match'), 'https://x.x.com', true],
    [re('^https://(?P<s>\\w+)\\.(?P=s)\\.com$', 'python', 'match'), 'https://x.y.com', false],
    // Python's \Z is the very end, unlike PCRE's.
    [re('https://a\\.com\\Z', 'python', 'match'), 'https://a.com\n', false],
    [re('https://a\\.com$', 'python', 'match'), 'https://a.com\n', true],
    [re('https://.*\\.a\\.com', 'python', 'fullmatch', true), 'https://X.A.COM', true],
    [re('(?i)https://a\\.com', 'python', 'fullmatch'), 'HTTPS://A.COM', true],
    [re('https://(?i)a\\.com', 'python', 'fullmatch'), 'https://A.com', undefined],
    [re('https://x{,2}\\.com', 'python', 'fullmatch'), 'https://xx.com', true],
    [re('https://x{,2}\\.com', 'python', 'fullmatch'), 'https://xxx.com', false],
    [re('^https://x{,2}\\.com$', 'pcre'), 'https://x{,2}.com', true],
  ],
  'JavaScript .test searches': [
    [re('https://example\\.com', 'js'), 'https://example.com.evil.net', true],
    [re('^https://example\\.com$', 'js'), 'https://example.com\n', false],
    [re('^https:\\/\\/example\\.com$', 'js'), 'https://example.com', true],
    [re('^https://[\\w-]+\\.example\\.com$', 'js'), 'https://a-b.example.com', true],
    [re('^https://(?!evil)[a-z]+\\.example\\.com$', 'js'), 'https://evil.example.com', false],
    [re('^https://(?!evil)[a-z]+\\.example\\.com$', 'js'), 'https://good.example.com', true],
    [re('(?<=https://)example\\.com$', 'js'), 'https://example.com', true],
    [re('(?<!www\\.)example\\.com$', 'js'), 'https://www.example.com', false],
    [re('^https://\\u0061\\.com$', 'js'), 'https://a.com', true],
    [re('^https://a\\.com\\b', 'js'), 'https://a.com-x', true],
    [re('^https://a\\.com\\b', 'js'), 'https://a.comx', false],
  ],
  'Java matches() is a full match': [
    [re('https://.*\\.example\\.com', 'java', 'fullmatch'), 'https://a.example.com', true],
    [re('https://.*\\.example\\.com', 'java', 'fullmatch'), 'https://a.example.com.evil.net', false],
    [re('https://.*\\.example\\.com', 'java', 'search'), 'https://a.example.com.evil.net', true],
    [re('https://[a-z]++\\.example\\.com', 'java', 'fullmatch'), 'https://abc.evil.com', false],
    // Possessive repeats and atomic groups keep their first choice.
    [re('https://[a-z]++\\.example\\.com', 'java', 'fullmatch'), 'https://abc.example.com', true],
    [re('https://(?>a|ab)c', 'java', 'fullmatch'), 'https://abc', false],
    [re('https://(?>a|ab)c', 'java', 'fullmatch'), 'https://ac', true],
    [re('^https://a*+a$', 'java', 'search'), 'https://aaa', false],
    [re('^https://a*a$', 'java', 'search'), 'https://aaa', true],
  ],
  'Go MatchString searches (RE2)': [
    [re('^https://example\\.com', 'go'), 'https://example.com.evil.net', true],
    [re('^https://example\\.com$', 'go'), 'https://example.com\n', false],
    [re('^https://(?P<h>[a-z]+)\\.a\\.com$', 'go'), 'https://x.a.com', true],
    [re('(?i)^https://A\\.com$', 'go'), 'https://a.com', true],
    // RE2 has neither lookarounds nor backreferences: such a program never starts.
    [re('^https://(?!evil)[a-z]+\\.a\\.com$', 'go'), 'https://x.a.com', undefined],
    [re('^https://(a)\\1$', 'go'), 'https://aa', undefined],
  ],
  'Ruby =~ searches, ^ and $ are line anchors': [
    [re('^https://example\\.com$', 'ruby'), 'https://evil.net\nhttps://example.com', true],
    [re('\\Ahttps://example\\.com\\z', 'ruby'), 'https://evil.net\nhttps://example.com', false],
    [re('\\Ahttps://example\\.com\\z', 'ruby'), 'https://example.com', true],
    [re('\\Ahttps://[\\h]+\\.com\\z', 'ruby'), 'https://beef.com', true],
    [re('\\Ahttps://[\\h]+\\.com\\z', 'ruby'), 'https://xyz.com', false],
    [re('(?m)\\Ahttps://.+\\z', 'ruby'), 'https://a\nb', true],
    // Ruby binds a mid-pattern flag over the later alternatives; PCRE and Java carry it into each.
    [re('a(?i)b|c', 'ruby'), 'C', false],
    [re('a(?i)b|c', 'pcre'), 'C', true],
    [re('a(?i)b|c', 'java'), 'C', true],
  ],
  '.NET': [
    [re('^https://(?\'sub\'[a-z]+)\\.a\\.com$', 'dotnet'), 'https://x.a.com', true],
    [re('^https://a\\.com\\z', 'dotnet'), 'https://a.com', true],
  ],
  'backreferences, by the bounded backtracker': [
    [re('^https://(a)\\1$', 'pcre'), 'https://aa', true],
    [re('^https://(a)\\1$', 'pcre'), 'https://ab', false],
    [re('^https://(?<w>[a-z]+)\\.\\k<w>\\.com$', 'js'), 'https://ab.ab.com', true],
    [re('^https://(?i)(a)\\1$', 'pcre'), 'https://aA', true],
    // A group that never matched: JavaScript reads it as empty, PCRE fails.
    [re('^(a)?\\1b$', 'js'), 'b', true],
    [re('^(a)?\\1b$', 'pcre'), 'b', false],
    // Backtracking on a crafted input runs out of steps and says so.
    [re('^(a+)+\\1$', 'pcre'), 'a'.repeat(40) + '!', undefined],
  ],
  'exact, prefix, suffix, substring': [
    [{ kind: 'exact', value: 'https://a.com', caseInsensitive: false }, 'https://a.com', true],
    [{ kind: 'exact', value: 'https://a.com', caseInsensitive: false }, 'https://A.com', false],
    [{ kind: 'exact', value: 'https://A.com', caseInsensitive: true }, 'https://a.com', true],
    [{ kind: 'exact', value: 'https://a.com', caseInsensitive: false }, '', false],
    [{ kind: 'prefix', value: 'https://a.com', caseInsensitive: false }, 'https://a.com.evil.net', true],
    [{ kind: 'suffix', value: 'a.com', caseInsensitive: false }, 'https://evila.com', true],
    [{ kind: 'suffix', value: '.a.com', caseInsensitive: false }, 'https://evila.com', false],
    [{ kind: 'substring', value: 'a.com', caseInsensitive: false }, 'https://a.com.evil.net', true],
    [{ kind: 'substring', value: 'A.COM', caseInsensitive: true }, 'https://a.com', true],
  ],
  'combinations and unknowns': [
    [{ kind: 'any' }, 'https://evil.net', true],
    [{ kind: 'none' }, 'https://evil.net', false],
    [{ kind: 'opaque', description: 'callback' }, 'https://evil.net', undefined],
    [{ kind: 'not', matcher: { kind: 'suffix', value: '.evil.net', caseInsensitive: false } }, 'https://a.com', true],
    [{ kind: 'not', matcher: { kind: 'opaque', description: 'f' } }, 'https://a.com', undefined],
    [{ kind: 'and', matchers: [{ kind: 'opaque', description: 'f' }, { kind: 'none' }] }, 'https://a.com', false],
    [{ kind: 'and', matchers: [{ kind: 'opaque', description: 'f' }, { kind: 'any' }] }, 'https://a.com', undefined],
    [{ kind: 'or', matchers: [{ kind: 'opaque', description: 'f' }, { kind: 'any' }] }, 'https://a.com', true],
    [{ kind: 'or', matchers: [{ kind: 'opaque', description: 'f' }, { kind: 'none' }] }, 'https://a.com', undefined],
    [{ kind: 'or', matchers: [] }, 'https://a.com', false],
    [{ kind: 'and', matchers: [] }, 'https://a.com', true],
  ],
  'the empty string stands for no Origin header': [
    [re('.*'), '', true],
    [re('^https://'), '', false],
    [re('^$', 'js'), '', true],
  ],
  'unsupported constructs answer undefined instead of guessing': [
    [re('^https://(a)\\1$', 'go'), 'https://aa', undefined],
    [re('^https://\\p{L}+$', 'java'), 'https://a', undefined],
    [re('^https://[a-z&&[^e]]+$', 'java'), 'https://a', undefined],
    [re('^https://(?R)?$', 'pcre'), 'https://', undefined],
    [re('^https://(unclosed', 'pcre'), 'https://', undefined],
    [re('[z-a]', 'js'), 'https://a', undefined],
  ],
};

describe('matchOrigin', () => {
  for (const [title, list] of Object.entries(rows)) {
    describe(title, () => {
      for (const [m, origin, expected] of list) {
        const label = m.kind === 'regex' ? `${m.flavor}/${m.mode}${m.caseInsensitive ? '/i' : ''} ${m.pattern}` : m.kind;
        it(`${label} on ${JSON.stringify(origin)} → ${expected}`, () => {
          assert.equal(matchOrigin(m, origin), expected);
        });
      }
    });
  }

  it('reports why a pattern cannot be analysed', () => {
    assert.match(regexProblem(re('(a)\\1', 'go')) ?? '', /backreference/);
    assert.equal(regexProblem(re('^a$')), undefined);
  });
});

describe('pathological patterns return an answer or undefined, never hang', () => {
  const crafted = ['a'.repeat(4000) + '!', 'https://' + 'a'.repeat(3000) + '.com!', 'x'.repeat(4096), 'a'.repeat(64) + '!'];
  const patterns = ['^(a+)+$', '(.*a){20}', '(a|a)*b', '(a|aa)*$', '^(\\w+\\s?)*$', '(x+x+)+y', '((a*)*)*b', '(?:(?=a+b)a)*c',
    '(?<=a+)b', '(?<![a-z]+)b', '(.*){1000}x', '((((a{0,30}){0,30}){0,30}){0,30})', '(?i)(.*a){1000}', '(?=(a+)+$)b',
    '^(https?://)?([a-z0-9-]+\\.)*[a-z0-9-]+\\.example\\.com$'];
  for (const pattern of patterns) {
    for (const mode of ['search', 'fullmatch'] as const) {
      it(`${mode} ${pattern}`, () => {
        for (const origin of crafted) {
          const r = matchOrigin(re(pattern, 'pcre', mode), origin);
          assert.ok(r === true || r === false || r === undefined);
        }
      });
    }
  }
  it('decides the classic catastrophic case on a short input', () => {
    assert.equal(matchOrigin(re('^(a+)+$'), 'a'.repeat(64) + '!'), false);
    assert.equal(matchOrigin(re('(.*a){20}'), 'a'.repeat(64) + '!'), true);
    assert.equal(matchOrigin(re('(.*a){20}'), 'a'.repeat(10) + '!'), false);
  });
  it('declines inputs longer than any real Origin', () => {
    assert.equal(matchOrigin(re('^a'), 'a'.repeat(100_000)), undefined);
  });
  it('declines repetition counts too large to expand', () => {
    assert.equal(matchOrigin(re('^(a{1000}){1000}$'), 'aaa'), undefined);
  });
});

describe('matchOriginWithCaptures', () => {
  it('returns the whole match and groups', () => {
    const r = matchOriginWithCaptures(re('^https://(www\\.)?(example)\\.com$'), 'https://www.example.com');
    assert.deepEqual(r, { matched: true, captures: ['https://www.example.com', 'www.', 'example'] });
  });
  it('an unmatched optional group renders empty', () => {
    const r = matchOriginWithCaptures(re('^https://(www\\.)?example\\.com$'), 'https://example.com');
    assert.deepEqual(r?.captures, ['https://example.com', '']);
  });
  it('a search returns the leftmost match, greedy as the engines are', () => {
    const r = matchOriginWithCaptures(re('(a+)(a*)', 'js'), 'xaaa');
    assert.deepEqual(r?.captures, ['aaa', 'aaa', '']);
  });
  it('lazy quantifiers prefer the shortest', () => {
    const r = matchOriginWithCaptures(re('^(https?://.+?)(\\.example\\.com)?$', 'js'), 'https://a.example.com');
    assert.deepEqual(r?.captures, ['https://a.example.com', 'https://a', '.example.com']);
  });
  it('alternatives are tried in order', () => {
    const r = matchOriginWithCaptures(re('(a|ab)(c|bcd)', 'pcre'), 'abcd');
    assert.deepEqual(r?.captures, ['abcd', 'a', 'bcd']);
  });
  it('a repeated group keeps its last value in PCRE and Python, but JavaScript forgets it each iteration', () => {
    assert.deepEqual(matchOriginWithCaptures(re('(?:(a)|b)+', 'pcre'), 'ab')?.captures, ['ab', 'a']);
    assert.deepEqual(matchOriginWithCaptures(re('(?:(a)|b)+', 'python'), 'ab')?.captures, ['ab', 'a']);
    assert.deepEqual(matchOriginWithCaptures(re('(?:(a)|b)+', 'js'), 'ab')?.captures, ['ab', '']);
  });
  it('a non-regex check captures the whole origin', () => {
    assert.deepEqual(matchOriginWithCaptures({ kind: 'any' }, 'https://a.com'), { matched: true, captures: ['https://a.com'] });
    assert.deepEqual(matchOriginWithCaptures({ kind: 'none' }, 'https://a.com'), { matched: false, captures: [] });
    assert.equal(matchOriginWithCaptures({ kind: 'opaque', description: 'x' }, 'https://a.com'), undefined);
  });
  it('captures come back for Python named groups', () => {
    const r = matchOriginWithCaptures(re('https://(?P<sub>[a-z]+)\\.example\\.com', 'python', 'fullmatch'), 'https://api.example.com');
    assert.deepEqual(r?.captures, ['https://api.example.com', 'api']);
  });
});
