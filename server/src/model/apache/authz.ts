import type { Span } from '../../core/range';
import type { ApacheDirective } from '../../parsers/apache/ast';
import { parseExpr } from './expr';
import type { Context } from './contexts';
import type { Item } from './flatten';
import { envSetMatcher, reduce, type Scenario, spanOf } from './scenario';
import type { Env } from './symbolic';

/** What mod_authz_core decides for a request without credentials. */
export type AuthzResult = 'granted' | 'denied' | 'auth' | 'unknown' | 'neutral';

export interface AuthzDecision {
  result: AuthzResult;
  /** The Require (or container) that decided it. */
  at?: Span;
  why?: string;
}

function hasAuthz(items: Item[]): boolean {
  return items.some((i) => (i.kind === 'directive' ? i.d.key === 'require' : ['limit', 'limitexcept', 'requireall', 'requireany', 'requirenone'].includes(i.s.key) && hasAuthz(i.items)));
}

function limitCovers(s: { key: string; args: Array<{ value: string }> }, method: string): boolean {
  const methods = s.args.map((a) => a.value.toUpperCase());
  // <Limit GET> also covers HEAD, as httpd does.
  const covered = methods.includes(method) || (method === 'HEAD' && methods.includes('GET'));
  return s.key === 'limit' ? covered : !covered;
}

function requireLine(d: ApacheDirective, sc: Scenario, env: Env): AuthzDecision {
  const at = spanOf(d);
  let args = d.args.map((a) => a.value);
  const negated = args[0]?.toLowerCase() === 'not';
  if (negated) args = args.slice(1);
  const type = (args[0] ?? '').toLowerCase();
  let result: AuthzResult;
  let why: string | undefined;
  if (type === 'all') result = (args[1] ?? '').toLowerCase() === 'granted' ? 'granted' : 'denied';
  else if (['valid-user', 'user', 'group', 'file-owner', 'file-group', 'ldap-user', 'ldap-group', 'dbd-group'].includes(type)) result = 'auth';
  else if (type === 'method') result = args.slice(1).map((m) => m.toUpperCase()).includes(sc.method) ? 'granted' : 'denied';
  else if (type === 'env') {
    const set = args.slice(1).map((n) => envSetMatcher(env, n));
    result = set.some((m) => m.kind === 'any') ? 'granted' : set.every((m) => m.kind === 'none') ? 'denied' : 'unknown';
    why = 'Require env depends on the Origin';
  } else if (type === 'expr') {
    const m = reduce(parseExpr(args.slice(1).join(' ')), sc, env, at);
    result = m.kind === 'any' ? 'granted' : m.kind === 'none' ? 'denied' : 'unknown';
    why = 'Require expr depends on the Origin';
  } else {
    result = 'unknown';
    why = `Require ${type} depends on who connects`;
  }
  if (negated && (result === 'granted' || result === 'denied')) result = result === 'granted' ? 'neutral' : 'granted';
  return { result, at, why };
}

/** A container: `any` for RequireAny (and a context's loose Require lines), `all` for RequireAll, `none` for RequireNone. */
function evalList(items: Item[], mode: 'any' | 'all' | 'none', sc: Scenario, env: Env): AuthzDecision {
  const results: AuthzDecision[] = [];
  for (const i of items) {
    if (i.kind === 'directive') {
      if (i.d.key === 'require') results.push(requireLine(i.d, sc, env));
      continue;
    }
    if (i.s.key === 'limit' || i.s.key === 'limitexcept') {
      if (limitCovers(i.s, sc.method)) results.push(evalList(i.items, mode, sc, env));
      continue;
    }
    const kind = i.s.key === 'requireall' ? 'all' : i.s.key === 'requireany' ? 'any' : i.s.key === 'requirenone' ? 'none' : undefined;
    if (kind) results.push({ ...evalList(i.items, kind, sc, env), at: { file: i.s.file, range: i.s.open } });
  }
  const first = (r: AuthzResult): AuthzDecision | undefined => results.find((x) => x.result === r);
  if (mode === 'none') {
    const g = first('granted');
    return g ? { ...g, result: 'denied' } : first('unknown') ?? { result: 'neutral' };
  }
  if (mode === 'all') return first('denied') ?? first('unknown') ?? first('auth') ?? first('granted') ?? { result: 'neutral' };
  return first('granted') ?? first('unknown') ?? first('auth') ?? first('denied') ?? { result: 'neutral' };
}

/**
 * httpd 2.4 with `AuthMerging Off` (the default): the last context in merge
 * order that has authorization directives decides alone; with none at all,
 * access is granted.
 */
export function decideAuthz(contexts: Context[], sc: Scenario, env: Env): AuthzDecision {
  let decisive: Context | undefined;
  for (const c of contexts) if (c.kind !== 'server' && hasAuthz(c.items)) decisive = c;
  if (!decisive) return { result: 'granted' };
  return evalList(decisive.items, 'any', sc, env);
}
