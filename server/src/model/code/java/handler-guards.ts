import type { Node } from '@vscode/tree-sitter-wasm';
import type { RequestCondition } from '../../cors-policy';
import type { OriginMatcher } from '../../origin-matcher';
import { annotationsOf, field, invocation, javaString, named, unparen } from './ast';
import type { JavaValues } from './values';

/** Status constants of `HttpServletResponse` a handler may use. */
export const SERVLET_STATUS: Record<string, number> = {
  SC_OK: 200, SC_NO_CONTENT: 204, SC_BAD_REQUEST: 400, SC_UNAUTHORIZED: 401, SC_FORBIDDEN: 403, SC_NOT_FOUND: 404, SC_METHOD_NOT_ALLOWED: 405, SC_INTERNAL_SERVER_ERROR: 500,
};

/**
 * Reads the checks around hand-written header calls: which expressions hold
 * the request Origin, and what `if` conditions on it mean as Origin matchers
 * (Java `String` methods, `List.contains`, an allowlist `String`'s
 * `contains`, `String.matches` / `Pattern` full matches, `Matcher.find` searches).
 */
export class JavaGuards {
  /** Parameters that hold the Origin while a helper method's body is read (`isAllowed(origin)`). */
  private readonly originParams: string[] = [];

  constructor(readonly values: JavaValues) {}

  /** `request.getHeader("Origin")`, or a local variable that holds it. */
  isOrigin(node: Node, depth = 0): boolean {
    const n = unparen(node);
    if (n.type === 'identifier' && this.originParams.includes(n.text) && localInit(n) === undefined) return true;
    const inv = invocation(n);
    if (inv && (inv.name === 'getHeader' || inv.name === 'getFirst') && inv.args.length === 1) {
      const name = javaString(inv.args[0]) ?? (/\bORIGIN$/.test(inv.args[0].text) ? 'origin' : undefined);
      return name?.toLowerCase() === 'origin';
    }
    if (n.type === 'identifier' && depth < 4) {
      const decl = localInit(n);
      if (decl !== undefined) return this.isOrigin(decl, depth + 1);
      return originParameter(n);
    }
    return false;
  }

  isMethod(node: Node): boolean {
    const inv = invocation(node);
    return inv?.name === 'getMethod' && inv.args.length === 0;
  }

  /** The request condition an `if` expression stands for. */
  condition(node: Node): RequestCondition {
    const n = unparen(node);
    if (n.type === 'unary_expression' && n.text.trim().startsWith('!')) {
      const inner = field(n, 'operand');
      return inner ? { kind: 'not', cond: this.condition(inner) } : this.opaque(n);
    }
    if (n.type === 'binary_expression') {
      const l = field(n, 'left')!;
      const r = field(n, 'right')!;
      const op = n.text.slice(l.endIndex - n.startIndex, r.startIndex - n.startIndex).trim();
      if (op === '&&' || op === '||') return { kind: op === '&&' ? 'and' : 'or', conds: [this.condition(l), this.condition(r)] };
      if ((op === '==' || op === '!=') && (r.type === 'null_literal' || l.type === 'null_literal')) {
        const subject = r.type === 'null_literal' ? l : r;
        if (this.isOrigin(subject)) {
          const present: RequestCondition = { kind: 'header-present', name: 'origin' };
          return op === '!=' ? present : { kind: 'not', cond: present };
        }
      }
      return this.opaque(n);
    }
    const inv = invocation(n);
    if (inv) return this.call(n, inv) ?? this.opaque(n);
    return this.opaque(n);
  }

  private call(n: Node, inv: NonNullable<ReturnType<typeof invocation>>): RequestCondition | undefined {
    const at = this.values.span(n);
    const origin = (m: OriginMatcher): RequestCondition => ({ kind: 'origin', matcher: m });
    const [arg] = inv.args;
    const receiver = inv.object;
    // `"OPTIONS".equals(request.getMethod())` and the reverse.
    if ((inv.name === 'equals' || inv.name === 'equalsIgnoreCase') && receiver && arg) {
      const [subject, other] = this.isMethod(receiver) ? [receiver, arg] : this.isMethod(arg) ? [arg, receiver] : [undefined, undefined];
      const text = other && this.text(other);
      if (subject && text !== undefined) return { kind: 'method', methods: [text.toUpperCase()] };
    }
    if (inv.name === 'matches' && receiver && this.isMethod(arg ?? receiver) && /HttpMethod\.\w+$/.test(receiver.text)) {
      return { kind: 'method', methods: [receiver.text.replace(/^.*\./, '')] };
    }
    if (receiver && this.isOrigin(receiver) && arg) {
      const text = this.text(arg);
      if (text === undefined) return undefined;
      switch (inv.name) {
        case 'equals': return origin({ kind: 'exact', value: text, caseInsensitive: false, at });
        case 'equalsIgnoreCase': return origin({ kind: 'exact', value: text, caseInsensitive: true, at });
        case 'endsWith': return origin({ kind: 'suffix', value: text, caseInsensitive: false, at });
        case 'startsWith': return origin({ kind: 'prefix', value: text, caseInsensitive: false, at });
        case 'contains': return origin({ kind: 'substring', value: text, caseInsensitive: false, at });
        case 'matches': return origin({ kind: 'regex', pattern: text, flavor: 'java', mode: 'fullmatch', caseInsensitive: false, at });
      }
      return undefined;
    }
    if (arg && this.isOrigin(arg) && receiver) {
      if (inv.name === 'equals' || inv.name === 'equalsIgnoreCase') {
        const text = this.text(receiver);
        return text === undefined ? undefined : origin({ kind: 'exact', value: text, caseInsensitive: inv.name === 'equalsIgnoreCase', at });
      }
      if (inv.name === 'contains') {
        const list = this.values.evaluate(receiver);
        // `ALLOWED.contains(origin)` on a String: any piece of it passes, the empty one too.
        if (list.kind === 'string') return origin({ kind: 'within', value: list.value, caseInsensitive: false, at });
        if (list.kind !== 'list' || !list.items.every((i) => i.kind === 'string')) return undefined;
        const items = list.items.map((i) => ({ kind: 'exact' as const, value: (i as { value: string }).value, caseInsensitive: false, at: this.values.span(i.node) }));
        return origin(items.length === 1 ? items[0] : { kind: 'or', matchers: items, at });
      }
      if (inv.name === 'matches' && /^Pattern$/.test(receiver.text) && inv.args.length === 2) {
        const re = this.text(inv.args[0]);
        if (re !== undefined && this.isOrigin(inv.args[1])) return origin({ kind: 'regex', pattern: re, flavor: 'java', mode: 'fullmatch', caseInsensitive: false, at });
      }
    }
    // `isAllowed(origin)`: a method of this file whose body is one `return` of a check.
    if ((!receiver || receiver.type === 'this') && inv.args.length === 1 && this.isOrigin(inv.args[0]) && this.originParams.length < 3) {
      const helper = methodNamed(this.values, inv.name);
      const param = helper && named(field(helper, 'parameters') ?? helper).map((p) => field(p, 'name')?.text)[0];
      const stmts = helper && named(field(helper, 'body') ?? helper);
      const returned = stmts?.length === 1 && stmts[0].type === 'return_statement' ? named(stmts[0])[0] : undefined;
      if (param && returned) {
        this.originParams.push(param);
        try {
          const cond = this.condition(returned);
          return cond.kind === 'opaque' ? undefined : cond;
        } finally {
          this.originParams.pop();
        }
      }
    }
    // `PATTERN.matcher(origin).matches()` / `.find()`, with the pattern compiled from a constant.
    if ((inv.name === 'matches' || inv.name === 'find') && receiver && inv.args.length === 0) {
      const m = invocation(receiver);
      if (m?.name === 'matcher' && m.args[0] && this.isOrigin(m.args[0]) && m.object) {
        const compiled = this.compiled(m.object);
        if (compiled) return origin({ kind: 'regex', pattern: compiled.pattern, flavor: 'java', mode: inv.name === 'find' ? 'search' : 'fullmatch', caseInsensitive: compiled.ci, at });
      }
    }
    return undefined;
  }

  private compiled(node: Node): { pattern: string; ci: boolean } | undefined {
    let n = unparen(node);
    if (n.type === 'identifier') n = localInit(n) ?? fieldInit(this.values, n.text) ?? n;
    const inv = invocation(n);
    if (inv?.name !== 'compile' || !inv.args[0]) return undefined;
    const pattern = this.text(inv.args[0]);
    return pattern === undefined ? undefined : { pattern, ci: /CASE_INSENSITIVE/.test(inv.args[1]?.text ?? '') };
  }

  private text(node: Node): string | undefined {
    const v = this.values.evaluate(node);
    return v.kind === 'string' ? v.value : undefined;
  }

  private opaque(n: Node): RequestCondition {
    return { kind: 'opaque', text: n.text.slice(0, 80), at: this.values.span(n) };
  }
}

function localInit(id: Node): Node | undefined {
  for (let n: Node | null = id.parent; n; n = n.parent) {
    if (n.type !== 'block') continue;
    for (const stmt of named(n)) {
      if (stmt.startIndex >= id.startIndex) break;
      if (stmt.type !== 'local_variable_declaration') continue;
      for (const d of named(stmt)) if (d.type === 'variable_declarator' && field(d, 'name')?.text === id.text) return field(d, 'value');
    }
  }
  return undefined;
}

/** A handler parameter Spring fills with the Origin: `@RequestHeader("Origin") String origin`. */
function originParameter(id: Node): boolean {
  for (let n: Node | null = id.parent; n; n = n.parent) {
    if (n.type !== 'method_declaration') continue;
    const param = named(field(n, 'parameters') ?? n).find((p) => field(p, 'name')?.text === id.text);
    const header = param && annotationsOf(param).find((a) => a.name === 'RequestHeader');
    const value = header && (header.values.get('value') ?? header.values.get('name'));
    return value !== undefined && ((javaString(value) ?? '').toLowerCase() === 'origin' || /\bORIGIN$/.test(value.text));
  }
  return false;
}

function methodNamed(values: JavaValues, name: string): Node | undefined {
  const found: Node[] = [];
  const stack: Node[] = [values.file.tree.rootNode];
  while (stack.length > 0 && found.length < 2) {
    const n = stack.pop()!;
    if (n.type === 'method_declaration' && field(n, 'name')?.text === name) found.push(n);
    for (const c of named(n)) stack.push(c);
  }
  // Overloads or none: the model cannot tell which one runs.
  return found.length === 1 ? found[0] : undefined;
}

function fieldInit(values: JavaValues, name: string): Node | undefined {
  const root = values.file.tree.rootNode;
  const stack: Node[] = [root];
  while (stack.length) {
    const n = stack.pop()!;
    if (n.type === 'variable_declarator' && field(n, 'name')?.text === name && n.parent?.type === 'field_declaration') return field(n, 'value');
    for (const c of named(n)) stack.push(c);
  }
  return undefined;
}
