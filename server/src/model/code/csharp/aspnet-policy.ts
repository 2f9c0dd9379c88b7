import type { Span } from '../../../core/range';
import type { HeaderEmission, PolicyNote, RequestCondition, ResponseBranch } from '../../cors-policy';
import type { OriginMatcher } from '../../origin-matcher';
import { and, branch, echoFor, emit, isOptions, literal, requestHeaderValue } from '../js/policy-parts';

export interface Entry {
  value: string;
  at: Span;
}

/** The state of one ASP.NET Core `CorsPolicyBuilder` (Microsoft.AspNetCore.Cors), as the code builds it. */
export interface AspNetCors {
  /** `WithOrigins`, lower-cased as `CorsPolicyBuilder.GetNormalizedOrigin` does; `*` alone is AllowAnyOrigin. */
  origins: Entry[];
  methods: Entry[];
  headers: Entry[];
  exposed: Entry[];
  credentials?: Span;
  maxAge?: { value: number; at: Span };
  /** `SetIsOriginAllowed(...)` or `SetIsOriginAllowedToAllowWildcardSubdomains()`, replacing the ordinal list check. */
  isOriginAllowed?: { kind: 'predicate'; matcher: OriginMatcher; at: Span } | { kind: 'wildcard-subdomains'; at: Span };
  /** Origins computed at run time. */
  opaqueOrigins?: Span;
  at: Span;
}

export function emptyPolicy(at: Span): AspNetCors {
  return { origins: [], methods: [], headers: [], exposed: [], at };
}

const hasOrigin: RequestCondition = { kind: 'header-present', name: 'origin' };
const hasAcrm: RequestCondition = { kind: 'header-present', name: 'access-control-request-method' };

/**
 * What `CorsMiddleware.Invoke` with `CorsService.EvaluatePolicy` /
 * `ApplyResult` sends: nothing without an Origin; a preflight (OPTIONS with
 * Access-Control-Request-Method) always answers 204, with headers only for an
 * allowed origin; other requests go on to the app and get ACAO, credentials
 * and exposed headers when the response starts; `Vary: Origin` for several
 * origins or a custom predicate. `AllowAnyOrigin().AllowCredentials()` makes
 * `CorsPolicyBuilder.Build` throw (3.0 and later).
 */
export function aspnetBranches(p: AspNetCors, version?: string): { branches: ResponseBranch[]; notes: PolicyNote[] } {
  const anyOrigin = p.origins.length === 1 && p.origins[0].value === '*';
  const notes: PolicyNote[] = [];
  const legacy = version !== undefined && parseInt(version, 10) < 3;
  if (anyOrigin && p.credentials && !legacy) {
    notes.push({
      kind: 'throws-at-startup',
      message: 'ASP.NET Core refuses AllowAnyOrigin() with AllowCredentials(): CorsPolicyBuilder.Build throws InvalidOperationException while the CORS options are built, so the application fails at start-up; list the trusted origins with WithOrigins(...) or drop AllowCredentials().',
      at: p.origins[0].at,
      clash: { acao: literal('Access-Control-Allow-Origin', '*', p.origins[0].at), acac: literal('Access-Control-Allow-Credentials', 'true', p.credentials) },
    });
    return { branches: [branch({ kind: 'true' }, { kind: 'unknown', why: 'the application fails to start', at: p.origins[0].at }, [], p.at)], notes };
  }
  // Before 3.0, `CorsService.AddOriginToResult` answered any origin with credentials with the request's own Origin, and Vary.
  const echoAll = anyOrigin && p.credentials !== undefined;
  const matchers = echoAll ? [{ kind: 'any' as const, at: p.origins[0].at }] : originMatchers(p);
  const acao = anyOrigin && !echoAll
    ? literal('Access-Control-Allow-Origin', '*', p.origins[0].at)
    : emit('Access-Control-Allow-Origin', echoFor(matchers.map((m) => ({ when: m, at: m.at ?? p.at }))), p.at);
  const gate: RequestCondition = anyOrigin ? { kind: 'true' } : { kind: 'origin', matcher: matchers.length === 1 ? matchers[0] : { kind: 'or', matchers } };
  const common: HeaderEmission[] = [acao];
  if (p.credentials) common.push(literal('Access-Control-Allow-Credentials', 'true', p.credentials));
  const vary = !anyOrigin && (p.origins.length > 1 || p.isOriginAllowed !== undefined) || echoAll;
  const varyLine = vary ? [{ ...literal('Vary', 'Origin', p.at), mode: 'add' as const }] : [];

  const preflight = [...common];
  const anyHeader = p.headers.length === 1 && p.headers[0].value === '*';
  if (anyHeader) preflight.push(emit('Access-Control-Allow-Headers', requestHeaderValue('access-control-request-headers', p.headers[0].at), p.headers[0].at));
  else if (p.headers.length) preflight.push(literal('Access-Control-Allow-Headers', p.headers.map((h) => h.value).join(','), p.headers[0].at));
  const anyMethod = p.methods.length === 1 && p.methods[0].value === '*';
  if (anyMethod) preflight.push(emit('Access-Control-Allow-Methods', requestHeaderValue('access-control-request-method', p.methods[0].at), p.methods[0].at));
  else if (p.methods.length) preflight.push(literal('Access-Control-Allow-Methods', p.methods.map((m) => m.value).join(','), p.methods[0].at));
  if (p.maxAge) preflight.push(literal('Access-Control-Max-Age', String(p.maxAge.value), p.maxAge.at));
  preflight.push(...varyLine);

  const actual = [...common];
  if (p.exposed.length) actual.push(literal('Access-Control-Expose-Headers', p.exposed.map((e) => e.value).join(','), p.exposed[0].at));
  actual.push(...varyLine);

  const noContent = { kind: 'fixed' as const, code: 204, at: p.at };
  return {
    branches: [
      branch(and(isOptions, hasOrigin, hasAcrm, gate), noContent, preflight, p.at),
      branch(and(isOptions, hasOrigin, hasAcrm), noContent, [], p.at),
      branch(and(hasOrigin, gate), { kind: 'app', at: p.at }, actual, p.at),
      branch({ kind: 'true' }, { kind: 'app', at: p.at }, [], p.at),
    ],
    notes,
  };
}

/** `CorsPolicy.IsOriginAllowed`: ordinal list membership, a wildcard-subdomain check, or the app's predicate. */
function originMatchers(p: AspNetCors): OriginMatcher[] {
  const allowed = p.isOriginAllowed;
  if (allowed?.kind === 'predicate') return [allowed.matcher];
  const out: OriginMatcher[] = p.origins.map((o) => ({ kind: 'exact', value: o.value, caseInsensitive: false, at: o.at }));
  if (allowed?.kind === 'wildcard-subdomains') {
    // `CorsPolicy.IsOriginAnAllowedSubdomain` + `UriHelpers.IsSubdomainOf`: same scheme and port, host ending in `.` + the domain.
    for (const o of p.origins) {
      const m = /^([a-z][a-z0-9+.-]*):\/\/\*\.([^/:]+)(?::(\d+))?$/.exec(o.value);
      if (!m) continue;
      const port = m[3] ?? (m[1] === 'https' ? '443' : m[1] === 'http' ? '80' : undefined);
      const host = m[2].replace(/[\\^$.|?*+()[\]{}]/g, '\\$&');
      out.push({ kind: 'regex', pattern: `^${m[1]}://[^/?#@:]+\\.${host}${port ? `(:${port})?` : ''}$`, flavor: 'dotnet', mode: 'search', caseInsensitive: true, at: o.at });
    }
  }
  if (p.opaqueOrigins) out.push({ kind: 'opaque', description: 'origins computed at run time', at: p.opaqueOrigins });
  return out.length ? out : [{ kind: 'none', at: p.at }];
}
