import type { Span } from '../../../core/range';
import type { CorsPolicy, HeaderEmission, RequestCondition, ResponseBranch } from '../../cors-policy';
import type { CodeFile, CodeProject } from '../code-project';
import type { ExtractResult, FrameworkExtractor } from '../extractor';
import { and, branch, echoFor, emit, isOptions, literal, originIs, policy, requestHeaderValue } from '../js/policy-parts';
import { spanOf } from './ast';
import { rackCorsMiddlewares, type RackAllow, type RackMiddleware, type RackResource } from './rack-cors-config';
import { rackPathPattern, representativePath } from './rack-paths';
import { rubyFixer } from './ruby-fixer-hook';
import { rackTargets } from './rack-targets';

/** The request headers rack-cors 1.1.1 always lets a preflight ask for. */
const SIMPLE_HEADERS = ['accept', 'accept-language', 'content-language', 'content-type'];
const ANY_METHODS = ['get', 'head', 'post', 'put', 'patch', 'delete', 'options'];

const hasOrigin: RequestCondition = { kind: 'origin', matcher: { kind: 'not', matcher: { kind: 'exact', value: '', caseInsensitive: false } } };
const hasAcrm: RequestCondition = { kind: 'header-present', name: 'access-control-request-method' };

/**
 * rack-cors 1.1.1 (`Rack::Cors#call`): a request with an Origin and
 * Access-Control-Request-Method as OPTIONS is answered 200 by the middleware,
 * with CORS headers only when a resource admits the origin, the method and
 * every requested header; any other request goes to the app and gets
 * ACAO/methods/expose/max-age(/credentials) when a resource admits its origin,
 * and `Vary: Origin` whenever its path matches a resource (preflights never).
 * One policy per resource path.
 */
export const rackCorsExtractor: FrameworkExtractor = {
  id: 'rack-cors',
  languages: ['ruby'],
  mentions: /Rack::Cors/,
  sources: ['rack-cors'],
  extract(file: CodeFile, project: CodeProject): ExtractResult {
    const policies: CorsPolicy[] = [];
    const version = project.versions(file.path).get('rack-cors');
    for (const mw of rackCorsMiddlewares(file)) {
      const entries = mw.allows.flatMap((allow) => allow.resources.map((resource) => ({ allow, resource })));
      const seen = new Set<string>();
      const patterns = entries.map((e) => rackPathPattern(e.resource.path));
      // The literal text before a pattern's first wildcard: a cheap test that rules most pairs out.
      const prefixes = entries.map((e) => (typeof e.resource.path === 'string' ? /^[^*:(]*/.exec(e.resource.path)![0].replace(/\/$/, '') : ''));
      for (const { allow, resource } of entries) {
        const key = typeof resource.path === 'string' ? resource.path : `/${resource.path.regex}/`;
        if (seen.has(key)) continue;
        seen.add(key);
        const sample = representativePath(resource.path);
        const matching = entries.filter((e, i) => e.resource === resource || (sample !== undefined && sample.startsWith(prefixes[i]) && patterns[i]?.test(sample)));
        const label = `Rack::Cors resource ${key}${version ? ` (rack-cors ${version.version})` : ''}`;
        const made = policy('rack-cors', label, resource.at, branchesFor(matching), [...mw.notes]);
        made.endpoint = { hosts: [], ports: [], tls: false, path: key };
        rackTargets.set(made, { middleware: mw, allow, resource });
        policies.push(made);
      }
    }
    return { policies };
  },
  fixer: rubyFixer,
};

function branchesFor(entries: { allow: RackAllow; resource: RackResource }[]): ResponseBranch[] {
  const out: ResponseBranch[] = [];
  const first = entries[0].resource;
  const at = first.at;
  const vary = varyEmission(first);
  for (const { allow, resource } of entries) {
    const when = and(originIs(allow.origins), ...ifProc(resource));
    const { methods, allowed, headers } = preflightChecks(resource);
    const hit = and(isOptions, hasAcrm, hasOrigin, when, { kind: 'header-tokens-within', name: 'access-control-request-method', allowed: methods }, ...(headers ? [{ kind: 'header-tokens-within', name: 'access-control-request-headers', allowed: headers } as RequestCondition] : []));
    const preflightHeaders = [...corsHeaders(allow, resource, allowed), emit('Access-Control-Allow-Headers', requestHeaderValue('access-control-request-headers', resource.at), optionAt(resource, 'headers'))];
    out.push(branch(hit, { kind: 'fixed', code: 200, at }, preflightHeaders, resource.at));
    out.push(branch(and(isOptions, hasAcrm, hasOrigin, when), { kind: 'fixed', code: 200, at }, [], resource.at));
  }
  out.push(branch(and(isOptions, hasAcrm, hasOrigin), { kind: 'fixed', code: 200, at }, [], at));
  for (const { allow, resource } of entries) {
    out.push(branch(and(hasOrigin, originIs(allow.origins), ...ifProc(resource)), { kind: 'app', at }, [...corsHeaders(allow, resource, undefined), vary], resource.at));
  }
  out.push(branch({ kind: 'true' }, { kind: 'app', at }, [vary], at));
  return out;
}

function ifProc(r: RackResource): RequestCondition[] {
  const v = r.options.get('if');
  if (!v || v.kind === 'nil') return [];
  return [{ kind: 'opaque', text: `the if: condition ${v.node.text.slice(0, 60)}`, at: optionAt(r, 'if') }];
}

function optionAt(r: RackResource, key: string): Span {
  const n = r.optionNodes.get(key);
  return n ? spanOf(r.options.get(key)!.file, n) : r.at;
}

/** Methods the preflight check admits (lower-case as compared), and the headers, or undefined for `:any`. */
function preflightChecks(r: RackResource): { methods: string[]; allowed: string; headers?: string[] } {
  const m = r.options.get('methods');
  let names: string[];
  if (!m || m.kind === 'nil') names = ['get'];
  else if (m.kind === 'symbol' && m.value === 'any') names = ANY_METHODS;
  else names = (m.kind === 'array' ? m.items : [m]).map((i) => (i.kind === 'string' || i.kind === 'symbol' ? i.value : '?'));
  // The check compares the requested method down-cased with the names as written: `'GET'` never matches.
  const methods = names.filter((n) => n === n.toLowerCase());
  const h = r.options.get('headers');
  let headers: string[] | undefined = SIMPLE_HEADERS;
  if (h?.kind === 'symbol' && h.value === 'any') headers = undefined;
  else if (h && h.kind !== 'nil') headers = [...SIMPLE_HEADERS, ...(h.kind === 'array' ? h.items : [h]).map((i) => (i.kind === 'string' || i.kind === 'symbol' ? i.value.toLowerCase() : '?'))];
  return { methods, allowed: names.map((n) => n.toUpperCase()).join(', '), headers };
}

/** `Resource#to_headers`: sent on preflights and on actual requests alike. */
function corsHeaders(allow: RackAllow, r: RackResource, methodsText: string | undefined): HeaderEmission[] {
  const originAt = allow.originsAt ?? r.at;
  const acao = r.public ? literal('Access-Control-Allow-Origin', '*', originAt) : emit('Access-Control-Allow-Origin', echoFor([{ when: { kind: 'any', at: originAt }, at: originAt }]), originAt);
  const out: HeaderEmission[] = [acao, literal('Access-Control-Allow-Methods', methodsText ?? preflightChecks(r).allowed, optionAt(r, 'methods'))];
  const expose = r.options.get('expose');
  const exposed = expose && expose.kind !== 'nil' ? (expose.kind === 'array' ? expose.items : [expose]).map((i) => (i.kind === 'string' || i.kind === 'symbol' ? i.value : '')).join(', ') : '';
  if (exposed) out.push(literal('Access-Control-Expose-Headers', exposed, optionAt(r, 'expose')));
  const maxAge = r.options.get('max_age');
  const age = !maxAge || maxAge.kind === 'nil' || (maxAge.kind === 'boolean' && !maxAge.value) ? '7200' : maxAge.kind === 'number' || maxAge.kind === 'string' ? String(maxAge.value) : undefined;
  out.push(age === undefined ? emit('Access-Control-Max-Age', { cases: [{ when: { kind: 'any' }, parts: [{ kind: 'unknown', name: 'max_age' }], at: optionAt(r, 'max_age') }] }, optionAt(r, 'max_age')) : literal('Access-Control-Max-Age', age, optionAt(r, 'max_age')));
  const credentials = r.options.get('credentials');
  if (!r.public && credentials?.kind === 'boolean' && credentials.value) out.push(literal('Access-Control-Allow-Credentials', 'true', optionAt(r, 'credentials')));
  return out;
}

/** `Vary`: the resource's `vary:` names, else `Origin`, added to what the app sends. */
function varyEmission(r: RackResource): HeaderEmission {
  const v = r.options.get('vary');
  const names = v && v.kind !== 'nil' ? (v.kind === 'array' ? v.items : [v]).map((i) => (i.kind === 'string' || i.kind === 'symbol' ? i.value : '')).filter(Boolean) : [];
  return literal('Vary', names.length > 0 ? names.join(', ') : 'Origin', names.length > 0 ? optionAt(r, 'vary') : r.at);
}

export type { RackMiddleware };
