import type { CorsPolicy, HeaderEmission, RequestCondition, ResponseBranch, ValueCase } from '../../model/cors-policy';
import type { OriginMatcher } from '../../model/origin-matcher';
import { assessOriginMatcher, type OriginAssessment } from '../../origin/assess';
import { ACAO } from './headers';

/** A place where ACAO takes (part of) the request Origin, and the origins for which it does. */
export interface ReflectionSite {
  policy: CorsPolicy;
  branch: ResponseBranch;
  emission: HeaderEmission;
  valueCase: ValueCase;
  /** The origins that reach this case: the branch's origin checks and the case's own matcher. */
  gate: OriginMatcher;
}

export function reflects(c: ValueCase): boolean {
  return c.parts.some((p) => p.kind === 'origin' || p.kind === 'capture');
}

const siteCache = new WeakMap<CorsPolicy, Map<string, ReflectionSite[]>>();
/** Allow-Origin, which nearly every call asks about, without a map per path. */
const acaoSites = new WeakMap<CorsPolicy, ReflectionSite[]>();

export function reflectionSites(policy: CorsPolicy, key: string = ACAO): ReflectionSite[] {
  if (key === ACAO) {
    let sites = acaoSites.get(policy);
    if (!sites) acaoSites.set(policy, (sites = collectSites(policy, key)));
    return sites;
  }
  let perPolicy = siteCache.get(policy);
  if (!perPolicy) siteCache.set(policy, (perPolicy = new Map()));
  const hit = perPolicy.get(key);
  if (hit) return hit;
  const sites = collectSites(policy, key);
  perPolicy.set(key, sites);
  return sites;
}

function collectSites(policy: CorsPolicy, key: string): ReflectionSite[] {
  const sites: ReflectionSite[] = [];
  for (const branch of policy.branches) {
    const branchGate = originPart(branch.when);
    for (const emission of branch.headers) {
      if (emission.key !== key) continue;
      for (const valueCase of emission.value.cases) {
        if (!reflects(valueCase)) continue;
        sites.push({ policy, branch, emission, valueCase, gate: both(branchGate, valueCase.when) });
      }
    }
  }
  return sites;
}

/**
 * The origins a request condition can let through, ignoring everything that is not
 * about the Origin (method, other headers): an over-approximation, which is what a
 * check for too-wide gates needs.
 */
export function originPart(cond: RequestCondition): OriginMatcher {
  switch (cond.kind) {
    case 'origin': return cond.matcher;
    case 'and': return cond.conds.map(originPart).reduce(both, { kind: 'any' } as OriginMatcher);
    case 'or': {
      const parts = cond.conds.map(originPart);
      return parts.some((p) => p.kind === 'any') ? { kind: 'any' } : { kind: 'or', matchers: parts };
    }
    case 'not': return onlyAboutOrigin(cond.cond) ? negate(originPart(cond.cond)) : negatedPart(cond.cond);
    default: return { kind: 'any' };
  }
}

/** A negated check; twice negated, the check itself (an early `return` when `!allowed(origin)` leaves `allowed` on the path). */
function negate(m: OriginMatcher): OriginMatcher {
  return m.kind === 'not' ? m.matcher : { kind: 'not', matcher: m };
}

/**
 * The origins `not cond` can let through when `cond` mixes Origin checks with
 * other conditions (`origin == null || !allowed(origin)` ending a handler
 * early): the negation is pushed down to each part (De Morgan), so the Origin
 * checks still say which origins go on and only the other parts become "any".
 */
function negatedPart(cond: RequestCondition): OriginMatcher {
  switch (cond.kind) {
    case 'not': return originPart(cond.cond);
    case 'and': return originPart({ kind: 'or', conds: cond.conds.map((c) => ({ kind: 'not', cond: c })) });
    case 'or': return originPart({ kind: 'and', conds: cond.conds.map((c) => ({ kind: 'not', cond: c })) });
    default: return { kind: 'any' };
  }
}

function onlyAboutOrigin(cond: RequestCondition): boolean {
  switch (cond.kind) {
    case 'origin': return true;
    case 'and': case 'or': return cond.conds.every(onlyAboutOrigin);
    case 'not': return onlyAboutOrigin(cond.cond);
    default: return false;
  }
}

function both(a: OriginMatcher, b: OriginMatcher): OriginMatcher {
  if (a.kind === 'any' || a === b) return b;
  if (b.kind === 'any') return a;
  // One entry of a list under the branch's check of that same list: the entry alone says it, and each site stays as cheap to assess as its entry.
  if (a.kind === 'or' && a.matchers.includes(b)) return b;
  return { kind: 'and', matchers: [a, b] };
}

const assessCache = new WeakMap<OriginMatcher, OriginAssessment>();

/**
 * Assessments by the check's written form (spans included, so equal forms
 * mean equal answers): one check often arrives as a matcher object per path
 * (each section of an Apache virtual host has its own copy), and a large
 * configuration has more distinct checks than the engine's own cache keeps.
 * Rules only read assessments, so equal checks share one.
 */
const byForm = new Map<string, OriginAssessment>();
const BY_FORM_LIMIT = 20_000;

/** `assessOriginMatcher`, once per check: many paths share one map and several rules ask. */
export function assess(m: OriginMatcher): OriginAssessment {
  let a = assessCache.get(m);
  if (!a) {
    const form = JSON.stringify(m);
    a = byForm.get(form);
    if (!a) {
      a = assessOriginMatcher(m);
      if (byForm.size >= BY_FORM_LIMIT) byForm.clear();
      byForm.set(form, a);
    }
    assessCache.set(m, a);
  }
  return a;
}
