import type { Node } from '@vscode/tree-sitter-wasm';
import type { OriginMatcher } from '../../origin-matcher';
import type { CodeFile } from '../code-project';
import { callArgs, field, named, operatorOf, spanOf, unwrap } from './ast';
import { type JsEvaluator, type JsValue } from './values';
import { findBinding } from './bindings';

/** Tells whether an expression is the request's Origin (a callback's parameter, `req.headers.origin`, ...). */
export type OriginTest = (node: Node) => boolean;

export interface CheckContext {
  file: CodeFile;
  evaluator: JsEvaluator;
  isOrigin: OriginTest;
  /** Regexes defined outside the check keep `lastIndex` between requests when they carry `g` or `y` (npm `cors` never resets it). */
  statefulRegexes: boolean;
}

const MAX_CONDITION_DEPTH = 30;

/** The origins for which a condition written in code holds; `opaque` where the code tells nothing. */
export function conditionMatcher(ctx: CheckContext, node: Node, depth = 0): OriginMatcher {
  const n = unwrap(node);
  const at = spanOf(ctx.file, n);
  const opaque = (): OriginMatcher => ({ kind: 'opaque', description: n.text.length > 80 ? `${n.text.slice(0, 77)}...` : n.text, at });
  if (depth > MAX_CONDITION_DEPTH) return opaque();
  if (ctx.isOrigin(n)) return { kind: 'not', matcher: { kind: 'exact', value: '', caseInsensitive: false }, at };
  switch (n.type) {
    case 'true': return { kind: 'any', at };
    case 'false': return { kind: 'none', at };
    case 'unary_expression':
      if (operatorOf(n) === '!') return negate(conditionMatcher(ctx, field(n, 'argument')!, depth + 1), at);
      return opaque();
    case 'binary_expression': return binaryCondition(ctx, n, depth) ?? opaque();
    case 'call_expression': return callCondition(ctx, n) ?? opaque();
    case 'identifier': {
      // A local such as `const ok = list.includes(origin)` holds the check itself.
      const binding = findBinding(n, n.text);
      if (binding?.kind === 'value' && binding.path.length === 0) return conditionMatcher(ctx, binding.init, depth + 1);
      return opaque();
    }
    default: return opaque();
  }
}

function negate(m: OriginMatcher, at: OriginMatcher['at']): OriginMatcher {
  if (m.kind === 'any') return { kind: 'none', at };
  if (m.kind === 'none') return { kind: 'any', at };
  if (m.kind === 'not') return m.matcher;
  return { kind: 'not', matcher: m, at };
}

function binaryCondition(ctx: CheckContext, n: Node, depth: number): OriginMatcher | undefined {
  const op = operatorOf(n);
  const left = field(n, 'left')!;
  const right = field(n, 'right')!;
  const at = spanOf(ctx.file, n);
  if (op === '&&' || op === '||') {
    return { kind: op === '&&' ? 'and' : 'or', matchers: [conditionMatcher(ctx, left, depth + 1), conditionMatcher(ctx, right, depth + 1)], at };
  }
  if (['===', '==', '!==', '!='].includes(op)) {
    const negated = op.startsWith('!');
    const [originSide, other] = ctx.isOrigin(unwrap(left)) ? [left, right] : ctx.isOrigin(unwrap(right)) ? [right, left] : [undefined, undefined];
    if (originSide && other) {
      const value = ctx.evaluator.evaluate(ctx.file, other);
      let m: OriginMatcher | undefined;
      if (value.kind === 'string') m = { kind: 'exact', value: value.value, caseInsensitive: false, at };
      else if (value.kind === 'nullish' || (value.kind === 'unknown' && unwrap(other).text === 'undefined')) m = { kind: 'exact', value: '', caseInsensitive: false, at };
      if (m) return negated ? negate(m, at) : m;
      return undefined;
    }
    // `list.indexOf(origin) !== -1`, `origin.indexOf('x') === 0` and friends.
    const index = indexOfCompare(ctx, left, right, op) ?? indexOfCompare(ctx, right, left, op);
    return index;
  }
  if (['>', '>=', '<', '<='].includes(op)) return indexOfCompare(ctx, left, right, op);
  return undefined;
}

/** `x.indexOf(y) OP k`: the membership or substring test it amounts to. */
function indexOfCompare(ctx: CheckContext, call: Node, bound: Node, op: string): OriginMatcher | undefined {
  const c = unwrap(call);
  if (c.type !== 'call_expression') return undefined;
  const callee = unwrap(field(c, 'function')!);
  if (callee.type !== 'member_expression' || field(callee, 'property')?.text !== 'indexOf') return undefined;
  const k = ctx.evaluator.evaluate(ctx.file, bound);
  if (k.kind !== 'number') return undefined;
  const found = membership(ctx, field(callee, 'object')!, callArgs(c)[0], 'indexOf', spanOf(ctx.file, c));
  if (!found) return undefined;
  const v = k.value;
  // Which comparisons mean "found" (index ≥ 0) and which "not found" (-1); `=== 0` is a prefix test.
  const positive = (op === '!==' || op === '!=') && v === -1 || op === '>' && v === -1 || op === '>=' && v === 0;
  const negative = (op === '===' || op === '==') && v === -1 || op === '<' && v === 0;
  if (positive) return found.matcher;
  if (negative) return negate(found.matcher, found.matcher.at);
  if ((op === '===' || op === '==') && v === 0 && found.kind === 'substring') {
    return { ...found.matcher, kind: 'prefix' } as OriginMatcher;
  }
  return undefined;
}

interface Membership {
  kind: 'list' | 'substring';
  matcher: OriginMatcher;
}

/** `target.method(arg)` where one side is the Origin: exact membership on arrays and sets, a substring test on strings. */
function membership(ctx: CheckContext, target: Node, arg: Node | undefined, method: string, at: OriginMatcher['at']): Membership | undefined {
  if (!arg) return undefined;
  if (ctx.isOrigin(unwrap(arg))) {
    const list = ctx.evaluator.evaluate(ctx.file, target);
    if (list.kind === 'array' || list.kind === 'set') {
      const matchers = list.items.map((item) => listItemMatcher(ctx, item, 'member'));
      return { kind: 'list', matcher: { kind: 'or', matchers, at } };
    }
    if (list.kind === 'string') {
      // `'https://a.com,https://b.com'.includes(origin)`: any piece of the string passes, the empty one too.
      if (method === 'has') return { kind: 'list', matcher: { kind: 'opaque', description: 'a string has no has() method', at } };
      return { kind: 'list', matcher: { kind: 'within', value: list.value, caseInsensitive: false, at } };
    }
    return undefined;
  }
  if (ctx.isOrigin(unwrap(target))) {
    const needle = ctx.evaluator.evaluate(ctx.file, arg);
    if (needle.kind === 'string') return { kind: 'substring', matcher: { kind: 'substring', value: needle.value, caseInsensitive: false, at } };
  }
  return undefined;
}

/** One entry of an allowlist: a string compares exactly, a RegExp is tested (only where the library tests it). */
export function listItemMatcher(ctx: CheckContext, item: JsValue, use: 'member' | 'test'): OriginMatcher {
  const at = spanOf(item.file, item.node);
  if (item.kind === 'string') return { kind: 'exact', value: item.value, caseInsensitive: false, at };
  if (item.kind === 'regex') return use === 'test' ? regexMatcher(ctx, item) : { kind: 'none', at };
  if (item.kind === 'nullish' || item.kind === 'number' || item.kind === 'boolean') return { kind: 'none', at };
  return { kind: 'opaque', description: item.kind === 'unknown' ? `an entry ${item.why}` : 'an entry of unknown shape', at };
}

export function regexMatcher(ctx: CheckContext, re: JsValue & { kind: 'regex' }, resetsLastIndex = false): OriginMatcher {
  const at = spanOf(re.file, re.node);
  const m: OriginMatcher = { kind: 'regex', pattern: re.pattern, flavor: 'js', mode: re.flags.includes('y') ? 'match' : 'search', caseInsensitive: re.flags.includes('i'), at };
  if (ctx.statefulRegexes && !resetsLastIndex && /[gy]/.test(re.flags)) {
    // A match leaves `lastIndex` past it, so the next request with the same Origin starts there and usually fails.
    return { kind: 'and', matchers: [m, { kind: 'opaque', description: `a /${re.flags} regex keeps lastIndex between requests: a matching origin is refused on alternate requests`, at }], at };
  }
  return m;
}

function callCondition(ctx: CheckContext, n: Node): OriginMatcher | undefined {
  const callee = unwrap(field(n, 'function')!);
  if (callee.type !== 'member_expression') return undefined;
  const method = field(callee, 'property')?.text ?? '';
  const target = field(callee, 'object')!;
  const arg = callArgs(n)[0];
  const at = spanOf(ctx.file, n);
  if (method === 'includes' || method === 'has') return membership(ctx, target, arg, method, at)?.matcher;
  if ((method === 'endsWith' || method === 'startsWith') && ctx.isOrigin(unwrap(target)) && arg) {
    const v = ctx.evaluator.evaluate(ctx.file, arg);
    if (v.kind === 'string') return { kind: method === 'endsWith' ? 'suffix' : 'prefix', value: v.value, caseInsensitive: false, at };
    return undefined;
  }
  if ((method === 'test' || method === 'exec') && arg && ctx.isOrigin(unwrap(arg))) {
    const re = ctx.evaluator.evaluate(ctx.file, target);
    return re.kind === 'regex' ? regexOf(ctx, re, target) : undefined;
  }
  if (method === 'match' && arg && ctx.isOrigin(unwrap(target))) {
    const re = ctx.evaluator.evaluate(ctx.file, arg);
    if (re.kind === 'regex') return regexOf(ctx, re, arg);
    if (re.kind === 'string') return { kind: 'regex', pattern: re.value, flavor: 'js', mode: 'search', caseInsensitive: false, at: spanOf(re.file, re.node) };
  }
  if (method === 'some' && arg) return someCondition(ctx, target, arg, at);
  return undefined;
}

/** A regex literal written inside the check is a new object on every call, so its `lastIndex` starts at 0. */
function regexOf(ctx: CheckContext, re: JsValue & { kind: 'regex' }, written: Node): OriginMatcher {
  const inline = unwrap(written).type === 'regex';
  return regexMatcher(ctx, re, inline);
}

/** `list.some((o) => o === origin)` / `list.some((re) => re.test(origin))`: the check applied to each entry. */
function someCondition(ctx: CheckContext, target: Node, fn: Node, at: OriginMatcher['at']): OriginMatcher | undefined {
  const list = ctx.evaluator.evaluate(ctx.file, target);
  const f = unwrap(fn);
  if (list.kind !== 'array' || f.type !== 'arrow_function') return undefined;
  const param = field(f, 'parameter')?.text ?? named(field(f, 'parameters') ?? f)[0]?.text;
  const body = field(f, 'body');
  if (!param || !body || body.type === 'statement_block') return undefined;
  const b = unwrap(body);
  const matchers: OriginMatcher[] = [];
  for (const item of list.items) {
    const shaped = entryCheck(ctx, b, param, item);
    if (!shaped) return undefined;
    matchers.push(shaped);
  }
  return { kind: 'or', matchers, at };
}

/** The shapes a per-entry check takes: equality, a regex test, a suffix or prefix test against the entry. */
function entryCheck(ctx: CheckContext, body: Node, param: string, item: JsValue): OriginMatcher | undefined {
  const at = spanOf(item.file, item.node);
  const isParam = (x: Node | undefined) => !!x && unwrap(x).type === 'identifier' && unwrap(x).text === param;
  if (body.type === 'binary_expression' && ['===', '=='].includes(operatorOf(body))) {
    const l = field(body, 'left')!, r = field(body, 'right')!;
    if ((isParam(l) && ctx.isOrigin(unwrap(r))) || (isParam(r) && ctx.isOrigin(unwrap(l)))) {
      return item.kind === 'string' ? { kind: 'exact', value: item.value, caseInsensitive: false, at } : { kind: 'none', at };
    }
  }
  if (body.type === 'call_expression') {
    const callee = unwrap(field(body, 'function')!);
    const method = callee.type === 'member_expression' ? field(callee, 'property')?.text : undefined;
    const target = callee.type === 'member_expression' ? field(callee, 'object') : undefined;
    const arg = callArgs(body)[0];
    if (method === 'test' && isParam(target) && arg && ctx.isOrigin(unwrap(arg))) {
      return item.kind === 'regex' ? regexMatcher(ctx, item) : undefined;
    }
    if ((method === 'endsWith' || method === 'startsWith') && target && ctx.isOrigin(unwrap(target)) && isParam(arg)) {
      return item.kind === 'string' ? { kind: method === 'endsWith' ? 'suffix' : 'prefix', value: item.value, caseInsensitive: false, at } : undefined;
    }
  }
  return undefined;
}

