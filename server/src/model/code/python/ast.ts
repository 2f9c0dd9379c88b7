import type { Node } from '@vscode/tree-sitter-wasm';
import type { CodeFile } from '../code-project';

export { descendants, field, named, spanOf } from '../js/ast';
import { field, named } from '../js/ast';

/** Strips parentheses and `await`, which change nothing about the value. */
export function unwrapPy(node: Node): Node {
  let n = node;
  for (let i = 0; i < 64; i++) {
    if (n.type === 'parenthesized_expression' || n.type === 'await') n = named(n)[0] ?? n;
    else return n;
  }
  return n;
}

/** The operator tokens of a comparison, `not in` and `is not` as one each. */
export function comparisonOperators(node: Node): string[] {
  const ops: string[] = [];
  for (let i = 0; i < node.childCount; i++) {
    const c = node.child(i)!;
    if (c.isNamed) continue;
    const last = ops[ops.length - 1];
    if ((c.text === 'in' && last === 'not') || (c.text === 'not' && last === 'is')) ops[ops.length - 1] = `${last} ${c.text}`;
    else ops.push(c.text);
  }
  return ops;
}

/** The first anonymous token of a node (the operator of `a + b`, `-x`, `a and b`). */
export function tokenOf(node: Node): string {
  const op = field(node, 'operator');
  if (op) return op.text;
  for (let i = 0; i < node.childCount; i++) {
    const c = node.child(i)!;
    if (!c.isNamed) return c.text;
  }
  return '';
}

/** `a.b.c` as text when the expression is a plain chain of names, else undefined. */
export function dottedPy(node: Node): string | undefined {
  const n = unwrapPy(node);
  if (n.type === 'identifier') return n.text;
  if (n.type === 'attribute') {
    const base = dottedPy(field(n, 'object')!);
    const attr = field(n, 'attribute');
    return base && attr ? `${base}.${attr.text}` : undefined;
  }
  return undefined;
}

/** The value of a string literal without interpolations (adjacent literals joined), else undefined. */
export function pyString(node: Node): string | undefined {
  const n = unwrapPy(node);
  if (n.type === 'concatenated_string') {
    let out = '';
    for (const part of named(n)) {
      const v = pyString(part);
      if (v === undefined) return undefined;
      out += v;
    }
    return out;
  }
  if (n.type !== 'string') return undefined;
  if (named(n).some((c) => c.type === 'interpolation')) return undefined;
  const parsed = /^([A-Za-z]*)('''|"""|'|")([\s\S]*)\2$/.exec(n.text);
  if (!parsed) return undefined;
  const prefix = parsed[1].toLowerCase();
  return prefix.includes('r') ? parsed[3] : unescapePy(parsed[3]);
}

const SIMPLE_ESCAPES: Record<string, string> = { n: '\n', t: '\t', r: '\r', b: '\b', f: '\f', v: '\v', a: '\x07', '\\': '\\', "'": "'", '"': '"' };

/** Python's string escapes; an unknown escape keeps its backslash, as Python does. */
export function unescapePy(raw: string): string {
  return raw.replace(/\\(x[0-9a-fA-F]{2}|u[0-9a-fA-F]{4}|U[0-9a-fA-F]{8}|[0-7]{1,3}|\r?\n|[\s\S])/g, (whole, e: string) => {
    if (/^[xuU]/.test(e) && e.length > 1) return String.fromCodePoint(parseInt(e.slice(1), 16));
    if (/^[0-7]+$/.test(e)) return String.fromCharCode(parseInt(e, 8));
    if (e === '\n' || e === '\r\n') return '';
    return SIMPLE_ESCAPES[e] ?? whole;
  });
}

/** Positional and keyword arguments of a call. */
export function pyArgs(call: Node): { positional: Node[]; keywords: Map<string, Node>; keywordNodes: Map<string, Node>; splats: Node[] } {
  const positional: Node[] = [];
  const keywords = new Map<string, Node>();
  const keywordNodes = new Map<string, Node>();
  const splats: Node[] = [];
  const args = field(call, 'arguments');
  if (args?.type === 'argument_list') {
    for (const a of named(args)) {
      if (a.type === 'keyword_argument') {
        const name = field(a, 'name')?.text;
        const value = field(a, 'value');
        if (name && value) keywords.set(name, value), keywordNodes.set(name, a);
      } else if (a.type === 'list_splat' || a.type === 'dictionary_splat') {
        splats.push(a);
      } else {
        positional.push(a);
      }
    }
  } else if (args) {
    // `f(x for x in y)`: one generator argument.
    positional.push(args);
  }
  return { positional, keywords, keywordNodes, splats };
}

export function isPyFunction(node: Node): boolean {
  return node.type === 'function_definition' || node.type === 'lambda';
}

/** Parameter names of a `def` or `lambda`, in order (`self` included). */
export function pyParamNames(fn: Node): string[] {
  const params = field(fn, 'parameters');
  if (!params) return [];
  const out: string[] = [];
  for (const p of named(params)) {
    if (p.type === 'identifier') out.push(p.text);
    else if (p.type === 'default_parameter' || p.type === 'typed_default_parameter') out.push(field(p, 'name')?.text ?? '');
    else if (p.type === 'typed_parameter') out.push(named(p)[0]?.text ?? '');
    else if (p.type === 'list_splat_pattern' || p.type === 'dictionary_splat_pattern') out.push(named(p)[0]?.text ?? '');
  }
  return out;
}

/** The decorators of a definition (`@app.after_request`, `@cross_origin(...)`) and the definition itself. */
export function decoratorsOf(def: Node): Node[] {
  const parent = def.parent;
  if (parent?.type !== 'decorated_definition') return [];
  return named(parent).filter((c) => c.type === 'decorator').map((d) => named(d)[0]!).filter(Boolean);
}

/** The module's top-level statements, with those nested in module-level `if`/`try`/`with` blocks. */
export function moduleStatements(file: CodeFile): Node[] {
  const out: Node[] = [];
  const visit = (block: Node, depth: number) => {
    for (const s of named(block)) {
      if (depth < 4 && ['if_statement', 'try_statement', 'with_statement', 'elif_clause', 'else_clause', 'except_clause', 'finally_clause', 'block'].includes(s.type)) {
        out.push(s);
        visit(s, depth + 1);
      } else {
        out.push(s);
      }
    }
  };
  visit(file.tree.rootNode, 0);
  return out;
}
