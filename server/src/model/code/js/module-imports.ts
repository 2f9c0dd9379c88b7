import type { Node } from '@vscode/tree-sitter-wasm';
import type { CodeFile } from '../code-project';
import { callArgs, field, named, stringLiteral, unwrap } from './ast';

/**
 * Local names bound to a package: `import x from 'pkg'`, `import { y as x } from
 * 'pkg'`, `const x = require('pkg')`, `const { y: x } = require('pkg')`. The
 * value is the export it stands for (`default` for the module itself).
 */
export function importedNames(file: CodeFile, packages: readonly string[]): Map<string, { pkg: string; name: string }> {
  const out = new Map<string, { pkg: string; name: string }>();
  const visit = (stmt: Node) => {
    if (stmt.type === 'import_statement') {
      const pkg = stringLiteral(field(stmt, 'source')!);
      if (pkg === undefined || !packages.includes(pkg)) return;
      const clause = named(stmt).find((c) => c.type === 'import_clause');
      for (const part of clause ? named(clause) : []) {
        if (part.type === 'identifier') out.set(part.text, { pkg, name: 'default' });
        if (part.type === 'namespace_import') out.set(named(part)[0]?.text ?? '', { pkg, name: '*' });
        if (part.type === 'named_imports') {
          for (const spec of named(part)) out.set(field(spec, 'alias')?.text ?? field(spec, 'name')!.text, { pkg, name: field(spec, 'name')!.text });
        }
      }
      return;
    }
    if (stmt.type !== 'lexical_declaration' && stmt.type !== 'variable_declaration') return;
    for (const decl of named(stmt)) {
      const init = field(decl, 'value');
      if (!init) continue;
      let call = unwrap(init);
      let member: string | undefined;
      // `require('pkg').default` and `require('pkg').cors`.
      if (call.type === 'member_expression') {
        member = field(call, 'property')?.text;
        call = unwrap(field(call, 'object')!);
      }
      if (call.type !== 'call_expression' || field(call, 'function')?.text !== 'require') continue;
      const pkg = stringLiteral(callArgs(call)[0] ?? call);
      if (pkg === undefined || !packages.includes(pkg)) continue;
      const id = field(decl, 'name')!;
      if (id.type === 'identifier') out.set(id.text, { pkg, name: member ?? 'default' });
      if (id.type === 'object_pattern') {
        for (const p of named(id)) {
          if (p.type === 'shorthand_property_identifier_pattern') out.set(p.text, { pkg, name: p.text });
          if (p.type === 'pair_pattern') out.set(field(p, 'value')!.text, { pkg, name: field(p, 'key')!.text });
        }
      }
    }
  };
  for (const stmt of named(file.tree.rootNode)) visit(stmt);
  return out;
}

/** Every call in the file, in source order (one query inside the parser, far cheaper than walking node by node). */
export function callsIn(root: Node): Node[] {
  return root.descendantsOfType('call_expression').filter((n): n is Node => n !== null);
}
