import * as assert from 'node:assert/strict';
import type { OriginMatcher, RegexFlavor, RegexMode } from '../../../server/src/model/origin-matcher';
import { matchOrigin, matchOriginWithCaptures } from '../../../server/src/origin/match-origin';
import { runGo, runJava, runPcre, runPython, runRuby, type OracleAnswer, type OracleCase } from './engine-oracles';

/**
 * The matcher is checked against the engines themselves: V8 for JavaScript,
 * Python's `re`, PCRE (what nginx links) and java.util.regex. A row where our
 * answer is `undefined` is skipped, but such rows are counted and must stay rare.
 */

const INPUTS = [
  'https://example.com', 'https://www.example.com', 'https://wwwxexample.com', 'https://example.com.evil.net',
  'https://evilexample.com', 'http://example.com', 'https://a.example.com', 'https://a.b.example.com', 'null', '',
  'HTTPS://EXAMPLE.COM', 'https://example.com:8443', 'https://evil.net', 'https://example.co', 'https://evil.example.com',
  'https://api.example.com.evil.net', 'https://example.company', 'https://b.example.com',
];

/** Written the same way in every flavour below. */
const COMMON = [
  '^https://(www\\.)?example\\.com$', 'https://example\\.com', '^https://www.example.com$', 'example\\.com$',
  '^https://.*example\\.com$', '^https://.*\\.example\\.com$', '^https://[a-z0-9-]+\\.example\\.com$',
  '^https?://(www\\.)?example\\.com(:\\d+)?$', '^https://(a|b)\\.example\\.com$', '\\.example\\.com$',
  '^https://[^/]*example\\.com', '^(https?://)?([a-z0-9-]+\\.)*example\\.com$', '^https://\\w+example\\.com$', '^null$', '.*',
  '^https://example\\.com|^https://www\\.example\\.com$', '^https://(?:[a-z]+\\.)?example\\.co(m)?$', 'https://(.+)\\.example\\.com',
  '^https://(?!evil)\\w+\\.example\\.com$', 'https://[a-z]{1,3}\\.example\\.com', '^https://[\\w.-]+\\.example\\.com$',
  '^(https?://)(.*?)(\\.example\\.com)?$', '(a|ab)(c|bcd)?', '^https://(e|ex|exa)(xample|ample|mple)\\.com', '^(?:https://)?(?:.+\\.)?example\\.com$',
  '^https://[a-z]*?(\\.example)?\\.com$', '(?<=https://)example\\.com$', '\\bexample\\b',
  '^https://[^A-Z.]+\\.example\\.com$', '^https://[^\\W]+\\.EXAMPLE\\.com$', '^HTTPS://\\w+\\.example\\.com$',
];

const MODES: RegexMode[] = ['search', 'match', 'fullmatch'];

function matcher(pattern: string, flavor: RegexFlavor, mode: RegexMode, ignoreCase: boolean): OriginMatcher {
  return { kind: 'regex', pattern, flavor, mode, caseInsensitive: ignoreCase };
}

interface Tally {
  compared: number;
  undecided: number;
}

function compare(flavor: RegexFlavor, cases: OracleCase[], answers: OracleAnswer[], tally: Tally, withCaptures: boolean): void {
  cases.forEach((c, i) => {
    const real = answers[i];
    const m = matcher(c.pattern, flavor, c.mode, c.ignoreCase);
    const ours = matchOriginWithCaptures(m, c.input);
    // The yes/no path and the capturing path are two walks: they must agree.
    assert.equal(matchOrigin(m, c.input), ours?.matched, `matchOrigin vs captures for ${c.pattern} on ${c.input}`);
    if ('error' in real) {
      assert.equal(ours, undefined, `${flavor} rejects ${c.pattern} (${real.error}) but we answered`);
      return;
    }
    if (ours === undefined) { tally.undecided++; return; }
    tally.compared++;
    const where = `${flavor}/${c.mode}${c.ignoreCase ? '/i' : ''} ${c.pattern} on ${JSON.stringify(c.input)}`;
    assert.equal(ours.matched, real.matched, where);
    if (withCaptures && real.matched) assert.deepEqual(ours.captures, real.captures, where);
  });
}

function cross(patterns: string[], modes: RegexMode[]): OracleCase[] {
  const out: OracleCase[] = [];
  for (const pattern of patterns) for (const mode of modes) for (const ignoreCase of [false, true]) for (const input of INPUTS) out.push({ pattern, mode, ignoreCase, input });
  return out;
}

describe('agreement with the real regex engines', function () {
  this.timeout(120_000);

  it('V8 (JavaScript RegExp.exec), captures included', () => {
    const tally: Tally = { compared: 0, undecided: 0 };
    const cases = cross([...COMMON, '^https:\\/\\/(?<sub>[a-z]+)\\.example\\.com$', '(?<![a-z])example\\.com$'], ['search']);
    const answers: OracleAnswer[] = cases.map((c) => {
      const m = new RegExp(c.pattern, c.ignoreCase ? 'i' : '').exec(c.input);
      return { matched: m !== null, captures: m ? [...m].map((g) => g ?? '') : [] };
    });
    compare('js', cases, answers, tally, true);
    assert.equal(tally.undecided, 0);
    assert.ok(tally.compared > 500);
  });

  it("Python's re: search, match and fullmatch, captures included", function () {
    const cases = cross([...COMMON, '(?i)https://EXAMPLE\\.com', 'https://(?P<sub>\\w+)\\.example\\.com\\Z', '(?P<a>e)(?P=a)?xample'], MODES);
    const answers = runPython(cases);
    assert.ok(answers, 'a regex engine this test compares with is not installed (scripts/install-test-deps.sh installs python3, ruby, golang-go and a JDK)');
    const tally: Tally = { compared: 0, undecided: 0 };
    compare('python', cases, answers, tally, true);
    // Only the backreference pattern is undecided.
    assert.ok(tally.undecided <= INPUTS.length * MODES.length * 2, `undecided ${tally.undecided}`);
    assert.ok(tally.compared > 1500);
  });

  it('PCRE (grep -P), as nginx uses it', function () {
    const patterns = [...COMMON, '(?i)^https://EXAMPLE\\.com$', '\\Ahttps://example\\.com\\z', '^https://[[:alpha:]]+\\.example\\.com$',
      '^https://\\Qexample.com\\E$', '^https://[a-z]++\\.example\\.com$', '(?x) ^https:// (www\\.)? example \\. com $'];
    const tally: Tally = { compared: 0, undecided: 0 };
    const inputs = INPUTS.filter((i) => i !== '');
    for (const pattern of patterns) {
      for (const ignoreCase of [false, true]) {
        const real = runPcre(pattern, ignoreCase, inputs);
        assert.ok(real, 'grep -P (PCRE) is not available');
        const cases = inputs.map((input) => ({ pattern, mode: 'search' as const, ignoreCase, input }));
        const answers: OracleAnswer[] = Array.isArray(real) ? real.map((matched) => ({ matched, captures: [] })) : cases.map(() => real);
        compare('pcre', cases, answers, tally, false);
      }
    }
    assert.ok(tally.compared > 500, `compared ${tally.compared}`);
  });

  it("Ruby's Onigmo (=~), line anchors and captures included", function () {
    const patterns = [...COMMON, '\\Ahttps://example\\.com\\z', '\\Ahttps://example\\.com\\Z', '^https://[[:alpha:]]+\\.example\\.com$',
      '\\Ahttps://\\h+\\.example\\.com\\z', '(?m)https://.+\\.com', '(?i)^https://EXAMPLE\\.com$', '^https://(?<sub>[a-z]+)\\.example\\.com$'];
    const inputs = [...INPUTS, 'https://evil.net\nhttps://example.com', 'https://example.com\n', 'https://beef.example.com', 'https://a\nb.com'];
    const cases: OracleCase[] = [];
    for (const pattern of patterns) for (const ignoreCase of [false, true]) for (const input of inputs) cases.push({ pattern, mode: 'search', ignoreCase, input });
    const answers = runRuby(cases);
    assert.ok(answers, 'a regex engine this test compares with is not installed (scripts/install-test-deps.sh installs python3, ruby, golang-go and a JDK)');
    const tally: Tally = { compared: 0, undecided: 0 };
    compare('ruby', cases, answers, tally, true);
    assert.equal(tally.undecided, 0);
    assert.ok(tally.compared > 1000, `compared ${tally.compared}`);
  });

  it('Go regexp (RE2), captures included', function () {
    const patterns = [...COMMON, '\\Ahttps://example\\.com\\z', '^https://(?P<sub>[a-z]+)\\.example\\.com$', '(?i)^https://EXAMPLE\\.com$',
      '^https://[[:alpha:]]+\\.example\\.com$', '^https://\\Qexample.com\\E$', '(?s)https://.+\\.com'];
    const inputs = [...INPUTS, 'https://example.com\n', 'https://a\nb.com'];
    const cases: OracleCase[] = [];
    for (const pattern of patterns) for (const ignoreCase of [false, true]) for (const input of inputs) cases.push({ pattern, mode: 'search', ignoreCase, input });
    const answers = runGo(cases);
    assert.ok(answers, 'a regex engine this test compares with is not installed (scripts/install-test-deps.sh installs python3, ruby, golang-go and a JDK)');
    const tally: Tally = { compared: 0, undecided: 0 };
    compare('go', cases, answers, tally, true);
    assert.ok(tally.compared > 1000, `compared ${tally.compared}`);
  });

  it('java.util.regex: find, lookingAt and matches, captures included', function () {
    const cases = cross([...COMMON, '(?i)https://EXAMPLE\\.com', 'https://[a-z]++\\.example\\.com', '\\Ahttps://example\\.com\\z'], MODES);
    const answers = runJava(cases);
    assert.ok(answers, 'a regex engine this test compares with is not installed (scripts/install-test-deps.sh installs python3, ruby, golang-go and a JDK)');
    const tally: Tally = { compared: 0, undecided: 0 };
    compare('java', cases, answers, tally, true);
    assert.ok(tally.compared > 1500, `compared ${tally.compared}`);
  });
});
