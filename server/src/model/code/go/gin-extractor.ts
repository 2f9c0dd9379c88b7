import type { Node } from '@vscode/tree-sitter-wasm';
import type { Span } from '../../../core/range';
import type { CorsPolicy, HeaderEmission, PolicyNote, RequestCondition, ResponseBranch } from '../../cors-policy';
import type { OriginMatcher } from '../../origin-matcher';
import { unknownValue } from '../../symbolic-value';
import type { CodeFile, CodeProject } from '../code-project';
import type { ExtractResult, FrameworkExtractor } from '../extractor';
import { and, branch, echoFor, emit, literal, originIs, policy } from '../js/policy-parts';
import { callArgs, callsIn, calleeName, goImports, namesOf, spanOf } from './ast';
import { goFixer } from './fixer-hook';
import { goTargets } from './fix-targets';
import { canonical } from './rscors-extractor';
import { decisionMatchers, StructOptions } from './struct-options';
import { compareVersions } from './manifests';
import { GoEvaluator, type GoValue, type KnownCall } from './values';

const PACKAGE = 'github.com/gin-contrib/cors';

/**
 * gin-contrib/cors 1.4 (config.go, utils.go): no Origin (or the server's own
 * host) passes untouched; an origin that is not allowed gets 403 on every
 * method; an allowed one gets the preflight headers and 204 on OPTIONS (no
 * method or header check), the normal headers otherwise, and ACAO echoing it
 * unless all origins are allowed (`*` then, credentials or not). Entries are
 * lower-cased and compared with the Origin as sent; `*` entries only count
 * with AllowWildcard; AllowOriginFunc is asked last. `Validate` panics at
 * start-up on conflicting settings.
 */
export const ginExtractor: FrameworkExtractor = {
  id: 'gin-cors',
  languages: ['go'],
  mentions: /github\.com\/gin-contrib\/cors/,
  sources: ['gin'],
  extract(file: CodeFile, project: CodeProject): ExtractResult {
    const imports = goImports(file);
    const names = namesOf(imports, PACKAGE);
    if (names.size === 0) return { policies: [] };
    const evaluator = new GoEvaluator(project, imports, [defaultConfig(names)]);
    const policies: CorsPolicy[] = [];
    for (const call of callsIn(file.tree.rootNode)) {
      const callee = calleeName(call) ?? '';
      const [pkg, fn] = callee.split('.');
      if (!names.has(pkg) || (fn !== 'New' && fn !== 'Default')) continue;
      const at = spanOf(file, call);
      const arg = callArgs(call)[0];
      let value: GoValue | undefined = fn === 'New' && arg ? evaluator.evaluate(file, arg) : undefined;
      if (fn === 'Default') value = withAllOrigins(defaultConfigValue(file, call));
      const options = new StructOptions(evaluator, value, at);
      const notes: PolicyNote[] = [...options.notes, ...startupPanics(options)];
      // Without a pin, Debian's 1.4.0, which the oracle runs and which carries the fix for CVE-2019-25211.
      const pinned = project.versions(file.path).get(PACKAGE)?.version;
      const trailingStarBug = pinned !== undefined && compareVersions(pinned, '1.6.0') < 0;
      const made = policy('gin', `gin-contrib/cors ${callee}()`, at, ginBranches(options, trailingStarBug), notes);
      goTargets.set(made, { call, file, options: value?.kind === 'struct' ? value : undefined, kind: 'gin' });
      policies.push(made);
    }
    return { policies };
  },
  fixer: goFixer,
};

/** `cors.DefaultConfig()`: methods, headers and a 12 h max age, no origins. */
function defaultConfig(names: Set<string>): KnownCall {
  return (file, call) => {
    const callee = calleeName(call) ?? '';
    const [pkg, fn] = callee.split('.');
    if (!names.has(pkg) || fn !== 'DefaultConfig') return undefined;
    return defaultConfigValue(file, call);
  };
}

function defaultConfigValue(file: CodeFile, call: Node): GoValue {
  const base = { node: call, file };
  const strings = (items: string[]): GoValue => ({ kind: 'slice', items: items.map((value) => ({ kind: 'string' as const, value, ...base })), ...base });
  const props = new Map<string, GoValue>([
    ['AllowMethods', strings(['GET', 'POST', 'PUT', 'PATCH', 'DELETE', 'HEAD', 'OPTIONS'])],
    ['AllowHeaders', strings(['Origin', 'Content-Length', 'Content-Type'])],
    ['AllowCredentials', { kind: 'boolean', value: false, ...base }],
    ['MaxAge', { kind: 'number', value: 12 * 3600e9, ...base }],
  ]);
  return { kind: 'struct', type: 'cors.Config', props, keyNodes: new Map(), ...base };
}

function withAllOrigins(v: GoValue): GoValue {
  if (v.kind !== 'struct') return v;
  const props = new Map(v.props);
  props.set('AllowAllOrigins', { kind: 'boolean', value: true, node: v.node, file: v.file });
  return { ...v, props };
}

/** Config.Validate and parseWildcardRules panic when cors.New runs. */
function startupPanics(o: StructOptions): PolicyNote[] {
  if (!o.known) return [];
  const all = o.bool('AllowAllOrigins');
  const origins = o.strings('AllowOrigins');
  const func = o.func('AllowOriginFunc') ?? o.func('AllowOriginWithContextFunc');
  const hasFunc = func !== undefined && func !== 'nil';
  const notes: PolicyNote[] = [];
  // Kept as information: `throws-at-startup` is read as the `*` + credentials refusal, which none of these panics is.
  const panic = (message: string, at: Span) => notes.push({ kind: 'info', message: `gin-contrib/cors panics when the app starts: "${message}".`, at });
  if (all === true && (hasFunc || (origins !== undefined && origins.length > 0))) panic('conflict settings: all origins are allowed. AllowOriginFunc or AllowOrigins is not needed', o.where('AllowAllOrigins'));
  else if (all === false && !hasFunc && origins?.length === 0) panic('conflict settings: all origins disabled', o.at);
  const schemes = ['http://', 'https://', ...(o.bool('AllowBrowserExtensions') ? ['chrome-extension://', 'safari-extension://', 'moz-extension://', 'ms-browser-extension://'] : []), ...(o.bool('AllowWebSockets') ? ['ws://', 'wss://'] : []), ...(o.bool('AllowFiles') ? ['file://'] : [])];
  const bad = origins?.find((x) => !x.includes('*') && !schemes.some((s) => x.startsWith(s)));
  if (bad !== undefined && notes.length === 0) panic(`bad origin: origins must contain '*' or include ${schemes.join(',')}`, o.where('AllowOrigins'));
  if (o.bool('AllowWildcard') && origins?.some((x) => (x.match(/\*/g) ?? []).length > 1)) panic('only one * is allowed', o.where('AllowOrigins'));
  return notes;
}

interface OriginCase {
  when: OriginMatcher;
  allowed: boolean | 'unknown';
  at: Span;
}

function originCases(o: StructOptions, all: boolean, trailingStarBug: boolean): OriginCase[] {
  const at = o.where('AllowOrigins');
  if (all) return [{ when: { kind: 'any' }, allowed: true, at: o.where(o.get('AllowAllOrigins')?.kind === 'boolean' ? 'AllowAllOrigins' : 'AllowOrigins') }];
  const list = o.get('AllowOrigins');
  const items = list?.kind === 'slice' ? list.items : list === undefined || list.kind === 'nil' ? [] : undefined;
  if (!items) return [{ when: { kind: 'opaque', description: 'AllowOrigins computed at run time', at }, allowed: 'unknown', at }];
  const wildcard = o.bool('AllowWildcard') === true;
  const matchers: OriginMatcher[] = [];
  for (const item of items) {
    const where = spanOf(item.file, item.node);
    if (item.kind !== 'string') {
      matchers.push({ kind: 'opaque', description: 'an entry computed at run time', at: where });
      continue;
    }
    // normalize() lower-cases the list; the Origin is compared as sent, so an entry with capitals matches nothing.
    matchers.push({ kind: 'exact', value: item.value.trim().toLowerCase(), caseInsensitive: false, at: where });
    const star = item.value.indexOf('*');
    if (!wildcard || star < 0) continue;
    const prefix = item.value.slice(0, star);
    const suffix = item.value.slice(star + 1);
    if (star === 0) matchers.push({ kind: 'suffix', value: suffix, caseInsensitive: false, at: where });
    // Releases before 1.6.0 cut the character before a trailing `*` too (CVE-2019-25211): `https://app.example.*` admits `https://app.example-evil.com`.
    else if (star === item.value.length - 1) matchers.push({ kind: 'prefix', value: trailingStarBug ? prefix.slice(0, -1) : prefix, caseInsensitive: false, at: where });
    else matchers.push({ kind: 'and', matchers: [{ kind: 'prefix', value: prefix, caseInsensitive: false, at: where }, { kind: 'suffix', value: suffix, caseInsensitive: false, at: where }], at: where });
  }
  const out: OriginCase[] = matchers.length > 0 ? [{ when: { kind: 'or', matchers, at }, allowed: true, at }] : [];
  const func = o.func('AllowOriginFunc');
  // Later releases also take `AllowOriginWithContextFunc(c, origin)`.
  const withContext = o.func('AllowOriginWithContextFunc');
  if (func !== undefined && func !== 'nil') out.push(...decisionMatchers(o.decisions('AllowOriginFunc')));
  else if (withContext !== undefined && withContext !== 'nil') out.push(...decisionMatchers(o.decisions('AllowOriginWithContextFunc', 1)));
  else out.push({ when: { kind: 'any' }, allowed: false, at });
  return out;
}

function ginBranches(o: StructOptions, trailingStarBug: boolean): ResponseBranch[] {
  const at = o.at;
  const origins = o.strings('AllowOrigins');
  const allFlag = o.bool('AllowAllOrigins');
  const all = allFlag === true || (origins?.includes('*') ?? false);
  const credentials = o.bool('AllowCredentials');
  const isOptions: RequestCondition = { kind: 'method', methods: ['OPTIONS'] };
  const notOptions: RequestCondition = { kind: 'not', cond: isOptions };
  const out: ResponseBranch[] = [branch({ kind: 'not', cond: { kind: 'header-present', name: 'origin' } }, { kind: 'app', at }, [], at)];
  const common: HeaderEmission[] = [];
  if (credentials === true) common.push(literal('Access-Control-Allow-Credentials', 'true', o.where('AllowCredentials')));
  else if (credentials === undefined) common.push(emit('Access-Control-Allow-Credentials', unknownValue('AllowCredentials', o.where('AllowCredentials')), o.where('AllowCredentials')));
  const vary = (v: string): HeaderEmission => ({ ...literal('Vary', v, at), mode: 'add' });
  for (const c of originCases(o, all, trailingStarBug)) {
    const when = originIs(c.when);
    if (c.allowed === false) {
      out.push(branch(when, { kind: 'fixed', code: 403, at: c.at }, [], c.at));
      continue;
    }
    const acao = c.allowed === 'unknown' ? emit('Access-Control-Allow-Origin', unknownValue('origin', c.at), c.at) : all ? literal('Access-Control-Allow-Origin', '*', c.at) : emit('Access-Control-Allow-Origin', echoFor([{ when: { kind: 'any', at: c.at }, at: c.at }]), c.at);
    const pre: HeaderEmission[] = [...common, acao];
    const methods = list(o, 'AllowMethods', (m) => m.toUpperCase());
    if (methods) pre.push(methods);
    const headers = list(o, 'AllowHeaders', canonical);
    if (headers) pre.push(headers);
    const maxAge = o.number('MaxAge');
    if (maxAge === undefined) pre.push(emit('Access-Control-Max-Age', unknownValue('MaxAge', o.where('MaxAge')), o.where('MaxAge')));
    // Sent whenever the duration is positive, in whole seconds: `MaxAge: 600` is 600 ns and goes out as 0.
    else if (maxAge > 0) pre.push(literal('Access-Control-Max-Age', String(Math.trunc(maxAge / 1e9)), o.where('MaxAge')));
    if (!all) pre.push(vary('Origin'), vary('Access-Control-Request-Method'), vary('Access-Control-Request-Headers'));
    out.push(branch(and(isOptions, when), { kind: 'fixed', code: 204, at }, pre, at));
    const normal: HeaderEmission[] = [...common, acao];
    const exposed = list(o, 'ExposeHeaders', canonical);
    if (exposed) normal.push(exposed);
    if (!all) normal.push(vary('Origin'));
    out.push(branch(and(notOptions, when), { kind: 'app', at }, normal, at));
  }
  return out;
}

/** A list header as the library builds it: trimmed, lower-cased, de-duplicated, converted, joined with ",". */
function list(o: StructOptions, key: string, convert: (s: string) => string): HeaderEmission | undefined {
  const names: Record<string, string> = { AllowMethods: 'Access-Control-Allow-Methods', AllowHeaders: 'Access-Control-Allow-Headers', ExposeHeaders: 'Access-Control-Expose-Headers' };
  const items = o.strings(key);
  if (items === undefined) return emit(names[key], unknownValue(key, o.where(key)), o.where(key));
  const seen = new Set<string>();
  const out: string[] = [];
  for (const i of items) {
    const v = i.trim().toLowerCase();
    if (seen.has(v)) continue;
    seen.add(v);
    out.push(convert(v));
  }
  return out.length > 0 ? literal(names[key], out.join(','), o.where(key)) : undefined;
}

