import type { Span } from '../../../core/range';
import type { HeaderEmission, RequestCondition, ResponseBranch, SymbolicValue } from '../../cors-policy';
import type { OriginMatcher } from '../../origin-matcher';
import { and, branch, echoFor, emit, isOptions, literal, notOptions, originIs, requestHeaderValue } from '../js/policy-parts';
import { pcreMatcher } from './origin-checks';

/** One option as the service receives it, and where it was written. */
export interface ServiceOption<T> {
  value: T;
  at: Span;
}

/** The options of fruitcake/php-cors `CorsService` (asm89/stack-cors before it), as Laravel's `config/cors.php` names them. */
export interface ServiceOptions {
  /** Where the whole set-up is (the config file's array), for defaults written nowhere. */
  at: Span;
  allowedOrigins: ServiceOption<{ value: string; at: Span }[]>;
  allowedOriginsPatterns: ServiceOption<{ value: string; at: Span }[]>;
  supportsCredentials: ServiceOption<boolean>;
  allowedMethods: ServiceOption<string[]>;
  allowedHeaders: ServiceOption<string[]>;
  exposedHeaders: ServiceOption<string[]>;
  maxAge: ServiceOption<number | null>;
}

const hasOrigin: RequestCondition = { kind: 'origin', matcher: { kind: 'not', matcher: { kind: 'exact', value: '', caseInsensitive: false } } };
const hasAcrm: RequestCondition = { kind: 'header-present', name: 'access-control-request-method' };

/**
 * fruitcake/php-cors `CorsService` behind Laravel's `HandleCors` (and
 * fruitcake/laravel-cors 2 with asm89/stack-cors 2 in Laravel 8), on a
 * matching path. `['*']` origins without credentials send `*` to every
 * request; exactly one listed origin (no patterns) is sent as is to every
 * request; otherwise the Origin is echoed when it is listed (`in_array`),
 * matches a pattern (`preg_match`, anchors as written) or everything is
 * allowed, with `Vary: Origin` always. Entries holding `*` become
 * `#^...\z#u` patterns. OPTIONS with Access-Control-Request-Method is
 * answered 204 by the middleware; `*` methods and headers echo the request's.
 */
export function corsServiceBranches(o: ServiceOptions): { branches: ResponseBranch[]; echoesAny: boolean } {
  const all = o.allowedOrigins.value.some((e) => e.value === '*');
  const credentials = o.supportsCredentials.value;
  const patterns: OriginMatcher[] = [
    ...o.allowedOrigins.value.filter((e) => e.value.includes('*') && e.value !== '*').map((e) => wildcardPattern(e.value, e.at)),
    ...o.allowedOriginsPatterns.value.map((p) => pcreMatcher(p.value, p.at) ?? ({ kind: 'opaque', description: `the pattern ${p.value} is not a valid PCRE pattern`, at: p.at } as OriginMatcher)),
  ];
  const single = !all && patterns.length === 0 && o.allowedOrigins.value.length === 1 ? o.allowedOrigins.value[0] : undefined;
  const originsAt = o.allowedOrigins.at;
  let acao: SymbolicValue | undefined;
  let allowed: OriginMatcher = { kind: 'any' };
  let vary: string[] = [];
  if (all && !credentials) {
    acao = { cases: [{ when: { kind: 'any' }, parts: [{ kind: 'text', text: '*' }], at: o.allowedOrigins.value.find((e) => e.value === '*')!.at }] };
  } else if (single) {
    acao = { cases: [{ when: { kind: 'any' }, parts: [{ kind: 'text', text: single.value }], at: single.at }] };
  } else {
    allowed = all
      ? { kind: 'any', at: o.allowedOrigins.value.find((e) => e.value === '*')!.at }
      : { kind: 'or', matchers: [...o.allowedOrigins.value.map((e): OriginMatcher => ({ kind: 'exact', value: e.value, caseInsensitive: false, at: e.at })), ...patterns], at: originsAt };
    acao = echoFor([{ when: allowed, at: originsAt }]);
    vary = ['Origin'];
  }
  const dynamic = vary.length > 0;
  const sends: RequestCondition = dynamic ? and(hasOrigin, originIs(allowed)) : { kind: 'true' };
  const acaoEmission = emit('Access-Control-Allow-Origin', acao, dynamic ? originsAt : acao.cases[0].at);
  const credentialsEmission = credentials ? [literal('Access-Control-Allow-Credentials', 'true', o.supportsCredentials.at)] : [];
  const methodsAll = o.allowedMethods.value.includes('*');
  const headersAll = o.allowedHeaders.value.includes('*');
  const preflightVary = [...vary, ...(methodsAll ? ['Access-Control-Request-Method'] : []), ...(headersAll ? ['Access-Control-Request-Headers'] : [])];
  if (!preflightVary.includes('Access-Control-Request-Method')) preflightVary.push('Access-Control-Request-Method');
  const preflight: HeaderEmission[] = [
    acaoEmission,
    ...credentialsEmission,
    methodsAll
      ? emit('Access-Control-Allow-Methods', { cases: [{ when: { kind: 'any' }, parts: [{ kind: 'request-header', name: 'access-control-request-method' }], at: o.allowedMethods.at }] }, o.allowedMethods.at)
      : literal('Access-Control-Allow-Methods', o.allowedMethods.value.map((m) => m.toUpperCase()).join(', '), o.allowedMethods.at),
    headersAll ? emit('Access-Control-Allow-Headers', requestHeaderValue('access-control-request-headers', o.allowedHeaders.at), o.allowedHeaders.at) : literal('Access-Control-Allow-Headers', o.allowedHeaders.value.map((h) => h.toLowerCase()).join(', '), o.allowedHeaders.at),
    ...(o.maxAge.value === null ? [] : [literal('Access-Control-Max-Age', String(Math.trunc(o.maxAge.value)), o.maxAge.at)]),
  ];
  const exposed = o.exposedHeaders.value.length > 0 ? [literal('Access-Control-Expose-Headers', o.exposedHeaders.value.join(', '), o.exposedHeaders.at)] : [];
  const out: ResponseBranch[] = [];
  const at = o.at;
  // Preflights never reach the app: the middleware answers them itself.
  out.push(branch(and(isOptions, hasAcrm, sends), { kind: 'fixed', code: 204, at }, [...preflight, literal('Vary', preflightVary.join(', '), originsAt)], at));
  out.push(branch(and(isOptions, hasAcrm), { kind: 'fixed', code: 204, at }, [literal('Vary', [...vary, 'Access-Control-Request-Method'].join(', '), originsAt)], at));
  const actualVary = (extra: string[]) => (vary.length + extra.length > 0 ? [literal('Vary', [...vary, ...extra].join(', '), originsAt)] : []);
  out.push(branch(and(isOptions, sends), { kind: 'app', at }, [acaoEmission, ...credentialsEmission, ...exposed, ...actualVary(['Access-Control-Request-Method'])], at));
  out.push(branch(isOptions, { kind: 'app', at }, actualVary(['Access-Control-Request-Method']), at));
  out.push(branch(and(notOptions, sends), { kind: 'app', at }, [acaoEmission, ...credentialsEmission, ...exposed, ...actualVary([])], at));
  out.push(branch(notOptions, { kind: 'app', at }, actualVary([]), at));
  return { branches: out, echoesAny: all && credentials };
}

/** php-cors `convertWildcardToPattern`: `preg_quote`, `*` → `.*`, anchored `#^...\z#u`. */
function wildcardPattern(origin: string, at: Span): OriginMatcher {
  const quoted = origin.replace(/[.\\+*?[^\]$(){}=!<>|:\-#]/g, '\\$&').replace(/\\\*/g, '.*');
  return { kind: 'regex', pattern: `^${quoted}\\z`, flavor: 'pcre', mode: 'search', caseInsensitive: false, at };
}
