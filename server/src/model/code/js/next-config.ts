import * as path from 'node:path';
import type { Node } from '@vscode/tree-sitter-wasm';
import type { Span } from '../../../core/range';
import type { CorsPolicy, HeaderEmission, RequestCondition, ResponseBranch, SymbolicValue, ValueCase, ValuePart } from '../../cors-policy';
import type { OriginMatcher } from '../../origin-matcher';
import { bothMatchers, unknownValue } from '../../symbolic-value';
import type { CodeFile } from '../code-project';
import { callArgs, descendants, field, isFunction, spanOf, unwrap } from './ast';
import { and, branch, emit, policy } from './policy-parts';
import { nextTargets } from './next-targets';
import type { JsEvaluator, JsValue } from './values';

/** `next.config.js` and friends, or a file that declares itself a Next config (`NextConfig` type, JSDoc `import('next').NextConfig`). */
export function isNextConfig(file: CodeFile): boolean {
  return /^next\.config\.(c|m)?(js|ts)$/.test(path.basename(file.path)) || /\bNextConfig\b/.test(file.text);
}

/** One `{ source, headers, has, missing }` entry as it bears on CORS. */
interface Entry {
  headers: { name: string; value: SymbolicValue; at: Span }[];
  /** The origins the entry's `has`/`missing` conditions on the Origin header admit. */
  gate: OriginMatcher;
  /** Conditions on anything else (cookies, the host, the query, other headers): they may or may not hold. */
  opaque: RequestCondition[];
  at: Span;
}

/** Past this many entries with conditions the model cannot evaluate, the remaining ones are taken to apply. */
const MAX_OPAQUE = 3;

/**
 * `async headers()` of a Next.js config: every entry whose `source` matches
 * the path adds its headers, later entries replacing earlier ones of the same
 * name (packages/next/src/server/lib/router-utils/resolve-routes.ts copies
 * `route.headers` onto the response before any route runs, so they go out
 * with every status, the 404 of a missing page and the 500 of a failing one
 * included). `has`/`missing` are tested by `matchHas`
 * (packages/next/src/shared/lib/router/utils/prepare-destination.ts): a value
 * is the regex `^value$` (no group around it, so `a|b` is `^a` or `b$`),
 * named groups and a value-less header become `:name` parameters of the values.
 * One policy per `source`.
 */
export function configPolicies(file: CodeFile, evaluator: JsEvaluator): CorsPolicy[] {
  const config = configValue(evaluator, evaluator.moduleExports(file));
  const headersFn = config?.kind === 'object' ? config.props.get('headers') : undefined;
  if (headersFn?.kind !== 'function') return [];
  const routes = returnedValue(evaluator, headersFn);
  if (routes?.kind !== 'array') return [];
  const groups = new Map<string, { entries: Entry[]; at: Span; originHas?: { at: Span; param: string } }>();
  for (const route of routes.items) {
    if (route.kind !== 'object') continue;
    const source = route.props.get('source');
    const headers = route.props.get('headers');
    if (source?.kind !== 'string' || headers?.kind !== 'array') continue;
    const at = spanOf(route.file, route.node);
    const group = groups.get(source.value) ?? { entries: [], at };
    const read = readEntry(route, headers, at);
    group.entries.push(read.entry);
    group.originHas ??= read.originHas;
    groups.set(source.value, group);
  }
  const out: CorsPolicy[] = [];
  for (const [source, group] of groups) {
    const made = policy('nextjs', `next.config headers for '${source}'`, group.at, branchesOf(group.entries), []);
    nextTargets.set(made, { kind: 'config', ...(group.originHas ? { originHas: group.originHas } : {}) });
    out.push(made);
  }
  return out;
}

/** The config object: `module.exports`, `export default`, a plugin wrapper's argument, a config function's result. */
function configValue(evaluator: JsEvaluator, exported: JsValue): JsValue | undefined {
  let v: JsValue | undefined = exported.kind === 'object' && exported.props.has('default') ? exported.props.get('default') : exported;
  for (let i = 0; v && i < 4; i++) {
    if (v.kind === 'object') return v;
    if (v.kind === 'function') v = returnedValue(evaluator, v);
    else if (v.kind === 'unknown' && unwrap(v.node).type === 'call_expression') {
      // `withBundleAnalyzer(nextConfig)`: plugins hand the config through.
      const args = callArgs(unwrap(v.node)).map((a) => evaluator.evaluate(v!.file, a));
      v = args.find((a) => a.kind === 'object' && a.props.has('headers')) ?? args.find((a) => a.kind === 'unknown' && unwrap(a.node).type === 'call_expression');
    } else return undefined;
  }
  return undefined;
}

/** What a function returns: its expression body, or the first `return` of its own body whose value is known. */
function returnedValue(evaluator: JsEvaluator, fn: JsValue & { kind: 'function' }): JsValue | undefined {
  const body = field(fn.fn, 'body');
  if (!body) return undefined;
  if (body.type !== 'statement_block') return evaluator.evaluate(fn.file, body);
  for (const n of descendants(body)) {
    if (n.type !== 'return_statement' || ownerFunction(n)?.startIndex !== fn.fn.startIndex) continue;
    const e = n.namedChild(0);
    if (!e) continue;
    const v = evaluator.evaluate(fn.file, e);
    if (v.kind !== 'unknown') return v;
  }
  return undefined;
}

function ownerFunction(n: Node): Node | undefined {
  for (let p = n.parent; p; p = p.parent) if (isFunction(p)) return p;
  return undefined;
}

function readEntry(route: JsValue & { kind: 'object' }, headers: JsValue & { kind: 'array' }, at: Span): { entry: Entry; originHas?: { at: Span; param: string } } {
  const params = new Map<string, ValuePart[]>();
  let gate: OriginMatcher = { kind: 'any' };
  const opaque: RequestCondition[] = [];
  let originHas: { at: Span; param: string } | undefined;
  // Path parameters (`/api/:path*`) are parameters too, but say nothing about the Origin.
  const source = route.props.get('source');
  if (source?.kind === 'string') for (const m of source.value.matchAll(/:(\w+)/g)) params.set(m[1], [{ kind: 'unknown', name: m[1] }]);
  for (const [list, negated] of [['has', false], ['missing', true]] as const) {
    const items = route.props.get(list);
    if (items?.kind !== 'array') continue;
    for (const item of items.items) {
      if (item.kind !== 'object') continue;
      const type = item.props.get('type');
      const key = item.props.get('key');
      const value = item.props.get('value');
      const itemAt = spanOf(item.file, item.node);
      const pattern = value?.kind === 'string' && value.value !== '' ? value.value : undefined;
      if (type?.kind === 'string' && type.value === 'header' && key?.kind === 'string' && key.value.toLowerCase() === 'origin') {
        const present: OriginMatcher = { kind: 'not', matcher: { kind: 'exact', value: '', caseInsensitive: false }, at: itemAt };
        const regex: OriginMatcher | undefined = pattern === undefined ? undefined : { kind: 'regex', pattern: `^${pattern}$`, flavor: 'js', mode: 'search', caseInsensitive: false, at: itemAt };
        const holds = regex ?? present;
        gate = bothMatchers(gate, negated ? { kind: 'not', matcher: bothMatchers(present, holds), at: itemAt } : holds);
        if (!negated) {
          if (regex) for (const [name, group] of namedGroups(pattern!)) params.set(name, [{ kind: 'capture', group }]);
          else params.set('origin', [{ kind: 'origin' }]);
          originHas ??= { at: itemAt, param: regex ? [...namedGroups(pattern!).keys()][0] ?? 'origin' : 'origin' };
        }
        continue;
      }
      const what = `${list} ${type?.kind === 'string' ? type.value : '?'}${key?.kind === 'string' ? ` ${key.value}` : ''}${pattern ? ` ~ ${pattern}` : ''}`;
      const cond: RequestCondition = { kind: 'opaque', text: what, at: itemAt };
      opaque.push(negated ? { kind: 'not', cond } : cond);
      if (!negated && key?.kind === 'string') {
        const name = key.value.replace(/[^A-Za-z]/g, '');
        if (pattern === undefined) params.set(name, [{ kind: 'unknown', name }]);
        else for (const [n] of namedGroups(pattern)) params.set(n, [{ kind: 'unknown', name: n }]);
      }
    }
  }
  const out: Entry['headers'] = [];
  for (const h of headers.items) {
    if (h.kind !== 'object') continue;
    const key = h.props.get('key');
    const value = h.props.get('value');
    if (key?.kind !== 'string') continue;
    const hAt = spanOf(h.file, h.node);
    out.push({ name: key.value, value: value?.kind === 'string' ? compiled(value.value, params, hAt) : unknownValue(key.value, hAt), at: hAt });
  }
  const usesOrigin = out.some((h) => h.value.cases.some((c) => c.parts.some((p) => p.kind === 'origin' || p.kind === 'capture')));
  return { entry: { headers: out, gate, opaque, at }, ...(usesOrigin && originHas ? { originHas } : {}) };
}

/** A header value with its `:name` parameters filled in (`compileNonPath`: only names that are parameters are replaced). */
function compiled(text: string, params: Map<string, ValuePart[]>, at: Span): SymbolicValue {
  const parts: ValuePart[] = [];
  let last = 0;
  for (const m of text.matchAll(/:(\w+)/g)) {
    const replacement = params.get(m[1]);
    if (!replacement) continue;
    if (m.index! > last) parts.push({ kind: 'text', text: text.slice(last, m.index) });
    parts.push(...replacement);
    last = m.index! + m[0].length;
  }
  if (last < text.length) parts.push({ kind: 'text', text: text.slice(last) });
  return { cases: [{ when: { kind: 'any' }, parts, at }] };
}

/** Named groups of a JS regex and their numbers. */
function namedGroups(pattern: string): Map<string, number> {
  const out = new Map<string, number>();
  let group = 0;
  let inClass = false;
  for (let i = 0; i < pattern.length; i++) {
    const c = pattern[i];
    if (c === '\\') { i++; continue; }
    if (inClass) { if (c === ']') inClass = false; continue; }
    if (c === '[') { inClass = true; continue; }
    if (c !== '(') continue;
    if (pattern[i + 1] !== '?') { group++; continue; }
    const named = /^\?<([A-Za-z_$][\w$]*)>/.exec(pattern.slice(i + 1));
    if (named) out.set(named[1], ++group);
  }
  return out;
}

/** One branch per combination of the conditions the model cannot evaluate; the Origin conditions live in the values. */
function branchesOf(entries: Entry[]): ResponseBranch[] {
  const undecided = entries.filter((e) => e.opaque.length > 0).slice(0, MAX_OPAQUE);
  const out: ResponseBranch[] = [];
  for (let mask = (1 << undecided.length) - 1; mask >= 0; mask--) {
    const applies = new Set(undecided.filter((_, i) => mask & (1 << i)));
    const conds = undecided.map((e) => (applies.has(e) ? and(...e.opaque) : { kind: 'not' as const, cond: and(...e.opaque) }));
    const lines = new Map<string, HeaderEmission>();
    for (const e of entries) {
      if (undecided.includes(e) && !applies.has(e)) continue;
      for (const h of e.headers) {
        const key = h.name.toLowerCase();
        const before = lines.get(key);
        const mine = e.gate.kind === 'any' ? h.value.cases : h.value.cases.map((c): ValueCase => ({ ...c, when: gated(e.gate, c) }));
        // Where this entry's Origin condition fails, the earlier entry's value stays.
        const cases = e.gate.kind === 'any' || !before ? mine : [...mine, ...before.value.cases];
        lines.set(key, emit(h.name, { cases }, h.at));
      }
    }
    const at = entries[0].at;
    out.push(branch(and(...conds), { kind: 'app', at }, [...lines.values()], at));
  }
  return out;
}

/** A capture means something only under its own regex, so a value that uses one keeps the regex itself as its condition. */
function gated(gate: OriginMatcher, c: ValueCase): OriginMatcher {
  if (c.parts.some((p) => p.kind === 'capture')) {
    const regex = findRegex(gate);
    if (regex) return regex;
  }
  return bothMatchers(gate, c.when);
}

function findRegex(m: OriginMatcher): OriginMatcher | undefined {
  if (m.kind === 'regex') return m;
  if (m.kind === 'and') for (const inner of m.matchers) { const r = findRegex(inner); if (r) return r; }
  return undefined;
}
