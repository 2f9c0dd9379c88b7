import type { Node } from '@vscode/tree-sitter-wasm';
import type { Span } from '../../../core/range';
import type { HeaderEmission, RequestCondition, ResponseBranch, StatusModel, SymbolicValue } from '../../cors-policy';
import type { OriginMatcher } from '../../origin-matcher';
import { literalValue, unknownValue } from '../../symbolic-value';
import { and, branch, echoFor, emit, isOptions, literal, notOptions, originIs } from '../js/policy-parts';
import { field, pyArgs, spanOf, unwrapPy } from './ast';
import type { FlaskOptions } from './flask-cors-options';
import type { PyValue } from './values';

/** flask-cors's `ALL_METHODS`, the `methods` default. */
const ALL_METHODS = ['GET', 'HEAD', 'POST', 'OPTIONS', 'PUT', 'PATCH', 'DELETE'];
/** The characters that make flask-cors treat an origin or header string as a regex (`probably_regex`). */
const REGEX_CHARS = /[*\\\]?$^[()]/;

export interface FlaskCorsFlavour {
  /**
   * How a request with `Access-Control-Request-Private-Network: true` is
   * answered: not at all (before 3.1), always `true` (3.1 to 4.0.1), or by
   * `allow_private_network` with this default (on in 4.0.2+, off from 5).
   */
  privateNetwork: 'unsupported' | 'always' | { default: boolean };
  /** `@cross_origin()` answers OPTIONS itself (`automatic_options`), with 200. */
  decorator: boolean;
}

/** One origins entry after `sanitize_regex_param`: `'*'` is the regex `.*`. */
interface OriginEntry {
  matcher: OriginMatcher;
  regexLike: boolean;
  /** The string, for entries that `always_send` lists when no Origin came. */
  plain?: string;
  wildcard: boolean;
}

/**
 * The branches of one flask-cors option set (`get_cors_headers` of flask-cors
 * 3.0.10 to 6): a request with an Origin gets its headers only when an entry
 * admits it (the Origin is echoed, or `*` with `send_wildcard` and a wildcard
 * entry); a request without one gets `*` or the first plain origin sorted
 * (`always_send`); preflight headers only when the requested method is in the
 * methods string; `Vary: Origin` only for several entries or a regex-looking one.
 */
export function flaskCorsBranches(o: FlaskOptions, flavour: FlaskCorsFlavour): ResponseBranch[] {
  const at = o.at;
  const originsAt = o.where('origins');
  const entries = originEntries(o.get('origins')?.value, originsAt);
  const status: StatusModel = { kind: 'app', at };
  if (!entries) {
    return [branch({ kind: 'true' }, status, [emit('Access-Control-Allow-Origin', unknownValue('origins', originsAt), originsAt)], at)];
  }
  const wildcard = entries.some((e) => e.wildcard);
  const credentials = o.flag('supports_credentials', false);
  const sendWildcard = o.flag('send_wildcard', false);
  const alwaysSend = o.flag('always_send', true);
  const varyHeader = o.flag('vary_header', true);
  const dynamic = entries.length > 1 || entries.some((e) => e.regexLike);
  // `if request_origin:` in flask-cors: a missing or empty Origin header takes the `always_send` way.
  const noOrigin: RequestCondition = { kind: 'not', cond: { kind: 'header-present', name: 'origin' } };
  const out: ResponseBranch[] = [];

  // `@cross_origin(automatic_options=False)` leaves OPTIONS to Flask's own answer, which carries no CORS headers.
  const decoratorOptions = flavour.decorator && o.flag('automatic_options', true) === false;
  const optionsStatus: StatusModel = flavour.decorator ? { kind: 'fixed', code: 200, at } : status;
  const bare = (when: RequestCondition) => {
    if (flavour.decorator) out.push(branch(and(isOptions, when), optionsStatus, [], at));
    out.push(branch(when, status, [], at));
  };
  if (decoratorOptions) out.push(branch(isOptions, optionsStatus, [], at));

  const withHeaders = (cond: RequestCondition, acao: SymbolicValue, star: boolean) => {
    const pna = privateNetwork(o, flavour);
    // A request that asks for private network access gets the answer on every response with CORS headers, preflight or not.
    if (pna) withHeadersFor(and(asksPrivateNetwork, cond), acao, star, [literal('Access-Control-Allow-Private-Network', pna.value, pna.at)]);
    withHeadersFor(cond, acao, star, []);
  };

  const withHeadersFor = (cond: RequestCondition, acao: SymbolicValue, star: boolean, extra: HeaderEmission[]) => {
    const common: HeaderEmission[] = [emit('Access-Control-Allow-Origin', acao, originsAt)];
    const expose = listOption(o, 'expose_headers', false);
    if (expose !== '') common.push(expose === undefined ? unknownHeader('Access-Control-Expose-Headers', o.where('expose_headers')) : literal('Access-Control-Expose-Headers', expose, o.where('expose_headers')));
    if (credentials === undefined) common.push(unknownHeader('Access-Control-Allow-Credentials', o.where('supports_credentials')));
    else if (credentials) common.push(literal('Access-Control-Allow-Credentials', 'true', o.where('supports_credentials')));
    common.push(...extra);
    const vary: HeaderEmission[] = [];
    if (varyHeader === undefined) vary.push(unknownHeader('Vary', o.where('vary_header')));
    else if (varyHeader && !star && dynamic) vary.push(literal('Vary', 'Origin', originsAt));
    const methods = listOption(o, 'methods', true);
    if (methods !== '') {
      const preflight = [...common, ...preflightHeaders(o, methods), ...vary];
      const acrm: RequestCondition = methods === undefined
        ? { kind: 'opaque', text: 'the requested method is in methods computed at run time', at: o.where('methods') }
        : { kind: 'header-matches', name: 'access-control-request-method', matcher: substringsOf(methods, o.where('methods')) };
      out.push(branch(and(isOptions, acrm, cond), optionsStatus, preflight, at));
    }
    out.push(branch(and(isOptions, cond), optionsStatus, [...common, ...vary], at));
    out.push(branch(and(notOptions, cond), status, [...common, ...vary], at));
  };

  if (alwaysSend === undefined) {
    out.push(branch(noOrigin, status, [unknownHeader('Access-Control-Allow-Origin', o.where('always_send'))], at));
  } else if (alwaysSend) {
    if (wildcard) {
      if (credentials === false) withHeaders(noOrigin, literalValue('*', originsAt), true);
    } else {
      const plain = entries.filter((e) => e.plain !== undefined && !e.regexLike).sort((a, b) => (a.plain! < b.plain! ? -1 : a.plain! > b.plain! ? 1 : 0));
      const first = plain[0];
      if (first) withHeaders(noOrigin, literalValue(first.plain!, first.matcher.at ?? originsAt), false);
    }
  }
  // Requests without an Origin that did not get headers above get none.
  bare(noOrigin);
  if (wildcard && sendWildcard) {
    withHeaders({ kind: 'true' }, literalValue('*', originsAt), true);
  } else {
    const admitted: OriginMatcher = { kind: 'or', matchers: entries.map((e) => e.matcher), at: originsAt };
    withHeaders(originIs(admitted), echoFor([{ when: { kind: 'any' }, at: originsAt }]), false);
  }
  bare({ kind: 'true' });
  return out;
}

function unknownHeader(name: string, at: Span): HeaderEmission {
  return emit(name, unknownValue(name, at), at);
}

function preflightHeaders(o: FlaskOptions, methods: string | undefined): HeaderEmission[] {
  const out: HeaderEmission[] = [];
  const allowAt = o.where('allow_headers');
  const keep = patternEntries(o.get('allow_headers')?.value ?? undefined, allowAt);
  if (keep) {
    out.push(emit('Access-Control-Allow-Headers', { cases: [{ when: { kind: 'any' }, parts: [{ kind: 'request-header', name: 'access-control-request-headers', format: 'sorted-list', keep }], at: allowAt }] }, allowAt));
  } else {
    out.push(unknownHeader('Access-Control-Allow-Headers', allowAt));
  }
  const maxAge = o.get('max_age');
  if (maxAge) {
    const text = maxAgeText(maxAge.value) ?? timedeltaSeconds(o, maxAge.value);
    if (text === undefined) out.push(unknownHeader('Access-Control-Max-Age', maxAge.at));
    else if (text !== '') out.push(literal('Access-Control-Max-Age', text, maxAge.at));
  }
  out.push(methods === undefined ? unknownHeader('Access-Control-Allow-Methods', o.where('methods')) : literal('Access-Control-Allow-Methods', methods, o.where('methods')));
  return out;
}

/** `Access-Control-Request-Private-Network: true`, compared as flask-cors does (exactly). */
const asksPrivateNetwork: RequestCondition = { kind: 'header-matches', name: 'access-control-request-private-network', matcher: { kind: 'exact', value: 'true', caseInsensitive: false } };

/**
 * What a request asking for private network access gets: `true` before the
 * option existed, then `true` or `false` by the option (a `false` is sent
 * too: the library writes the string).
 */
function privateNetwork(o: FlaskOptions, flavour: FlaskCorsFlavour): { value: string; at: Span } | undefined {
  const pn = flavour.privateNetwork;
  if (pn === 'unsupported') return undefined;
  if (pn === 'always') return { value: 'true', at: o.at };
  const on = o.flag('allow_private_network', pn.default);
  if (on === undefined) return undefined;
  return { value: on ? 'true' : 'false', at: o.where('allow_private_network') };
}

/** `str(max_age)` as flask-cors sends it; '' when it sends none (a falsy value), undefined when unknown. */
function maxAgeText(v: PyValue): string | undefined {
  if (v.kind === 'none') return '';
  if (v.kind === 'number') return v.value === 0 ? '' : String(v.value);
  if (v.kind === 'string') return v.value;
  if (v.kind === 'boolean') return v.value ? 'True' : '';
  return undefined;
}

const TIMEDELTA_UNITS: Record<string, number> = { weeks: 604800, days: 86400, hours: 3600, minutes: 60, seconds: 1, milliseconds: 0.001, microseconds: 0.000001 };

/** `max_age=timedelta(hours=1)`: flask-cors sends `str(int(total_seconds()))`. */
function timedeltaSeconds(o: FlaskOptions, v: PyValue): string | undefined {
  const call = unwrapPy(v.node);
  if (call.type !== 'call' || !/(^|\.)timedelta$/.test(o.evaluator.calleeName(v.file, unwrapPy(field(call, 'function')!)) ?? '')) return undefined;
  const { positional, keywords, splats } = pyArgs(call);
  if (splats.length > 0) return undefined;
  // Positional arguments are days, seconds, microseconds, milliseconds, minutes, hours, weeks.
  const order = ['days', 'seconds', 'microseconds', 'milliseconds', 'minutes', 'hours', 'weeks'];
  let total = 0;
  const parts: [string, Node][] = [...positional.map((n, i) => [order[i] ?? '', n] as [string, Node]), ...keywords];
  for (const [unit, node] of parts) {
    const n = o.evaluator.evaluate(v.file, node);
    if (n.kind !== 'number' || TIMEDELTA_UNITS[unit] === undefined) return undefined;
    total += n.value * TIMEDELTA_UNITS[unit]!;
  }
  // A string, so `0` is sent too: only a falsy value is left out.
  return String(Math.trunc(total));
}

/** `flexible_str`: a list sorted and joined with `, `, a string as is; '' for none; undefined when unknown. */
function listOption(o: FlaskOptions, key: 'methods' | 'expose_headers', upper: boolean): string | undefined {
  const option = o.get(key);
  let text: string | undefined;
  if (!option) text = key === 'methods' ? [...ALL_METHODS].sort().join(', ') : '';
  else if (option.value.kind === 'none') text = '';
  else if (option.value.kind === 'string') text = option.value.value;
  else if (option.value.kind === 'list' || option.value.kind === 'set') {
    const items = option.value.items.map((i) => (i.kind === 'string' ? i.value : undefined));
    text = items.every((i) => i !== undefined) ? (items as string[]).sort().join(', ') : undefined;
  }
  return text !== undefined && upper ? text.toUpperCase() : text;
}

/** The requested method, upper-cased, is `in` the methods string: a substring test, so any piece of a listed name passes. */
function substringsOf(methods: string, at: Span): OriginMatcher {
  const pieces = new Set<string>();
  for (const name of methods.split(/[\s,]+/).filter(Boolean)) {
    for (let i = 0; i < name.length; i++) for (let j = i + 1; j <= name.length; j++) pieces.add(name.slice(i, j));
  }
  return { kind: 'or', matchers: [...pieces].map((p) => ({ kind: 'exact', value: p, caseInsensitive: true })), at };
}

/** The origins option as a list of entries, or undefined when it cannot be read. */
function originEntries(v: PyValue | undefined, at: Span): OriginEntry[] | undefined {
  const items = v === undefined ? ['*' as const] : v.kind === 'list' || v.kind === 'set' ? v.items : [v];
  const out: OriginEntry[] = [];
  for (const item of items) {
    const entry = originEntry(item, at);
    if (!entry) return undefined;
    out.push(entry);
  }
  return out;
}

function originEntry(item: PyValue | '*', fallback: Span): OriginEntry | undefined {
  if (item === '*') return { matcher: regex('.*', true, fallback), regexLike: true, wildcard: true };
  const at = spanOf(item.file, item.node);
  if (item.kind === 'regex') return { matcher: regex(item.pattern, item.ignoreCase, at), regexLike: true, wildcard: false };
  if (item.kind !== 'string') return item.kind === 'unknown' ? undefined : { matcher: { kind: 'none', at }, regexLike: false, wildcard: false };
  const value = item.value === '*' ? '.*' : item.value;
  if (REGEX_CHARS.test(value)) return { matcher: regex(value, true, at), regexLike: true, plain: value, wildcard: value === '.*' };
  return { matcher: { kind: 'exact', value, caseInsensitive: true, at }, regexLike: false, plain: value, wildcard: false };
}

/** `allow_headers` entries, applied to each requested header name the way origins are. */
function patternEntries(v: PyValue | undefined, at: Span): OriginMatcher | undefined {
  const entries = originEntries(v, at);
  if (!entries) return undefined;
  if (entries.some((e) => e.wildcard)) return { kind: 'any', at };
  return { kind: 'or', matchers: entries.map((e) => e.matcher), at };
}

function regex(pattern: string, caseInsensitive: boolean, at: Span): OriginMatcher {
  return { kind: 'regex', pattern, flavor: 'python', mode: 'match', caseInsensitive, at };
}
