import type { Node } from '@vscode/tree-sitter-wasm';
import type { Span } from '../../../core/range';
import type { CorsPolicy, HeaderEmission, RequestCondition, ResponseBranch, StatusModel } from '../../cors-policy';
import type { OriginMatcher } from '../../origin-matcher';
import { unknownValue } from '../../symbolic-value';
import type { CodeFile, CodeProject } from '../code-project';
import type { ExtractResult, FrameworkExtractor } from '../extractor';
import { and, branch, echoFor, emit, literal, originIs, policy } from '../js/policy-parts';
import { callArgs, callsIn, calleeName, goImports, namesOf, spanOf } from './ast';
import { goFixer } from './fixer-hook';
import { goTargets } from './fix-targets';
import { decisionMatchers, StructOptions } from './struct-options';
import { compareVersions } from './manifests';
import { GoEvaluator } from './values';

const PACKAGE = 'github.com/rs/cors';
const INSTALLED = '1.7.0';

/**
 * `github.com/rs/cors` 1.7 (cors.go): `New(Options)`, `Default()`, `AllowAll()`.
 * A preflight is OPTIONS with Access-Control-Request-Method: three `Vary`
 * lines, then ACAO only when the origin, the requested method and every
 * requested header are allowed; it ends with 200 unless OptionsPassthrough.
 * Other requests get `Vary: Origin` and ACAO when the origin and the method
 * are allowed. Origins are lower-cased and compared exactly; one `*` in an
 * entry is a prefix+suffix match; `*` alone, or no origins and no callback,
 * sends `*` (also with credentials).
 */
export const rsCorsExtractor: FrameworkExtractor = {
  id: 'rs-cors',
  languages: ['go'],
  mentions: /github\.com\/rs\/cors/,
  sources: ['rs-cors'],
  extract(file: CodeFile, project: CodeProject): ExtractResult {
    const imports = goImports(file);
    const names = namesOf(imports, PACKAGE);
    if (names.size === 0) return { policies: [] };
    const evaluator = new GoEvaluator(project, imports);
    // Debian's 1.7.0, which the oracle runs, unless the module pins another.
    const version = project.versions(file.path).get(PACKAGE)?.version ?? INSTALLED;
    const policies: CorsPolicy[] = [];
    for (const call of callsIn(file.tree.rootNode)) {
      const callee = calleeName(call) ?? '';
      const [pkg, fn] = callee.split('.');
      if (!names.has(pkg) || !['New', 'Default', 'AllowAll'].includes(fn)) continue;
      const at = spanOf(file, call);
      const arg = callArgs(call)[0];
      const options = new StructOptions(evaluator, fn === 'New' && arg ? evaluator.evaluate(file, arg) : undefined, at);
      const made = policy('rs-cors', `rs/cors ${callee}()`, at, rsCorsBranches(options, fn as 'New' | 'Default' | 'AllowAll', version, onlyHandlerFunc(call)), [...options.notes]);
      goTargets.set(made, { call, file, options: options.value?.kind === 'struct' ? options.value : undefined, kind: 'rs-cors' });
      policies.push(made);
    }
    return { policies };
  },
  fixer: goFixer,
};

interface Settings {
  origins: string[] | undefined;
  methods: string[];
  headers: string[] | undefined;
  allHeaders: boolean;
  exposed: string[] | undefined;
  credentials: boolean | undefined;
  maxAge: number | undefined;
  passthrough: boolean | undefined;
}

function settingsOf(o: StructOptions, fn: 'New' | 'Default' | 'AllowAll'): Settings {
  if (fn === 'AllowAll') {
    return { origins: ['*'], methods: ['HEAD', 'GET', 'POST', 'PUT', 'PATCH', 'DELETE'], headers: undefined, allHeaders: true, exposed: [], credentials: false, maxAge: 0, passthrough: false };
  }
  const headers = o.strings('AllowedHeaders');
  const methods = o.strings('AllowedMethods');
  return {
    origins: o.strings('AllowedOrigins'),
    methods: methods && methods.length > 0 ? methods.map((m) => m.toUpperCase()) : ['GET', 'POST', 'HEAD'],
    headers: headers && headers.length > 0 ? [...headers, 'Origin'] : headers ? ['Origin', 'Accept', 'Content-Type', 'X-Requested-With'] : undefined,
    allHeaders: headers?.includes('*') ?? false,
    exposed: o.strings('ExposedHeaders'),
    credentials: o.bool('AllowCredentials'),
    maxAge: o.number('MaxAge'),
    passthrough: o.bool('OptionsPassthrough'),
  };
}

interface OriginCase {
  when: OriginMatcher;
  allowed: boolean | 'unknown';
  /** ACAO is `*` rather than the Origin. */
  star: boolean;
  at: Span;
}

function originCases(o: StructOptions, s: Settings, version: string): OriginCase[] {
  const at = o.where('AllowedOrigins');
  if (!o.known) return [{ when: { kind: 'opaque', description: 'options computed at run time', at: o.at }, allowed: 'unknown', star: false, at: o.at }];
  const requestFunc = o.func('AllowOriginRequestFunc');
  const originFunc = o.func('AllowOriginFunc');
  const hasFuncs = (requestFunc !== undefined && requestFunc !== 'nil') || (originFunc !== undefined && originFunc !== 'nil');
  const lowered = s.origins?.map((x) => x.toLowerCase());
  const all = (lowered !== undefined && lowered.length === 0 && !hasFuncs) || (lowered?.includes('*') ?? false);
  // The callbacks decide before the list, even when the list holds '*' (isOriginAllowed); ACAO is still '*' then.
  const fromFunc = requestFunc !== undefined && requestFunc !== 'nil' ? o.decisions('AllowOriginRequestFunc', 1) : hasFuncs ? o.decisions('AllowOriginFunc') : undefined;
  // Before 1.5 the Origin was sent instead of `*` when credentials were on.
  const star = all && !(compareVersions(version, '1.5.0') < 0 && s.credentials === true);
  if (fromFunc) return decisionMatchers(fromFunc).map((d) => ({ ...d, star }));
  if (all) {
    const list = o.get('AllowedOrigins');
    const where = list?.kind === 'slice' ? list.items.find((i) => i.kind === 'string' && i.value === '*') : undefined;
    return [{ when: { kind: 'any' }, allowed: true, star, at: where ? spanOf(where.file, where.node) : at }];
  }
  if (!lowered) return [{ when: { kind: 'opaque', description: 'AllowedOrigins computed at run time', at }, allowed: 'unknown', star: false, at }];
  const list = o.get('AllowedOrigins');
  const items = list?.kind === 'slice' ? list.items : [];
  const matchers: OriginMatcher[] = items.map((item, i) => {
    const where = spanOf(item.file, item.node);
    const value = lowered[i];
    const star = value.indexOf('*');
    if (star < 0) return { kind: 'exact', value, caseInsensitive: true, at: where };
    // wildcard.match: prefix, suffix, and room for both without overlap: the same as ^prefix.*suffix$.
    const pattern = `^${escapeRe(value.slice(0, star))}.*${escapeRe(value.slice(star + 1))}$`;
    return { kind: 'regex', pattern, flavor: 'go', mode: 'search', caseInsensitive: true, at: where };
  });
  return [{ when: { kind: 'or', matchers, at }, allowed: true, star: false, at }, { when: { kind: 'any' }, allowed: false, star: false, at }];
}

function escapeRe(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

const hasOrigin: RequestCondition = { kind: 'header-present', name: 'origin' };
const noOrigin: RequestCondition = { kind: 'not', cond: hasOrigin };

function rsCorsBranches(o: StructOptions, fn: 'New' | 'Default' | 'AllowAll', version: string, headersOnly: boolean): ResponseBranch[] {
  const s = settingsOf(o, fn);
  const at = o.at;
  const preflight: RequestCondition = { kind: 'and', conds: [{ kind: 'method', methods: ['OPTIONS'] }, { kind: 'header-present', name: 'access-control-request-method' }] };
  const actual: RequestCondition = { kind: 'not', cond: preflight };
  const vary = (v: string): HeaderEmission => ({ ...literal('Vary', v, at), mode: 'add' });
  const preflightVary = [vary('Origin'), vary('Access-Control-Request-Method'), vary('Access-Control-Request-Headers')];
  // HandlerFunc only sets headers: whatever runs after it answers the preflight too.
  const preflightStatus: StatusModel = headersOnly ? { kind: 'app', at } : s.passthrough === true ? { kind: 'app', at: o.where('OptionsPassthrough') } : s.passthrough === undefined ? { kind: 'unknown', why: 'OptionsPassthrough is computed at run time', at } : successStatus(o, version);
  const methodsOk: RequestCondition = { kind: 'header-tokens-within', name: 'access-control-request-method', allowed: [...s.methods, 'OPTIONS'] };
  const headersOk: RequestCondition = s.allHeaders ? { kind: 'true' } : s.headers ? { kind: 'header-tokens-within', name: 'access-control-request-headers', allowed: s.headers } : { kind: 'opaque', text: 'AllowedHeaders computed at run time', at: o.where('AllowedHeaders') };
  const out: ResponseBranch[] = [branch(and(preflight, noOrigin), preflightStatus, preflightVary, at)];
  const cases = originCases(o, s, version);
  for (const c of cases) {
    const when = originIs(c.when);
    if (c.allowed === false) {
      out.push(branch(and(preflight, when), preflightStatus, preflightVary, at));
      continue;
    }
    const acao = c.allowed === 'unknown' ? emit('Access-Control-Allow-Origin', unknownValue('origin', c.at), c.at) : c.star ? literal('Access-Control-Allow-Origin', '*', c.at) : emit('Access-Control-Allow-Origin', echoFor([{ when: { kind: 'any', at: c.at }, at: c.at }]), c.at);
    const common: HeaderEmission[] = [acao];
    if (s.credentials === true) common.push(literal('Access-Control-Allow-Credentials', 'true', o.where('AllowCredentials')));
    else if (s.credentials === undefined) common.push(emit('Access-Control-Allow-Credentials', unknownValue('AllowCredentials', o.where('AllowCredentials')), o.where('AllowCredentials')));
    const pre: HeaderEmission[] = [...preflightVary, ...common, emit('Access-Control-Allow-Methods', { cases: [{ when: { kind: 'any' }, parts: [{ kind: 'request-header', name: 'access-control-request-method' }], at: o.where('AllowedMethods') }] }, o.where('AllowedMethods'))];
    pre.push(emit('Access-Control-Allow-Headers', { cases: [{ when: { kind: 'any' }, parts: [{ kind: 'request-header', name: 'access-control-request-headers', format: 'canonical-list' }], at: o.where('AllowedHeaders') }] }, o.where('AllowedHeaders')));
    if (s.maxAge === undefined) pre.push(emit('Access-Control-Max-Age', unknownValue('MaxAge', o.where('MaxAge')), o.where('MaxAge')));
    else if (s.maxAge > 0) pre.push(literal('Access-Control-Max-Age', String(s.maxAge), o.where('MaxAge')));
    if (o.bool('AllowPrivateNetwork') !== false) {
      // Newer releases only (1.7 has no such option): answered when the preflight asks for it with `true`.
      const asked: RequestCondition = { kind: 'and', conds: [{ kind: 'header-present', name: 'access-control-request-private-network' }, { kind: 'header-tokens-within', name: 'access-control-request-private-network', allowed: ['true'] }] };
      const where = o.where('AllowPrivateNetwork');
      const pna = o.bool('AllowPrivateNetwork') === true ? literal('Access-Control-Allow-Private-Network', 'true', where) : emit('Access-Control-Allow-Private-Network', unknownValue('AllowPrivateNetwork', where), where);
      out.push(branch(and(preflight, when, methodsOk, headersOk, asked), preflightStatus, [...pre, pna], at));
    }
    out.push(branch(and(preflight, when, methodsOk, headersOk), preflightStatus, pre, at));
    out.push(branch(and(preflight, when), preflightStatus, preflightVary, at));
  }
  out.push(branch(and(actual, noOrigin), { kind: 'app', at }, [vary('Origin')], at));
  const methodOk: RequestCondition = { kind: 'method', methods: [...s.methods, 'OPTIONS'] };
  for (const c of cases) {
    const when = originIs(c.when);
    if (c.allowed === false) {
      out.push(branch(and(actual, when), { kind: 'app', at }, [vary('Origin')], at));
      continue;
    }
    const acao = c.allowed === 'unknown' ? emit('Access-Control-Allow-Origin', unknownValue('origin', c.at), c.at) : c.star ? literal('Access-Control-Allow-Origin', '*', c.at) : emit('Access-Control-Allow-Origin', echoFor([{ when: { kind: 'any', at: c.at }, at: c.at }]), c.at);
    const headers: HeaderEmission[] = [vary('Origin'), acao];
    if (s.exposed === undefined) headers.push(emit('Access-Control-Expose-Headers', unknownValue('ExposedHeaders', o.where('ExposedHeaders')), o.where('ExposedHeaders')));
    else if (s.exposed.length > 0) headers.push(literal('Access-Control-Expose-Headers', s.exposed.map(canonical).join(', '), o.where('ExposedHeaders')));
    if (s.credentials === true) headers.push(literal('Access-Control-Allow-Credentials', 'true', o.where('AllowCredentials')));
    out.push(branch(and(actual, when, methodOk), { kind: 'app', at }, headers, at));
    out.push(branch(and(actual, when), { kind: 'app', at }, [vary('Origin')], at));
  }
  return out;
}

/**
 * The middleware is only used through `HandlerFunc` (`c.HandlerFunc(w, r)`,
 * `cors.New(...).HandlerFunc`), which sets the headers and writes nothing.
 */
function onlyHandlerFunc(call: Node): boolean {
  const parent = call.parent;
  if (parent?.type === 'selector_expression') return parent.childForFieldName('field')?.text === 'HandlerFunc';
  // `c := cors.New(...)`: how the name is used in the function or file that holds it.
  const decl = parent?.type === 'expression_list' ? parent.parent : undefined;
  if (decl?.type !== 'short_var_declaration' && decl?.type !== 'var_spec' && decl?.type !== 'assignment_statement') return false;
  const left = decl.childForFieldName('left') ?? decl.childForFieldName('name');
  const name = left?.type === 'expression_list' ? left.namedChild(0)?.text : left?.text;
  if (!name || !/^\w+$/.test(name)) return false;
  let scope: Node = decl;
  while (scope.parent && scope.type !== 'block' && scope.type !== 'source_file') scope = scope.parent;
  const uses = scope.text.match(new RegExp(`\\b${name}\\.(HandlerFunc|Handler|ServeHTTP)\\b`, 'g')) ?? [];
  return uses.length > 0 && uses.every((u) => u.endsWith('.HandlerFunc'));
}

/**
 * 1.7 ends a preflight with 200; OptionsSuccessStatus (1.8 on, 204 unless set)
 * replaced it. Only 1.7 is run by the oracle; the later default is the
 * library's changelog.
 */
function successStatus(o: StructOptions, version: string): StatusModel {
  const custom = o.number('OptionsSuccessStatus');
  if (custom === undefined) return { kind: 'unknown', why: 'OptionsSuccessStatus is computed at run time', at: o.where('OptionsSuccessStatus') };
  if (custom > 0) return { kind: 'fixed', code: custom, at: o.where('OptionsSuccessStatus') };
  return { kind: 'fixed', code: compareVersions(version, '1.8.0') >= 0 ? 204 : 200, at: o.at };
}

/** Go's http.CanonicalHeaderKey for the usual header names. */
export function canonical(name: string): string {
  return /^[A-Za-z0-9-]+$/.test(name) ? name.toLowerCase().replace(/(^|-)([a-z])/g, (_, d: string, c: string) => d + c.toUpperCase()) : name;
}

