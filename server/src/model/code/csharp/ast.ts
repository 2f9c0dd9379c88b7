import type { Node } from '@vscode/tree-sitter-wasm';
import { field, named } from '../js/ast';

export { descendants, field, named, spanOf } from '../js/ast';

/** The value of a C# string literal (regular, verbatim, raw, or interpolated without holes), else undefined. */
export function csString(node: Node): string | undefined {
  const n = unparen(node);
  if (n.type === 'string_literal') return unescapeCs(n.text.replace(/^"|"(u8)?$/g, ''));
  if (n.type === 'verbatim_string_literal') return n.text.slice(2, -1).replace(/""/g, '"');
  if (n.type === 'raw_string_literal') return n.text.replace(/^"{3,}\r?\n?/, '').replace(/\r?\n?[ \t]*"{3,}$/, '');
  if (n.type === 'interpolated_string_expression' && !named(n).some((c) => c.type === 'interpolation')) {
    return unescapeCs(n.text.replace(/^\$@?"|"$/g, ''));
  }
  return undefined;
}

const ESCAPES: Record<string, string> = { n: '\n', t: '\t', r: '\r', '0': '\0', a: '\x07', b: '\b', f: '\f', v: '\v' };

function unescapeCs(raw: string): string {
  return raw.replace(/\\(u[0-9a-fA-F]{4}|x[0-9a-fA-F]{1,4}|[\s\S])/g, (_, e: string) => {
    if (e.length > 1) return String.fromCharCode(parseInt(e.slice(1), 16));
    return ESCAPES[e] ?? e;
  });
}

export function unparen(node: Node): Node {
  let n = node;
  for (;;) {
    if (n.type === 'parenthesized_expression' || n.type === 'argument') n = named(n).at(-1) ?? n;
    else if (n.type === 'cast_expression') n = field(n, 'value') ?? n;
    else if (n.type === 'postfix_unary_expression' && n.text.endsWith('!')) n = named(n)[0] ?? n;
    else return n;
    if (n.type !== 'parenthesized_expression' && n.type !== 'argument' && n.type !== 'cast_expression' && n.type !== 'postfix_unary_expression') return n;
  }
}

/** `a.B(...)`: the method name (generic arguments dropped), the receiver and the argument expressions. */
export function invocation(node: Node): { name: string; object?: Node; args: Node[]; nameNode: Node } | undefined {
  const n = unparen(node);
  if (n.type !== 'invocation_expression') return undefined;
  const fn = field(n, 'function');
  const args = field(n, 'arguments');
  if (!fn) return undefined;
  const argNodes = args ? named(args).map((a) => unparen(a)) : [];
  if (fn.type === 'member_access_expression') {
    const nameNode = field(fn, 'name')!;
    return { name: nameNode.text.replace(/<[\s\S]*$/, ''), object: field(fn, 'expression'), args: argNodes, nameNode };
  }
  if (fn.type === 'identifier' || fn.type === 'generic_name') return { name: fn.text.replace(/<[\s\S]*$/, ''), args: argNodes, nameNode: fn };
  return undefined;
}

export interface Attribute {
  name: string;
  node: Node;
  args: Node[];
}

/** The attributes on a class or method (`[EnableCors("web")]`, `[DisableCors]`). */
export function attributesOf(decl: Node): Attribute[] {
  const out: Attribute[] = [];
  for (const list of named(decl)) {
    if (list.type !== 'attribute_list') continue;
    for (const a of named(list)) {
      if (a.type !== 'attribute') continue;
      const name = (field(a, 'name')?.text ?? '').replace(/^.*\./, '').replace(/Attribute$/, '');
      const argList = named(a).find((c) => c.type === 'attribute_argument_list');
      out.push({ name, node: a, args: argList ? named(argList).map((x) => named(x).at(-1) ?? x) : [] });
    }
  }
  return out;
}

/** The parameter names of a lambda (`p => ...`, `(p) => ...`, `(string p) => ...`). */
export function lambdaParams(fn: Node): string[] {
  const params = field(fn, 'parameters');
  if (!params) return [];
  if (params.type === 'implicit_parameter' || params.type === 'identifier') return [params.text];
  return named(params).map((p) => field(p, 'name')?.text ?? p.text);
}
