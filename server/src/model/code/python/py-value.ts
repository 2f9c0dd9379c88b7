import type { Node } from '@vscode/tree-sitter-wasm';
import type { Span } from '../../../core/range';
import type { CodeFile } from '../code-project';
import { field, pyArgs, pyString, unwrapPy } from './ast';

/** What a Python expression evaluates to, as far as the text of the project tells. */
export type PyValue = (
  | { kind: 'string'; value: string }
  | { kind: 'number'; value: number }
  | { kind: 'boolean'; value: boolean }
  | { kind: 'none' }
  /** A list or tuple. */
  | { kind: 'list'; items: PyValue[] }
  | { kind: 'set'; items: PyValue[] }
  | { kind: 'dict'; entries: Map<string, PyValue>; keyNodes: Map<string, Node> }
  /** `re.compile(pattern, flags)`. */
  | { kind: 'regex'; pattern: string; ignoreCase: boolean }
  | { kind: 'function'; fn: Node }
  | { kind: 'module'; target: CodeFile }
  | { kind: 'unknown'; why: string }
) & {
  node: Node;
  file: CodeFile;
  /** Environment variables the value was read from; the value shown is the code's default. */
  env?: { name: string; at: Span }[];
};

/** `re` flag values, so `re.I | re.M` evaluates to a number whose bits say what applies. */
export const RE_FLAGS: Record<string, number> = { I: 2, IGNORECASE: 2, L: 4, LOCALE: 4, M: 8, MULTILINE: 8, S: 16, DOTALL: 16, U: 32, UNICODE: 32, X: 64, VERBOSE: 64, A: 256, ASCII: 256 };

export function stringMethod(s: string, method: string, chars: string | undefined): string {
  const set = chars === undefined ? undefined : new Set(chars);
  const strip = (text: string, start: boolean, end: boolean) => {
    let a = 0;
    let b = text.length;
    const drop = (c: string) => (set ? set.has(c) : /\s/.test(c));
    while (start && a < b && drop(text[a]!)) a++;
    while (end && b > a && drop(text[b - 1]!)) b--;
    return text.slice(a, b);
  };
  switch (method) {
    case 'lower': return s.toLowerCase();
    case 'upper': return s.toUpperCase();
    case 'lstrip': return strip(s, true, false);
    case 'rstrip': return strip(s, false, true);
    default: return strip(s, true, true);
  }
}

/** A comprehension's body applied to one item: the variable itself, or a string method of it. */
export function transformed(body: Node, variable: string, it: PyValue): PyValue | undefined {
  const b = unwrapPy(body);
  if (b.type === 'identifier' && b.text === variable) return it;
  if (b.type === 'call' && it.kind === 'string') {
    const callee = unwrapPy(field(b, 'function')!);
    const method = callee.type === 'attribute' ? field(callee, 'attribute')!.text : '';
    const obj = callee.type === 'attribute' ? unwrapPy(field(callee, 'object')!) : undefined;
    const args = pyArgs(b).positional;
    const chars = args[0] ? pyString(args[0]) : undefined;
    if (obj?.type === 'identifier' && obj.text === variable && ['strip', 'lower', 'upper', 'rstrip', 'lstrip'].includes(method) && (args.length === 0 || chars !== undefined)) {
      return { ...it, value: stringMethod(it.value, method, chars) };
    }
  }
  return undefined;
}

export function isScalar(v: PyValue): v is PyValue & { value: string | number | boolean } {
  return v.kind === 'string' || v.kind === 'number' || v.kind === 'boolean';
}

export function unknownPy(file: CodeFile, node: Node, why: string, env?: PyValue['env']): PyValue {
  return withEnv({ kind: 'unknown', why, node, file }, env ?? []);
}

export function withEnv(v: PyValue, env: NonNullable<PyValue['env']>): PyValue {
  return env.length === 0 ? v : { ...v, env };
}

/** Python truthiness, when it is known. */
export function truthy(v: PyValue): boolean | undefined {
  switch (v.kind) {
    case 'string': return v.value !== '';
    case 'number': return v.value !== 0;
    case 'boolean': return v.value;
    case 'none': return false;
    case 'list': case 'set': return v.items.length > 0;
    case 'dict': return v.entries.size > 0;
    case 'unknown': return undefined;
    default: return true;
  }
}

/** `obj[key]` for known containers. */
export function item(obj: PyValue, key: PyValue, at: Node): PyValue {
  if (obj.kind === 'dict' && (key.kind === 'string' || key.kind === 'number')) {
    return obj.entries.get(String(key.value)) ?? unknownPy(obj.file, at, `the key ${String(key.value)} is missing`);
  }
  if (obj.kind === 'list' && key.kind === 'number') {
    const i = key.value < 0 ? obj.items.length + key.value : key.value;
    return obj.items[i] ?? unknownPy(obj.file, at, 'an index past the end');
  }
  return unknownPy(obj.file, at, 'an item of a value computed at run time', obj.env);
}

/** Every environment variable a value (or anything inside it) was read from. */
export function envOfPy(v: PyValue): { name: string; at: Span }[] {
  const out = [...(v.env ?? [])];
  if (v.kind === 'list' || v.kind === 'set') for (const i of v.items) out.push(...envOfPy(i));
  if (v.kind === 'dict') for (const i of v.entries.values()) out.push(...envOfPy(i));
  const seen = new Set<string>();
  return out.filter((e) => !seen.has(`${e.name}@${e.at.range.start.offset}`) && !!seen.add(`${e.name}@${e.at.range.start.offset}`));
}

/** The strings of a list, set or single string value; undefined when any entry is not a known string. */
export function stringsOf(v: PyValue): string[] | undefined {
  if (v.kind === 'string') return [v.value];
  if (v.kind !== 'list' && v.kind !== 'set') return undefined;
  const out: string[] = [];
  for (const i of v.items) {
    if (i.kind !== 'string') return undefined;
    out.push(i.value);
  }
  return out;
}
