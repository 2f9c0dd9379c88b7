import type { Node } from '@vscode/tree-sitter-wasm';
import { field, isFunction, named, paramNames, stringLiteral } from './ast';

/** Which declaration a name refers to, by the scopes of JavaScript. */
export type Binding =
  | { kind: 'value'; init: Node; path: string[]; node: Node }
  | { kind: 'function'; node: Node }
  | { kind: 'import'; source: string; name: string; node: Node }
  | { kind: 'param'; node: Node };

const SCOPES = new Set(['program', 'statement_block', 'class_body', 'switch_body']);

/** The declaration a name refers to at a place: the nearest enclosing scope that declares it. */
export function findBinding(at: Node, name: string): Binding | undefined {
  for (let scope: Node | null = at.parent; scope; scope = scope.parent) {
    if (isFunction(scope)) {
      const params = paramNames(scope);
      if (params.includes(name)) return { kind: 'param', node: scope };
    }
    if (!SCOPES.has(scope.type)) continue;
    for (const stmt of named(scope)) {
      const found = bindingIn(stmt, name);
      if (found) return found;
    }
  }
  return undefined;
}

function bindingIn(stmt: Node, name: string): Binding | undefined {
  const s = stmt.type === 'export_statement' ? field(stmt, 'declaration') ?? stmt : stmt;
  if ((s.type === 'function_declaration' || s.type === 'generator_function_declaration') && field(s, 'name')?.text === name) return { kind: 'function', node: s };
  if (s.type === 'lexical_declaration' || s.type === 'variable_declaration') {
    for (const decl of named(s).filter((d) => d.type === 'variable_declarator')) {
      const id = field(decl, 'name')!;
      const init = field(decl, 'value');
      if (!init) continue;
      if (id.type === 'identifier' && id.text === name) return { kind: 'value', init, path: [], node: decl };
      if (id.type === 'object_pattern') {
        const key = patternKey(id, name);
        if (key !== undefined) return { kind: 'value', init, path: [key], node: decl };
      }
    }
  }
  if (s.type === 'import_statement') {
    const source = stringLiteral(field(s, 'source')!) ?? '';
    const clause = named(s).find((c) => c.type === 'import_clause');
    if (!clause) return undefined;
    for (const part of named(clause)) {
      if (part.type === 'identifier' && part.text === name) return { kind: 'import', source, name: 'default', node: part };
      if (part.type === 'namespace_import' && named(part)[0]?.text === name) return { kind: 'import', source, name: '*', node: part };
      if (part.type === 'named_imports') {
        for (const spec of named(part)) {
          const orig = field(spec, 'name')!.text;
          const alias = field(spec, 'alias')?.text ?? orig;
          if (alias === name) return { kind: 'import', source, name: orig, node: spec };
        }
      }
    }
  }
  return undefined;
}

/** `{ a, b: c }` binds `a` from key `a` and `c` from key `b`. */
function patternKey(pattern: Node, name: string): string | undefined {
  for (const p of named(pattern)) {
    if (p.type === 'shorthand_property_identifier_pattern' && p.text === name) return name;
    if (p.type === 'pair_pattern' && field(p, 'value')?.text === name) return field(p, 'key')?.text;
    if (p.type === 'object_assignment_pattern' && field(p, 'left')?.text === name) return name;
  }
  return undefined;
}

export function declaredNames(decl: Node): [string, Node][] {
  if (decl.type === 'function_declaration' || decl.type === 'class_declaration') {
    const id = field(decl, 'name');
    return id ? [[id.text, id]] : [];
  }
  return named(decl)
    .filter((d) => d.type === 'variable_declarator' && field(d, 'name')?.type === 'identifier')
    .map((d) => [field(d, 'name')!.text, field(d, 'name')!]);
}
