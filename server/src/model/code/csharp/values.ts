import type { Node } from '@vscode/tree-sitter-wasm';
import type { Span } from '../../../core/range';
import type { PolicyNote } from '../../cors-policy';
import type { CodeFile } from '../code-project';
import { csString, descendants, field, invocation, named, spanOf, unparen } from './ast';
import { operatorOf } from '../js/ast';

/** What a C# expression is known to hold. */
export type CsValue =
  | { kind: 'string'; value: string; node: Node }
  | { kind: 'bool'; value: boolean; node: Node }
  | { kind: 'number'; value: number; node: Node }
  | { kind: 'list'; items: CsValue[]; node: Node }
  | { kind: 'unknown'; why: string; node: Node };

const MAX_DEPTH = 12;

/**
 * Follows names to the `const` and `static readonly` fields and the locals of
 * one file, arrays (`new[] { ... }`, collection expressions), concatenation,
 * and configuration reads (`configuration["X"] ?? "d"`,
 * `Environment.GetEnvironmentVariable("X") ?? "d"`) as their default, noted
 * as depending on the environment.
 */
export class CsValues {
  readonly notes: PolicyNote[] = [];
  private readonly fields = new Map<string, Node[]>();

  constructor(readonly file: CodeFile, readonly aspnetVersion?: string) {
    for (const n of descendants(file.tree.rootNode)) {
      if (n.type !== 'variable_declarator') continue;
      const decl = n.parent?.parent;
      if (decl?.type !== 'field_declaration' && decl?.type !== 'local_declaration_statement') continue;
      if (decl.type === 'local_declaration_statement' && decl.parent?.type !== 'global_statement') continue;
      const name = field(n, 'name')?.text;
      if (!name) continue;
      this.fields.set(name, [...(this.fields.get(name) ?? []), n]);
    }
  }

  span(node: Node): Span {
    return spanOf(this.file, node);
  }

  evaluate(node: Node, depth = 0): CsValue {
    const n = unparen(node);
    if (depth > MAX_DEPTH) return unknown(n, 'a deeply nested value');
    const s = csString(n);
    if (s !== undefined) return { kind: 'string', value: s, node: n };
    switch (n.type) {
      case 'boolean_literal': return { kind: 'bool', value: n.text === 'true', node: n };
      case 'integer_literal': case 'real_literal': {
        const v = Number(n.text.replace(/[_lLuUdDfFmM]/g, ''));
        return Number.isFinite(v) ? { kind: 'number', value: v, node: n } : unknown(n, 'a number');
      }
      case 'prefix_unary_expression': {
        const v = this.evaluate(named(n)[0] ?? n, depth + 1);
        return v.kind === 'number' && n.text.startsWith('-') ? { kind: 'number', value: -v.value, node: n } : unknown(n, 'an expression');
      }
      case 'implicit_array_creation_expression': case 'array_creation_expression': case 'initializer_expression': case 'collection_expression': case 'object_creation_expression': {
        const init = n.type === 'initializer_expression' || n.type === 'collection_expression' ? n : named(n).find((c) => c.type === 'initializer_expression');
        if (!init) return unknown(n, 'a collection filled at run time');
        return { kind: 'list', items: named(init).map((c) => this.evaluate(c.type === 'expression_element' ? named(c)[0] ?? c : c, depth + 1)), node: n };
      }
      // `["a", "b"]`: this grammar reads a collection expression as an element binding.
      case 'element_binding_expression':
        return { kind: 'list', items: named(n).map((c) => this.evaluate(c, depth + 1)), node: n };
      case 'binary_expression': {
        const l = field(n, 'left')!;
        const r = field(n, 'right')!;
        const op = operatorOf(n);
        if (op === '??') {
          const left = this.evaluate(l, depth + 1);
          return left.kind === 'unknown' ? this.evaluate(r, depth + 1) : left;
        }
        if (op !== '+') return unknown(n, 'an expression');
        const a = this.evaluate(l, depth + 1);
        const b = this.evaluate(r, depth + 1);
        return a.kind === 'string' && b.kind === 'string' ? { kind: 'string', value: a.value + b.value, node: n } : unknown(n, 'a string built at run time');
      }
      case 'identifier': return this.resolve(n, n.text, depth);
      case 'member_access_expression': {
        const name = field(n, 'name')?.text;
        return name ? this.resolve(n, name, depth, true) : unknown(n, 'a member');
      }
      case 'element_access_expression': {
        // `builder.Configuration["Cors:Origin"]`: whatever the deployment configures.
        const key = named(field(n, 'subscript') ?? n).map((a) => csString(a)).find((k) => k !== undefined);
        if (/Configuration|config/i.test(field(n, 'expression')?.text ?? '')) this.noteEnv(key ?? 'configuration', n);
        return unknown(n, `the configuration value ${key ?? ''}`);
      }
      case 'invocation_expression': return this.call(n, depth);
    }
    return unknown(n, 'an expression the model does not follow');
  }

  /** A list of strings, flattening arrays and `params`; undefined when an item is not a known string. */
  strings(nodes: Node[]): { value: string; node: Node }[] | undefined {
    const out: { value: string; node: Node }[] = [];
    const add = (v: CsValue): boolean => {
      if (v.kind === 'string') out.push({ value: v.value, node: v.node });
      else if (v.kind === 'list') return v.items.every(add);
      else return false;
      return true;
    };
    for (const n of nodes) if (!add(this.evaluate(n))) return undefined;
    return out;
  }

  private call(n: Node, depth: number): CsValue {
    const inv = invocation(n);
    if (!inv) return unknown(n, 'a call');
    if (inv.name === 'GetEnvironmentVariable' || inv.name === 'GetValue' || inv.name === 'GetSection') {
      const key = inv.args[0] ? csString(inv.args[0]) : undefined;
      this.noteEnv(key ?? 'configuration', n);
      if (inv.name === 'GetValue' && inv.args[1]) return this.evaluate(inv.args[1], depth + 1);
      return unknown(n, `the setting ${key ?? ''}`);
    }
    if (inv.name === 'Split' && inv.object && inv.args.length >= 1) {
      const base = this.evaluate(inv.object, depth + 1);
      const sep = inv.args[0].text.replace(/^'|'$|^"|"$/g, '');
      if (base.kind === 'string' && sep.length === 1) return { kind: 'list', items: base.value.split(sep).map((value) => ({ kind: 'string' as const, value: value.trim(), node: base.node })), node: n };
    }
    if ((inv.name === 'ToArray' || inv.name === 'ToList' || inv.name === 'ToLowerInvariant') && inv.object) return this.evaluate(inv.object, depth + 1);
    return unknown(n, `the result of ${inv.name}()`);
  }

  private resolve(at: Node, name: string, depth: number, memberOnly = false): CsValue {
    if (!memberOnly) {
      const local = findLocal(at, name);
      if (local === 'parameter') return unknown(at, `the parameter ${name}`);
      if (local) {
        const init = named(local).filter((c) => c.id !== field(local, 'name')?.id).at(-1);
        return init ? this.evaluate(init, depth + 1) : unknown(at, `the variable ${name}`);
      }
    }
    const decls = this.fields.get(name) ?? [];
    if (decls.length !== 1) return unknown(at, `the name ${name}`);
    const init = named(decls[0]).filter((c) => c.id !== field(decls[0], 'name')?.id).at(-1);
    return init ? this.evaluate(init, depth + 1) : unknown(at, `the field ${name}, set at run time`);
  }

  private noteEnv(name: string, node: Node): void {
    const at = this.span(node);
    if (this.notes.some((n) => n.at.range.start.offset === at.range.start.offset)) return;
    this.notes.push({ kind: 'depends-on-environment', message: `Depends on the configuration (${name}); the model uses the default written in the code.`, at });
  }
}

function unknown(node: Node, why: string): CsValue {
  return { kind: 'unknown', why, node };
}

/** The local declarator of `name` visible at `at`, or `parameter`. */
function findLocal(at: Node, name: string): Node | 'parameter' | undefined {
  for (let n: Node | null = at.parent; n; n = n.parent) {
    if (n.type === 'block') {
      for (const stmt of named(n)) {
        if (stmt.startIndex >= at.startIndex) break;
        if (stmt.type !== 'local_declaration_statement') continue;
        for (const d of descendants(stmt)) if (d.type === 'variable_declarator' && field(d, 'name')?.text === name) return d;
      }
    }
    if (n.type === 'lambda_expression' || n.type === 'method_declaration' || n.type === 'local_function_statement') {
      const params = field(n, 'parameters');
      if (params && (params.text === name || named(params).some((p) => field(p, 'name')?.text === name))) return 'parameter';
    }
  }
  return undefined;
}
