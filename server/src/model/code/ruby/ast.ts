import type { Node } from '@vscode/tree-sitter-wasm';
import { field, named } from '../js/ast';

export { field, named, spanOf, descendants } from '../js/ast';

/** Strips parentheses and `begin ... end` around a single expression. */
export function unwrapRb(node: Node): Node {
  let n = node;
  for (let i = 0; i < 20; i++) {
    const inner = named(n);
    if ((n.type === 'parenthesized_statements' || n.type === 'begin_block') && inner.length === 1) n = inner[0];
    else return n;
  }
  return n;
}

/** The method name of a call (`resource`, `end_with?`), or the identifier of a command without arguments. */
export function methodName(call: Node): string | undefined {
  if (call.type === 'call') return field(call, 'method')?.text;
  if (call.type === 'identifier') return call.text;
  return undefined;
}

/** The arguments of a call, without the parentheses (splats and pairs included). */
export function rbArgs(call: Node): Node[] {
  const args = field(call, 'arguments');
  return args ? named(args) : [];
}

/** `Rack::Cors` as written, or a constant alone; undefined for anything else. */
export function constantPath(node: Node): string | undefined {
  if (node.type === 'constant') return node.text;
  if (node.type === 'scope_resolution') {
    const scope = field(node, 'scope');
    const name = field(node, 'name')?.text;
    if (!name) return undefined;
    if (!scope) return `::${name}`;
    const base = constantPath(scope);
    return base === undefined ? undefined : `${base}::${name}`;
  }
  return undefined;
}

/** The statements of a block body, a `do ... end` or `{ ... }` block, or a program. */
export function statementsOf(node: Node | undefined): Node[] {
  if (!node) return [];
  if (node.type === 'block' || node.type === 'do_block' || node.type === 'lambda') {
    const body = field(node, 'body');
    if (!body) return [];
    return body.type === 'block' || body.type === 'do_block' ? statementsOf(body) : named(body);
  }
  if (['body_statement', 'block_body', 'program', 'then', 'else', 'begin', 'parenthesized_statements'].includes(node.type)) return named(node);
  return [node];
}

/** The parameter names of a block or lambda (`|source, env|`). */
export function blockParams(block: Node): string[] {
  const params = field(block, 'parameters');
  if (!params) return [];
  return named(params).map((p) => (p.type === 'identifier' ? p.text : field(p, 'name')?.text ?? '')).filter(Boolean);
}

/** The text of a string literal without interpolation, with the escapes Ruby gives it; undefined otherwise. */
export function rubyStringLiteral(node: Node): string | undefined {
  if (node.type === 'bare_symbol') return node.text;
  if (node.type !== 'string' && node.type !== 'bare_string' && node.type !== 'simple_symbol' && node.type !== 'hash_key_symbol') return undefined;
  if (node.type === 'simple_symbol') return node.text.replace(/^:/, '').replace(/^"(.*)"$/, '$1');
  if (node.type === 'hash_key_symbol') return node.text;
  let out = '';
  const singleQuoted = node.text.startsWith("'") || /^%q/.test(node.text);
  for (const part of named(node)) {
    if (part.type === 'string_content') out += part.text;
    else if (part.type === 'escape_sequence') out += singleQuoted ? part.text.replace(/^\\([\\'])$/, '$1') : unescapeRuby(part.text);
    else return undefined;
  }
  return out;
}

const ESCAPES: Record<string, string> = { n: '\n', t: '\t', r: '\r', s: ' ', '0': '\0', e: '\x1b', a: '\x07', b: '\b', f: '\f', v: '\v' };

export function unescapeRuby(e: string): string {
  const body = e.slice(1);
  if (/^x[0-9a-fA-F]{1,2}$/.test(body)) return String.fromCharCode(parseInt(body.slice(1), 16));
  if (/^u[0-9a-fA-F]{4}$/.test(body)) return String.fromCharCode(parseInt(body.slice(1), 16));
  return ESCAPES[body] ?? body;
}

/** The pattern between the delimiters of `/.../` or `%r{...}`, and its flags. */
export function regexLiteral(node: Node): { pattern: string; flags: string } | undefined {
  if (node.type !== 'regex') return undefined;
  if (named(node).some((c) => c.type === 'interpolation')) return undefined;
  const flags = /[a-z]*$/.exec(node.text)![0];
  const body = node.text.slice(0, node.text.length - flags.length);
  if (body.startsWith('/') && body.endsWith('/') && body.length >= 2) return { pattern: body.slice(1, -1), flags };
  if (body.startsWith('%r') && body.length >= 4) return { pattern: body.slice(3, -1), flags };
  return undefined;
}

export function isNode(n: Node | null | undefined): n is Node {
  return !!n;
}
