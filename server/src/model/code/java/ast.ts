import type { Node } from '@vscode/tree-sitter-wasm';
import { field, named } from '../js/ast';

export { descendants, field, named, spanOf } from '../js/ast';

/** The value of a Java string literal (text blocks included), else undefined. */
export function javaString(node: Node): string | undefined {
  const n = unparen(node);
  if (n.type !== 'string_literal') return undefined;
  const raw = n.text.startsWith('"""') ? n.text.slice(3, -3).replace(/^[ \t]*\r?\n/, '') : n.text.slice(1, -1);
  return unescapeJava(raw);
}

const ESCAPES: Record<string, string> = { n: '\n', t: '\t', r: '\r', b: '\b', f: '\f', s: ' ', '0': '\0' };

function unescapeJava(raw: string): string {
  return raw.replace(/\\(u+[0-9a-fA-F]{4}|[0-7]{1,3}|[\s\S])/g, (_, e: string) => {
    if (e[0] === 'u') return String.fromCharCode(parseInt(e.replace(/^u+/, ''), 16));
    if (/^[0-7]+$/.test(e) && e !== '0') return String.fromCharCode(parseInt(e, 8));
    return ESCAPES[e] ?? e;
  });
}

export function unparen(node: Node): Node {
  let n = node;
  while (n.type === 'parenthesized_expression' || n.type === 'cast_expression') {
    const inner = n.type === 'cast_expression' ? field(n, 'value') : named(n)[0];
    if (!inner) break;
    n = inner;
  }
  return n;
}

/** `a.b(...)`: the method name, the receiver and the arguments. */
export function invocation(node: Node): { name: string; object?: Node; args: Node[] } | undefined {
  const n = unparen(node);
  if (n.type !== 'method_invocation') return undefined;
  const name = field(n, 'name')?.text;
  const args = field(n, 'arguments');
  if (!name) return undefined;
  return { name, object: field(n, 'object'), args: args ? named(args) : [] };
}

export interface Annotation {
  name: string;
  node: Node;
  /** Attribute name → value; a single unnamed value is `value`. */
  values: Map<string, Node>;
  /** Attribute name → the `key = value` pair. */
  pairs: Map<string, Node>;
  /** The argument list, for fixes that add an attribute. */
  args?: Node;
}

/** The annotations written on a class, method, field or parameter. */
export function annotationsOf(decl: Node): Annotation[] {
  const mods = named(decl).find((c) => c.type === 'modifiers');
  if (!mods) return [];
  const out: Annotation[] = [];
  for (const a of named(mods)) {
    if (a.type !== 'annotation' && a.type !== 'marker_annotation') continue;
    const name = (field(a, 'name')?.text ?? '').replace(/^.*\./, '');
    const args = field(a, 'arguments');
    const values = new Map<string, Node>();
    const pairs = new Map<string, Node>();
    for (const arg of args ? named(args) : []) {
      if (arg.type === 'element_value_pair') {
        const key = field(arg, 'key')?.text;
        const value = field(arg, 'value');
        if (key && value) {
          values.set(key, value);
          pairs.set(key, arg);
        }
      } else {
        values.set('value', arg);
        pairs.set('value', arg);
      }
    }
    out.push({ name, node: a, values, pairs, args });
  }
  return out;
}

/** The simple name of a type (`org.x.Foo<Bar>` → `Foo`). */
export function typeName(node: Node | undefined): string | undefined {
  if (!node) return undefined;
  return node.text.replace(/<[\s\S]*$/, '').replace(/^.*\./, '').trim();
}
