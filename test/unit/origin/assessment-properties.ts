import * as assert from 'node:assert/strict';
import type { OriginMatcher } from '../../../server/src/model/origin-matcher';
import type { OriginAssessment } from '../../../server/src/origin/assess';
import { matchOrigin } from '../../../server/src/origin/match-origin';

/**
 * What must hold for every assessment, whatever the check: each reported origin
 * is really admitted, is a well-formed origin a browser could send, and an
 * attack origin lies outside every domain the author meant.
 */

const ORIGIN = /^(https?):\/\/([a-z0-9.-]+)(?::(\d{1,5}))?$/;

function host(origin: string): string {
  const m = ORIGIN.exec(origin);
  assert.ok(m, `${origin} is not a serialized http(s) origin`);
  return m[2];
}

/** Last two labels, or three under a two-label public suffix such as co.uk. */
function site(h: string): string {
  const labels = h.split('.');
  const two = labels.slice(-2).join('.');
  return /^(co|com|org|net|ac|gov)\.[a-z]{2}$/.test(two) ? labels.slice(-3).join('.') : two;
}

export function checkAssessment(m: OriginMatcher, a: OriginAssessment): void {
  assert.equal(a.allowsNull, matchOrigin(m, 'null') === true, 'allowsNull agrees with matching');
  for (const o of a.intendedOrigins) {
    assert.equal(matchOrigin(m, o), true, `intended ${o} is admitted`);
  }
  const ownSites = new Set(a.intendedOrigins.map((o) => site(host(o))));
  for (const s of a.anySubdomain) {
    assert.equal(matchOrigin(m, s.example), true, `subdomain example ${s.example} is admitted`);
    const h = host(s.example);
    assert.ok(h.endsWith('.' + s.domain), `${s.example} is under ${s.domain}`);
    ownSites.add(site(s.domain));
  }
  for (const s of a.insecureScheme) {
    assert.equal(matchOrigin(m, s.example), true, `http example ${s.example} is admitted`);
    assert.ok(s.example.startsWith('http://'));
  }
  for (const f of a.permissive) {
    assert.equal(matchOrigin(m, f.attackOrigin), true, `attack ${f.attackOrigin} is admitted`);
    const h = host(f.attackOrigin);
    assert.ok(h.split('.').length >= 2, `${h} is a public-looking name`);
    // A wildcard label in what was meant reads `https://*.example.com`; `null` has no host.
    const meant = f.intended === 'null' ? [] : [site(host(f.intended.replace(/^(https?:\/\/)[a-z0-9-]*\*[a-z0-9-]*\./, '$1')))];
    for (const own of [...ownSites, ...meant]) {
      assert.notEqual(site(h), own, `${f.attackOrigin} is outside ${own}`);
      assert.ok(!h.endsWith('.' + own) && h !== own, `${f.attackOrigin} is not under ${own}`);
    }
    if (f.safePattern !== undefined && m.kind === 'regex') {
      const safe: OriginMatcher = { ...m, pattern: f.safePattern };
      assert.equal(matchOrigin(safe, f.attackOrigin), false, `${f.safePattern} refuses ${f.attackOrigin}`);
      for (const o of a.intendedOrigins) assert.equal(matchOrigin(safe, o), true, `${f.safePattern} keeps ${o}`);
    }
  }
}
