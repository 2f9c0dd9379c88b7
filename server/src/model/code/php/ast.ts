import type { Node } from '@vscode/tree-sitter-wasm';
import { field, named } from '../js/ast';

export { field, named, spanOf, descendants } from '../js/ast';

/** Strips parentheses around an expression. */
export function unwrapPhp(node: Node): Node {
  let n = node;
  for (let i = 0; i < 20 && n.type === 'parenthesized_expression' && named(n)[0]; i++) n = named(n)[0];
  return n;
}

/** The function name of a plain call (`header`, `in_array`), lower-cased as PHP resolves it; undefined for methods. */
export function functionName(call: Node): string | undefined {
  if (call.type !== 'function_call_expression') return undefined;
  const fn = field(call, 'function');
  if (!fn || (fn.type !== 'name' && fn.type !== 'qualified_name')) return undefined;
  return fn.text.replace(/^\\/, '').toLowerCase();
}

/** The argument expressions of a call, in order (named arguments keep their position). */
export function phpArgs(call: Node): Node[] {
  const args = field(call, 'arguments');
  if (!args) return [];
  // A named argument (`replace: false`) holds its label first and the value last.
  return named(args).map((a) => (a.type === 'argument' ? named(a).at(-1) ?? a : a));
}

const DOUBLE_ESCAPES: Record<string, string> = { n: '\n', t: '\t', r: '\r', v: '\v', e: '\x1b', f: '\f', '\\': '\\', $: '$', '"': '"', '0': '\0' };

/** A string literal's value without interpolation, with PHP's escapes applied; undefined otherwise. */
export function phpStringLiteral(node: Node): string | undefined {
  const n = unwrapPhp(node);
  if (n.type === 'string') {
    // Single quotes: only `\'` and `\\` are escapes.
    const raw = named(n).filter((c) => c.type === 'string_content' || c.type === 'escape_sequence').map((c) => c.text).join('');
    const inner = raw === '' && n.text.length > 2 ? n.text.slice(1, -1) : raw;
    return inner.replace(/\\([\\'])/g, '$1');
  }
  if (n.type === 'encapsed_string') {
    let out = '';
    for (const part of named(n)) {
      if (part.type === 'string_content') out += part.text;
      else if (part.type === 'escape_sequence') out += unescapeDouble(part.text);
      else return undefined;
    }
    return out;
  }
  return undefined;
}

export function unescapeDouble(e: string): string {
  const body = e.slice(1);
  if (/^x[0-9a-fA-F]{1,2}$/.test(body)) return String.fromCharCode(parseInt(body.slice(1), 16));
  if (/^[0-7]{1,3}$/.test(body)) return String.fromCharCode(parseInt(body, 8));
  return DOUBLE_ESCAPES[body] ?? e;
}

/** `$name` → `name`. */
export function variableName(node: Node): string | undefined {
  const n = unwrapPhp(node);
  return n.type === 'variable_name' ? n.text.replace(/^\$/, '') : undefined;
}

/** The statements of a block, a `{ ... }` body or a colon-style body. */
export function statementsOf(node: Node | undefined): Node[] {
  if (!node) return [];
  if (node.type === 'compound_statement' || node.type === 'program' || node.type === 'colon_block') return named(node).filter((c) => c.type !== 'php_tag' && c.type !== 'text_interpolation');
  return [node];
}
