import type { Node } from '@vscode/tree-sitter-wasm';
import type { SymbolicValue, ValueCase } from '../../cors-policy';
import type { OriginMatcher } from '../../origin-matcher';
import { bothMatchers, unknownValue } from '../../symbolic-value';
import type { CodeFile } from '../code-project';
import { field, named, spanOf, tokenOf, unwrapPy } from './ast';
import { findPyBinding } from './bindings';
import { originRead, pyConditionMatcher, type PyCheckContext } from './origin-checks';

const NO_ORIGIN: OriginMatcher = { kind: 'exact', value: '', caseInsensitive: false };
const MAX_DEPTH = 12;

/** Whether an expression is the request's Origin: read from the request, or a local name holding that read. */
export function isOriginExpr(file: CodeFile, node: Node, depth = 0): boolean {
  const n = unwrapPy(node);
  if (originRead(n)) return true;
  if (n.type === 'boolean_operator' && tokenOf(n) === 'or') return isOriginExpr(file, field(n, 'left')!, depth + 1) && isDefaultText(field(n, 'right')!);
  if (n.type === 'identifier' && depth < 4) {
    const b = findPyBinding(file, n, n.text);
    return b?.kind === 'value' && b.index === undefined && isOriginExpr(file, b.init, depth + 1);
  }
  return false;
}

/** `... or ''`: an empty default keeps the Origin's truthiness and value. */
function isDefaultText(n: Node): boolean {
  const u = unwrapPy(n);
  return u.type === 'string' && /^[A-Za-z]*(['"])\1$/.test(u.text);
}

/**
 * What a header assignment's right side sends, by Origin: the Origin itself
 * (with what the framework writes when it is absent), a literal, a choice
 * between them on a check of the Origin, or unknown.
 */
export function headerValue(ctx: PyCheckContext, node: Node, depth = 0): SymbolicValue {
  const n = unwrapPy(node);
  const at = spanOf(ctx.file, n);
  if (depth > MAX_DEPTH) return unknownValue('header', at);
  const read = originReadThrough(ctx.file, n);
  if (read) {
    const cases: ValueCase[] = [];
    // Flask and Django write `str(None)` when there is no Origin header; a default is written as is.
    if (read.absent === 'None') cases.push({ when: NO_ORIGIN, parts: ctx.noneHeader === 'error' ? [{ kind: 'unknown', name: 'a header set to None fails the request' }] : [{ kind: 'text', text: 'None' }], at });
    else if (read.absent === 'default' && read.defaultNode) {
      const d = ctx.evaluator.evaluate(ctx.file, read.defaultNode);
      cases.push({ when: NO_ORIGIN, parts: d.kind === 'string' ? (d.value === '' ? [] : [{ kind: 'text', text: d.value }]) : [{ kind: 'unknown', name: 'Origin default' }], at });
    } else if (read.absent === 'error') cases.push({ when: NO_ORIGIN, parts: [{ kind: 'unknown', name: 'a missing Origin header raises' }], at });
    cases.push({ when: { kind: 'any' }, parts: [{ kind: 'origin' }], at });
    return { cases };
  }
  if (n.type === 'conditional_expression') {
    const [yes, cond, no] = named(n);
    if (!yes || !cond || !no) return unknownValue('header', at);
    const m = pyConditionMatcher(ctx, cond);
    const a = headerValue(ctx, yes, depth + 1);
    const b = headerValue(ctx, no, depth + 1);
    const guarded = a.cases.map((c) => ({ ...c, when: bothMatchers(m, c.when) })).filter((c) => c.when.kind !== 'none');
    return { cases: [...guarded, ...b.cases] };
  }
  if (n.type === 'identifier' && depth < MAX_DEPTH) {
    const b = findPyBinding(ctx.file, n, n.text);
    if (b?.kind === 'value' && b.index === undefined) return headerValue(ctx, b.init, depth + 1);
  }
  const v = ctx.evaluator.evaluate(ctx.file, n);
  if (v.kind === 'string') return { cases: [{ when: { kind: 'any' }, parts: v.value === '' ? [] : [{ kind: 'text', text: v.value }], at }] };
  // Werkzeug and Django write `str(value)`: numbers and booleans as Python prints them.
  if (v.kind === 'number') return { cases: [{ when: { kind: 'any' }, parts: [{ kind: 'text', text: String(v.value) }], at }] };
  if (v.kind === 'boolean') return { cases: [{ when: { kind: 'any' }, parts: [{ kind: 'text', text: v.value ? 'True' : 'False' }], at }] };
  return unknownValue('header', at);
}

/** An Origin read, also behind `x or ''` and a local name. */
function originReadThrough(file: CodeFile, n: Node, depth = 0): ReturnType<typeof originRead> {
  const direct = originRead(n);
  if (direct) return direct;
  if (n.type === 'boolean_operator' && tokenOf(n) === 'or' && isDefaultText(field(n, 'right')!)) {
    const inner = originReadThrough(file, unwrapPy(field(n, 'left')!), depth + 1);
    return inner && { absent: 'default', defaultNode: field(n, 'right')! };
  }
  if (n.type === 'identifier' && depth < 4) {
    const b = findPyBinding(file, n, n.text);
    if (b?.kind === 'value' && b.index === undefined) return originReadThrough(file, unwrapPy(b.init), depth + 1);
  }
  return undefined;
}
