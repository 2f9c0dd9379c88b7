import * as assert from 'node:assert/strict';
import type { OriginMatcher, RegexFlavor, RegexMode } from '../../../server/src/model/origin-matcher';
import { assessOriginMatcher } from '../../../server/src/origin/assess';
import { matchOriginWithCaptures } from '../../../server/src/origin/match-origin';
import { checkAssessment } from './assessment-properties';
import { runPython } from './engine-oracles';
import { seededRandom } from '../../support/seeded-random';

/**
 * Origin checks assembled at random from the pieces people write, with what each
 * combination must give known by construction. A fixed seed keeps runs repeatable.
 */

const SCHEMES = ['https://', 'https?://', 'http(s)?://', '(https|http)://', '', '.*'];
/** [piece, kind]: safe pieces keep the host exact; the others widen it. */
const SUBDOMAINS: [string, 'none' | 'safe' | 'www-dot' | 'subdomains' | 'wildcard'][] = [
  ['', 'none'], ['(www\\.)?', 'safe'], ['www\\.', 'safe'], ['(a|b)\\.', 'safe'], ['www.', 'www-dot'],
  ['[a-z0-9-]+\\.', 'subdomains'], ['.*\\.', 'subdomains'], ['([a-z]+\\.)*', 'subdomains'], ['(.+\\.)?', 'subdomains'],
  ['.*', 'wildcard'], ['\\w+', 'wildcard'], ['[^/]*', 'wildcard'],
];
const DOMAINS = ['example\\.com', 'example\\.co\\.uk', 'api\\.example\\.org', 'example\\.(com|net)', 'example.com'];
const PORTS: [string, boolean][] = [['', true], ['(:\\d+)?', true], [':8443', false], ['(:[0-9]{2,5})?', true]];
const FLAVORS: RegexFlavor[] = ['pcre', 'js', 'python', 'java', 'go', 'ruby', 'dotnet'];
const MODES: RegexMode[] = ['search', 'match', 'fullmatch'];

interface Built {
  m: OriginMatcher;
  /** The domain is a registrable name itself, so widening its first label leaves it. */
  registrableDomain: boolean;
  scheme: string;
  sub: (typeof SUBDOMAINS)[number];
  startAnchored: boolean;
  endAnchored: boolean;
  portOptional: boolean;
}

function build(rand: () => number): Built {
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(rand() * xs.length)];
  const flavor = pick(FLAVORS);
  const mode = flavor === 'python' || flavor === 'java' ? pick(MODES) : 'search';
  const scheme = pick(SCHEMES);
  const sub = pick(SUBDOMAINS);
  const domain = pick(DOMAINS);
  const [port, portOptional] = pick(PORTS);
  const caret = rand() < 0.6;
  const dollar = rand() < 0.6;
  const [open, close] = flavor === 'ruby' && rand() < 0.5 ? ['\\A', '\\z'] : ['^', '$'];
  const pattern = `${caret ? open : ''}${scheme}${sub[0]}${domain}${port}${dollar ? close : ''}`;
  return {
    m: { kind: 'regex', pattern, flavor, mode, caseInsensitive: rand() < 0.3 },
    registrableDomain: !domain.startsWith('api'),
    scheme,
    sub,
    startAnchored: caret || mode !== 'search',
    endAnchored: dollar || mode === 'fullmatch',
    portOptional,
  };
}

describe('random origin checks', function () {
  this.timeout(120_000);
  const rand = seededRandom(20261122);
  const built = Array.from({ length: 400 }, () => build(rand));

  it('every assessment keeps its promises', () => {
    for (const b of built) checkAssessment(b.m, assessOriginMatcher(b.m));
  });

  it('anchored checks of exact hosts give no permissive finding', () => {
    let seen = 0;
    for (const b of built) {
      const plainScheme = b.scheme !== '' && b.scheme !== '.*';
      const exactDomain = b.m.kind === 'regex' && !b.m.pattern.includes('example.com');
      if (!b.startAnchored || !b.endAnchored || !plainScheme || !exactDomain || !['none', 'safe', 'subdomains'].includes(b.sub[1])) continue;
      seen++;
      assert.deepEqual(assessOriginMatcher(b.m).permissive, [], JSON.stringify(b.m));
    }
    assert.ok(seen > 15, `only ${seen} such checks`);
  });

  it('a missing end anchor is found', () => {
    let seen = 0;
    for (const b of built) {
      if (b.endAnchored || !b.portOptional || (b.startAnchored && b.scheme === '')) continue;
      seen++;
      const reasons = assessOriginMatcher(b.m).permissive.map((p) => p.reason);
      assert.ok(reasons.includes('missing-end-anchor'), `${JSON.stringify(b.m)} gave ${reasons}`);
    }
    assert.ok(seen > 30, `only ${seen} such checks`);
  });

  it('an unescaped dot between labels is found', () => {
    let seen = 0;
    for (const b of built) {
      // Under api.example.org a widened label stays inside example.org: not an attack.
      if (b.sub[1] !== 'www-dot' || !b.registrableDomain || !b.endAnchored || !b.startAnchored || b.scheme === '') continue;
      seen++;
      const reasons = assessOriginMatcher(b.m).permissive.map((p) => p.reason);
      assert.ok(reasons.includes('unescaped-dot'), `${JSON.stringify(b.m)} gave ${reasons}`);
    }
    assert.ok(seen > 3, `only ${seen} such checks`);
  });

  it('a wildcard glued to the domain is found', () => {
    let seen = 0;
    for (const b of built) {
      if (b.sub[1] !== 'wildcard' || !b.registrableDomain || !b.startAnchored || !b.endAnchored || b.scheme === '') continue;
      seen++;
      const reasons = assessOriginMatcher(b.m).permissive.map((p) => p.reason);
      assert.ok(reasons.includes('wildcard-in-host'), `${JSON.stringify(b.m)} gave ${reasons}`);
    }
    assert.ok(seen > 5, `only ${seen} such checks`);
  });

  it('matching agrees with V8 and Python on these checks and their attack origins', function () {
    const inputs = ['https://example.com', 'https://www.example.com', 'https://wwwxexample.com', 'https://example.com.evil.net',
      'https://evilexample.com', 'http://a.example.co.uk:8443', 'https://api.example.org', 'https://b.example.net', 'null'];
    const jsLike = built.filter((b) => b.m.kind === 'regex' && (b.m.flavor === 'js' || b.m.flavor === 'python'));
    const pyCases: { pattern: string; mode: RegexMode; ignoreCase: boolean; input: string }[] = [];
    for (const b of jsLike) {
      if (b.m.kind !== 'regex') continue;
      const extra = assessOriginMatcher(b.m).permissive.map((p) => p.attackOrigin);
      for (const input of [...inputs, ...extra]) {
        const ours = matchOriginWithCaptures(b.m, input);
        assert.ok(ours, `${b.m.pattern} undecided on ${input}`);
        if (b.m.flavor === 'js') {
          const real = new RegExp(b.m.pattern, b.m.caseInsensitive ? 'i' : '').exec(input);
          assert.equal(ours.matched, real !== null, `${b.m.pattern} on ${input}`);
          if (real) assert.deepEqual(ours.captures, [...real].map((g) => g ?? ''));
        } else {
          pyCases.push({ pattern: b.m.pattern, mode: b.m.mode, ignoreCase: b.m.caseInsensitive, input });
        }
      }
    }
    const answers = runPython(pyCases);
    assert.ok(answers, 'a regex engine this test compares with is not installed (scripts/install-test-deps.sh installs python3, ruby, golang-go and a JDK)');
    pyCases.forEach((c, i) => {
      const ours = matchOriginWithCaptures({ kind: 'regex', pattern: c.pattern, flavor: 'python', mode: c.mode, caseInsensitive: c.ignoreCase }, c.input);
      assert.deepEqual(ours, answers[i], `${c.mode} ${c.pattern} on ${c.input}`);
    });
  });
});
