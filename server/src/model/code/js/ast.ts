import type { Node } from '@vscode/tree-sitter-wasm';
import type { Span } from '../../../core/range';
import type { CodeFile } from '../code-project';

/** Where a node sits in its file (tree-sitter indices are UTF-16, as LSP positions are). */
export function spanOf(file: CodeFile, node: Node): Span {
  return {
    file: file.path,
    range: {
      start: { line: node.startPosition.row, character: node.startPosition.column, offset: node.startIndex },
      end: { line: node.endPosition.row, character: node.endPosition.column, offset: node.endIndex },
    },
  };
}

export function field(node: Node, name: string): Node | undefined {
  return node.childForFieldName(name) ?? undefined;
}

export function named(node: Node): Node[] {
  const out: Node[] = [];
  for (let i = 0; i < node.namedChildCount; i++) {
    const c = node.namedChild(i);
    if (c && c.type !== 'comment') out.push(c);
  }
  return out;
}

/** The arguments of a call or `new`, without the parentheses. */
export function callArgs(call: Node): Node[] {
  const args = field(call, 'arguments');
  return args ? named(args) : [];
}

/** Strips parentheses, `as` casts, `satisfies` and non-null assertions, which change nothing at run time. */
export function unwrap(node: Node): Node {
  let n = node;
  for (;;) {
    if (n.type === 'parenthesized_expression' || n.type === 'non_null_expression') n = named(n)[0] ?? n;
    else if (n.type === 'as_expression' || n.type === 'satisfies_expression' || n.type === 'type_assertion') n = named(n)[0] ?? n;
    else if (n.type === 'await_expression') n = named(n)[0] ?? n;
    else return n;
    if (n === node) return n;
  }
}

/** The operator of a binary, unary or assignment expression. */
export function operatorOf(node: Node): string {
  const op = field(node, 'operator');
  if (op) return op.text;
  for (let i = 0; i < node.childCount; i++) {
    const c = node.child(i)!;
    if (!c.isNamed) return c.text;
  }
  return '';
}

/** `a.b.c` as text when the expression is a plain chain of names, else undefined. */
export function dottedName(node: Node): string | undefined {
  const n = unwrap(node);
  if (n.type === 'identifier' || n.type === 'this') return n.text;
  if (n.type === 'member_expression') {
    const obj = field(n, 'object');
    const prop = field(n, 'property');
    const base = obj && dottedName(obj);
    return base && prop ? `${base}.${prop.text}` : undefined;
  }
  if (n.type === 'subscript_expression') {
    const obj = field(n, 'object');
    const index = field(n, 'index');
    const base = obj && dottedName(obj);
    const key = index && stringLiteral(index);
    return base && key !== undefined ? `${base}.${key}` : undefined;
  }
  return undefined;
}

/** The value of a string literal (or a template without substitutions), else undefined. */
export function stringLiteral(node: Node): string | undefined {
  const n = unwrap(node);
  if (n.type === 'string') return unescapeJs(n.text.slice(1, -1));
  if (n.type === 'template_string') {
    if (named(n).some((c) => c.type === 'template_substitution')) return undefined;
    return unescapeJs(n.text.slice(1, -1));
  }
  return undefined;
}

const SIMPLE_ESCAPES: Record<string, string> = { n: '\n', t: '\t', r: '\r', b: '\b', f: '\f', v: '\v', '0': '\0' };

export function unescapeJs(raw: string): string {
  return raw.replace(/\\(u\{[0-9a-fA-F]+\}|u[0-9a-fA-F]{4}|x[0-9a-fA-F]{2}|\r?\n|[\s\S])/g, (_, e: string) => {
    if (e.startsWith('u{')) return String.fromCodePoint(parseInt(e.slice(2, -1), 16));
    if (e.length > 1 && (e[0] === 'u' || e[0] === 'x')) return String.fromCharCode(parseInt(e.slice(1), 16));
    if (e === '\n' || e === '\r\n') return '';
    return SIMPLE_ESCAPES[e] ?? e;
  });
}

/** Every node of a subtree, depth first, without recursion (minified files nest deeply). */
export function* descendants(root: Node): Generator<Node> {
  const stack: Node[] = [root];
  while (stack.length > 0) {
    const node = stack.pop()!;
    yield node;
    for (let i = node.namedChildCount - 1; i >= 0; i--) stack.push(node.namedChild(i)!);
  }
}

export function isFunction(node: Node): boolean {
  return ['arrow_function', 'function_expression', 'function', 'function_declaration', 'method_definition', 'generator_function'].includes(node.type);
}

/** The names of a function's parameters, in order (destructured ones as undefined). */
export function paramNames(fn: Node): (string | undefined)[] {
  const single = field(fn, 'parameter');
  if (single) return [single.text];
  const params = field(fn, 'parameters');
  if (!params) return [];
  return named(params).map((p) => {
    const pattern = field(p, 'pattern') ?? p;
    const id = pattern.type === 'assignment_pattern' ? field(pattern, 'left') : pattern;
    return id?.type === 'identifier' ? id.text : undefined;
  });
}
