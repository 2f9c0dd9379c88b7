import type { Span } from '../../../core/range';
import type { HeaderEmission, RequestCondition, ResponseBranch } from '../../cors-policy';
import type { OriginMatcher } from '../../origin-matcher';
import { unknownValue } from '../../symbolic-value';
import type { SignalReceiver } from './django-signals';
import { and, branch, echoFor, emit, isOptions, literal } from '../js/policy-parts';

/** A setting's value with the place it was written (the default's place is the settings module). */
export interface Located<T> {
  value: T;
  at: Span;
  /** The setting was written (not a default). */
  written: boolean;
}

export interface DjangoCorsConfig {
  /** django-cors-headers' version as `[major, minor]`. */
  version: [number, number];
  /** `CorsMiddleware` is in MIDDLEWARE. */
  enabled: boolean;
  allowAll: Located<boolean | undefined>;
  credentials: Located<boolean | undefined>;
  /** The list entries (`CORS_ALLOWED_ORIGINS`), each where written; undefined when computed at run time. */
  origins: Located<{ text: string; at: Span }[] | undefined>;
  regexes: Located<{ pattern: string; ignoreCase: boolean; at: Span }[] | undefined>;
  methods: Located<string[] | undefined>;
  headers: Located<string[] | undefined>;
  expose: Located<string[] | undefined>;
  maxAge: Located<number | undefined>;
  privateNetwork: Located<boolean | undefined>;
  /** `check_request_enabled` receivers: they may allow origins the settings do not. */
  signals: SignalReceiver[];
}

const hasOrigin: RequestCondition = { kind: 'header-present', name: 'origin' };
const hasAcrm: RequestCondition = { kind: 'header-present', name: 'access-control-request-method' };

/**
 * django-cors-headers' CorsMiddleware (3.14 and 4.x, middleware.py): an
 * OPTIONS request with Access-Control-Request-Method is answered 200 before
 * the view runs, whatever the Origin; every response of an enabled URL gets
 * `Vary: Origin`; with an Origin, Allow-Credentials goes out before the origin
 * check (so also to refused origins) until 4.3 moved it after; an allowed
 * origin is echoed, except `*` for allow-all without credentials; OPTIONS
 * responses get the header and method lists and Max-Age (unless 0); 4.0+
 * answers `Access-Control-Request-Private-Network: true` when allowed.
 */
export function djangoBranches(config: DjangoCorsConfig, at: Span): ResponseBranch[] {
  const preflightStatus = { kind: 'fixed' as const, code: 200, at };
  if (!config.enabled) return [branch({ kind: 'true' }, { kind: 'app', at }, [], at)];
  const vary = literal('Vary', 'Origin', at);
  const [major, minor] = config.version;
  const acacFirst = major < 4 || (major === 4 && minor < 3);
  const credentials = config.credentials.value === true;
  const acac = credentials ? [literal('Access-Control-Allow-Credentials', 'true', config.credentials.at)]
    : config.credentials.value === undefined ? [emit('Access-Control-Allow-Credentials', unknownValue('CORS_ALLOW_CREDENTIALS', config.credentials.at), config.credentials.at)] : [];
  const out: ResponseBranch[] = [];
  out.push(branch(and(isOptions, hasAcrm, { kind: 'not', cond: hasOrigin }), preflightStatus, [vary], at));
  out.push(branch({ kind: 'not', cond: hasOrigin }, { kind: 'app', at }, [vary], at));

  const allowed = allowedMatcher(config);
  const acao = acaoEmission(config, allowed);
  const granted: HeaderEmission[] = [vary, ...(acacFirst ? acac : []), acao, ...(acacFirst ? [] : acac)];
  if (config.expose.value === undefined) granted.push(emit('Access-Control-Expose-Headers', unknownValue('CORS_EXPOSE_HEADERS', config.expose.at), config.expose.at));
  else if (config.expose.value.length > 0) granted.push(literal('Access-Control-Expose-Headers', config.expose.value.join(', '), config.expose.at));
  const preflight = [...granted, ...listHeaders(config)];
  const pna: HeaderEmission[] = major >= 4 && config.privateNetwork.value === true ? [literal('Access-Control-Allow-Private-Network', 'true', config.privateNetwork.at)] : [];
  const asksPna: RequestCondition = { kind: 'header-matches', name: 'access-control-request-private-network', matcher: { kind: 'exact', value: 'true', caseInsensitive: false } };
  const when: RequestCondition = allowed.kind === 'any' ? { kind: 'true' } : { kind: 'origin', matcher: allowed };
  for (const [cond, headers] of pna.length > 0 ? [[asksPna, pna], [{ kind: 'true' }, []]] as [RequestCondition, HeaderEmission[]][] : [[{ kind: 'true' }, []]] as [RequestCondition, HeaderEmission[]][]) {
    out.push(branch(and(isOptions, hasAcrm, when, cond), preflightStatus, [...preflight, ...headers], at));
    out.push(branch(and(isOptions, when, cond), { kind: 'app', at }, [...preflight, ...headers], at));
    out.push(branch(and(when, cond), { kind: 'app', at }, [...granted, ...headers], at));
  }
  const refused = [vary, ...(acacFirst ? acac : [])];
  out.push(branch(and(isOptions, hasAcrm), preflightStatus, refused, at));
  out.push(branch({ kind: 'true' }, { kind: 'app', at }, refused, at));
  return out;
}

/** The origins CorsMiddleware lets through: all, or the list (scheme and host:port equal), `null` when listed, and the regexes (`re.match`). */
export function allowedMatcher(config: DjangoCorsConfig): OriginMatcher {
  if (config.allowAll.value === true) return { kind: 'any', at: config.allowAll.at };
  if (config.allowAll.value === undefined) return { kind: 'opaque', description: 'CORS_ALLOW_ALL_ORIGINS is computed at run time', at: config.allowAll.at };
  const parts: OriginMatcher[] = [];
  if (config.origins.value === undefined) parts.push({ kind: 'opaque', description: 'CORS_ALLOWED_ORIGINS is computed at run time', at: config.origins.at });
  for (const entry of config.origins.value ?? []) {
    const m = listEntryMatcher(entry.text, entry.at);
    if (m) parts.push(m);
  }
  if (config.regexes.value === undefined) parts.push({ kind: 'opaque', description: 'CORS_ALLOWED_ORIGIN_REGEXES is computed at run time', at: config.regexes.at });
  for (const r of config.regexes.value ?? []) parts.push({ kind: 'regex', pattern: r.pattern, flavor: 'python', mode: 'match', caseInsensitive: r.ignoreCase, at: r.at });
  for (const r of config.signals) parts.push(r.answer === 'any' ? { kind: 'any', at: r.at } : { kind: 'opaque', description: 'a check_request_enabled receiver decides', at: r.at });
  const any = parts.find((p) => p.kind === 'any');
  if (any) return any;
  if (parts.length === 0) return { kind: 'none', at: config.origins.at };
  return parts.length === 1 ? parts[0] : { kind: 'or', matchers: parts, at: config.origins.at };
}

/**
 * `urlsplit(entry)` against `urlsplit(origin)`: the scheme (lower-cased by
 * urlsplit) and the netloc as written must be equal, so a path or trailing
 * slash on the entry is ignored. An entry without a scheme (`example.com`)
 * splits to an empty scheme and netloc, as `null` does: of the values
 * browsers send, it admits exactly `null` (the system check that refuses such
 * entries runs only with `manage.py`, not under a WSGI server).
 */
export function listEntryMatcher(text: string, at: Span): OriginMatcher | undefined {
  const scheme = /^([A-Za-z][A-Za-z0-9+.-]*):/.exec(text);
  const rest = scheme ? text.slice(scheme[0].length) : text;
  const netloc = rest.startsWith('//') ? /^\/\/([^/?#]*)/.exec(rest)![1] : '';
  if (!scheme && netloc === '') return { kind: 'exact', value: 'null', caseInsensitive: false, at };
  // Browsers always send a scheme.
  if (!scheme) return undefined;
  return { kind: 'exact', value: `${scheme[1].toLowerCase()}://${netloc}`, caseInsensitive: false, at };
}

function acaoEmission(config: DjangoCorsConfig, allowed: OriginMatcher): HeaderEmission {
  if (config.allowAll.value === true && config.credentials.value === false) return literal('Access-Control-Allow-Origin', '*', config.allowAll.at);
  if (config.allowAll.value === true && config.credentials.value === undefined) return emit('Access-Control-Allow-Origin', unknownValue('CORS_ALLOW_CREDENTIALS', config.credentials.at), config.allowAll.at);
  const cases = allowed.kind === 'or' ? allowed.matchers : [allowed];
  const at = config.allowAll.value === true ? config.allowAll.at : config.origins.at;
  return emit('Access-Control-Allow-Origin', echoFor(cases.map((m) => ({ when: m, at: m.at ?? at }))), at);
}

function listHeaders(config: DjangoCorsConfig): HeaderEmission[] {
  const out: HeaderEmission[] = [];
  const list = (name: string, setting: string, v: Located<string[] | undefined>) => {
    if (v.value === undefined) out.push(emit(name, unknownValue(setting, v.at), v.at));
    else out.push(literal(name, v.value.join(', '), v.at));
  };
  list('Access-Control-Allow-Headers', 'CORS_ALLOW_HEADERS', config.headers);
  list('Access-Control-Allow-Methods', 'CORS_ALLOW_METHODS', config.methods);
  if (config.maxAge.value === undefined) out.push(emit('Access-Control-Max-Age', unknownValue('CORS_PREFLIGHT_MAX_AGE', config.maxAge.at), config.maxAge.at));
  else if (config.maxAge.value) out.push(literal('Access-Control-Max-Age', String(config.maxAge.value), config.maxAge.at));
  return out;
}
