import type { Node } from '@vscode/tree-sitter-wasm';
import type { OriginMatcher } from '../../origin-matcher';
import { both, either, negate } from '../ruby/origin-checks';
import { field, functionName, named, phpArgs, spanOf, unwrapPhp } from './ast';
import type { PhpEvaluator, PhpValue } from './values';

export { both, either, negate };

export interface PhpCheckContext {
  evaluator: PhpEvaluator;
  /** Whether an expression is the request's Origin (`$_SERVER['HTTP_ORIGIN']`, a variable holding it). */
  isOrigin(node: Node): boolean;
}

const MAX_DEPTH = 30;
const present: OriginMatcher = { kind: 'not', matcher: { kind: 'exact', value: '', caseInsensitive: false } };

function opaque(ctx: PhpCheckContext, n: Node): OriginMatcher {
  return { kind: 'opaque', description: n.text.length > 80 ? `${n.text.slice(0, 77)}...` : n.text, at: spanOf(ctx.evaluator.file, n) };
}

/** The origins for which a PHP condition holds; `opaque` where the code tells nothing about the Origin. */
export function phpCondition(ctx: PhpCheckContext, node: Node, depth = 0): OriginMatcher {
  const n = unwrapPhp(node);
  const at = spanOf(ctx.evaluator.file, n);
  if (depth > MAX_DEPTH) return opaque(ctx, n);
  if (ctx.isOrigin(n)) return { ...present, at };
  switch (n.type) {
    case 'boolean': return { kind: n.text.toLowerCase() === 'true' ? 'any' : 'none', at };
    case 'unary_op_expression': {
      const operand = named(n)[0];
      if (n.text.trimStart().startsWith('!') && operand) return negate(phpCondition(ctx, operand, depth + 1), at);
      return opaque(ctx, n);
    }
    case 'binary_expression': return binary(ctx, n, depth) ?? opaque(ctx, n);
    case 'function_call_expression': return call(ctx, n) ?? opaque(ctx, n);
    case 'variable_name': {
      // `$ok = in_array($origin, $list);` holds the check itself.
      const v = ctx.evaluator.evaluate(n);
      if (v.kind === 'unknown' && v.node !== n && v.node.type !== 'variable_name') return phpCondition(ctx, v.node, depth + 1);
      if (v.kind === 'boolean') return { kind: v.value ? 'any' : 'none', at };
      return opaque(ctx, n);
    }
    default: return opaque(ctx, n);
  }
}

function operator(n: Node): string {
  return field(n, 'operator')?.text ?? n.child(1)?.text ?? '';
}

function binary(ctx: PhpCheckContext, n: Node, depth: number): OriginMatcher | undefined {
  const op = operator(n).toLowerCase();
  const left = unwrapPhp(field(n, 'left')!);
  const right = unwrapPhp(field(n, 'right')!);
  const at = spanOf(ctx.evaluator.file, n);
  if (op === '&&' || op === 'and') return both(phpCondition(ctx, left, depth + 1), phpCondition(ctx, right, depth + 1));
  if (op === '||' || op === 'or') return either(phpCondition(ctx, left, depth + 1), phpCondition(ctx, right, depth + 1));
  if (!['===', '==', '!==', '!=', '<>'].includes(op)) return undefined;
  const negated = op.startsWith('!') || op === '<>';
  const [origin, other] = ctx.isOrigin(left) ? [left, right] : ctx.isOrigin(right) ? [right, left] : [];
  if (origin && other) {
    const v = ctx.evaluator.evaluate(other);
    const m: OriginMatcher | undefined = v.kind === 'string' ? { kind: 'exact', value: v.value, caseInsensitive: false, at } : v.kind === 'null' ? { kind: 'exact', value: '', caseInsensitive: false, at } : undefined;
    return m && (negated ? negate(m, at) : m);
  }
  // `strpos($origin, 'x') !== false`, `preg_match(...) === 1` and friends.
  return compared(ctx, left, right, negated, at) ?? compared(ctx, right, left, negated, at);
}

function compared(ctx: PhpCheckContext, callNode: Node, bound: Node, negated: boolean, at: OriginMatcher['at']): OriginMatcher | undefined {
  if (callNode.type !== 'function_call_expression') return undefined;
  const name = functionName(callNode);
  const k = ctx.evaluator.evaluate(bound);
  if ((name === 'strpos' || name === 'stripos') && (k.kind === 'boolean' || k.kind === 'number')) {
    const found = substringOf(ctx, callNode, name === 'stripos');
    if (!found) return undefined;
    if (k.kind === 'boolean' && !k.value) return negated ? found : negate(found, at);
    if (k.kind === 'number' && k.value === 0 && found.kind === 'substring') {
      const prefix = { ...found, kind: 'prefix' } as OriginMatcher;
      return negated ? negate(prefix, at) : prefix;
    }
    return undefined;
  }
  if (name === 'preg_match' && (k.kind === 'number' || k.kind === 'boolean')) {
    const m = call(ctx, callNode);
    if (!m) return undefined;
    const truthy = k.kind === 'number' ? k.value === 1 : k.value;
    return truthy !== negated ? m : negate(m, at);
  }
  return undefined;
}

function substringOf(ctx: PhpCheckContext, callNode: Node, caseInsensitive: boolean): OriginMatcher | undefined {
  const [hay, needle] = phpArgs(callNode);
  if (!hay || !needle) return undefined;
  const at = spanOf(ctx.evaluator.file, callNode);
  if (ctx.isOrigin(unwrapPhp(needle))) {
    // `strpos('https://a.com,https://b.com', $origin)`: any piece of the string is found, the empty one too (PHP 8).
    const list = ctx.evaluator.evaluate(hay);
    return list.kind === 'string' ? { kind: 'within', value: list.value, caseInsensitive, at } : undefined;
  }
  if (!ctx.isOrigin(unwrapPhp(hay))) return undefined;
  const v = ctx.evaluator.evaluate(needle);
  return v.kind === 'string' ? { kind: 'substring', value: v.value, caseInsensitive, at } : undefined;
}

function call(ctx: PhpCheckContext, n: Node): OriginMatcher | undefined {
  const name = functionName(n) ?? '';
  const args = phpArgs(n).map(unwrapPhp);
  const at = spanOf(ctx.evaluator.file, n);
  switch (name) {
    case 'in_array': {
      if (!args[0] || !args[1] || !ctx.isOrigin(args[0])) return undefined;
      const list = ctx.evaluator.evaluate(args[1]);
      return list.kind === 'array' ? { kind: 'or', matchers: list.items.map(listEntry), at } : undefined;
    }
    case 'array_key_exists': {
      if (!args[0] || !args[1] || !ctx.isOrigin(args[0])) return undefined;
      return keysOf(ctx.evaluator.evaluate(args[1]), at);
    }
    case 'isset': {
      const a = args[0];
      if (a && ctx.isOrigin(a)) return { ...present, at };
      if (a?.type === 'subscript_expression' && named(a)[1] && ctx.isOrigin(unwrapPhp(named(a)[1]))) return keysOf(ctx.evaluator.evaluate(named(a)[0]), at);
      return undefined;
    }
    case 'empty': return args[0] && ctx.isOrigin(args[0]) ? { kind: 'exact', value: '', caseInsensitive: false, at } : undefined;
    case 'str_ends_with': case 'str_starts_with': case 'str_contains': {
      if (name === 'str_contains' && args[0] && args[1] && ctx.isOrigin(args[1])) {
        const list = ctx.evaluator.evaluate(args[0]);
        return list.kind === 'string' ? { kind: 'within', value: list.value, caseInsensitive: false, at } : undefined;
      }
      if (!args[0] || !args[1] || !ctx.isOrigin(args[0])) return undefined;
      const v = ctx.evaluator.evaluate(args[1]);
      if (v.kind !== 'string') return undefined;
      return { kind: name === 'str_ends_with' ? 'suffix' : name === 'str_starts_with' ? 'prefix' : 'substring', value: v.value, caseInsensitive: false, at };
    }
    case 'strpos': case 'stripos': {
      // A bare `strpos()` is truthy only past position 0: a match at the very start counts as false.
      const found = substringOf(ctx, n, name === 'stripos');
      // Truthy past position 0 only: for a piece of a list that is "found, and not at its start", left unread.
      if (!found || found.kind !== 'substring') return undefined;
      return both(found, negate({ ...found, kind: 'prefix' } as OriginMatcher, at));
    }
    case 'preg_match': {
      if (!args[0] || !args[1] || !ctx.isOrigin(args[1])) return undefined;
      const v = ctx.evaluator.evaluate(args[0]);
      return v.kind === 'string' ? pcreMatcher(v.value, spanOf(v.file, v.node)) ?? { kind: 'opaque', description: `the pattern ${v.value} does not compile`, at } : undefined;
    }
    default:
      return undefined;
  }
}

function listEntry(item: PhpValue): OriginMatcher {
  const at = spanOf(item.file, item.node);
  if (item.kind === 'string') return { kind: 'exact', value: item.value, caseInsensitive: false, at };
  if (item.kind === 'unknown') return { kind: 'opaque', description: `an entry ${item.why}`, at };
  return { kind: 'none', at };
}

function keysOf(v: PhpValue, at: OriginMatcher['at']): OriginMatcher | undefined {
  if (v.kind !== 'array') return undefined;
  return { kind: 'or', matchers: [...v.keys.keys()].map((k) => ({ kind: 'exact', value: k, caseInsensitive: false, at: v.keyNodes.get(k) ? spanOf(v.file, v.keyNodes.get(k)!) : at }) as OriginMatcher), at };
}

/**
 * A `preg_match` pattern with its delimiters (`/.../i`, `#...#`, `{...}`):
 * PCRE, unanchored unless the author anchored it; `i`, `x`, `s`, `m` kept.
 */
export function pcreMatcher(source: string, at: OriginMatcher['at']): OriginMatcher | undefined {
  const open = source[0];
  if (!open || /[A-Za-z0-9\\\s]/.test(open)) return undefined;
  const close = ({ '(': ')', '{': '}', '[': ']', '<': '>' } as Record<string, string>)[open] ?? open;
  const end = source.lastIndexOf(close);
  if (end <= 0) return undefined;
  const flags = source.slice(end + 1);
  if (!/^[imsxuADU]*$/.test(flags)) return undefined;
  let pattern = source.slice(1, end);
  const inline = flags.replace(/[^msx]/g, '');
  if (inline) pattern = `(?${inline})${pattern}`;
  if (flags.includes('D')) pattern = pattern.replace(/\$$/, '\\z');
  // `A` anchors the match at the start of the subject.
  return { kind: 'regex', pattern, flavor: 'pcre', mode: flags.includes('A') ? 'match' : 'search', caseInsensitive: flags.includes('i'), at };
}
