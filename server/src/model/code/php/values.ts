import type { Node } from '@vscode/tree-sitter-wasm';
import type { Span } from '../../../core/range';
import type { CodeFile } from '../code-project';
import { field, functionName, named, phpArgs, phpStringLiteral, spanOf, unescapeDouble, unwrapPhp, variableName } from './ast';
import { constantValue, lastAssignment } from './file-index';

/** What a PHP expression evaluates to, as far as the text of the file tells. */
export type PhpValue = (
  | { kind: 'string'; value: string }
  | { kind: 'number'; value: number }
  | { kind: 'boolean'; value: boolean }
  | { kind: 'null' }
  | { kind: 'array'; items: PhpValue[]; keys: Map<string, PhpValue>; keyNodes: Map<string, Node> }
  | { kind: 'unknown'; why: string }
) & {
  node: Node;
  file: CodeFile;
  /** Environment variables the value was read from; the value shown is the code's default. */
  env?: { name: string; at: Span }[];
};

const MAX_DEPTH = 30;

/**
 * Evaluates PHP expressions of one file: literals, arrays (lists and `'k' => v`),
 * `const`/`define` constants, variables assigned earlier, `.` concatenation and
 * interpolation of known values, `explode`/`array_map('trim')`, and
 * `getenv('X') ?: 'd'`, `$_ENV['X'] ?? 'd'`, Laravel's `env('X', 'd')` (the
 * default, marked as depending on the environment).
 */
export class PhpEvaluator {
  private readonly active = new Set<string>();
  constructor(readonly file: CodeFile) {}

  evaluate(node: Node, depth = 0): PhpValue {
    const n = unwrapPhp(node);
    const key = `${n.startIndex}:${n.endIndex}`;
    if (depth > MAX_DEPTH || this.active.has(key)) return this.unknown(n, 'defined in terms of itself');
    this.active.add(key);
    try {
      return this.inner(n, depth + 1);
    } finally {
      this.active.delete(key);
    }
  }

  unknown(node: Node, why: string, env?: PhpValue['env']): PhpValue {
    return { kind: 'unknown', why, node, file: this.file, ...(env ? { env } : {}) };
  }

  private inner(n: Node, depth: number): PhpValue {
    const base = { node: n, file: this.file };
    const text = phpStringLiteral(n);
    if (text !== undefined) return { kind: 'string', value: text, ...base };
    switch (n.type) {
      case 'encapsed_string': return this.interpolated(n, depth);
      case 'integer': return { kind: 'number', value: Number(n.text.replace(/_/g, '')), ...base };
      case 'float': return { kind: 'number', value: Number(n.text.replace(/_/g, '')), ...base };
      case 'boolean': return { kind: 'boolean', value: n.text.toLowerCase() === 'true', ...base };
      case 'null': return { kind: 'null', ...base };
      case 'array_creation_expression': return this.array(n, depth);
      case 'name': return this.constant(n, depth);
      case 'variable_name': return this.variable(n, depth);
      case 'binary_expression': return this.binary(n, depth);
      case 'conditional_expression': return this.conditional(n, depth);
      case 'subscript_expression': {
        const env = envSubscript(n);
        if (env) return this.unknown(n, `the environment variable ${env}`, [{ name: env, at: spanOf(this.file, n) }]);
        const target = named(n)[0];
        const index = named(n)[1];
        if (target && index) {
          const arr = this.evaluate(target, depth);
          const k = this.evaluate(index, depth);
          if (arr.kind === 'array' && (k.kind === 'string' || k.kind === 'number')) return arr.keys.get(String(k.value)) ?? this.unknown(n, 'a missing key');
        }
        return this.unknown(n, 'looked up at run time');
      }
      case 'function_call_expression': return this.call(n, depth);
      default: return this.unknown(n, 'computed at run time');
    }
  }

  private interpolated(n: Node, depth: number): PhpValue {
    let out = '';
    const env: NonNullable<PhpValue['env']> = [];
    for (const part of named(n)) {
      if (part.type === 'string_content') out += part.text;
      else if (part.type === 'escape_sequence') out += unescapeDouble(part.text);
      else {
        const v = this.evaluate(part, depth);
        if (v.kind !== 'string' && v.kind !== 'number') return this.unknown(n, 'built at run time');
        out += String(v.value);
        env.push(...(v.env ?? []));
      }
    }
    return { kind: 'string', value: out, node: n, file: this.file, ...(env.length ? { env } : {}) };
  }

  private array(n: Node, depth: number): PhpValue {
    const items: PhpValue[] = [];
    const keys = new Map<string, PhpValue>();
    const keyNodes = new Map<string, Node>();
    let next = 0;
    for (const el of named(n).filter((c) => c.type === 'array_element_initializer')) {
      const parts = named(el);
      if (el.text.startsWith('...')) {
        const spread = parts[0]?.type === 'variadic_unpacking' ? named(parts[0])[0] : parts[0];
        const inner = spread ? this.evaluate(spread, depth) : undefined;
        if (inner?.kind !== 'array') return this.unknown(n, 'spreads a value computed at run time');
        for (const i of inner.items) items.push(i), keys.set(String(next++), i);
        continue;
      }
      if (parts.length >= 2) {
        const k = this.evaluate(parts[0], depth);
        const v = this.evaluate(parts[1], depth);
        if (k.kind === 'string' || k.kind === 'number') {
          keys.set(String(k.value), v);
          keyNodes.set(String(k.value), el);
        }
        items.push(v);
      } else if (parts[0]) {
        const v = this.evaluate(parts[0], depth);
        items.push(v);
        keys.set(String(next++), v);
      }
    }
    return { kind: 'array', items, keys, keyNodes, node: n, file: this.file };
  }

  /** `const X = ...;`, `define('X', ...)`, `true`/`false`/`null` written as names. */
  private constant(n: Node, depth: number): PhpValue {
    const lower = n.text.toLowerCase();
    if (lower === 'true' || lower === 'false') return { kind: 'boolean', value: lower === 'true', node: n, file: this.file };
    if (lower === 'null') return { kind: 'null', node: n, file: this.file };
    const value = constantValue(this.file, n.text);
    if (value) return this.evaluate(value, depth);
    return this.unknown(n, `${n.text} is defined elsewhere`);
  }

  /** The last `$x = ...` before the use. */
  private variable(n: Node, depth: number): PhpValue {
    const name = variableName(n);
    const right = lastAssignment(this.file, n);
    return right ? this.evaluate(right, depth) : this.unknown(n, `$${name} is set at run time`);
  }

  private binary(n: Node, depth: number): PhpValue {
    const op = field(n, 'operator')?.text ?? n.child(1)?.text;
    const left = field(n, 'left');
    const right = field(n, 'right');
    if (!left || !right) return this.unknown(n, 'computed at run time');
    if (op === '.') {
      const l = this.evaluate(left, depth), r = this.evaluate(right, depth);
      if ((l.kind === 'string' || l.kind === 'number') && (r.kind === 'string' || r.kind === 'number')) {
        return { kind: 'string', value: String(l.value) + String(r.value), node: n, file: this.file, env: [...(l.env ?? []), ...(r.env ?? [])] };
      }
      return this.unknown(n, 'built at run time');
    }
    if (op === '??' || op === '?:' || op === '||' || op === 'or') {
      const l = this.evaluate(left, depth);
      if (l.kind === 'unknown' && l.env) {
        const r = this.evaluate(right, depth);
        return { ...r, env: [...l.env, ...(r.env ?? [])] };
      }
      if (l.kind === 'null') return this.evaluate(right, depth);
      return l;
    }
    return this.unknown(n, 'computed at run time');
  }

  private conditional(n: Node, depth: number): PhpValue {
    const cond = field(n, 'condition');
    const body = field(n, 'body');
    const alt = field(n, 'alternative');
    // `getenv('X') ?: 'default'`
    if (cond && !body && alt) {
      const l = this.evaluate(cond, depth);
      if (l.kind === 'unknown' && l.env) {
        const r = this.evaluate(alt, depth);
        return { ...r, env: [...l.env, ...(r.env ?? [])] };
      }
      if (l.kind === 'null' || (l.kind === 'boolean' && !l.value) || (l.kind === 'string' && (l.value === '' || l.value === '0'))) return this.evaluate(alt, depth);
      return l;
    }
    return this.unknown(n, 'chosen at run time');
  }

  private call(n: Node, depth: number): PhpValue {
    const name = functionName(n);
    const args = phpArgs(n);
    const at = spanOf(this.file, n);
    if ((name === 'getenv' || name === 'env') && args[0]) {
      const key = phpStringLiteral(args[0]);
      const env = key ? [{ name: key, at }] : [];
      if (name === 'env' && args[1]) {
        const d = this.evaluate(args[1], depth);
        return { ...d, env: [...env, ...(d.env ?? [])] };
      }
      return this.unknown(n, `the environment variable ${key ?? '?'}`, env);
    }
    if (name === 'explode' && args[0] && args[1]) {
      const sep = this.evaluate(args[0], depth), v = this.evaluate(args[1], depth);
      if (sep.kind === 'string' && v.kind === 'string' && sep.value !== '') {
        const items: PhpValue[] = v.value.split(sep.value).map((value) => ({ kind: 'string', value, node: v.node, file: this.file }));
        return { kind: 'array', items, keys: new Map(items.map((i, k) => [String(k), i])), keyNodes: new Map(), node: n, file: this.file, ...(v.env ? { env: v.env } : {}) };
      }
    }
    if (name === 'array_map' && args[0] && args[1] && /^['"]trim['"]$/.test(args[0].text)) {
      const v = this.evaluate(args[1], depth);
      if (v.kind === 'array') {
        const items = v.items.map((i) => (i.kind === 'string' ? { ...i, value: i.value.trim() } : i));
        return { ...v, items, keys: new Map(items.map((i, k) => [String(k), i])) };
      }
    }
    if ((name === 'strtolower' || name === 'trim') && args[0]) {
      const v = this.evaluate(args[0], depth);
      if (v.kind === 'string') return { ...v, value: name === 'trim' ? v.value.trim() : v.value.toLowerCase() };
    }
    return this.unknown(n, 'computed at run time');
  }
}

/** `$_ENV['X']` / `$_SERVER['X']` for names that are not request headers → `X`. */
function envSubscript(n: Node): string | undefined {
  const target = named(n)[0];
  const index = named(n)[1];
  if (!target || !index) return undefined;
  const v = variableName(target);
  const key = phpStringLiteral(index);
  if (!key) return undefined;
  if (v === '_ENV') return key;
  if (v === '_SERVER' && !/^(HTTP_|REQUEST_|SERVER_|REMOTE_|QUERY_|SCRIPT_|PATH_|DOCUMENT_|CONTENT_|HTTPS$)/.test(key)) return key;
  return undefined;
}

export function envOf(v: PhpValue): { name: string; at: Span }[] {
  const own = v.env ?? [];
  return v.kind === 'array' ? [...own, ...v.items.flatMap(envOf)] : own;
}
