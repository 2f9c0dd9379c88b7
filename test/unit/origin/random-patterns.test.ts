import * as assert from 'node:assert/strict';
import { RegExpParser, type AST } from '@eslint-community/regexpp';
import type { OriginMatcher, RegexFlavor, RegexMode } from '../../../server/src/model/origin-matcher';
import { assessOriginMatcher } from '../../../server/src/origin/assess';
import { width } from '../../../server/src/origin/lookbehind-width';
import { matchOrigin, matchOriginWithCaptures } from '../../../server/src/origin/match-origin';
import { runGo, runJava, runPcre, runPython, runRuby, type OracleAnswer, type OracleCase } from './engine-oracles';

/**
 * Random patterns of regex pieces against V8 and Python, on short inputs where
 * backtracking engines stay fast. Known difference: the values of capture
 * groups inside a repeat that can match the empty string (engines disagree among
 * themselves there); matching never differs.
 */

const PIECES = ['a', 'b', '.', '*', '+', '?', '*?', '|', '(', ')', '[ab]', '[^a]', ']', '^', '$', '\\b', '\\B', '{1,2}', '{2}',
  '(?:', '(?=', '(?!', '(?<=', '(?<!', '\\d', '\\w', '\\W', '-', '(a|ab)', 'x', '\\.',
  '\\s', '[.]', '[a-]', 'A', '+?', '??', '{2,}', '{', '}', '{,2}', '[[:alpha:]]', '\\Qa.\\E', '(?P<n>', '(?<m>', '\\h', '\\x41',
  '\\1', '(?>', '*+'];
const ALPHABET = ['a', 'b', '.', 'x', '-', '1', 'A', ' ', '\n'];

function prng(seed: number): () => number {
  let s = seed;
  return () => {
    s = (s * 1103515245 + 12345) & 0x7fffffff;
    return s / 0x7fffffff;
  };
}

function randomPattern(rand: () => number, pieces: string[]): string {
  let p = '';
  const len = 1 + Math.floor(rand() * 8);
  for (let i = 0; i < len; i++) p += pieces[Math.floor(rand() * pieces.length)];
  return p;
}

function randomInput(rand: () => number, upper: boolean): string {
  let s = '';
  const len = Math.floor(rand() * 6);
  for (let i = 0; i < len; i++) s += ALPHABET[Math.floor(rand() * ALPHABET.length)];
  return upper ? s.toUpperCase() : s;
}

/**
 * A capturing group inside a repeat whose body can match the empty string: the
 * one place where engines' capture values depend on how each treats an empty
 * iteration. Parsed as ECMAScript, which these random pieces all are.
 */
function repeatsGroup(p: string): boolean {
  let ast: AST.Pattern;
  try {
    ast = new RegExpParser({ ecmaVersion: 2025 }).parsePattern(p, 0, p.length, { unicode: false });
  } catch {
    return true;
  }
  let found = false;
  const hasGroup = (n: AST.Node): boolean =>
    n.type === 'CapturingGroup' || ('alternatives' in n && Array.isArray(n.alternatives) && n.alternatives.some(hasGroup)) ||
    (n.type === 'Alternative' && n.elements.some(hasGroup)) || (n.type === 'Quantifier' && hasGroup(n.element));
  const visit = (n: AST.Node): void => {
    if (n.type === 'Quantifier' && n.max > 1 && width(n.element)[0] === 0 && hasGroup(n.element)) found = true;
    if ('alternatives' in n && Array.isArray(n.alternatives)) n.alternatives.forEach(visit);
    if (n.type === 'Alternative') n.elements.forEach(visit);
    if (n.type === 'Quantifier') visit(n.element);
  };
  visit(ast);
  return found;
}

function re(pattern: string, flavor: RegexFlavor, mode: RegexMode, caseInsensitive: boolean): OriginMatcher {
  return { kind: 'regex', pattern, flavor, mode, caseInsensitive };
}

/** Compares every decided answer; a pattern the engine refuses must be undecided here. Returns how many were compared. */
function compareAll(flavor: RegexFlavor, cases: OracleCase[], answers: OracleAnswer[], captures = true): number {
  let compared = 0;
  cases.forEach((c, i) => {
    const real = answers[i];
    const m = re(c.pattern, flavor, c.mode, c.ignoreCase);
    const ours = matchOriginWithCaptures(m, c.input);
    const where = `${flavor} ${c.mode} ${c.pattern}${c.ignoreCase ? ' (i)' : ''} on ${JSON.stringify(c.input)}`;
    if ('error' in real) {
      assert.equal(ours, undefined, `refused by the engine (${real.error}) but we answered: ${where}`);
      return;
    }
    // Possessive and atomic constructs leave a match undecided; a refusal is still certain.
    if (ours === undefined) return;
    assert.equal(ours.matched, real.matched, where);
    if (captures && real.matched && !repeatsGroup(c.pattern)) assert.deepEqual(ours.captures, real.captures, where);
    compared++;
  });
  return compared;
}

describe('random patterns against the engines', function () {
  this.timeout(120_000);

  it('V8: same matches, same captures, same refusals', () => {
    const rand = prng(7);
    let compared = 0;
    for (let n = 0; n < 4000; n++) {
      const pattern = randomPattern(rand, PIECES);
      const ci = rand() < 0.3;
      const m = re(pattern, 'js', 'search', ci);
      let real: RegExp;
      try {
        real = new RegExp(pattern, ci ? 'i' : '');
      } catch {
        assert.equal(matchOrigin(m, 'ab'), undefined, `V8 refuses ${pattern}`);
        continue;
      }
      for (let k = 0; k < 6; k++) {
        const input = randomInput(rand, ci && rand() < 0.5);
        const ours = matchOriginWithCaptures(m, input);
        const expected = real.exec(input);
        assert.ok(ours, `${pattern} undecided on ${input}`);
        const where = `/${pattern}/${ci ? 'i' : ''} on ${JSON.stringify(input)}`;
        assert.equal(ours.matched, expected !== null, where);
        assert.equal(matchOrigin(m, input), ours.matched, where);
        if (expected && !repeatsGroup(pattern)) assert.deepEqual(ours.captures, [...expected].map((g) => g ?? ''), where);
        compared++;
      }
    }
    assert.ok(compared > 4000, `compared ${compared}`);
  });

  it("Python's re in all three modes", function () {
    const rand = prng(11);
    const pieces = PIECES;
    const cases: OracleCase[] = [];
    for (let n = 0; n < 2000; n++) {
      const pattern = randomPattern(rand, pieces);
      const mode = (['search', 'match', 'fullmatch'] as const)[Math.floor(rand() * 3)];
      const ignoreCase = rand() < 0.3;
      for (let k = 0; k < 4; k++) cases.push({ pattern, mode, ignoreCase, input: randomInput(rand, ignoreCase && rand() < 0.5) });
    }
    const answers = runPython(cases);
    assert.ok(answers, 'a regex engine this test compares with is not installed (scripts/install-test-deps.sh installs python3, ruby, golang-go and a JDK)');
    let compared = 0;
    cases.forEach((c, i) => {
      const real = answers[i];
      const m = re(c.pattern, 'python', c.mode, c.ignoreCase);
      const ours = matchOriginWithCaptures(m, c.input);
      const where = `${c.mode} ${c.pattern}${c.ignoreCase ? ' (i)' : ''} on ${JSON.stringify(c.input)}`;
      if ('error' in real) {
        assert.equal(ours, undefined, `Python refuses ${c.pattern} (${real.error}) but we answered: ${where}`);
        return;
      }
      assert.ok(ours, `undecided: ${where}`);
      assert.equal(ours.matched, real.matched, where);
      if (real.matched && !repeatsGroup(c.pattern)) assert.deepEqual(ours.captures, real.captures, where);
      compared++;
    });
    assert.ok(compared > 1500, `compared ${compared}`);
  });

  it('java.util.regex in all three modes', function () {
    const rand = prng(17);
    const cases: OracleCase[] = [];
    for (let n = 0; n < 1500; n++) {
      const pattern = randomPattern(rand, [...PIECES, '++', '*+', '(?>', '(?i)']);
      const mode = (['search', 'match', 'fullmatch'] as const)[Math.floor(rand() * 3)];
      const ignoreCase = rand() < 0.3;
      for (let k = 0; k < 4; k++) cases.push({ pattern, mode, ignoreCase, input: randomInput(rand, ignoreCase && rand() < 0.5) });
    }
    const answers = runJava(cases);
    assert.ok(answers, 'a regex engine this test compares with is not installed (scripts/install-test-deps.sh installs python3, ruby, golang-go and a JDK)');
    const compared = compareAll('java', cases, answers);
    assert.ok(compared > 1000, `compared ${compared}`);
  });

  it("Ruby's =~", function () {
    const rand = prng(23);
    const cases: OracleCase[] = [];
    for (let n = 0; n < 1500; n++) {
      const pattern = randomPattern(rand, [...PIECES, '++', '(?i)', '\\A', '\\z', '\\Z', '\\h']);
      const ignoreCase = rand() < 0.3;
      for (let k = 0; k < 4; k++) cases.push({ pattern, mode: 'search', ignoreCase, input: randomInput(rand, ignoreCase && rand() < 0.5) });
    }
    const answers = runRuby(cases);
    assert.ok(answers, 'a regex engine this test compares with is not installed (scripts/install-test-deps.sh installs python3, ruby, golang-go and a JDK)');
    const compared = compareAll('ruby', cases, answers);
    assert.ok(compared > 1000, `compared ${compared}`);
  });

  it('Go regexp (RE2)', function () {
    const rand = prng(29);
    const cases: OracleCase[] = [];
    for (let n = 0; n < 1500; n++) {
      // Go 1.22 added (?<name>); the Go on this machine may predate it.
      const pieces = [...PIECES.filter((p) => p !== '(?<m>'), '++', '(?i)', '\\A', '\\z', '(?s)'];
      const pattern = randomPattern(rand, pieces);
      const ignoreCase = rand() < 0.3;
      for (let k = 0; k < 4; k++) cases.push({ pattern, mode: 'search', ignoreCase, input: randomInput(rand, ignoreCase && rand() < 0.5) });
    }
    const answers = runGo(cases);
    assert.ok(answers, 'a regex engine this test compares with is not installed (scripts/install-test-deps.sh installs python3, ruby, golang-go and a JDK)');
    const compared = compareAll('go', cases, answers);
    assert.ok(compared > 1000, `compared ${compared}`);
  });

  it('PCRE (grep -P) searches', function () {
    const rand = prng(19);
    let compared = 0;
    for (let n = 0; n < 160; n++) {
      const pattern = randomPattern(rand, [...PIECES, '++', '(?i)', '\\A', '\\z', '\\Z']);
      const ignoreCase = rand() < 0.3;
      // grep reads lines: inputs must not hold a newline.
      const inputs = Array.from({ length: 6 }, () => randomInput(rand, ignoreCase && rand() < 0.5).replace(/\n/g, ''));
      const real = runPcre(pattern, ignoreCase, inputs);
      assert.ok(real, 'grep -P (PCRE) is not available');
      const cases = inputs.map((input) => ({ pattern, mode: 'search' as const, ignoreCase, input }));
      const answers: OracleAnswer[] = Array.isArray(real) ? real.map((matched) => ({ matched, captures: [] })) : cases.map(() => real);
      compared += compareAll('pcre', cases, answers, false);
    }
    assert.ok(compared > 150, `compared ${compared}`);
  });

  it('assessment never throws on random patterns in any flavour', () => {
    const rand = prng(13);
    const flavors: RegexFlavor[] = ['pcre', 'js', 'python', 'java', 'dotnet', 'go', 'ruby'];
    for (let n = 0; n < 300; n++) {
      const pattern = 'https://' + randomPattern(rand, [...PIECES, 'example', '\\.com', '(?i)', '\\A', '\\z', '\\Z', '++', '(?P<n>']);
      const m = re(pattern, flavors[n % flavors.length], 'search', rand() < 0.5);
      const a = assessOriginMatcher(m);
      for (const f of a.permissive) assert.equal(matchOrigin(m, f.attackOrigin), true);
    }
  });
});
