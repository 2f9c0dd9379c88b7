import type { Node } from '@vscode/tree-sitter-wasm';
import type { CodeFile } from '../code-project';
import { field, named } from './ast';

const MAX_SCOPE_STEPS = 400;

/** A package-level `func`, `const` or `var` of one file that declares `name`. */
export function topLevel(file: CodeFile, name: string): { file: CodeFile; node: Node; value?: Node } | undefined {
  for (const decl of named(file.tree.rootNode)) {
    if (decl.type === 'function_declaration' && field(decl, 'name')?.text === name) return { file, node: decl };
    if (decl.type !== 'const_declaration' && decl.type !== 'var_declaration') continue;
    for (const spec of specsOf(decl)) {
      const found = specValue(spec, name);
      if (found !== null) return { file, node: spec, value: found };
    }
  }
  return undefined;
}

function specsOf(decl: Node): Node[] {
  return named(decl).flatMap((c) => (c.type === 'var_spec_list' ? named(c) : [c])).filter((c) => c.type === 'const_spec' || c.type === 'var_spec');
}

/** The value expression bound to `name` in a spec, undefined when declared without one, null when the spec does not declare it. */
function specValue(spec: Node, name: string): Node | undefined | null {
  const names = named(spec).filter((c) => c.type === 'identifier');
  const index = names.findIndex((c) => c.text === name);
  if (index < 0) return null;
  const value = field(spec, 'value');
  if (!value) return undefined;
  const values = value.type === 'expression_list' ? named(value) : [value];
  return values.length === names.length ? values[index] : undefined;
}

export interface LocalBinding {
  kind: 'local' | 'param';
  name: string;
  value?: Node;
  /** Position in a multi-value declaration from one call (`v, ok := m[k]`): not the call's value. */
  index?: number;
  /** The statements of the block that declares it, for later assignments. */
  statements?: Node[];
  /** Parameters: the function and the position among its parameters. */
  fn?: Node;
  param?: number;
}

/** The nearest declaration of a local name visible at `at`: a `:=`, `var`, `const`, range variable or parameter. */
export function findLocal(at: Node, name: string): LocalBinding | undefined {
  let child = at;
  let steps = 0;
  // Each step up costs a walk from the root in tree-sitter: deeply nested input stops early.
  for (let n = at.parent; n && steps++ < MAX_SCOPE_STEPS; child = n, n = n.parent) {
    if (n.type === 'statement_list') {
      const stmts = named(n);
      const upto = stmts.findIndex((s) => s.startIndex <= child.startIndex && child.endIndex <= s.endIndex);
      for (let i = (upto < 0 ? stmts.length : upto) - 1; i >= 0; i--) {
        const b = declares(stmts[i], name);
        if (b) return { ...b, statements: stmts.slice(i + 1) };
      }
    }
    if (n.type === 'if_statement' || n.type === 'for_statement' || n.type === 'expression_switch_statement' || n.type === 'type_switch_statement') {
      const init = field(n, 'initializer') ?? named(n).find((c) => c.type === 'range_clause' || c.type === 'for_clause');
      if (init && init !== child) {
        const b = init.type === 'range_clause' ? rangeDeclares(init, name) : init.type === 'for_clause' ? declares(field(init, 'initializer') ?? init, name) : declares(init, name);
        if (b) return b;
      }
    }
    if (n.type === 'func_literal' || n.type === 'function_declaration' || n.type === 'method_declaration') {
      const params = field(n, 'parameters');
      const names = params ? named(params).filter((p) => p.type === 'parameter_declaration').flatMap((p) => named(p).filter((c) => c.type === 'identifier')) : [];
      const index = names.findIndex((c) => c.text === name);
      if (index >= 0) return { kind: 'param', name, fn: n, param: index };
      return undefined;
    }
  }
  return undefined;
}

function declares(s: Node, name: string): LocalBinding | undefined {
  if (s.type === 'short_var_declaration') {
    const left = named(field(s, 'left')!);
    const index = left.findIndex((c) => c.text === name);
    if (index < 0) return undefined;
    const right = named(field(s, 'right')!);
    if (right.length === left.length) return { kind: 'local', name, value: right[index] };
    return { kind: 'local', name, value: right[0], index };
  }
  if (s.type === 'var_declaration' || s.type === 'const_declaration') {
    for (const spec of specsOf(s)) {
      const v = specValue(spec, name);
      if (v !== null) return { kind: 'local', name, value: v };
    }
  }
  return undefined;
}

function rangeDeclares(clause: Node, name: string): LocalBinding | undefined {
  const left = field(clause, 'left');
  if (left && named(left).some((c) => c.text === name)) return { kind: 'local', name };
  return undefined;
}
