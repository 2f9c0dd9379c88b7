import type { Span } from '../../../core/range';
import type { HeaderEmission, RequestCondition, ResponseBranch } from '../../cors-policy';
import type { OriginMatcher } from '../../origin-matcher';
import { and, branch, echoFor, emit, isOptions, literal, originIs, requestHeaderValue } from '../js/policy-parts';
import { pcreMatcher } from './origin-checks';

/** One path's options after NelmioCorsExtension normalised them and merged the defaults. */
export interface NelmioOptions {
  at: Span;
  allowOrigin: true | { value: string; at: Span }[];
  allowOriginAt: Span;
  originRegex: boolean;
  allowCredentials: boolean;
  credentialsAt: Span;
  allowHeaders: true | string[];
  headersAt: Span;
  allowMethods: string[];
  methodsAt: Span;
  exposeHeaders: string[];
  exposeAt: Span;
  maxAge: number;
  maxAgeAt: Span;
  forcedOrigin?: { value: string; at: Span };
  allowPrivateNetwork: boolean;
  privateNetworkAt: Span;
  /** Host patterns: the path's options apply only on matching hosts, which the model cannot see. */
  hosts: string[];
}

/** The request headers NelmioCorsBundle 2 always lets a preflight ask for. */
const SIMPLE_HEADERS = ['accept', 'accept-language', 'content-language', 'origin'];

const hasOrigin: RequestCondition = { kind: 'origin', matcher: { kind: 'not', matcher: { kind: 'exact', value: '', caseInsensitive: false } } };

/**
 * NelmioCorsBundle 2 `CorsListener`: requests without an Origin are left
 * alone; OPTIONS with Access-Control-Request-Method (or -Private-Network)
 * is answered by the bundle (200, `Vary: Origin`, methods/headers/max-age
 * whatever the origin; ACAO echoed only for an allowed origin, then 405 for a
 * method not listed and 400 for a header not listed); other requests from an
 * allowed origin get the Origin echoed (also for `*`), credentials and
 * exposed headers, without Vary. `origin_regex` entries run as
 * `preg_match('{...}i')`: unanchored unless written with `^`/`$`.
 */
export function nelmioBranches(o: NelmioOptions): ResponseBranch[] {
  const allowed = originMatcher(o);
  const at = o.at;
  const gate = and(hasOrigin, originIs(allowed), ...hostCondition(o));
  const preflightReq = and(isOptions, { kind: 'or', conds: [{ kind: 'header-present', name: 'access-control-request-method' }, { kind: 'header-present', name: 'access-control-request-private-network' }] }, hasOrigin, ...hostCondition(o));
  const common: HeaderEmission[] = [literal('Vary', 'Origin', o.at)];
  if (o.allowCredentials) common.push(literal('Access-Control-Allow-Credentials', 'true', o.credentialsAt));
  if (o.allowMethods.length > 0) common.push(literal('Access-Control-Allow-Methods', o.allowMethods.join(', '), o.methodsAt));
  if (o.allowHeaders === true) common.push(emit('Access-Control-Allow-Headers', requestHeaderValue('access-control-request-headers', o.headersAt), o.headersAt));
  else if (o.allowHeaders.length > 0) common.push(literal('Access-Control-Allow-Headers', o.allowHeaders.join(', '), o.headersAt));
  if (o.maxAge) common.push(literal('Access-Control-Max-Age', String(o.maxAge), o.maxAgeAt));
  const acao = emit('Access-Control-Allow-Origin', echoFor([{ when: { kind: 'any', at: o.allowOriginAt }, at: o.allowOriginAt }]), o.allowOriginAt);
  const forced = o.forcedOrigin ? [literal('Access-Control-Allow-Origin', o.forcedOrigin.value, o.forcedOrigin.at)] : [];
  const methodOk: RequestCondition = { kind: 'header-tokens-within', name: 'access-control-request-method', allowed: o.allowMethods };
  const headersOk: RequestCondition = o.allowHeaders === true ? { kind: 'true' } : { kind: 'header-tokens-within', name: 'access-control-request-headers', allowed: [...SIMPLE_HEADERS, ...o.allowHeaders] };
  const out: ResponseBranch[] = [];
  const preflightAllowed = and(preflightReq, originIs(allowed));
  // Access-Control-Request-Private-Network: true is answered with the header when allowed, else refused with 400.
  const asksPrivate: RequestCondition = and({ kind: 'header-present', name: 'access-control-request-private-network' }, { kind: 'header-tokens-within', name: 'access-control-request-private-network', allowed: ['true'] });
  const pna = o.allowPrivateNetwork ? [literal('Access-Control-Allow-Private-Network', 'true', o.privateNetworkAt)] : [];
  if (!o.allowPrivateNetwork) out.push(branch(and(preflightAllowed, asksPrivate, methodOk), { kind: 'fixed', code: 400, at: o.privateNetworkAt }, [...common, acao, ...forced], at));
  const withPna = (extra: HeaderEmission[]) => [branch(and(preflightAllowed, asksPrivate), { kind: 'fixed', code: 0, at }, [...extra, ...pna], at), branch(preflightAllowed, { kind: 'fixed', code: 0, at }, extra, at)];
  for (const [cond, code, where] of [[{ kind: 'not', cond: methodOk }, 405, o.methodsAt], [{ kind: 'not', cond: headersOk }, 400, o.headersAt], [{ kind: 'true' }, 200, at]] as [RequestCondition, number, Span][]) {
    for (const b of withPna([...common, acao, ...forced])) out.push({ ...b, when: and(b.when, cond), status: { kind: 'fixed', code, at: where } });
  }
  out.push(branch(preflightReq, { kind: 'fixed', code: 200, at }, [...common, ...forced], at));
  const actual: HeaderEmission[] = [acao];
  if (o.allowCredentials) actual.push(literal('Access-Control-Allow-Credentials', 'true', o.credentialsAt));
  if (o.exposeHeaders.length > 0) actual.push(literal('Access-Control-Expose-Headers', o.exposeHeaders.join(', ').toLowerCase(), o.exposeAt));
  out.push(branch(gate, { kind: 'app', at }, [...actual, ...forced], at));
  out.push(branch({ kind: 'true' }, { kind: 'app', at }, forced, at));
  return out;
}

function hostCondition(o: NelmioOptions): RequestCondition[] {
  return o.hosts.length > 0 ? [{ kind: 'opaque', text: `the request host matches ${o.hosts.join(' or ')}`, at: o.at }] : [];
}

function originMatcher(o: NelmioOptions): OriginMatcher {
  if (o.allowOrigin === true) return { kind: 'any', at: o.allowOriginAt };
  const ms = o.allowOrigin.map((e): OriginMatcher => {
    if (!o.originRegex) return { kind: 'exact', value: e.value, caseInsensitive: false, at: e.at };
    const m = pcreMatcher(`{${e.value}}i`, e.at);
    return m ?? { kind: 'opaque', description: `the pattern ${e.value}`, at: e.at };
  });
  return ms.length === 1 ? ms[0] : { kind: 'or', matchers: ms, at: o.allowOriginAt };
}
