import type { Node } from '@vscode/tree-sitter-wasm';
import type { OriginMatcher } from '../../origin-matcher';
import type { CodeFile } from '../code-project';
import { comparisonOperators, dottedPy, field, named, pyArgs, spanOf, tokenOf, unwrapPy } from './ast';
import { findPyBinding } from './bindings';
import { RE_FLAGS, type PyEvaluator, type PyValue } from './values';

/** Tells whether an expression is the request's Origin (`request.headers.get('Origin')`, a local holding it...). */
export type PyOriginTest = (node: Node) => boolean;

export interface PyCheckContext {
  file: CodeFile;
  evaluator: PyEvaluator;
  isOrigin: PyOriginTest;
  /** Starlette's headers refuse `None` (the request fails), Flask and Django write the text `None`. */
  noneHeader?: 'text' | 'error';
}

const MAX_DEPTH = 30;

/** The origins for which a Python condition holds; `opaque` where the code tells nothing. */
export function pyConditionMatcher(ctx: PyCheckContext, node: Node, depth = 0): OriginMatcher {
  const n = unwrapPy(node);
  const at = spanOf(ctx.file, n);
  const opaque = (): OriginMatcher => ({ kind: 'opaque', description: n.text.length > 80 ? `${n.text.slice(0, 77)}...` : n.text, at });
  if (depth > MAX_DEPTH) return opaque();
  // A bare Origin in a condition is its truthiness: present and not empty.
  if (ctx.isOrigin(n)) return { kind: 'not', matcher: { kind: 'exact', value: '', caseInsensitive: false }, at };
  switch (n.type) {
    case 'true': return { kind: 'any', at };
    case 'false': case 'none': return { kind: 'none', at };
    case 'not_operator': return negate(pyConditionMatcher(ctx, field(n, 'argument')!, depth + 1), at);
    case 'boolean_operator': {
      const op = tokenOf(n);
      const parts = [pyConditionMatcher(ctx, field(n, 'left')!, depth + 1), pyConditionMatcher(ctx, field(n, 'right')!, depth + 1)];
      return { kind: op === 'and' ? 'and' : 'or', matchers: parts, at };
    }
    case 'comparison_operator': return comparison(ctx, n) ?? opaque();
    case 'call': return callCondition(ctx, n, depth) ?? opaque();
    case 'identifier': {
      // `allowed = origin in ALLOWED` holds the check itself.
      const b = findPyBinding(ctx.file, n, n.text);
      if (b?.kind === 'value' && b.index === undefined) return pyConditionMatcher(ctx, b.init, depth + 1);
      return opaque();
    }
    default: return opaque();
  }
}

export function negate(m: OriginMatcher, at: OriginMatcher['at']): OriginMatcher {
  if (m.kind === 'any') return { kind: 'none', at };
  if (m.kind === 'none') return { kind: 'any', at };
  if (m.kind === 'not') return m.matcher;
  return { kind: 'not', matcher: m, at };
}

function comparison(ctx: PyCheckContext, n: Node): OriginMatcher | undefined {
  const ops = comparisonOperators(n);
  const [left, right] = named(n);
  if (ops.length !== 1 || !left || !right) return undefined;
  const op = ops[0]!;
  const at = spanOf(ctx.file, n);
  const originLeft = ctx.isOrigin(unwrapPy(left));
  const originRight = ctx.isOrigin(unwrapPy(right));
  if (!originLeft && !originRight) return undefined;
  const other = originLeft ? right : left;
  const value = ctx.evaluator.evaluate(ctx.file, other);
  const positive = (m: OriginMatcher | undefined) => (m && (op.startsWith('not') || op === '!=' || op === 'is not') ? negate(m, at) : m);
  if (op === '==' || op === '!=' || op === 'is' || op === 'is not') {
    if (value.kind === 'string') return positive({ kind: 'exact', value: value.value, caseInsensitive: false, at });
    if (value.kind === 'none') return positive({ kind: 'exact', value: '', caseInsensitive: false, at });
    return undefined;
  }
  if (op !== 'in' && op !== 'not in') return undefined;
  if (originLeft) {
    // `origin in ALLOWED`: a container compares each entry exactly; a string is a substring test.
    if (value.kind === 'list' || value.kind === 'set') return positive({ kind: 'or', matchers: value.items.map((i) => entryMatcher(i)), at });
    if (value.kind === 'dict') return positive({ kind: 'or', matchers: [...value.entries.keys()].map((k) => ({ kind: 'exact', value: k, caseInsensitive: false, at: spanOf(value.file, value.keyNodes.get(k) ?? value.node) })), at });
    if (value.kind === 'string') return positive(substringOf(value.value, at));
    return undefined;
  }
  // `'example.com' in origin`: the Origin contains the text.
  if (value.kind === 'string') return positive({ kind: 'substring', value: value.value, caseInsensitive: false, at });
  return undefined;
}

/** The Origin is a piece of a string (`origin in 'https://a.com https://b.com'`): every substring passes. */
export function substringOf(text: string, at: OriginMatcher['at']): OriginMatcher {
  return { kind: 'within', value: text, caseInsensitive: false, at };
}

function entryMatcher(item: PyValue): OriginMatcher {
  const at = spanOf(item.file, item.node);
  if (item.kind === 'string') return { kind: 'exact', value: item.value, caseInsensitive: false, at };
  if (item.kind === 'unknown') return { kind: 'opaque', description: `an entry ${item.why}`, at };
  return { kind: 'none', at };
}

function callCondition(ctx: PyCheckContext, n: Node, depth: number): OriginMatcher | undefined {
  const callee = unwrapPy(field(n, 'function')!);
  const { positional, keywords } = pyArgs(n);
  const at = spanOf(ctx.file, n);
  if (callee.type === 'identifier' && callee.text === 'bool' && positional[0]) return pyConditionMatcher(ctx, positional[0], depth + 1);
  if (callee.type === 'identifier' && callee.text === 'any' && positional[0]) return anyOf(ctx, unwrapPy(positional[0]), at);
  if (callee.type === 'attribute') {
    const method = field(callee, 'attribute')!.text;
    const target = unwrapPy(field(callee, 'object')!);
    if ((method === 'endswith' || method === 'startswith') && ctx.isOrigin(target) && positional[0]) {
      const v = ctx.evaluator.evaluate(ctx.file, positional[0]);
      const kind = method === 'endswith' ? 'suffix' : 'prefix';
      if (v.kind === 'string') return { kind, value: v.value, caseInsensitive: false, at };
      // `origin.endswith(('.a.com', '.b.com'))`: any of them.
      if (v.kind === 'list' && v.items.every((i) => i.kind === 'string')) return { kind: 'or', matchers: v.items.map((i) => ({ kind, value: (i as { value: string }).value, caseInsensitive: false, at: spanOf(i.file, i.node) })), at };
      return undefined;
    }
    // `re.match(p, origin)`, `re.fullmatch`, `re.search`, and the same methods of a compiled pattern.
    const mode = method === 'match' ? 'match' : method === 'fullmatch' ? 'fullmatch' : method === 'search' ? 'search' : undefined;
    if (mode) {
      const reModule = ctx.evaluator.calleeName(ctx.file, callee) === `re.${method}`;
      const patternNode = reModule ? positional[0] ?? keywords.get('pattern') : target;
      const subject = reModule ? positional[1] ?? keywords.get('string') : positional[0];
      if (!patternNode || !subject || !ctx.isOrigin(unwrapPy(subject))) return undefined;
      const p = ctx.evaluator.evaluate(ctx.file, patternNode);
      const flagsNode = reModule ? positional[2] ?? keywords.get('flags') : undefined;
      const flags = flagsNode ? ctx.evaluator.evaluate(ctx.file, flagsNode) : undefined;
      if (flags && flags.kind !== 'number') return undefined;
      const ci = flags?.kind === 'number' && (flags.value & RE_FLAGS.I!) !== 0;
      const written = spanOf(p.file, p.node);
      if (p.kind === 'string') return { kind: 'regex', pattern: p.value, flavor: 'python', mode, caseInsensitive: ci, at: written };
      if (p.kind === 'regex') return { kind: 'regex', pattern: p.pattern, flavor: 'python', mode, caseInsensitive: p.ignoreCase || ci, at: written };
      return undefined;
    }
  }
  return localFunction(ctx, callee, positional, depth);
}

/**
 * `any(origin.endswith(s) for s in SUFFIXES)`, `any(re.match(p, origin) for p in PATTERNS)`,
 * `any(origin == o for o in ORIGINS)`: the check applied to each entry.
 */
function anyOf(ctx: PyCheckContext, gen: Node, at: OriginMatcher['at']): OriginMatcher | undefined {
  if (gen.type !== 'generator_expression' && gen.type !== 'list_comprehension') return undefined;
  const body = field(gen, 'body');
  const loop = named(gen).find((c) => c.type === 'for_in_clause');
  const variable = loop && field(loop, 'left');
  if (!body || !loop || variable?.type !== 'identifier' || named(gen).length !== 2) return undefined;
  const list = ctx.evaluator.evaluate(ctx.file, field(loop, 'right')!);
  if (list.kind !== 'list' && list.kind !== 'set') return undefined;
  const matchers: OriginMatcher[] = [];
  for (const item of list.items) {
    const m = entryCheck(ctx, unwrapPy(body), variable.text, item);
    if (!m) return undefined;
    matchers.push(m);
  }
  return { kind: 'or', matchers, at };
}

/** One entry put in place of the loop variable: equality, a suffix or prefix test, a regex applied to the Origin. */
function entryCheck(ctx: PyCheckContext, body: Node, variable: string, item: PyValue): OriginMatcher | undefined {
  const at = spanOf(item.file, item.node);
  const isVar = (n: Node | undefined) => !!n && unwrapPy(n).type === 'identifier' && unwrapPy(n).text === variable;
  if (body.type === 'comparison_operator' && comparisonOperators(body).join() === '==') {
    const [l, r] = named(body);
    if ((isVar(l) && r && ctx.isOrigin(unwrapPy(r))) || (isVar(r) && l && ctx.isOrigin(unwrapPy(l)))) return item.kind === 'string' ? { kind: 'exact', value: item.value, caseInsensitive: false, at } : { kind: 'none', at };
    return undefined;
  }
  if (body.type !== 'call') return undefined;
  const callee = unwrapPy(field(body, 'function')!);
  if (callee.type !== 'attribute') return undefined;
  const method = field(callee, 'attribute')!.text;
  const target = unwrapPy(field(callee, 'object')!);
  const args = pyArgs(body).positional;
  if ((method === 'endswith' || method === 'startswith') && ctx.isOrigin(target) && isVar(args[0])) {
    return item.kind === 'string' ? { kind: method === 'endswith' ? 'suffix' : 'prefix', value: item.value, caseInsensitive: false, at } : undefined;
  }
  const mode = method === 'match' ? 'match' : method === 'fullmatch' ? 'fullmatch' : method === 'search' ? 'search' : undefined;
  if (!mode) return undefined;
  const reModule = ctx.evaluator.calleeName(ctx.file, callee) === `re.${method}`;
  const [patternArg, subject] = reModule ? [args[0], args[1]] : [target, args[0]];
  if (!isVar(patternArg) || !subject || !ctx.isOrigin(unwrapPy(subject))) return undefined;
  if (item.kind === 'string') return { kind: 'regex', pattern: item.value, flavor: 'python', mode, caseInsensitive: false, at };
  if (item.kind === 'regex') return { kind: 'regex', pattern: item.pattern, flavor: 'python', mode, caseInsensitive: item.ignoreCase, at };
  return undefined;
}

/** `is_allowed(origin)` where `def is_allowed(o): return <check>`: the check with the parameter as the Origin. */
function localFunction(ctx: PyCheckContext, callee: Node, args: Node[], depth: number): OriginMatcher | undefined {
  if (callee.type !== 'identifier' || args.length !== 1 || !ctx.isOrigin(unwrapPy(args[0]!))) return undefined;
  const b = findPyBinding(ctx.file, callee, callee.text);
  if (b?.kind !== 'function') return undefined;
  const body = field(b.node, 'body');
  const stmts = body ? named(body) : [];
  const ret = stmts.length === 1 && stmts[0]!.type === 'return_statement' ? named(stmts[0]!)[0] : undefined;
  const param = field(b.node, 'parameters') && named(field(b.node, 'parameters')!)[0];
  if (!ret || param?.type !== 'identifier') return undefined;
  const inner: PyCheckContext = { ...ctx, isOrigin: (x) => (x.type === 'identifier' && x.text === param.text) || ctx.isOrigin(x) };
  return pyConditionMatcher(inner, ret, depth + 1);
}

/** `request.headers.get('Origin')`, `request.origin`, `request.META['HTTP_ORIGIN']` and the like, on any request object. */
export function originRead(node: Node): { absent: 'None' | 'error' | 'default'; defaultNode?: Node } | undefined {
  const n = unwrapPy(node);
  if (n.type === 'attribute' && field(n, 'attribute')!.text === 'origin' && isRequestish(field(n, 'object')!)) return { absent: 'None' };
  if (n.type === 'subscript') {
    const key = stringKey(field(n, 'subscript'));
    const container = dottedPy(field(n, 'value')!) ?? '';
    if (key && isOriginKey(key, container)) return { absent: 'error' };
  }
  if (n.type === 'call') {
    const callee = unwrapPy(field(n, 'function')!);
    if (callee.type !== 'attribute' || field(callee, 'attribute')!.text !== 'get') return undefined;
    const container = dottedPy(field(callee, 'object')!) ?? '';
    const { positional, keywords } = pyArgs(n);
    const key = stringKey(positional[0]);
    if (!key || !isOriginKey(key, container)) return undefined;
    const def = positional[1] ?? keywords.get('default');
    return def ? { absent: 'default', defaultNode: def } : { absent: 'None' };
  }
  return undefined;
}

function stringKey(n: Node | undefined): string | undefined {
  const u = n && unwrapPy(n);
  if (!u || u.type !== 'string') return undefined;
  return /^[A-Za-z]*(['"])([^'"]*)\1$/.exec(u.text)?.[2];
}

/** `…headers` with `origin` in any case; `…META`/`…environ` with `HTTP_ORIGIN`. */
function isOriginKey(key: string, container: string): boolean {
  const last = container.split('.').pop() ?? '';
  if ((last === 'headers' || last === 'header') && key.toLowerCase() === 'origin') return container.split('.').length >= 2;
  return (last === 'META' || last === 'environ' || last === 'scope') && key === 'HTTP_ORIGIN';
}

function isRequestish(n: Node): boolean {
  const name = dottedPy(n) ?? '';
  return /(^|\.)(request|req)$/.test(name);
}
