import type { Node } from '@vscode/tree-sitter-wasm';
import type { Span } from '../../../core/range';
import type { SymbolicValue, ValueCase } from '../../cors-policy';
import type { OriginMatcher } from '../../origin-matcher';
import { bothMatchers, concatValues } from '../../symbolic-value';
import type { CodeFile } from '../code-project';
import { callArgs, dottedName, field, named, operatorOf, spanOf, stringLiteral, unwrap } from './ast';
import type { SetHeader } from './handler-paths';
import { type JsEvaluator } from './values';
import { findBinding } from './bindings';

/** What reading a HeadersInit needs from the walk: values and conditions as the handler's Origin makes them. */
export interface HeaderReading {
  readonly file: CodeFile;
  readonly evaluator: JsEvaluator;
  value(n: Node | undefined, at: Span): SetHeader['value'];
  /** The origins for which a condition holds. */
  gate(cond: Node): OriginMatcher;
  /** Headers returned by a helper function the code calls (`corsHeaders(origin)`), when it can be followed. */
  call?(n: Node): SetHeader[] | undefined;
}

/** Header lines from a HeadersInit: an object literal (with spreads), a tracked Headers object, a constant object. */
export function initHeaders(r: HeaderReading, node: Node, lists: ReadonlyMap<string, SetHeader[]>, depth = 0): SetHeader[] {
  const n = unwrap(node);
  if (depth > 8) return [];
  const name = n.type === 'shorthand_property_identifier' ? n.text : dottedName(n);
  if (name && lists.has(name)) return lists.get(name)!;
  if (n.type === 'new_expression' && field(n, 'constructor')?.text === 'Headers') {
    const arg = callArgs(n)[0];
    return arg ? initHeaders(r, arg, lists, depth + 1) : [];
  }
  if (n.type === 'object') return objectHeaders(r, n, lists, depth);
  if (n.type === 'call_expression') {
    const returned = r.call?.(n);
    if (returned) return returned;
  }
  if (n.type === 'identifier' || n.type === 'shorthand_property_identifier') {
    const b = findBinding(n, n.text);
    if (b?.kind === 'value' && b.path.length === 0 && b.init.type !== 'identifier') {
      // A constant object written elsewhere in the file, read as a literal so its entries keep their places.
      const init = unwrap(b.init);
      if (init.type === 'object') return objectHeaders(r, init, lists, depth + 1);
    }
  }
  const v = r.evaluator.evaluate(r.file, n);
  if (v.kind !== 'object') return [];
  const out: SetHeader[] = [];
  for (const [key, value] of v.props) {
    const at = spanOf(value.file, v.keyNodes.get(key) ?? value.node);
    const text = value.kind === 'string' || value.kind === 'number' ? String(value.value) : undefined;
    out.push({ name: key, value: text === undefined ? 'unknown' : { cases: [{ when: { kind: 'any' }, parts: text ? [{ kind: 'text', text }] : [], at }] }, mode: 'set', at });
  }
  return out;
}

function objectHeaders(r: HeaderReading, obj: Node, lists: ReadonlyMap<string, SetHeader[]>, depth: number): SetHeader[] {
  let out: SetHeader[] = [];
  for (const el of named(obj)) {
    const at = spanOf(r.file, el);
    if (el.type === 'pair') {
      const keyNode = field(el, 'key')!;
      const key = keyNode.type === 'property_identifier' ? keyNode.text : stringLiteral(keyNode);
      if (key !== undefined) out = setOne(out, { name: key, value: r.value(field(el, 'value'), at), mode: 'set', at });
    } else if (el.type === 'spread_element') {
      for (const h of spread(r, unwrap(named(el)[0]!), lists, depth)) out = setOne(out, h);
    }
  }
  return out;
}

/** `...x`, `...(cond && { ... })`, `...(cond ? { ... } : { ... })`: headers sent only for the origins the condition admits. */
function spread(r: HeaderReading, n: Node, lists: ReadonlyMap<string, SetHeader[]>, depth: number): SetHeader[] {
  if (n.type === 'binary_expression' && operatorOf(n) === '&&') {
    const gate = r.gate(unwrap(field(n, 'left')!));
    if (gate.kind === 'none') return [];
    return initHeaders(r, field(n, 'right')!, lists, depth + 1).map((h) => conditioned(h, gate));
  }
  if (n.type === 'ternary_expression') {
    const gate = r.gate(unwrap(field(n, 'condition')!));
    const yes = initHeaders(r, field(n, 'consequence')!, lists, depth + 1).map((h) => conditioned(h, gate));
    const no = initHeaders(r, field(n, 'alternative')!, lists, depth + 1).map((h) => conditioned(h, negate(gate)));
    let out = yes;
    for (const h of no) {
      const same = out.find((x) => x.name.toLowerCase() === h.name.toLowerCase());
      out = same ? out.map((x) => (x === same ? { ...x, value: orElse(x.value, h.value) } : x)) : [...out, h];
    }
    return out;
  }
  return initHeaders(r, n, lists, depth + 1);
}

/** Past this many checks on one path, its Origin condition is summarised as one the model cannot see through. */
const MAX_GUARD = 48;

export function bounded(m: OriginMatcher): OriginMatcher {
  let count = 0;
  const stack = [m];
  while (stack.length && count <= MAX_GUARD) {
    const x = stack.pop()!;
    count++;
    if (x.kind === 'and' || x.kind === 'or') stack.push(...x.matchers);
    else if (x.kind === 'not') stack.push(x.matcher);
  }
  return count > MAX_GUARD ? { kind: 'opaque', description: 'more Origin checks on one path than the model follows', at: m.at } : m;
}


/** `Headers.set` and object keys: one line per name, case-insensitively, the last one written wins. */
export function setOne(list: SetHeader[], h: SetHeader): SetHeader[] {
  const key = h.name.toLowerCase();
  const before = list.find((x) => x.name.toLowerCase() === key);
  // A conditional entry falls back to what was there for the origins it does not admit.
  if (before && h.value !== 'unknown' && before.value !== 'unknown' && !h.value.cases.some((c) => c.when.kind === 'any')) {
    return list.map((x) => (x === before ? { ...h, value: orElse(h.value, before.value) } : x));
  }
  return [...list.filter((x) => x.name.toLowerCase() !== key), h];
}

/** `Headers.append` joins values into one line with `, ` (the Fetch standard's combine). */
export function appendOne(list: SetHeader[], h: SetHeader): SetHeader[] {
  const before = list.find((x) => x.name.toLowerCase() === h.name.toLowerCase());
  if (!before) return [...list, h];
  const joined = before.value === 'unknown' || h.value === 'unknown' ? 'unknown' : concatValues(concatValues(before.value, { cases: [{ when: { kind: 'any' }, parts: [{ kind: 'text', text: ', ' }], at: h.at }] }, h.at, h.name), h.value, h.at, h.name);
  return list.map((x) => (x === before ? { ...x, value: joined } : x));
}

function conditioned(h: SetHeader, gate: OriginMatcher): SetHeader {
  if (gate.kind === 'any' || h.value === 'unknown') return h;
  return { ...h, value: { cases: h.value.cases.map((c): ValueCase => ({ ...c, when: bothMatchers(gate, c.when) })) } };
}

export function orElse(a: SymbolicValue | 'unknown', b: SymbolicValue | 'unknown'): SymbolicValue | 'unknown' {
  if (a === 'unknown' || b === 'unknown') return 'unknown';
  return { cases: [...a.cases, ...b.cases] };
}

export function negate(m: OriginMatcher): OriginMatcher {
  if (m.kind === 'any') return { kind: 'none' };
  if (m.kind === 'none') return { kind: 'any' };
  if (m.kind === 'not') return m.matcher;
  return { kind: 'not', matcher: m, at: m.at };
}
