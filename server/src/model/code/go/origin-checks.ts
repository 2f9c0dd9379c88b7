import type { Node } from '@vscode/tree-sitter-wasm';
import type { OriginMatcher } from '../../origin-matcher';
import type { CodeFile } from '../code-project';
import { blockStatements, callArgs, calleeName, field, named, operatorOf, spanOf, unparen } from './ast';
import { urlCondition } from './origin-url';
import { findLocal, type GoEvaluator, type GoValue } from './values';

export interface GoCheckContext {
  file: CodeFile;
  evaluator: GoEvaluator;
  /** Whether an expression is the request's Origin (a parameter, `r.Header.Get("Origin")`, a local holding it). */
  isOrigin(node: Node): boolean;
}

const MAX_DEPTH = 30;

/** The Origin itself, or the Origin lower-cased (`strings.ToLower(origin)`): comparisons on the latter ignore case. */
function originForm(ctx: GoCheckContext, node: Node): { ci: boolean } | undefined {
  const n = unparen(node);
  if (ctx.isOrigin(n)) return { ci: false };
  if (n.type === 'call_expression' && pkgFunc(ctx, n) === 'strings.ToLower' && callArgs(n)[0] && ctx.isOrigin(unparen(callArgs(n)[0]))) return { ci: true };
  return undefined;
}

/** `strings.HasSuffix` with the package path resolved through the file's imports. */
function pkgFunc(ctx: GoCheckContext, call: Node): string | undefined {
  const name = calleeName(call);
  if (!name || !name.includes('.')) return name;
  const [pkg, fn] = [name.slice(0, name.indexOf('.')), name.slice(name.indexOf('.') + 1)];
  const path = ctx.evaluator.imports.get(pkg);
  return path ? `${path}.${fn}` : name;
}

/** The origins for which a Go condition holds; `opaque` where the code tells nothing about the Origin. */
export function goCondition(ctx: GoCheckContext, node: Node, depth = 0): OriginMatcher {
  const n = unparen(node);
  const at = spanOf(ctx.file, n);
  const opaque = (): OriginMatcher => ({ kind: 'opaque', description: n.text.length > 80 ? `${n.text.slice(0, 77)}...` : n.text, at });
  if (depth > MAX_DEPTH) return opaque();
  switch (n.type) {
    case 'true': return { kind: 'any', at };
    case 'false': return { kind: 'none', at };
    case 'unary_expression':
      if (operatorOf(n) === '!') return negate(goCondition(ctx, field(n, 'operand')!, depth + 1), at);
      return opaque();
    case 'binary_expression': return binary(ctx, n, depth) ?? urlCondition(ctx, n) ?? opaque();
    case 'call_expression': return call(ctx, n) ?? urlCondition(ctx, n) ?? opaque();
    case 'index_expression': return indexCheck(ctx, n, false) ?? opaque();
    case 'identifier': {
      const b = findLocal(n, n.text);
      if (b?.kind === 'local' && b.value) {
        // `_, ok := allowed[origin]`: ok says whether the key is present.
        if (b.index === 1 && unparen(b.value).type === 'index_expression') return indexCheck(ctx, unparen(b.value), true) ?? opaque();
        if (b.index === undefined) return goCondition(ctx, b.value, depth + 1);
      }
      return opaque();
    }
    default: return opaque();
  }
}

/** The negation, pushed through `and`/`or` so that `!(!a && !b)` reads as `a || b`, the shape rules recognise. */
export function negate(m: OriginMatcher, at: OriginMatcher['at']): OriginMatcher {
  if (m.kind === 'any') return { kind: 'none', at };
  if (m.kind === 'none') return { kind: 'any', at };
  if (m.kind === 'not') return m.matcher;
  if (m.kind === 'and' || m.kind === 'or') return { kind: m.kind === 'and' ? 'or' : 'and', matchers: m.matchers.map((x) => negate(x, x.at)), at: m.at ?? at };
  return { kind: 'not', matcher: m, at };
}

function binary(ctx: GoCheckContext, n: Node, depth: number): OriginMatcher | undefined {
  const op = operatorOf(n);
  const left = field(n, 'left')!;
  const right = field(n, 'right')!;
  const at = spanOf(ctx.file, n);
  if (op === '&&' || op === '||') return { kind: op === '&&' ? 'and' : 'or', matchers: [goCondition(ctx, left, depth + 1), goCondition(ctx, right, depth + 1)], at };
  if (op !== '==' && op !== '!=') return undefined;
  const lf = originForm(ctx, left);
  const rf = originForm(ctx, right);
  const [form, other] = lf ? [lf, right] : rf ? [rf, left] : [undefined, undefined];
  if (!form || !other) return undefined;
  const v = ctx.evaluator.evaluate(ctx.file, other);
  if (v.kind !== 'string') return undefined;
  // A lower-cased Origin never equals a value with capitals.
  const m: OriginMatcher = form.ci && v.value !== v.value.toLowerCase() ? { kind: 'none', at } : { kind: 'exact', value: v.value, caseInsensitive: form.ci, at };
  return op === '!=' ? negate(m, at) : m;
}

function call(ctx: GoCheckContext, n: Node): OriginMatcher | undefined {
  const fn = pkgFunc(ctx, n);
  const args = callArgs(n);
  const at = spanOf(ctx.file, n);
  const kinds: Record<string, 'suffix' | 'prefix' | 'substring'> = { 'strings.HasSuffix': 'suffix', 'strings.HasPrefix': 'prefix', 'strings.Contains': 'substring' };
  if (fn && fn in kinds && args.length === 2) {
    const form = originForm(ctx, args[0]);
    if (!form) return fn === 'strings.Contains' ? within(ctx, args[0], args[1], at) : undefined;
    const v = ctx.evaluator.evaluate(ctx.file, args[1]);
    return v.kind === 'string' ? { kind: kinds[fn], value: v.value, caseInsensitive: form.ci, at } : undefined;
  }
  if (fn === 'strings.EqualFold' && args.length === 2) {
    const [o, other] = originForm(ctx, args[0]) ? [args[0], args[1]] : originForm(ctx, args[1]) ? [args[1], args[0]] : [undefined, undefined];
    const v = other && ctx.evaluator.evaluate(ctx.file, other);
    if (o && v?.kind === 'string') return { kind: 'exact', value: v.value, caseInsensitive: true, at };
    return undefined;
  }
  if ((fn === 'slices.Contains' || fn === 'golang.org/x/exp/slices.Contains') && args.length === 2) {
    const form = originForm(ctx, args[1]);
    const list = ctx.evaluator.evaluate(ctx.file, args[0]);
    if (form && list.kind === 'slice') return { kind: 'or', matchers: list.items.map((i) => itemMatcher(i, form.ci)), at };
    return undefined;
  }
  if (fn === 'regexp.MatchString' && args.length === 2) {
    const form = originForm(ctx, args[1]);
    const p = ctx.evaluator.evaluate(ctx.file, args[0]);
    if (form && p.kind === 'string') return regexOf(p.value, form.ci, spanOf(p.file, p.node));
    return undefined;
  }
  const callee = unparen(field(n, 'function')!);
  if (callee.type === 'selector_expression' && field(callee, 'field')?.text === 'MatchString' && args.length === 1) {
    const form = originForm(ctx, args[0]);
    const re = ctx.evaluator.evaluate(ctx.file, field(callee, 'operand')!);
    if (form && re.kind === 'regex') return regexOf(re.pattern, form.ci, spanOf(re.file, regexArg(re.node)));
  }
  return undefined;
}

/**
 * `strings.Contains(allowed, origin)`, the substring test the other way round:
 * any piece of the string passes, shorter origins and the empty one too.
 */
function within(ctx: GoCheckContext, haystack: Node, needle: Node, at: OriginMatcher['at']): OriginMatcher | undefined {
  const form = originForm(ctx, needle);
  const list = form && ctx.evaluator.evaluate(ctx.file, haystack);
  if (!form || list?.kind !== 'string') return undefined;
  return { kind: 'within', value: form.ci ? capitalsAsBreaks(list.value) : list.value, caseInsensitive: form.ci, at };
}

/**
 * A lower-cased Origin holds no capital, so it never spans one: each capital
 * becomes a line break, which no header value holds and which separates
 * pieces. What is left has no capitals, so matching it ignoring case is exact.
 */
function capitalsAsBreaks(value: string): string {
  return [...value].map((c) => (c.toLowerCase() === c ? c : '\n')).join('');
}

/** The pattern argument of `regexp.MustCompile(...)`, where a fix rewrites it. */
function regexArg(node: Node): Node {
  return node.type === 'call_expression' ? callArgs(node)[0] ?? node : node;
}

/** Go's `MatchString` finds the pattern anywhere (RE2); a lower-cased subject behaves like a case-insensitive match only for lower-case patterns, which the model accepts. */
function regexOf(pattern: string, ci: boolean, at: OriginMatcher['at']): OriginMatcher {
  return { kind: 'regex', pattern, flavor: 'go', mode: 'search', caseInsensitive: ci, at };
}

/** `allowed[origin]` on a `map[string]bool` (true entries) or, as `_, ok :=`, any map (its keys). */
function indexCheck(ctx: GoCheckContext, n: Node, presence: boolean): OriginMatcher | undefined {
  const form = originForm(ctx, field(n, 'index')!);
  if (!form) return undefined;
  const m = ctx.evaluator.evaluate(ctx.file, field(n, 'operand')!);
  const at = spanOf(ctx.file, n);
  if (m.kind !== 'map') return undefined;
  const matchers: OriginMatcher[] = [];
  for (const e of m.entries) {
    if (!presence && !(e.value.kind === 'boolean' && e.value.value)) {
      if (e.value.kind !== 'boolean') return undefined;
      continue;
    }
    matchers.push(itemMatcher(e.key, form.ci));
  }
  return { kind: 'or', matchers, at };
}

/** One allowlist entry compared with `==`. */
export function itemMatcher(item: GoValue, ci: boolean): OriginMatcher {
  const at = spanOf(item.file, item.node);
  if (item.kind === 'string') return ci && item.value !== item.value.toLowerCase() ? { kind: 'none', at } : { kind: 'exact', value: item.value, caseInsensitive: ci, at };
  return { kind: 'opaque', description: item.kind === 'unknown' ? `an entry ${item.why}` : 'an entry of unknown shape', at };
}

/** Whether a subtree mentions the Origin anywhere, also through locals (`_, ok := allowed[origin]`). */
export function mentionsOrigin(ctx: GoCheckContext, n: Node): boolean {
  const stack = [n];
  const seen = new Set<number>();
  let budget = 2000;
  while (stack.length && budget-- > 0) {
    const x = stack.pop()!;
    if (ctx.isOrigin(unparen(x))) return true;
    if (x.type === 'identifier' && !seen.has(x.startIndex)) {
      seen.add(x.startIndex);
      const b = findLocal(x, x.text);
      if (b?.kind === 'local' && b.value) stack.push(b.value);
    }
    for (const c of named(x)) stack.push(c);
  }
  return false;
}

/**
 * `for _, o := range list { if <check of o against the Origin> { ...then } }`:
 * the check against every entry, or'ed, and the statements it guards.
 */
export function rangeCheck(ctx: GoCheckContext, s: Node): { when: OriginMatcher; then: Node[] } | undefined {
  const clause = named(s).find((c) => c.type === 'range_clause');
  const body = blockStatements(field(s, 'body'));
  if (!clause || body.length !== 1 || body[0].type !== 'if_statement') return undefined;
  const vars = named(field(clause, 'left') ?? clause);
  const item = vars[1] ?? vars[0];
  const list = ctx.evaluator.evaluate(ctx.file, field(clause, 'right')!);
  if (!item || list.kind !== 'slice' || !mentionsOrigin(ctx, field(body[0], 'condition')!)) return undefined;
  const condNode = field(body[0], 'condition')!;
  const matchers = list.items.map((entry) => (entry.kind === 'string' ? goCondition({ ...ctx, evaluator: withConstant(ctx.evaluator, item.text, entry.value) }, condNode) : itemMatcher(entry, false)));
  return { when: { kind: 'or', matchers, at: spanOf(ctx.file, s) }, then: blockStatements(field(body[0], 'consequence')) };
}

/** The evaluator with a loop variable standing for one entry. */
function withConstant(evaluator: GoEvaluator, name: string, value: string): GoEvaluator {
  const proxy = Object.create(evaluator) as GoEvaluator;
  proxy.evaluate = (file, node, depth) => {
    const n = unparen(node);
    if (n.type === 'identifier' && n.text === name) return { kind: 'string', value, node: n, file };
    return evaluator.evaluate(file, node, depth);
  };
  return proxy;
}
