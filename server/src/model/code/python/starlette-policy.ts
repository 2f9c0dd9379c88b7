import type { Span } from '../../../core/range';
import type { HeaderEmission, RequestCondition, ResponseBranch } from '../../cors-policy';
import type { OriginMatcher } from '../../origin-matcher';
import { unknownValue } from '../../symbolic-value';
import { ALL_STATUSES, and, branch, echoFor, emit, isOptions, literal, requestHeaderValue } from '../js/policy-parts';

/** One option of `CORSMiddleware(...)`: its value and where it was written (the call, for a default). */
export interface StarletteOption<T> {
  value: T;
  at: Span;
}

export interface StarletteCorsConfig {
  /** `allow_origins` entries; a string instead of a list is kept as `text` (`in` on a string is a substring test). */
  origins: StarletteOption<{ items: { text: string; at: Span }[] } | { text: string } | undefined>;
  regex: StarletteOption<string | null | undefined>;
  credentials: StarletteOption<boolean | undefined>;
  methods: StarletteOption<string[] | undefined>;
  headers: StarletteOption<string[] | undefined>;
  expose: StarletteOption<string[] | undefined>;
  maxAge: StarletteOption<number | string | undefined>;
  /** Wrapped inside the app (`add_middleware`, `middleware=[...]`): an unhandled error is answered outside it, without CORS headers. */
  insideApp: boolean;
}

const ALL_METHODS = ['DELETE', 'GET', 'HEAD', 'OPTIONS', 'PATCH', 'POST', 'PUT'];
const SAFELISTED_HEADERS = ['Accept', 'Accept-Language', 'Content-Language', 'Content-Type'];
/** ServerErrorMiddleware wraps every user middleware, so its 500 for an unhandled error carries none of their headers. */
const NOT_UNHANDLED = ALL_STATUSES.filter((s) => s !== 500);

const hasOrigin: RequestCondition = { kind: 'header-present', name: 'origin' };
const hasAcrm: RequestCondition = { kind: 'header-present', name: 'access-control-request-method' };

/** `re.escape` for the literal names the checks compare with. */
function escapeRe(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\\-#&~\s]/g, '\\$&');
}

/**
 * Starlette's CORSMiddleware (0.26.1, middleware/cors.py): requests without
 * an Origin pass untouched; OPTIONS with Access-Control-Request-Method is
 * answered by the middleware, 200 or 400 when the origin, the method (exact)
 * or a requested header (lower-cased, stripped) is not allowed, with the
 * method list (`'*'` → every method), the sorted header list (safelisted
 * names added; `'*'` echoes the requested ones) and Max-Age either way; the
 * origin is echoed with `Vary: Origin` unless it is `'*'` without credentials.
 * Other responses get `*` (or the echo when a Cookie is sent), or the echo for
 * an allowed origin (the regex fullmatched, the list compared with `in`), and
 * Allow-Credentials and Expose-Headers whatever the origin.
 */
export function starletteBranches(config: StarletteCorsConfig, at: Span): ResponseBranch[] {
  const origins = config.origins.value;
  const allowAll = origins !== undefined && ('items' in origins ? origins.items.some((i) => i.text === '*') : origins.text.includes('*'));
  const credentials = config.credentials.value === true;
  const explicit = !allowAll || credentials;
  const allowed = allowedMatcher(config, allowAll);
  const allowedCond: RequestCondition = allowed.kind === 'any' ? { kind: 'true' } : { kind: 'origin', matcher: allowed };
  const acac = credentials ? [literal('Access-Control-Allow-Credentials', 'true', config.credentials.at)] : config.credentials.value === undefined ? [emit('Access-Control-Allow-Credentials', unknownValue('allow_credentials', config.credentials.at), config.credentials.at)] : [];
  const echo = emit('Access-Control-Allow-Origin', echoFor((allowed.kind === 'or' ? allowed.matchers : [allowed]).map((m) => ({ when: m, at: m.at ?? config.origins.at }))), config.origins.at);
  const vary = literal('Vary', 'Origin', config.origins.at);

  const methods = config.methods.value === undefined ? undefined : config.methods.value.includes('*') ? ALL_METHODS : config.methods.value;
  const allHeaders = config.headers.value?.includes('*') === true;
  const pre: HeaderEmission[] = [explicit ? vary : literal('Access-Control-Allow-Origin', '*', config.origins.at)];
  pre.push(methods === undefined ? emit('Access-Control-Allow-Methods', unknownValue('allow_methods', config.methods.at), config.methods.at) : literal('Access-Control-Allow-Methods', methods.join(', '), config.methods.at));
  pre.push(config.maxAge.value === undefined ? emit('Access-Control-Max-Age', unknownValue('max_age', config.maxAge.at), config.maxAge.at) : literal('Access-Control-Max-Age', String(config.maxAge.value), config.maxAge.at));
  const listed = config.headers.value === undefined ? undefined : [...new Set([...SAFELISTED_HEADERS, ...config.headers.value])].sort();
  if (listed === undefined) pre.push(emit('Access-Control-Allow-Headers', unknownValue('allow_headers', config.headers.at), config.headers.at));
  else if (allHeaders) pre.push(emit('Access-Control-Allow-Headers', requestHeaderValue('access-control-request-headers', config.headers.at), config.headers.at));
  else pre.push(literal('Access-Control-Allow-Headers', listed.join(', '), config.headers.at));
  pre.push(...acac);

  const methodOk: RequestCondition = methods === undefined
    ? { kind: 'opaque', text: 'allow_methods is computed at run time', at: config.methods.at }
    : { kind: 'header-matches', name: 'access-control-request-method', matcher: methods.length === 0 ? { kind: 'none' } : { kind: 'regex', pattern: `(?:${methods.map(escapeRe).join('|')})`, flavor: 'python', mode: 'fullmatch', caseInsensitive: false, at: config.methods.at } };
  const headersOk: RequestCondition = allHeaders ? { kind: 'true' } : listed === undefined
    ? { kind: 'opaque', text: 'allow_headers is computed at run time', at: config.headers.at }
    : { kind: 'or', conds: [{ kind: 'not', cond: { kind: 'header-present', name: 'access-control-request-headers' } }, { kind: 'header-matches', name: 'access-control-request-headers', matcher: tokenList(listed, config.headers.at) }] };

  const preflight = and(isOptions, hasAcrm);
  const fixed = (code: number) => ({ kind: 'fixed' as const, code, at });
  const withEcho = explicit ? [...pre, echo] : pre;
  const out: ResponseBranch[] = [branch({ kind: 'not', cond: hasOrigin }, { kind: 'app', at }, [], at)];
  out.push(branch(and(preflight, allowedCond, methodOk, headersOk), fixed(200), withEcho, at));
  out.push(branch(and(preflight, allowedCond), fixed(400), withEcho, at));
  out.push(branch(preflight, fixed(400), pre, at));

  const simple: HeaderEmission[] = [...acac];
  if (config.expose.value === undefined) simple.push(emit('Access-Control-Expose-Headers', unknownValue('expose_headers', config.expose.at), config.expose.at));
  else if (config.expose.value.length > 0) simple.push(literal('Access-Control-Expose-Headers', config.expose.value.join(', '), config.expose.at));
  const scoped = (headers: HeaderEmission[]) => (config.insideApp ? headers.map((h) => ({ ...h, statuses: NOT_UNHANDLED })) : headers);
  const app = { kind: 'app' as const, at };
  if (allowAll) {
    out.push(branch({ kind: 'header-present', name: 'cookie' }, app, scoped([...simple, echo, vary]), at));
    out.push(branch({ kind: 'true' }, app, scoped([literal('Access-Control-Allow-Origin', '*', config.origins.at), ...simple]), at));
  } else {
    out.push(branch(allowedCond, app, scoped([...simple, echo, vary]), at));
    out.push(branch({ kind: 'true' }, app, scoped(simple), at));
  }
  return out;
}

/** `is_allowed_origin`: everything for `'*'`, else the regex (fullmatch) or membership in `allow_origins`. */
function allowedMatcher(config: StarletteCorsConfig, allowAll: boolean): OriginMatcher {
  const origins = config.origins.value;
  if (allowAll) return { kind: 'any', at: config.origins.at };
  const parts: OriginMatcher[] = [];
  const regex = config.regex.value;
  if (regex === undefined) parts.push({ kind: 'opaque', description: 'allow_origin_regex is computed at run time', at: config.regex.at });
  else if (regex !== null) parts.push({ kind: 'regex', pattern: regex, flavor: 'python', mode: 'fullmatch', caseInsensitive: false, at: config.regex.at });
  if (origins === undefined) parts.push({ kind: 'opaque', description: 'allow_origins is computed at run time', at: config.origins.at });
  else if ('items' in origins) for (const i of origins.items) parts.push({ kind: 'exact', value: i.text, caseInsensitive: false, at: i.at });
  // `origin in 'https://a.example'` on a string admits every piece of it, down to `h`: no origin check says that.
  else if (origins.text !== '') parts.push({ kind: 'opaque', description: `allow_origins is the string '${origins.text}', so every part of it is allowed`, at: config.origins.at });
  if (parts.length === 0) return { kind: 'none', at: config.origins.at };
  return parts.length === 1 ? parts[0] : { kind: 'or', matchers: parts, at: config.origins.at };
}

/** A requested-headers value each of whose comma-separated names, stripped and lower-cased, is listed. */
function tokenList(names: string[], at: Span): OriginMatcher {
  const one = `\\s*(?:${names.map((n) => escapeRe(n.toLowerCase())).join('|')})\\s*`;
  return { kind: 'regex', pattern: `${one}(?:,${one})*`, flavor: 'python', mode: 'fullmatch', caseInsensitive: true, at };
}
