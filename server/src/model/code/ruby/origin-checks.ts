import type { Node } from '@vscode/tree-sitter-wasm';
import type { OriginMatcher } from '../../origin-matcher';
import { field, methodName, named, rbArgs, spanOf, statementsOf, unwrapRb } from './ast';
import type { RbEvaluate, RbValue } from './values';

/** Tells whether an expression is the request's Origin (a block parameter, `request.headers['Origin']`, ...). */
export type RbOriginTest = (node: Node) => boolean;

export interface RbCheckContext {
  evaluator: RbEvaluate;
  isOrigin: RbOriginTest;
}

const MAX_DEPTH = 30;

function opaque(ctx: RbCheckContext, n: Node): OriginMatcher {
  return { kind: 'opaque', description: n.text.length > 80 ? `${n.text.slice(0, 77)}...` : n.text, at: spanOf(ctx.evaluator.file, n) };
}

export function negate(m: OriginMatcher, at?: OriginMatcher['at']): OriginMatcher {
  if (m.kind === 'any') return { kind: 'none', at };
  if (m.kind === 'none') return { kind: 'any', at };
  if (m.kind === 'not') return m.matcher;
  return { kind: 'not', matcher: m, at: at ?? m.at };
}

export function both(a: OriginMatcher, b: OriginMatcher): OriginMatcher {
  if (a.kind === 'any') return b;
  if (b.kind === 'any') return a;
  if (a.kind === 'none' || b.kind === 'none') return { kind: 'none' };
  return { kind: 'and', matchers: [a, b] };
}

export function either(a: OriginMatcher, b: OriginMatcher): OriginMatcher {
  if (a.kind === 'none') return b;
  if (b.kind === 'none') return a;
  if (a.kind === 'any' || b.kind === 'any') return { kind: 'any' };
  return { kind: 'or', matchers: [a, b] };
}

/**
 * For which origins a block's value is truthy: statements run in order,
 * `return`/`next` end it, `x if cond` and `if` split it, the last
 * expression is the answer.
 */
export function blockMatcher(ctx: RbCheckContext, stmts: Node[], depth = 0): OriginMatcher {
  if (stmts.length === 0 || depth > MAX_DEPTH) return stmts.length === 0 ? { kind: 'none' } : opaque(ctx, stmts[0]);
  const [s, ...rest] = stmts.map(unwrapRb);
  switch (s.type) {
    case 'return': case 'next': {
      const value = named(named(s)[0] ?? s)[0];
      return value && value !== s ? truth(ctx, value, depth + 1) : { kind: 'none' };
    }
    case 'if_modifier': case 'unless_modifier': {
      const c = condition(ctx, field(s, 'condition')!, s.type === 'unless_modifier', depth);
      const body = field(s, 'body');
      return either(both(c, blockMatcher(ctx, body ? [body, ...rest] : rest, depth + 1)), both(negate(c), blockMatcher(ctx, rest, depth + 1)));
    }
    case 'if': case 'unless': case 'elsif': {
      const c = condition(ctx, field(s, 'condition')!, s.type === 'unless', depth);
      const then = statementsOf(field(s, 'consequence'));
      const alt = field(s, 'alternative');
      const other = alt ? (alt.type === 'elsif' ? [alt] : statementsOf(alt)) : [];
      return either(both(c, blockMatcher(ctx, [...then, ...rest], depth + 1)), both(negate(c), blockMatcher(ctx, [...other, ...rest], depth + 1)));
    }
    case 'assignment': case 'operator_assignment':
      return rest.length > 0 ? blockMatcher(ctx, rest, depth + 1) : truth(ctx, field(s, 'right') ?? s, depth + 1);
    default:
      return rest.length > 0 ? blockMatcher(ctx, rest, depth + 1) : truth(ctx, s, depth + 1);
  }
}

function condition(ctx: RbCheckContext, n: Node, negated: boolean, depth: number): OriginMatcher {
  const m = truth(ctx, n, depth + 1);
  return negated ? negate(m, spanOf(ctx.evaluator.file, n)) : m;
}

/** The origins for which an expression is truthy; `opaque` where the code tells nothing. */
export function truth(ctx: RbCheckContext, node: Node, depth = 0): OriginMatcher {
  const n = unwrapRb(node);
  const at = spanOf(ctx.evaluator.file, n);
  if (depth > MAX_DEPTH) return opaque(ctx, n);
  if (ctx.isOrigin(n)) return { kind: 'not', matcher: { kind: 'exact', value: '', caseInsensitive: false }, at };
  switch (n.type) {
    case 'true': return { kind: 'any', at };
    case 'false': case 'nil': return { kind: 'none', at };
    case 'string': case 'integer': case 'simple_symbol': case 'array': case 'regex': return { kind: 'any', at };
    case 'unary': {
      const op = n.child(0)?.text;
      const operand = field(n, 'operand');
      if ((op === '!' || op === 'not') && operand) return negate(truth(ctx, operand, depth + 1), at);
      return opaque(ctx, n);
    }
    case 'binary': return binary(ctx, n, depth) ?? opaque(ctx, n);
    case 'call': return call(ctx, n) ?? opaque(ctx, n);
    case 'conditional': {
      const c = truth(ctx, field(n, 'condition')!, depth + 1);
      return either(both(c, truth(ctx, field(n, 'consequence')!, depth + 1)), both(negate(c), truth(ctx, field(n, 'alternative')!, depth + 1)));
    }
    case 'identifier': {
      // A local such as `ok = LIST.include?(origin)` holds the check itself.
      const v = ctx.evaluator.evaluate(n);
      if (v.node !== n && v.kind === 'unknown' && v.node.type !== 'identifier') return truth(ctx, v.node, depth + 1);
      return valueTruth(v, at) ?? opaque(ctx, n);
    }
    case 'constant': case 'scope_resolution': return valueTruth(ctx.evaluator.evaluate(n), at) ?? opaque(ctx, n);
    default: return opaque(ctx, n);
  }
}

function valueTruth(v: RbValue, at: OriginMatcher['at']): OriginMatcher | undefined {
  if (v.kind === 'nil' || (v.kind === 'boolean' && !v.value)) return { kind: 'none', at };
  if (v.kind === 'unknown') return undefined;
  return { kind: 'any', at };
}

function binary(ctx: RbCheckContext, n: Node, depth: number): OriginMatcher | undefined {
  const op = field(n, 'operator')?.text ?? '';
  const left = unwrapRb(field(n, 'left')!);
  const right = unwrapRb(field(n, 'right')!);
  const at = spanOf(ctx.evaluator.file, n);
  if (op === '&&' || op === 'and') return both(truth(ctx, left, depth + 1), truth(ctx, right, depth + 1));
  if (op === '||' || op === 'or') return either(truth(ctx, left, depth + 1), truth(ctx, right, depth + 1));
  if (op === '==' || op === '!=' || op === 'eql?') {
    const [origin, other] = ctx.isOrigin(left) ? [left, right] : ctx.isOrigin(right) ? [right, left] : [];
    if (!origin || !other) return undefined;
    const v = ctx.evaluator.evaluate(other);
    const m: OriginMatcher | undefined = v.kind === 'string' ? { kind: 'exact', value: v.value, caseInsensitive: false, at } : v.kind === 'nil' ? { kind: 'exact', value: '', caseInsensitive: false, at } : undefined;
    return m && (op === '!=' ? negate(m, at) : m);
  }
  if (op === '=~' || op === '!~' || op === '===') {
    const [origin, other] = ctx.isOrigin(left) ? [left, right] : ctx.isOrigin(right) ? [right, left] : [];
    if (!origin || !other || (op === '===' && other !== left)) return undefined;
    const m = regexOf(ctx, other);
    return m && (op === '!~' ? negate(m, at) : m);
  }
  return undefined;
}

/** A Ruby regex (or a string used as one) applied with `=~`/`match?`: unanchored, `^`/`$` at line ends. */
export function regexOf(ctx: RbCheckContext, node: Node): OriginMatcher | undefined {
  const v = ctx.evaluator.evaluate(node);
  const at = spanOf(v.file, v.node);
  if (v.kind === 'regex') return regexMatcher(v, at);
  if (v.kind === 'string') return { kind: 'regex', pattern: v.value, flavor: 'ruby', mode: 'search', caseInsensitive: false, at };
  return undefined;
}

export function regexMatcher(v: RbValue & { kind: 'regex' }, at: OriginMatcher['at']): OriginMatcher {
  // Ruby's `m` is dot-all and `x` extended: carried inline so the engine reads them as Ruby does.
  const inline = v.flags.replace(/[^mx]/g, '');
  return { kind: 'regex', pattern: inline ? `(?${inline})${v.pattern}` : v.pattern, flavor: 'ruby', mode: 'search', caseInsensitive: v.flags.includes('i'), at };
}

function call(ctx: RbCheckContext, n: Node): OriginMatcher | undefined {
  const method = methodName(n) ?? '';
  const receiver = field(n, 'receiver') && unwrapRb(field(n, 'receiver')!);
  const args = rbArgs(n);
  const at = spanOf(ctx.evaluator.file, n);
  if (!receiver) return undefined;
  const originIsReceiver = ctx.isOrigin(receiver);
  if (method === 'nil?' && originIsReceiver) return { kind: 'exact', value: '', caseInsensitive: false, at };
  if ((method === 'present?' || method === 'presence') && originIsReceiver) return { kind: 'not', matcher: { kind: 'exact', value: '', caseInsensitive: false }, at };
  if ((method === 'blank?' || method === 'empty?') && originIsReceiver) return { kind: 'exact', value: '', caseInsensitive: false, at };
  if ((method === 'end_with?' || method === 'start_with?') && originIsReceiver && args.length > 0) {
    const ms: OriginMatcher[] = [];
    for (const a of args) {
      const v = ctx.evaluator.evaluate(a);
      if (v.kind === 'string') ms.push({ kind: method === 'end_with?' ? 'suffix' : 'prefix', value: v.value, caseInsensitive: false, at: spanOf(v.file, v.node) });
      else if (v.kind === 'regex' && method === 'start_with?') ms.push({ ...regexMatcher(v, at), mode: 'match' } as OriginMatcher);
      else return undefined;
    }
    return ms.length === 1 ? { ...ms[0], at } : { kind: 'or', matchers: ms, at };
  }
  if (method === 'include?' || method === 'member?') {
    if (originIsReceiver && args[0]) {
      const v = ctx.evaluator.evaluate(args[0]);
      return v.kind === 'string' ? { kind: 'substring', value: v.value, caseInsensitive: false, at } : undefined;
    }
    if (args[0] && ctx.isOrigin(unwrapRb(args[0]))) {
      const list = ctx.evaluator.evaluate(receiver);
      if (list.kind === 'array') return { kind: 'or', matchers: list.items.map((i) => listEntry(i)), at };
      // `'https://a.com https://b.com'.include?(origin)`: any piece of the string passes.
      if (list.kind === 'string') return { kind: 'within', value: list.value, caseInsensitive: false, at };
    }
    return undefined;
  }
  if ((method === 'match?' || method === 'match') && args[0]) {
    if (originIsReceiver) return regexOf(ctx, args[0]);
    if (ctx.isOrigin(unwrapRb(args[0]))) return regexOf(ctx, receiver);
  }
  if (method === 'any?' && field(n, 'block')) return anyCheck(ctx, receiver, field(n, 'block')!, at);
  return undefined;
}

/** An allowlist entry compared with `include?`: strings equal, anything else never equals a string. */
function listEntry(item: RbValue): OriginMatcher {
  const at = spanOf(item.file, item.node);
  if (item.kind === 'string') return { kind: 'exact', value: item.value, caseInsensitive: false, at };
  if (item.kind === 'unknown') return { kind: 'opaque', description: `an entry ${item.why}`, at };
  return { kind: 'none', at };
}

/** `LIST.any? { |p| p.match?(origin) }` and the like: the block's check applied to each entry. */
function anyCheck(ctx: RbCheckContext, receiver: Node, block: Node, at: OriginMatcher['at']): OriginMatcher | undefined {
  const list = ctx.evaluator.evaluate(receiver);
  const params = named(field(block, 'parameters') ?? block).filter((p) => p.type === 'identifier').map((p) => p.text);
  const body = statementsOf(block);
  if (list.kind !== 'array' || params.length !== 1 || body.length !== 1) return undefined;
  const param = params[0];
  const matchers: OriginMatcher[] = [];
  for (const item of list.items) {
    const entryCtx: RbCheckContext = { evaluator: new EntryEvaluator(ctx.evaluator, param, item), isOrigin: ctx.isOrigin };
    const m = truth(entryCtx, body[0]);
    if (m.kind === 'opaque') return undefined;
    matchers.push(m);
  }
  return { kind: 'or', matchers, at };
}

/** The evaluator with a block parameter bound to one list entry. */
class EntryEvaluator implements RbEvaluate {
  constructor(private readonly outer: RbEvaluate, private readonly param: string, private readonly item: RbValue) {}
  get file() {
    return this.outer.file;
  }
  evaluate(node: Node): RbValue {
    const n = unwrapRb(node);
    if (n.type === 'identifier' && n.text === this.param) return this.item;
    return this.outer.evaluate(n);
  }
}
