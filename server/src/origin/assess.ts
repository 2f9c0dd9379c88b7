import type { Span } from '../core/range';
import type { OriginMatcher } from '../model/origin-matcher';
import { candidatesFor, shapeDomain, shapeExample, shapeHost, truncatedCandidates } from './attack-candidates';
import { leafShapes, leafIntended, positiveLeaves, safePatternFor } from './leaf-shapes';
import { matchOrigin } from './match-origin';
import { WILDCARD, type Shape } from './regex-shapes';
import { parseOriginValue } from './origin-syntax';
import { regexWork } from './compiled-regex';
import { faultOf } from './permissive-reason';
import { isLoopbackHost, registrableDomain } from './registrable-host';

export interface OriginAssessment {
  /** Admits every origin, e.g. `.*`, `^https?://.*$`, `any`. */
  allowsAll: boolean;
  /** Admits the literal origin `null`. */
  allowsNull: boolean;
  permissive: PermissiveFinding[];
  /** `*.example.com` style trust, by design. */
  anySubdomain: { domain: string; example: string; at?: Span }[];
  /** An http:// origin is admitted. */
  insecureScheme: { example: string; at?: Span }[];
  /** What the author meant, for messages and allowlist fixes. */
  intendedOrigins: string[];
}

export interface PermissiveFinding {
  reason: 'unescaped-dot' | 'missing-start-anchor' | 'missing-end-anchor' | 'suffix-without-boundary' | 'prefix-match' | 'substring-match' | 'wildcard-in-host';
  /** One concrete origin that gets through, confirmed by matching. */
  attackOrigin: string;
  /** The origin the author meant that this resembles; a wildcard label reads `*` (`https://*.example.com`). */
  intended: string;
  /** An escaped, anchored replacement in the same flavour, when the matcher is a regex. */
  safePattern?: string;
  at?: Span;
}

/**
 * Machine steps one assessment may spend probing candidates: ordinary checks
 * need well under a million; a crafted pattern stops here with what it found.
 */
const PROBE_STEP_BUDGET = 4_000_000;

/** Unrelated attacker origins: a check admitting all of them trusts everyone. */
const ALL_PROBES = ['https://evil.net', 'https://attacker.example.org', 'https://a.b.c.evil-test.io'];

function hostOf(origin: string): string {
  return shapeHost(origin);
}

/** Several rules assess the same check; the answer depends only on the check (spans included). */
const cache = new Map<string, OriginAssessment>();
const CACHE_LIMIT = 500;

/**
 * Works out what an origin check admits beyond what its author meant. Every
 * origin reported here was admitted by matchOrigin on the whole check.
 */
export function assessOriginMatcher(m: OriginMatcher): OriginAssessment {
  const key = JSON.stringify(m);
  let hit = cache.get(key);
  if (!hit) {
    hit = assessUncached(m);
    if (cache.size >= CACHE_LIMIT) cache.clear();
    cache.set(key, hit);
  }
  // Callers get their own copy to keep or change.
  return structuredClone(hit);
}

interface LeafInfo {
  leaf: OriginMatcher;
  shapes: Shape[];
}

function assessUncached(m: OriginMatcher): OriginAssessment {
  const leaves: LeafInfo[] = positiveLeaves(m).map((leaf) => ({ leaf, shapes: leafShapes(leaf) }));
  const intended = new Set<string>();
  for (const { leaf, shapes } of leaves) for (const o of leafIntended(leaf, shapes)) intended.add(o);
  const result: OriginAssessment = {
    allowsAll: m.kind === 'any' || ALL_PROBES.every((p) => matchOrigin(m, p) === true),
    allowsNull: matchOrigin(m, 'null') === true,
    permissive: [],
    anySubdomain: [],
    insecureScheme: [],
    intendedOrigins: [...intended],
  };
  // Everyone is let in: there is no author's intent left to compare against.
  if (result.allowsAll) return result;
  const { permissive, anySubdomain } = probeCandidates(m, leaves, intended);
  result.permissive = permissive;
  result.anySubdomain = anySubdomain;
  result.insecureScheme = plainHttpTrust(m, leaves, [...intended, ...anySubdomain.map((s) => s.example)]);
  return result;
}

/**
 * Confirms each candidate against the whole check: one outside the author's
 * domains is an attack (one finding per faulty leaf and reason); an `evil.`
 * label right under a wildcard's domain shows any-subdomain trust.
 */
function probeCandidates(m: OriginMatcher, leaves: LeafInfo[], intended: Set<string>): Pick<OriginAssessment, 'permissive' | 'anySubdomain'> {
  const domains = new Set<string>();
  const subdomainBases = new Set<string>();
  for (const { shapes } of leaves) {
    for (const s of shapes) {
      const d = shapeDomain(s);
      if (d) domains.add(d);
      const b = wildcardBase(s.text);
      if (b) subdomainBases.add(b);
    }
  }
  for (const o of intended) domains.add(registrableDomain(hostOf(o)));
  const intendedHosts = new Set([...intended].map(hostOf));
  const permissive: PermissiveFinding[] = [];
  const anySubdomain: OriginAssessment['anySubdomain'] = [];
  const seen = new Set<string>();
  const spentAtStart = regexWork.steps;
  for (const [index, { leaf, shapes }] of leaves.entries()) {
    for (const shape of shapes) {
      // A piece of a string has one fault only: its first confirmed hole is the finding, however many pieces it lists.
      if (leaf.kind === 'within' && seen.has(`${index}:substring-match`)) break;
      // A piece of a string is shorter than what was meant, never longer.
      for (const c of leaf.kind === 'within' ? truncatedCandidates(shape) : candidatesFor(shape)) {
        if (regexWork.steps - spentAtStart > PROBE_STEP_BUDGET) return { permissive, anySubdomain };
        const host = hostOf(c.origin);
        if (!domains.has(registrableDomain(host))) {
          // Without any domain of the author's, nothing tells an attacker apart.
          if (domains.size === 0 || matchOrigin(m, c.origin) !== true) continue;
          const fault = faultOf(m, c.origin);
          if (!fault) continue;
          const key = `${leaves.findIndex((l) => l.leaf === fault.leaf)}:${fault.reason}`;
          if (seen.has(key)) continue;
          seen.add(key);
          const finding: PermissiveFinding = { reason: fault.reason, attackOrigin: c.origin, intended: c.intended };
          const safe = safePatternFor(fault.leaf, c.origin);
          if (safe) finding.safePattern = safe;
          permissive.push(withAt(finding, fault.leaf.at ?? m.at));
          continue;
        }
        if (intendedHosts.has(host) || !host.startsWith('evil.')) continue;
        const domain = host.slice('evil.'.length);
        if (!subdomainBases.has(domain) || seen.has(domain) || matchOrigin(m, c.origin) !== true) continue;
        seen.add(domain);
        anySubdomain.push(withAt({ domain, example: c.origin }, leaf.at ?? m.at));
      }
    }
  }
  return { permissive, anySubdomain };
}

/** Plain-http origins the check admits: what was meant and each shape's example, as written and downgraded. */
function plainHttpTrust(m: OriginMatcher, leaves: LeafInfo[], meant: string[]): OriginAssessment['insecureScheme'] {
  const out: OriginAssessment['insecureScheme'] = [];
  const seen = new Set<string>();
  const examples = leaves.flatMap(({ shapes }) => shapes.map(shapeExample)).filter((o): o is string => o !== undefined);
  for (const o of [...meant, ...examples]) {
    // Any scheme the example happens to show (`a://` from a `[a-z]+://` class) is tried over plain http too.
    const http = o.replace(/^[a-z][a-z0-9.+-]*:\/\//i, 'http://');
    // One example per host is enough: its other ports say nothing new.
    const host = hostOf(http);
    if (!http.startsWith('http://') || seen.has(host) || isLoopbackHost(host)) continue;
    if (!parseOriginValue(http).ok || matchOrigin(m, http) !== true) continue;
    seen.add(host);
    const leaf = leaves.find((l) => matchOrigin(l.leaf, http) === true)?.leaf;
    out.push(withAt({ example: http }, leaf?.at ?? m.at));
  }
  return out;
}

/** The literal domain a shape's host ends with after its last wildcard (`*.example.com` → `example.com`). */
function wildcardBase(text: string): string | undefined {
  const pieces = shapeHost(text.toLowerCase()).split(WILDCARD);
  const base = pieces[pieces.length - 1].replace(/^[.-]+/, '');
  return base.includes('.') ? base : undefined;
}

function withAt<T extends object>(value: T, at: Span | undefined): T & { at?: Span } {
  return at ? { ...value, at } : value;
}
