import type { Node } from '@vscode/tree-sitter-wasm';
import type { Span } from '../../../core/range';
import type { PolicyNote } from '../../cors-policy';
import type { CodeFile } from '../code-project';
import { annotationsOf, descendants, field, invocation, javaString, named, spanOf, unparen } from './ast';

/** What a Java expression is known to hold. */
export type JavaValue =
  | { kind: 'string'; value: string; node: Node }
  | { kind: 'bool'; value: boolean; node: Node }
  | { kind: 'number'; value: number; node: Node }
  | { kind: 'list'; items: JavaValue[]; node: Node }
  | { kind: 'unknown'; why: string; node: Node };

const MAX_DEPTH = 12;

/**
 * Follows names to the constants, fields and locals of one file: `static final`
 * fields, string arrays, `List.of`, `Arrays.asList`, concatenation, and values
 * Spring injects from `@Value("${key:default}")` (the default, noted as
 * depending on the environment).
 */
export class JavaValues {
  readonly notes: PolicyNote[] = [];
  private readonly fields = new Map<string, Node[]>();

  constructor(readonly file: CodeFile, readonly springVersion?: string) {
    for (const n of descendants(file.tree.rootNode)) {
      if (n.type !== 'field_declaration' && n.type !== 'constant_declaration') continue;
      for (const d of named(n)) {
        if (d.type !== 'variable_declarator') continue;
        const name = field(d, 'name')?.text;
        if (!name) continue;
        const list = this.fields.get(name) ?? [];
        list.push(d);
        this.fields.set(name, list);
      }
    }
  }

  span(node: Node): Span {
    return spanOf(this.file, node);
  }

  evaluate(node: Node, depth = 0): JavaValue {
    const n = unparen(node);
    if (depth > MAX_DEPTH) return unknown(n, 'the value is too deeply nested');
    const s = javaString(n);
    if (s !== undefined) return { kind: 'string', value: s, node: n };
    switch (n.type) {
      case 'true': return { kind: 'bool', value: true, node: n };
      case 'false': return { kind: 'bool', value: false, node: n };
      case 'decimal_integer_literal': case 'decimal_floating_point_literal': {
        const v = Number(n.text.replace(/[_lLdDfF]/g, ''));
        return Number.isFinite(v) ? { kind: 'number', value: v, node: n } : unknown(n, 'a number');
      }
      case 'unary_expression': {
        const inner = field(n, 'operand');
        const v = inner ? this.evaluate(inner, depth + 1) : undefined;
        if (v?.kind === 'number' && n.text.trim().startsWith('-')) return { kind: 'number', value: -v.value, node: n };
        return unknown(n, 'an expression');
      }
      case 'array_initializer': case 'element_value_array_initializer':
        return { kind: 'list', items: named(n).map((c) => this.evaluate(c, depth + 1)), node: n };
      case 'array_creation_expression': {
        const init = field(n, 'value') ?? named(n).find((c) => c.type === 'array_initializer');
        return init ? { kind: 'list', items: named(init).map((c) => this.evaluate(c, depth + 1)), node: n } : unknown(n, 'an empty array');
      }
      case 'binary_expression': {
        const l = field(n, 'left');
        const r = field(n, 'right');
        if (!l || !r || !/^\s*\+/.test(n.text.slice(l.endIndex - n.startIndex))) return unknown(n, 'an expression');
        const a = this.evaluate(l, depth + 1);
        const b = this.evaluate(r, depth + 1);
        const text = (v: JavaValue) => (v.kind === 'string' || v.kind === 'number' || v.kind === 'bool' ? String(v.value) : undefined);
        const ta = text(a);
        const tb = text(b);
        return ta !== undefined && tb !== undefined ? { kind: 'string', value: ta + tb, node: n } : unknown(n, 'a string built at run time');
      }
      case 'identifier': return this.resolve(n, n.text, depth);
      case 'field_access': {
        const name = field(n, 'field')?.text;
        return name ? this.resolve(n, name, depth, true) : unknown(n, 'a field');
      }
      case 'method_invocation': return this.call(n, depth);
    }
    return unknown(n, 'an expression the model does not follow');
  }

  /** A list of strings, flattening arrays and varargs; undefined when an item is not a known string. */
  strings(nodes: Node[]): { value: string; node: Node }[] | undefined {
    const out: { value: string; node: Node }[] = [];
    const add = (v: JavaValue): boolean => {
      if (v.kind === 'string') out.push({ value: v.value, node: v.node });
      else if (v.kind === 'list') return v.items.every(add);
      else return false;
      return true;
    };
    for (const n of nodes) if (!add(this.evaluate(n))) return undefined;
    return out;
  }

  private call(n: Node, depth: number): JavaValue {
    const inv = invocation(n)!;
    const receiver = inv.object?.text ?? '';
    // `java.util.List.of(...)` reads like `List.of(...)`: fixes write the qualified name to need no import.
    const util = receiver.replace(/^java\.util\./, '');
    if ((inv.name === 'of' && /^(List|Set)$/.test(util)) || (inv.name === 'asList' && util === 'Arrays') || (inv.name === 'singletonList' && util === 'Collections')) {
      return { kind: 'list', items: inv.args.map((a) => this.evaluate(a, depth + 1)), node: n };
    }
    if (inv.name === 'split' && inv.object && inv.args.length >= 1) {
      const base = this.evaluate(inv.object, depth + 1);
      const sep = javaString(inv.args[0]);
      if (base.kind === 'string' && sep !== undefined && !/[\\[\](){}.*+?^$|]/.test(sep)) {
        return { kind: 'list', items: base.value.split(sep).map((value) => ({ kind: 'string' as const, value, node: base.node })), node: n };
      }
    }
    if (inv.name === 'getenv' && receiver === 'System') {
      const key = inv.args[0] ? javaString(inv.args[0]) : undefined;
      this.noteEnv(key ?? 'unknown', n);
      return unknown(n, `the environment variable ${key ?? ''}`);
    }
    // `System.getenv().getOrDefault("X", "d")` and `env.getProperty("x", "d")`: the default as written.
    if ((inv.name === 'getOrDefault' || inv.name === 'getProperty') && inv.args.length === 2) {
      const key = javaString(inv.args[0]);
      this.noteEnv(key ?? 'unknown', n);
      return { ...this.evaluate(inv.args[1], depth + 1), node: inv.args[1] };
    }
    if (inv.name === 'orElse' && inv.object && inv.args.length === 1 && /getenv|getProperty/.test(inv.object.text)) {
      this.noteEnv(/"([^"]+)"/.exec(inv.object.text)?.[1] ?? 'unknown', n);
      return this.evaluate(inv.args[0], depth + 1);
    }
    if (inv.name === 'toLowerCase' && inv.object) {
      const v = this.evaluate(inv.object, depth + 1);
      return v.kind === 'string' ? { kind: 'string', value: v.value.toLowerCase(), node: v.node } : v;
    }
    return unknown(n, `the result of ${inv.name}()`);
  }

  private resolve(at: Node, name: string, depth: number, fieldOnly = false): JavaValue {
    if (!fieldOnly) {
      const local = findLocal(at, name);
      if (local === 'parameter') return unknown(at, `the parameter ${name}`);
      if (local) {
        const init = field(local, 'value');
        return init ? this.evaluate(init, depth + 1) : unknown(at, `the variable ${name}`);
      }
    }
    const decls = this.fields.get(name) ?? [];
    if (decls.length !== 1) return unknown(at, decls.length ? `the field ${name}, declared more than once` : `the name ${name}`);
    const decl = decls[0];
    const fieldDecl = decl.parent!;
    const value = annotationsOf(fieldDecl).find((a) => a.name === 'Value')?.values.get('value');
    if (value) return this.injected(value);
    const init = field(decl, 'value');
    return init ? this.evaluate(init, depth + 1) : unknown(at, `the field ${name}, set at run time`);
  }

  /** `@Value("${cors.origins:https://a.com}")`: the default after the first `:`, when there is one. */
  private injected(node: Node): JavaValue {
    const text = javaString(node);
    const m = text === undefined ? null : /^\$\{([^:}]+)(?::([\s\S]*))?\}$/.exec(text);
    if (!m) return text === undefined ? unknown(node, 'an injected value') : { kind: 'string', value: text, node };
    this.noteEnv(m[1], node);
    return m[2] === undefined ? unknown(node, `the property ${m[1]}`) : { kind: 'string', value: m[2], node };
  }

  private noteEnv(name: string, node: Node): void {
    const at = this.span(node);
    if (this.notes.some((n) => n.at.range.start.offset === at.range.start.offset)) return;
    this.notes.push({ kind: 'depends-on-environment', message: `Depends on the environment (${name}); the model uses the default written in the code.`, at });
  }
}

function unknown(node: Node, why: string): JavaValue {
  return { kind: 'unknown', why, node };
}

/** The local declaration of `name` visible at `at` (a variable declarator), or `parameter`. */
function findLocal(at: Node, name: string): Node | 'parameter' | undefined {
  for (let n: Node | null = at.parent; n; n = n.parent) {
    if (n.type === 'block' || n.type === 'constructor_body') {
      for (const stmt of named(n)) {
        if (stmt.startIndex >= at.startIndex) break;
        if (stmt.type !== 'local_variable_declaration') continue;
        for (const d of named(stmt)) if (d.type === 'variable_declarator' && field(d, 'name')?.text === name) return d;
      }
    }
    if (n.type === 'method_declaration' || n.type === 'constructor_declaration' || n.type === 'lambda_expression') {
      const params = field(n, 'parameters');
      if (params?.type === 'identifier' && params.text === name) return 'parameter';
      for (const p of params ? named(params) : []) if (field(p, 'name')?.text === name || p.text === name) return 'parameter';
      if (n.type !== 'lambda_expression') return undefined;
    }
  }
  return undefined;
}
