import type { Node } from '@vscode/tree-sitter-wasm';
import type { Span } from '../../../core/range';
import type { CodeFile } from '../code-project';
import { constantPath, field, methodName, named, rbArgs, regexLiteral, rubyStringLiteral, spanOf, statementsOf, unescapeRuby, unwrapRb } from './ast';

/** What a Ruby expression evaluates to, as far as the text of the file tells. */
export type RbValue = (
  | { kind: 'string'; value: string }
  | { kind: 'symbol'; value: string }
  | { kind: 'number'; value: number }
  | { kind: 'boolean'; value: boolean }
  | { kind: 'nil' }
  | { kind: 'regex'; pattern: string; flags: string }
  | { kind: 'array'; items: RbValue[] }
  | { kind: 'hash'; entries: Map<string, RbValue>; keyNodes: Map<string, Node> }
  | { kind: 'block'; block: Node }
  | { kind: 'unknown'; why: string }
) & {
  node: Node;
  file: CodeFile;
  /** Environment variables the value was read from; the value shown is the code's default. */
  env?: { name: string; at: Span }[];
};

const MAX_DEPTH = 30;

/** Anything that evaluates expressions of one file (an entry check binds a block parameter on top). */
export interface RbEvaluate {
  readonly file: CodeFile;
  evaluate(node: Node): RbValue;
}

/**
 * Evaluates Ruby expressions of one file: literals, `%w[]`, arrays with splats,
 * hashes, constants and locals assigned in the file, `.freeze`, `.split`,
 * `ENV.fetch('X', 'default')` and `ENV['X'] || 'default'` (the default, marked
 * as depending on the environment).
 */
export class RbEvaluator {
  private readonly active = new Set<string>();

  constructor(readonly file: CodeFile) {}

  evaluate(node: Node, depth = 0): RbValue {
    const n = unwrapRb(node);
    const key = `${n.startIndex}:${n.endIndex}`;
    if (depth > MAX_DEPTH || this.active.has(key)) return this.unknown(n, 'defined in terms of itself');
    this.active.add(key);
    try {
      return this.inner(n, depth + 1);
    } finally {
      this.active.delete(key);
    }
  }

  private unknown(node: Node, why: string): RbValue {
    return { kind: 'unknown', why, node, file: this.file };
  }

  private inner(n: Node, depth: number): RbValue {
    const base = { node: n, file: this.file };
    const text = rubyStringLiteral(n);
    if (text !== undefined) return n.type === 'simple_symbol' || n.type === 'hash_key_symbol' || n.type === 'bare_symbol' ? { kind: 'symbol', value: text, ...base } : { kind: 'string', value: text, ...base };
    switch (n.type) {
      case 'string': return this.interpolated(n, depth);
      case 'integer': return { kind: 'number', value: Number(n.text.replace(/_/g, '')), ...base };
      case 'float': return { kind: 'number', value: Number(n.text.replace(/_/g, '')), ...base };
      case 'true': case 'false': return { kind: 'boolean', value: n.type === 'true', ...base };
      case 'nil': return { kind: 'nil', ...base };
      case 'regex': {
        const re = regexLiteral(n);
        return re ? { kind: 'regex', ...re, ...base } : this.unknown(n, 'a regex built at run time');
      }
      case 'string_array': case 'symbol_array':
        return { kind: 'array', items: named(n).map((c) => this.evaluate(c, depth)), ...base };
      case 'array': return this.array(n, depth);
      case 'hash': return this.hash(n, depth);
      case 'block': case 'do_block': case 'lambda': return { kind: 'block', block: n, ...base };
      case 'constant': case 'scope_resolution': case 'identifier': return this.name(n, depth);
      case 'binary': return this.binary(n, depth);
      case 'element_reference': {
        const env = this.envRead(n);
        if (env) return { ...this.unknown(n, `the environment variable ${env}`), env: [{ name: env, at: spanOf(this.file, n) }] };
        return this.unknown(n, 'looked up at run time');
      }
      case 'call': return this.call(n, depth);
      default: return this.unknown(n, 'computed at run time');
    }
  }

  private interpolated(n: Node, depth: number): RbValue {
    let out = '';
    const env: NonNullable<RbValue['env']> = [];
    for (const part of named(n)) {
      if (part.type === 'string_content') out += part.text;
      else if (part.type === 'escape_sequence') out += unescapeRuby(part.text);
      else if (part.type === 'interpolation') {
        const inner = named(part)[0];
        const v = inner ? this.evaluate(inner, depth) : undefined;
        if (!v || (v.kind !== 'string' && v.kind !== 'number' && v.kind !== 'symbol')) return this.unknown(n, 'built at run time');
        out += String(v.value);
        env.push(...(v.env ?? []));
      } else return this.unknown(n, 'built at run time');
    }
    return { kind: 'string', value: out, node: n, file: this.file, ...(env.length ? { env } : {}) };
  }

  private array(n: Node, depth: number): RbValue {
    const items: RbValue[] = [];
    for (const el of named(n)) {
      if (el.type === 'splat_argument') {
        const inner = named(el)[0];
        const v = inner ? this.evaluate(inner, depth) : undefined;
        if (v?.kind === 'array') items.push(...v.items);
        else return this.unknown(n, 'splats a value computed at run time');
      } else {
        items.push(this.evaluate(el, depth));
      }
    }
    return { kind: 'array', items, node: n, file: this.file };
  }

  private hash(n: Node, depth: number): RbValue {
    const entries = new Map<string, RbValue>();
    const keyNodes = new Map<string, Node>();
    for (const pair of named(n).filter((c) => c.type === 'pair')) {
      const keyNode = field(pair, 'key');
      const valueNode = field(pair, 'value');
      if (!keyNode || !valueNode) continue;
      const key = rubyStringLiteral(keyNode);
      if (key === undefined) continue;
      entries.set(key, this.evaluate(valueNode, depth));
      keyNodes.set(key, pair);
    }
    return { kind: 'hash', entries, keyNodes, node: n, file: this.file };
  }

  /** A constant or local: the last assignment to it before the use (constants: anywhere in the file). */
  private name(n: Node, depth: number): RbValue {
    const wanted = n.type === 'identifier' ? n.text : constantPath(n)?.split('::').pop();
    if (!wanted) return this.unknown(n, 'computed at run time');
    const assignment = findAssignment(this.file.tree.rootNode, wanted, n.type === 'identifier' ? n.startIndex : Infinity);
    if (!assignment) return this.unknown(n, `${n.text} is defined elsewhere`);
    return this.evaluate(assignment, depth);
  }

  private binary(n: Node, depth: number): RbValue {
    const op = field(n, 'operator')?.text;
    const left = field(n, 'left');
    const right = field(n, 'right');
    if (!left || !right) return this.unknown(n, 'computed at run time');
    if (op === '||' || op === 'or') {
      const l = this.evaluate(left, depth);
      if (l.kind === 'unknown' && l.env) {
        const r = this.evaluate(right, depth);
        return { ...r, env: [...l.env, ...(r.env ?? [])] };
      }
      if (l.kind === 'nil' || (l.kind === 'boolean' && !l.value)) return this.evaluate(right, depth);
      return l.kind === 'unknown' ? l : l;
    }
    if (op === '+') {
      const l = this.evaluate(left, depth), r = this.evaluate(right, depth);
      if (l.kind === 'string' && r.kind === 'string') return { kind: 'string', value: l.value + r.value, node: n, file: this.file, env: [...(l.env ?? []), ...(r.env ?? [])] };
      if (l.kind === 'array' && r.kind === 'array') return { kind: 'array', items: [...l.items, ...r.items], node: n, file: this.file };
    }
    return this.unknown(n, 'computed at run time');
  }

  private call(n: Node, depth: number): RbValue {
    const method = methodName(n);
    const receiver = field(n, 'receiver');
    const args = rbArgs(n);
    if (receiver && constantPath(receiver)?.replace(/^::/, '') === 'ENV' && method === 'fetch') {
      const name = args[0] ? rubyStringLiteral(args[0]) : undefined;
      const at = spanOf(this.file, n);
      const env = name ? [{ name, at }] : [];
      const fallback = args[1] ?? statementsOf(field(n, 'block')).at(-1);
      if (!fallback) return { ...this.unknown(n, `the environment variable ${name ?? '?'}`), env };
      const v = this.evaluate(fallback, depth);
      return { ...v, node: v.node, env: [...env, ...(v.env ?? [])] };
    }
    if (receiver && constantPath(receiver)?.replace(/^::/, '') === 'Regexp' && method === 'new' && args[0]) {
      const src = this.evaluate(args[0], depth);
      if (src.kind === 'string') return { kind: 'regex', pattern: src.value, flags: args[1]?.text.includes('IGNORECASE') ? 'i' : '', node: n, file: this.file };
      if (src.kind === 'regex') return src;
    }
    if (receiver && (method === 'freeze' || method === 'to_a' || method === 'dup' || method === 'compact' || method === 'flatten' || method === 'uniq')) {
      const v = this.evaluate(receiver, depth);
      if (method === 'compact' && v.kind === 'array') return { ...v, items: v.items.filter((i) => i.kind !== 'nil') };
      if (method === 'flatten' && v.kind === 'array') return { ...v, items: v.items.flatMap((i) => (i.kind === 'array' ? i.items : [i])) };
      return v;
    }
    if (receiver && method === 'split') {
      const v = this.evaluate(receiver, depth);
      const sep = args[0] ? this.evaluate(args[0], depth) : undefined;
      if (v.kind === 'string' && (!sep || sep.kind === 'string')) {
        const parts = sep ? v.value.split(sep.value) : v.value.trim().split(/\s+/);
        const items: RbValue[] = parts.filter((p) => p !== '').map((value) => ({ kind: 'string', value, node: v.node, file: this.file }));
        return { kind: 'array', items, node: n, file: this.file, ...(v.env ? { env: v.env } : {}) };
      }
    }
    if (receiver && (method === 'strip' || method === 'downcase')) {
      const v = this.evaluate(receiver, depth);
      if (v.kind === 'string') return { ...v, value: method === 'strip' ? v.value.trim() : v.value.toLowerCase() };
    }
    if (receiver && method === 'map' && (field(n, 'block') || args[0]?.type === 'block_argument')) return this.mapped(n, receiver, depth);
    if (!receiver && (method === 'lambda' || method === 'proc') && field(n, 'block')) return { kind: 'block', block: field(n, 'block')!, node: n, file: this.file };
    if (receiver && constantPath(receiver) === 'Proc' && method === 'new' && field(n, 'block')) return { kind: 'block', block: field(n, 'block')!, node: n, file: this.file };
    return this.unknown(n, 'computed at run time');
  }

  /** `LIST.map(&:strip)` and `LIST.map { |o| o.strip }` on known strings. */
  private mapped(n: Node, receiver: Node, depth: number): RbValue {
    const v = this.evaluate(receiver, depth);
    const block = field(n, 'block');
    if (v.kind !== 'array') return this.unknown(n, 'computed at run time');
    const body = block ? statementsOf(block).at(-1)?.text ?? '' : rbArgs(n)[0]?.text ?? '';
    const strip = (items: RbValue[]): RbValue[] => items.map((i) => (i.kind === 'string' ? { ...i, value: i.value.trim() } : i));
    if (/(\.|&:)(strip|chomp)$/.test(body)) return { ...v, items: strip(v.items), node: n };
    return this.unknown(n, 'computed at run time');
  }

  /** `ENV['X']` → `X`. */
  envRead(n: Node): string | undefined {
    const obj = field(n, 'object') ?? named(n)[0];
    if (!obj || constantPath(obj)?.replace(/^::/, '') !== 'ENV') return undefined;
    const key = named(n)[1];
    return key ? rubyStringLiteral(key) : undefined;
  }
}

/** The value side of the last `name = ...` (or `name ||= ...`) before `before` in the file. */
function findAssignment(root: Node, name: string, before: number): Node | undefined {
  let found: Node | undefined;
  const stack: Node[] = [root];
  let budget = 200_000;
  while (stack.length > 0 && budget-- > 0) {
    const node = stack.pop()!;
    if (node.startIndex >= before) continue;
    if (node.type === 'assignment' || node.type === 'operator_assignment') {
      const left = field(node, 'left');
      const leftName = left && (left.type === 'identifier' ? left.text : constantPath(left)?.split('::').pop());
      if (leftName === name && (!found || node.startIndex > found.startIndex)) found = field(node, 'right');
    }
    for (let i = node.namedChildCount - 1; i >= 0; i--) stack.push(node.namedChild(i)!);
  }
  return found;
}

export function envOf(v: RbValue): { name: string; at: Span }[] {
  const own = v.env ?? [];
  if (v.kind === 'array') return [...own, ...v.items.flatMap(envOf)];
  if (v.kind === 'hash') return [...own, ...[...v.entries.values()].flatMap(envOf)];
  return own;
}
