import type { Span } from '../../../core/range';
import type { HeaderEmission, PolicyNote, RequestCondition, ResponseBranch } from '../../cors-policy';
import type { OriginMatcher } from '../../origin-matcher';
import { and, branch, echoFor, emit, isOptions, literal, requestHeaderValue } from '../js/policy-parts';

/** A value as written, and where, so findings and fixes point at it. */
export interface Entry {
  value: string;
  at: Span;
}

/**
 * The state of one Spring `CorsConfiguration` (spring-web 5.3+, 6.x), as the
 * code builds it. Lists are undefined while unset; `defaulted` marks the
 * values `applyPermitDefaultValues` filled in, which explicit ones replace.
 */
export interface SpringCors {
  origins?: Entry[];
  patterns?: Entry[];
  methods?: Entry[];
  headers?: Entry[];
  exposed?: Entry[];
  credentials?: { value: boolean; at: Span };
  maxAge?: { value: number; at: Span };
  /** `allowPrivateNetwork` (spring-web 6.1): answers a preflight asking for private-network access. */
  privateNetwork?: { value: boolean; at: Span };
  defaulted: Set<'origins' | 'methods' | 'headers'>;
  /** Where the configuration is made (the annotation, the `addMapping` chain, the `new CorsConfiguration()`). */
  at: Span;
  /** Parts the model could not read; the policy then says so instead of guessing. */
  unknown: { why: string; at: Span }[];
  /** Origins computed at run time: the check is opaque. */
  opaqueOrigins?: Span;
}

export function emptyCors(at: Span): SpringCors {
  return { defaulted: new Set(), at, unknown: [] };
}

/** spring-web `CorsConfiguration.applyPermitDefaultValues`: `*` origins unless origins or patterns are set, GET/HEAD/POST, all headers, 1800 s. */
export function applyPermitDefaults(c: SpringCors): void {
  if (!c.origins && !c.patterns) {
    c.origins = [{ value: '*', at: c.at }];
    c.defaulted.add('origins');
  }
  if (!c.methods) {
    c.methods = ['GET', 'HEAD', 'POST'].map((value) => ({ value, at: c.at }));
    c.defaulted.add('methods');
  }
  if (!c.headers) {
    c.headers = [{ value: '*', at: c.at }];
    c.defaulted.add('headers');
  }
  c.maxAge ??= { value: 1800, at: c.at };
}

/** Sets or extends one list; origins keep their text, since whether a trailing `/` is trimmed depends on the version. */
export function setList(c: SpringCors, key: 'origins' | 'patterns' | 'methods' | 'headers' | 'exposed', entries: Entry[], add: boolean): void {
  const trimmed = key === 'patterns' ? entries.map((e) => ({ ...e, value: e.value.replace(/\/$/, '') })) : entries;
  // `addAllowedOrigin` and friends first drop the permit-all default (CorsConfiguration.addAllowedOrigin).
  const base = add && !(c.defaulted as Set<string>).has(key) ? c[key] ?? [] : [];
  c[key] = [...base, ...trimmed];
  (c.defaulted as Set<string>).delete(key);
  // Patterns replace the default `*` origins (CorsConfiguration.setAllowedOriginPatterns / combine).
  if (key === 'patterns' && c.defaulted.has('origins')) {
    c.origins = undefined;
    c.defaulted.delete('origins');
  }
}

/** How the configuration is applied: decides what `*` origins with credentials do. */
export type SpringWiring =
  /** `@CrossOrigin`: the handler mapping validates while registering handlers, so the app does not start. */
  | 'annotation'
  /** `addCorsMappings`: `AbstractHandlerMapping.getHandler` validates on every request to the path. */
  | 'mapping'
  /** `CorsFilter` / Spring Security: `CorsConfiguration.checkOrigin` validates on CORS requests only. */
  | 'filter';

export interface SpringModel {
  branches: ResponseBranch[];
  notes: PolicyNote[];
  /** The emission of ACAO and ACAC, for fixes. */
  acac?: HeaderEmission;
}

const hasOrigin: RequestCondition = { kind: 'header-present', name: 'origin' };
const hasAcrm: RequestCondition = { kind: 'header-present', name: 'access-control-request-method' };

/**
 * What spring-web's `DefaultCorsProcessor.processRequest` / `handleInternal`
 * sends for this configuration: `Vary: Origin, Access-Control-Request-Method,
 * Access-Control-Request-Headers` on every response of the path; a request
 * with an Origin that `checkOrigin` refuses, or whose method `checkHttpMethod`
 * refuses, gets 403 ("Invalid CORS request"), preflights included; an accepted
 * preflight gets 200 from the PreFlightHandler.
 */
export function springBranches(c: SpringCors, wiring: SpringWiring, version?: string): SpringModel {
  const legacy = version !== undefined && compareVersions(version, '5.3.0') < 0;
  // 5.3 varies every response of the path on three headers; 4.3 adds `Vary: Origin` only to the responses it accepts.
  const vary = legacy ? [] : ['Origin', 'Access-Control-Request-Method', 'Access-Control-Request-Headers'].map((v) => ({ ...literal('Vary', v, c.at), mode: 'add' as const }));
  const accepted = legacy ? [{ ...literal('Vary', 'Origin', c.at), mode: 'add' as const }] : vary;
  const notes: PolicyNote[] = [];
  const credentials = c.credentials?.value === true;
  let star = c.origins?.find((o) => o.value === '*');
  // Before 5.3, `checkOrigin` answered `*` with credentials by echoing the request Origin.
  if (star && credentials && legacy) {
    notes.push({ kind: 'echoes-for-any-origin', message: `Spring ${version} echoes every request Origin for allowedOrigins "*" with credentials.`, at: star.at });
    c = { ...c, origins: undefined, patterns: [{ value: '*', at: star.at }] };
    star = undefined;
  }
  if (star && credentials) {
    const when = wiring === 'annotation' ? 'the application fails to start' : wiring === 'mapping' ? 'every request to this path fails with 500' : 'every CORS request fails with 500';
    notes.push({
      kind: 'throws-at-startup',
      message: `Spring rejects allowedOrigins "*" together with allowCredentials true (CorsConfiguration.validateAllowCredentials throws IllegalArgumentException), so ${when}; list the trusted origins or use allowedOriginPatterns.`,
      at: star.at,
      clash: { acao: literal('Access-Control-Allow-Origin', '*', star.at), acac: literal('Access-Control-Allow-Credentials', 'true', c.credentials!.at) },
    });
    if (wiring === 'annotation') return { branches: [branch({ kind: 'true' }, { kind: 'unknown', why: 'the application fails to start', at: star.at }, [], c.at)], notes };
    const failing = wiring === 'mapping' ? { kind: 'true' as const } : hasOrigin;
    return { branches: [branch(failing, { kind: 'fixed', code: 500, at: star.at }, [], c.at), branch({ kind: 'true' }, { kind: 'app', at: c.at }, vary, c.at)], notes };
  }

  const allowed = originMatchers(c, legacy);
  const acao = star
    ? literal('Access-Control-Allow-Origin', '*', star.at)
    : emit('Access-Control-Allow-Origin', echoFor(allowed.map((m) => ({ when: m, at: m.at ?? c.at }))), c.at);
  const gate: RequestCondition = star ? { kind: 'true' } : { kind: 'origin', matcher: allowed.length === 1 ? allowed[0] : { kind: 'or', matchers: allowed } };
  const common: HeaderEmission[] = [...accepted, acao];
  if (c.exposed?.length) common.push(literal('Access-Control-Expose-Headers', c.exposed.map((e) => e.value).join(', '), c.exposed[0].at));
  let acac: HeaderEmission | undefined;
  if (credentials) {
    acac = literal('Access-Control-Allow-Credentials', 'true', c.credentials!.at);
    common.push(acac);
  }
  const methods = c.methods ?? [{ value: 'GET', at: c.at }, { value: 'HEAD', at: c.at }];
  const anyMethod = methods.some((m) => m.value === '*');
  const preflight = [...accepted, acao];
  // `checkHttpMethod`: `*` answers with the requested method; a list is sent whole.
  preflight.push(anyMethod
    ? emit('Access-Control-Allow-Methods', requestHeaderValue('access-control-request-method', methods[0].at), methods[0].at)
    : literal('Access-Control-Allow-Methods', methods.map((m) => m.value.toUpperCase()).join(','), methods[0].at));
  // `checkHeaders`: the requested names that are allowed, joined with ", " (sent in request order; the model sorts them).
  const headers = c.headers ?? [];
  const anyHeader = headers.some((h) => h.value === '*');
  const keep: OriginMatcher = anyHeader ? { kind: 'any' } : { kind: 'or', matchers: headers.map((h) => ({ kind: 'exact' as const, value: h.value, caseInsensitive: true })) };
  if (headers.length > 0) {
    const at = headers[0].at;
    preflight.push(emit('Access-Control-Allow-Headers', { cases: [{ when: { kind: 'any' }, parts: [{ kind: 'request-header', name: 'access-control-request-headers', format: 'sorted-list', keep }], at }] }, at));
  }
  preflight.push(...common.slice(accepted.length + 1));
  if (c.maxAge) preflight.push(literal('Access-Control-Max-Age', String(c.maxAge.value), c.maxAge.at));

  const methodOk: RequestCondition = anyMethod ? { kind: 'true' } : { kind: 'method', methods: methods.map((m) => m.value.toUpperCase()) };
  // A preflight asks for its method in Access-Control-Request-Method; `HttpMethod.resolve` is case-sensitive.
  const requestedOk: RequestCondition = anyMethod ? { kind: 'true' } : { kind: 'header-matches', name: 'access-control-request-method', matcher: { kind: 'or', matchers: methods.map((m) => ({ kind: 'exact' as const, value: m.value.toUpperCase(), caseInsensitive: false })) } };
  const forbidden = { kind: 'fixed' as const, code: 403, at: c.at };
  const branches: ResponseBranch[] = [];
  // `checkHeaders` answers null when headers are requested and none of them is allowed: the preflight is refused.
  const requested: RequestCondition = { kind: 'header-present', name: 'access-control-request-headers' };
  if (headers.length === 0) branches.push(branch(and(isOptions, hasOrigin, hasAcrm, requested), forbidden, vary, c.at));
  else if (!anyHeader) {
    const names = headers.map((h) => h.value.replace(/[\\^$.|?*+()[\]{}]/g, '\\$&')).join('|');
    const anyAllowed: RequestCondition = { kind: 'header-matches', name: 'access-control-request-headers', matcher: { kind: 'regex', pattern: `(^|,)\\s*(${names})\\s*(,|$)`, flavor: 'js', mode: 'search', caseInsensitive: true } };
    branches.push(branch(and(isOptions, hasOrigin, hasAcrm, requested, { kind: 'not', cond: anyAllowed }), forbidden, vary, c.at));
  }
  // Annotated handlers leave a plain OPTIONS to Spring's own OPTIONS handler, which has no CORS configuration.
  if (wiring === 'annotation') branches.push(branch(and(isOptions, { kind: 'not', cond: hasAcrm }), { kind: 'app', at: c.at }, [], c.at));
  // `handleInternal` adds Access-Control-Allow-Private-Network when the preflight asks for it with "true" (Boolean.parseBoolean).
  if (c.privateNetwork?.value) {
    const asks: RequestCondition = { kind: 'header-matches', name: 'access-control-request-private-network', matcher: { kind: 'exact', value: 'true', caseInsensitive: true } };
    const pna = [...preflight, literal('Access-Control-Allow-Private-Network', 'true', c.privateNetwork.at)];
    branches.push(branch(and(isOptions, hasOrigin, hasAcrm, gate, requestedOk, asks), { kind: 'fixed', code: 200, at: c.at }, pna, c.at));
  }
  branches.push(
    branch(and(isOptions, hasOrigin, hasAcrm, gate, requestedOk), { kind: 'fixed', code: 200, at: c.at }, preflight, c.at),
    branch(and(isOptions, hasOrigin, hasAcrm), forbidden, vary, c.at),
    branch(and(hasOrigin, gate, methodOk), { kind: 'app', at: c.at }, common, c.at),
    branch(hasOrigin, forbidden, vary, c.at),
    branch({ kind: 'true' }, { kind: 'app', at: c.at }, vary, c.at),
  );
  return { branches, notes, acac };
}

/**
 * `CorsConfiguration.checkOrigin`: origins compared with `equalsIgnoreCase`
 * (5.3 first trims a trailing `/` of each, `trimTrailingSlash`), then patterns as full matches.
 */
export function originMatchers(c: SpringCors, legacy = false): OriginMatcher[] {
  const out: OriginMatcher[] = [];
  for (const o of c.origins ?? []) out.push({ kind: 'exact', value: legacy ? o.value : o.value.replace(/\/$/, ''), caseInsensitive: true, at: o.at });
  for (const p of c.patterns ?? []) out.push(p.value === '*' ? { kind: 'any', at: p.at } : { kind: 'regex', pattern: patternRegex(p.value), flavor: 'java', mode: 'fullmatch', caseInsensitive: false, at: p.at });
  if (c.opaqueOrigins) out.push({ kind: 'opaque', description: 'origins computed at run time', at: c.opaqueOrigins });
  return out.length ? out : [{ kind: 'none', at: c.at }];
}

/**
 * `CorsConfiguration.OriginPattern.initPattern`: the text is quoted, each `*`
 * becomes `.*` (dots included), and a `:[8080,8081]` or `:[*]` suffix lists ports.
 */
export function patternRegex(pattern: string): string {
  let body = pattern;
  let ports: string | undefined;
  const m = /^(.*):\[(\*|\d+(,\d+)*)\]$/.exec(pattern);
  if (m) {
    body = m[1];
    ports = m[2];
  }
  let regex = body.split('*').map((s) => s.replace(/[\\^$.|?*+()[\]{}]/g, '\\$&')).join('.*');
  if (ports !== undefined) regex += ports === '*' ? '(:\\d+)?' : `:(${ports.replace(/,/g, '|')})`;
  return regex;
}

/** Numeric comparison of dotted versions (`5.2.9.RELEASE` < `5.3.0`). */
export function compareVersions(a: string, b: string): number {
  const pa = a.split(/[.-]/).map((p) => parseInt(p, 10) || 0);
  const pb = b.split(/[.-]/).map((p) => parseInt(p, 10) || 0);
  for (let i = 0; i < 3; i++) if ((pa[i] ?? 0) !== (pb[i] ?? 0)) return (pa[i] ?? 0) - (pb[i] ?? 0);
  return 0;
}
