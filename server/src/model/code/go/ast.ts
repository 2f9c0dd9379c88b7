import type { Node } from '@vscode/tree-sitter-wasm';
import type { CodeFile } from '../code-project';
import { descendants, field, named, spanOf } from '../js/ast';

export { descendants, field, named, spanOf };

/** The value of a Go string literal (interpreted or raw), else undefined. */
export function goString(node: Node): string | undefined {
  const n = unparen(node);
  if (n.type === 'raw_string_literal') return n.text.slice(1, -1).replace(/\r/g, '');
  if (n.type === 'interpreted_string_literal') return unescapeGo(n.text.slice(1, -1));
  return undefined;
}

const SIMPLE: Record<string, string> = { n: '\n', t: '\t', r: '\r', a: '\x07', b: '\b', f: '\f', v: '\v', '\\': '\\', '"': '"', "'": "'" };

function unescapeGo(raw: string): string {
  return raw.replace(/\\(x[0-9a-fA-F]{2}|u[0-9a-fA-F]{4}|U[0-9a-fA-F]{8}|[0-7]{3}|[\s\S])/g, (_, e: string) => {
    if (/^[xuU]/.test(e) && e.length > 1) return String.fromCodePoint(parseInt(e.slice(1), 16));
    if (/^[0-7]{3}$/.test(e)) return String.fromCharCode(parseInt(e, 8));
    return SIMPLE[e] ?? e;
  });
}

/** Strips parentheses, which change nothing. */
export function unparen(node: Node): Node {
  let n = node;
  while (n.type === 'parenthesized_expression' && named(n)[0]) n = named(n)[0];
  return n;
}

/** `a.b.c` as text when the expression is a chain of names. */
export function selectorName(node: Node): string | undefined {
  const n = unparen(node);
  if (n.type === 'identifier' || n.type === 'package_identifier' || n.type === 'field_identifier' || n.type === 'type_identifier') return n.text;
  if (n.type === 'selector_expression') {
    const base = selectorName(field(n, 'operand')!);
    const f = field(n, 'field');
    return base && f ? `${base}.${f.text}` : undefined;
  }
  return undefined;
}

export function callArgs(call: Node): Node[] {
  const args = field(call, 'arguments');
  return args ? named(args) : [];
}

/** The callee of a call as `pkg.Func` / `x.Method` / `f`. */
export function calleeName(call: Node): string | undefined {
  const f = field(call, 'function');
  return f ? selectorName(f) : undefined;
}

/** Import paths by the name they are used under in this file (`cors` → `github.com/rs/cors`). */
export function goImports(file: CodeFile): Map<string, string> {
  const out = new Map<string, string>();
  for (const decl of named(file.tree.rootNode)) {
    if (decl.type !== 'import_declaration') continue;
    for (const spec of descendants(decl)) {
      if (spec.type !== 'import_spec') continue;
      const path = goString(field(spec, 'path')!);
      if (!path) continue;
      const alias = field(spec, 'name')?.text;
      if (alias === '_' || alias === '.') continue;
      out.set(alias ?? path.split('/').pop()!.replace(/^go-/, ''), path);
    }
  }
  return out;
}

/** The local names a package is imported under. */
export function namesOf(imports: Map<string, string>, path: string): Set<string> {
  return new Set([...imports].filter(([, p]) => p === path || p.startsWith(`${path}/v`)).map(([name]) => name));
}

/** Every call expression of a subtree, found by the parser in one pass. */
export function callsIn(root: Node): Node[] {
  return root.descendantsOfType('call_expression').filter((n): n is Node => n !== null);
}

/** The statements of a block (`{ ... }` holds a statement_list in this grammar). */
export function blockStatements(block: Node | undefined): Node[] {
  if (!block) return [];
  if (block.type === 'statement_list') return named(block);
  if (block.type !== 'block') return [block];
  const list = named(block).find((c) => c.type === 'statement_list');
  return list ? named(list) : [];
}

export function isFuncNode(n: Node): boolean {
  return n.type === 'func_literal' || n.type === 'function_declaration' || n.type === 'method_declaration';
}

/** Parameter names of a function with their types as written. */
export function goParams(fn: Node): { name: string; type: string }[] {
  const params = field(fn, 'parameters');
  if (!params) return [];
  const out: { name: string; type: string }[] = [];
  for (const p of named(params)) {
    if (p.type !== 'parameter_declaration') continue;
    const type = field(p, 'type')?.text ?? '';
    const names = named(p).filter((c) => c.type === 'identifier');
    for (const n of names) out.push({ name: n.text, type });
  }
  return out;
}

/** The operator token of a binary or unary expression. */
export function operatorOf(node: Node): string {
  const op = field(node, 'operator');
  if (op) return op.text;
  for (let i = 0; i < node.childCount; i++) {
    const c = node.child(i)!;
    if (!c.isNamed) return c.text;
  }
  return '';
}
