import * as path from 'node:path';
import type { Node } from '@vscode/tree-sitter-wasm';
import type { Span } from '../../../core/range';
import type { CodeFile, CodeProject } from '../code-project';
import { callArgs, calleeName, field, goString, named, operatorOf, selectorName, spanOf, unparen } from './ast';
import { findLocal, topLevel, type LocalBinding } from './bindings';

export { findLocal, type LocalBinding };

/** What a Go expression evaluates to, as far as the text of the package tells. */
export type GoValue = (
  | { kind: 'string'; value: string }
  | { kind: 'number'; value: number }
  | { kind: 'boolean'; value: boolean }
  | { kind: 'nil' }
  | { kind: 'slice'; items: GoValue[] }
  | { kind: 'map'; entries: { key: GoValue; value: GoValue }[] }
  /** A struct literal (`cors.Options{...}`) with later field assignments applied; `keyNodes` hold where each field was set. */
  | { kind: 'struct'; type: string; props: Map<string, GoValue>; keyNodes: Map<string, Node> }
  | { kind: 'func'; fn: Node }
  | { kind: 'regex'; pattern: string }
  | { kind: 'unknown'; why: string }
) & {
  node: Node;
  file: CodeFile;
  /** Environment variables the value depends on. */
  env?: { name: string; at: Span }[];
};

/** Calls a framework gives a meaning to (`cors.DefaultConfig()`), tried before the generic ones. */
export type KnownCall = (file: CodeFile, call: Node, evaluator: GoEvaluator) => GoValue | undefined;

const MAX_DEPTH = 30;
/** Nanoseconds, as Go's `time.Duration` counts. */
const DURATIONS: Record<string, number> = { Nanosecond: 1, Microsecond: 1e3, Millisecond: 1e6, Second: 1e9, Minute: 60e9, Hour: 3600e9 };
/** net/http status and method constants. */
const HTTP_CONSTANTS: Record<string, string | number> = {
  MethodGet: 'GET', MethodHead: 'HEAD', MethodPost: 'POST', MethodPut: 'PUT', MethodPatch: 'PATCH', MethodDelete: 'DELETE', MethodOptions: 'OPTIONS', MethodConnect: 'CONNECT', MethodTrace: 'TRACE',
  StatusOK: 200, StatusCreated: 201, StatusAccepted: 202, StatusNoContent: 204, StatusMovedPermanently: 301, StatusFound: 302, StatusNotModified: 304,
  StatusBadRequest: 400, StatusUnauthorized: 401, StatusForbidden: 403, StatusNotFound: 404, StatusMethodNotAllowed: 405, StatusInternalServerError: 500, StatusServiceUnavailable: 503,
};

/**
 * Evaluates Go expressions of one package: literals, constants and `var`
 * blocks (also in sibling files of the package), composite literals, slices,
 * maps, `append`, `strings.Split`, durations, `regexp.MustCompile`, and locals
 * with the field assignments made to them before the use.
 */
export class GoEvaluator {
  private readonly active = new Set<string>();
  private readonly calls = new Map<string, Node[]>();

  constructor(readonly project: CodeProject, readonly imports: Map<string, string>, private readonly known: KnownCall[] = []) {}

  evaluate(file: CodeFile, node: Node, depth = 0): GoValue {
    const key = `${file.path}#${node.startIndex}:${node.endIndex}`;
    if (depth > MAX_DEPTH || this.active.has(key)) return unknown(file, node, 'defined in terms of itself');
    this.active.add(key);
    try {
      return this.inner(file, unparen(node), depth + 1);
    } finally {
      this.active.delete(key);
    }
  }

  private inner(file: CodeFile, n: Node, depth: number): GoValue {
    const base = { node: n, file };
    const str = goString(n);
    if (str !== undefined) return { kind: 'string', value: str, ...base };
    switch (n.type) {
      case 'int_literal': return { kind: 'number', value: Number(n.text.replace(/_/g, '')), ...base };
      case 'float_literal': return { kind: 'number', value: Number(n.text.replace(/_/g, '')), ...base };
      case 'true': case 'false': return { kind: 'boolean', value: n.type === 'true', ...base };
      case 'nil': return { kind: 'nil', ...base };
      case 'func_literal': return { kind: 'func', fn: n, ...base };
      case 'composite_literal': return this.composite(file, n, depth);
      case 'identifier': return this.identifier(file, n, depth);
      case 'selector_expression': return this.selector(file, n, depth);
      case 'binary_expression': return this.binary(file, n, depth);
      case 'unary_expression': {
        const v = this.evaluate(file, field(n, 'operand')!, depth);
        const op = operatorOf(n);
        if (op === '!' && v.kind === 'boolean') return { kind: 'boolean', value: !v.value, ...base };
        if (op === '-' && v.kind === 'number') return { kind: 'number', value: -v.value, ...base };
        if (op === '&') return { ...v, node: n };
        return unknown(file, n, 'computed at run time');
      }
      case 'call_expression': return this.call(file, n, depth);
      default: return unknown(file, n, 'computed at run time');
    }
  }

  private composite(file: CodeFile, n: Node, depth: number): GoValue {
    const type = field(n, 'type');
    const body = field(n, 'body');
    const elements = body ? named(body).filter((c) => c.type === 'literal_element' || c.type === 'keyed_element') : [];
    const typeText = type?.text ?? '';
    if (type?.type === 'slice_type' || type?.type === 'array_type' || type?.type === 'implicit_length_array_type') {
      return { kind: 'slice', items: elements.map((e) => this.element(file, e, depth)), node: n, file };
    }
    if (type?.type === 'map_type') {
      const entries = elements.filter((e) => e.type === 'keyed_element').map((e) => ({ key: this.element(file, field(e, 'key') ?? named(e)[0]!, depth), value: this.element(file, field(e, 'value') ?? named(e)[1]!, depth) }));
      return { kind: 'map', entries, node: n, file };
    }
    const props = new Map<string, GoValue>();
    const keyNodes = new Map<string, Node>();
    for (const e of elements) {
      if (e.type !== 'keyed_element') continue;
      const k = field(e, 'key') ?? named(e)[0];
      const v = field(e, 'value') ?? named(e)[1];
      if (!k || !v) continue;
      const name = k.text.trim();
      props.set(name, this.element(file, v, depth));
      keyNodes.set(name, e);
    }
    return { kind: 'struct', type: typeText, props, keyNodes, node: n, file };
  }

  private element(file: CodeFile, e: Node, depth: number): GoValue {
    const inner = e.type === 'literal_element' ? named(e)[0] ?? e : e;
    if (inner.type === 'literal_value') return unknown(file, inner, 'an untyped composite');
    return this.evaluate(file, inner, depth);
  }

  private selector(file: CodeFile, n: Node, depth: number): GoValue {
    const name = selectorName(n);
    if (name) {
      const [pkg, member] = name.split('.');
      const path = this.imports.get(pkg);
      if (path === 'time' && member in DURATIONS) return { kind: 'number', value: DURATIONS[member], node: n, file };
      if (path === 'net/http' && member in HTTP_CONSTANTS) {
        const v = HTTP_CONSTANTS[member];
        return typeof v === 'number' ? { kind: 'number', value: v, node: n, file } : { kind: 'string', value: v, node: n, file };
      }
    }
    const operand = this.evaluate(file, field(n, 'operand')!, depth);
    const member = field(n, 'field')?.text ?? '';
    if (operand.kind === 'struct') {
      const v = operand.props.get(member);
      if (v) return v;
    }
    return unknown(file, n, 'computed at run time');
  }

  private binary(file: CodeFile, n: Node, depth: number): GoValue {
    const op = operatorOf(n);
    const l = this.evaluate(file, field(n, 'left')!, depth);
    const r = this.evaluate(file, field(n, 'right')!, depth);
    const env = [...(l.env ?? []), ...(r.env ?? [])];
    const base = { node: n, file, ...(env.length ? { env } : {}) };
    if (l.kind === 'string' && r.kind === 'string' && op === '+') return { kind: 'string', value: l.value + r.value, ...base };
    if (l.kind === 'number' && r.kind === 'number') {
      const value = op === '+' ? l.value + r.value : op === '-' ? l.value - r.value : op === '*' ? l.value * r.value : op === '/' && r.value !== 0 ? Math.trunc(l.value / r.value) : undefined;
      if (value !== undefined) return { kind: 'number', value, ...base };
    }
    return { kind: 'unknown', why: 'computed at run time', ...base };
  }

  private call(file: CodeFile, n: Node, depth: number): GoValue {
    for (const k of this.known) {
      const v = k(file, n, this);
      if (v) return v;
    }
    const callee = calleeName(n) ?? '';
    const args = callArgs(n);
    const [pkg, fn] = callee.includes('.') ? [callee.slice(0, callee.indexOf('.')), callee.slice(callee.indexOf('.') + 1)] : ['', callee];
    const path = this.imports.get(pkg);
    if (path === 'os' && (fn === 'Getenv' || fn === 'LookupEnv') && args[0]) {
      const name = this.evaluate(file, args[0], depth);
      const label = name.kind === 'string' ? name.value : args[0].text;
      return { kind: 'unknown', why: `read from the environment variable ${label}`, node: n, file, env: [{ name: label, at: spanOf(file, n) }] };
    }
    if (path === 'regexp' && (fn === 'MustCompile' || fn === 'MustCompilePOSIX') && args[0]) {
      const p = this.evaluate(file, args[0], depth);
      return p.kind === 'string' ? { kind: 'regex', pattern: p.value, node: n, file } : unknown(file, n, 'a pattern built at run time');
    }
    if (path === 'strings' && fn === 'Split' && args.length === 2) {
      const s = this.evaluate(file, args[0], depth);
      const sep = this.evaluate(file, args[1], depth);
      if (s.kind === 'string' && sep.kind === 'string') return { kind: 'slice', items: s.value.split(sep.value).map((value) => ({ kind: 'string' as const, value, node: n, file })), node: n, file };
      return { kind: 'unknown', why: 'split at run time', node: n, file, ...(s.env ? { env: s.env } : {}) };
    }
    if (path === 'strings' && (fn === 'ToLower' || fn === 'TrimSpace') && args[0]) {
      const s = this.evaluate(file, args[0], depth);
      if (s.kind === 'string') return { kind: 'string', value: fn === 'ToLower' ? s.value.toLowerCase() : s.value.trim(), node: n, file };
    }
    if (callee === 'append' && args[0]) {
      const list = this.evaluate(file, args[0], depth);
      if (list.kind !== 'slice' && list.kind !== 'nil') return unknown(file, n, 'appended at run time');
      const items = list.kind === 'slice' ? [...list.items] : [];
      for (const a of args.slice(1)) {
        const spread = a.type === 'variadic_argument';
        const v = this.evaluate(file, spread ? named(a)[0] ?? a : a, depth);
        if (spread) {
          if (v.kind !== 'slice') return unknown(file, n, 'appended at run time');
          items.push(...v.items);
        } else items.push(v);
      }
      return { kind: 'slice', items, node: n, file };
    }
    if (!pkg && fn) {
      const decl = this.packageDeclaration(file, fn);
      if (decl?.node.type === 'function_declaration') return this.returnedValue(decl.file, decl.node, depth) ?? unknown(file, n, `the result of ${fn}()`);
    }
    return unknown(file, n, 'computed at run time');
  }

  /** A function without parameters that returns one expression: its value (`func origins() []string { return ... }`). */
  private returnedValue(file: CodeFile, fn: Node, depth: number): GoValue | undefined {
    const params = field(fn, 'parameters');
    if (params && named(params).length > 0) return undefined;
    const body = field(fn, 'body');
    const list = body && named(body).find((c) => c.type === 'statement_list');
    const stmts = list ? named(list) : [];
    if (stmts.length !== 1 || stmts[0].type !== 'return_statement') return undefined;
    const expr = named(stmts[0])[0];
    const first = expr?.type === 'expression_list' ? named(expr)[0] : expr;
    return first ? this.evaluate(file, first, depth) : undefined;
  }

  private identifier(file: CodeFile, n: Node, depth: number): GoValue {
    const b = findLocal(n, n.text);
    if (b) {
      if (b.kind === 'param') return this.argument(file, n, b, depth);
      if (!b.value) return unknown(file, n, `${n.text} is set at run time`);
      let v = this.evaluate(file, b.value, depth);
      if (b.index !== undefined) v = unknown(file, n, `${n.text} is set at run time`);
      if (v.env && v.kind === 'unknown') v = this.envFallback(file, v, b, n, depth);
      return this.withAssignments(file, v, b, n, depth);
    }
    const decl = this.packageDeclaration(file, n.text);
    if (decl?.value) return this.evaluate(decl.file, decl.value, depth);
    if (decl?.node.type === 'function_declaration') return { kind: 'func', fn: decl.node, node: decl.node, file: decl.file };
    return unknown(file, n, `${n.text} is not defined in this package`);
  }

  /**
   * A parameter of a named function: the argument its callers in the package
   * pass, when they all pass the same value (`newCors(trusted)`).
   */
  private argument(file: CodeFile, n: Node, b: LocalBinding, depth: number): GoValue {
    const name = b.fn?.type === 'function_declaration' ? field(b.fn, 'name')?.text : undefined;
    if (!name || b.param === undefined) return unknown(file, n, `the parameter ${n.text}`);
    const values: GoValue[] = [];
    for (const f of [file, ...this.siblings(file)]) {
      for (const call of this.callsOf(f)) {
        if (calleeName(call) !== name) continue;
        const arg = callArgs(call)[b.param];
        if (!arg || arg.type === 'variadic_argument') return unknown(file, n, `the parameter ${n.text}`);
        values.push(this.evaluate(f, arg, depth));
        if (values.length > 8) return unknown(file, n, `the parameter ${n.text}, passed from many places`);
      }
    }
    const shown = values.map((v) => JSON.stringify(plain(v)));
    if (values.length === 0 || shown.some((x) => x !== shown[0])) return unknown(file, n, values.length === 0 ? `the parameter ${n.text}` : `the parameter ${n.text}, passed different values`);
    return values[0];
  }

  private callsOf(file: CodeFile): Node[] {
    let calls = this.calls.get(file.path);
    if (!calls) {
      calls = file.tree.rootNode.descendantsOfType('call_expression').filter((c): c is Node => c !== null);
      this.calls.set(file.path, calls);
    }
    return calls;
  }

  private siblings(file: CodeFile): CodeFile[] {
    try {
      return this.project.host.glob(path.join(path.dirname(file.path), '*.go')).filter((f) => f !== file.path && !f.endsWith('_test.go')).slice(0, 50).map((f) => this.project.file(f)).filter((f): f is CodeFile => f !== undefined);
    } catch {
      return [];
    }
  }

  /**
   * `v := os.Getenv("X")` followed by `if v == "" { v = "default" }` before the
   * use: the default written in the code, marked as read from the environment.
   */
  private envFallback(file: CodeFile, v: GoValue, b: LocalBinding, use: Node, depth: number): GoValue {
    for (const s of b.statements ?? []) {
      if (s.endIndex > use.startIndex) break;
      if (s.type !== 'if_statement' || field(s, 'alternative') || field(s, 'initializer')) continue;
      const cond = field(s, 'condition');
      const empty = cond?.type === 'binary_expression' && operatorOf(cond) === '==' && [field(cond, 'left'), field(cond, 'right')].map((x) => x && unparen(x).text).sort().join(' ') === `"" ${b.name}`;
      if (!empty) continue;
      const body = named(field(s, 'consequence') ?? s).flatMap((x) => (x.type === 'statement_list' ? named(x) : [x]));
      const assign = body.length === 1 && body[0].type === 'assignment_statement' ? body[0] : undefined;
      const target = assign && named(field(assign, 'left')!)[0];
      const value = assign && named(field(assign, 'right')!)[0];
      if (target?.text !== b.name || !value) continue;
      const fallback = this.evaluate(file, value, depth);
      return { ...fallback, env: [...(v.env ?? []), ...(fallback.env ?? [])] };
    }
    return v;
  }

  /** Field assignments (`config.AllowOrigins = ...`) and `Add...` calls made to a struct between its declaration and the use. */
  private withAssignments(file: CodeFile, v: GoValue, b: LocalBinding, use: Node, depth: number): GoValue {
    if (v.kind !== 'struct' || !b.statements) return v;
    const props = new Map(v.props);
    const keyNodes = new Map(v.keyNodes);
    for (const s of b.statements) {
      if (s.endIndex > use.startIndex) break;
      if (s.type === 'assignment_statement' && operatorOf(s) === '=') {
        const left = named(field(s, 'left')!)[0];
        const right = named(field(s, 'right')!)[0];
        const name = left && selectorName(left);
        if (!name || !right || !name.startsWith(`${b.name}.`) || name.split('.').length !== 2) continue;
        const key = name.split('.')[1];
        props.set(key, this.evaluate(file, right, depth));
        keyNodes.set(key, s);
      } else if (s.type === 'expression_statement') {
        const call = named(s)[0];
        const name = call?.type === 'call_expression' ? calleeName(call) : undefined;
        const m = name && new RegExp(`^${b.name}\\.Add(Allow|Expose)(Methods|Headers)$`).exec(name);
        if (!m || !call) continue;
        const key = `${m[1]}${m[2]}`;
        const before = props.get(key);
        const items = before?.kind === 'slice' ? [...before.items] : [];
        for (const a of callArgs(call)) {
          if (a.type !== 'variadic_argument') items.push(this.evaluate(file, a, depth));
          else {
            const spread = this.evaluate(file, named(a)[0] ?? a, depth);
            items.push(...(spread.kind === 'slice' ? spread.items : [spread]));
          }
        }
        props.set(key, { kind: 'slice', items, node: call, file });
        keyNodes.set(key, s);
      }
    }
    return { ...v, props, keyNodes };
  }

  /** A package-level `const`, `var` or `func` of this file or of another file of the same package (folder). */
  packageDeclaration(file: CodeFile, name: string): { file: CodeFile; node: Node; value?: Node } | undefined {
    const own = topLevel(file, name);
    if (own) return own;
    for (const other of this.siblings(file)) {
      const found = topLevel(other, name);
      if (found) return found;
    }
    return undefined;
  }
}

/** A value without its syntax, to compare what different callers pass. */
function plain(v: GoValue): unknown {
  switch (v.kind) {
    case 'string': case 'number': case 'boolean': return [v.kind, v.value];
    case 'slice': return v.items.map(plain);
    case 'map': return v.entries.map((e) => [plain(e.key), plain(e.value)]);
    case 'regex': return ['regex', v.pattern];
    case 'struct': return [v.type, [...v.props].map(([k, x]) => [k, plain(x)])];
    // Two functions or two unknowns are the same only when written at the same place.
    default: return [v.kind, v.file.path, v.node.startIndex];
  }
}

export function unknown(file: CodeFile, node: Node, why: string): GoValue {
  return { kind: 'unknown', why, node, file };
}

/** Environment variables anywhere in a value. */
export function envOf(v: GoValue): { name: string; at: Span }[] {
  const own = v.env ?? [];
  if (v.kind === 'slice') return [...own, ...v.items.flatMap(envOf)];
  if (v.kind === 'struct') return [...own, ...[...v.props.values()].flatMap(envOf)];
  return own;
}

/** The strings of a slice, or undefined when some entry is not a known string. */
export function stringItems(v: GoValue | undefined): string[] | undefined {
  if (!v || v.kind === 'nil') return [];
  if (v.kind !== 'slice') return undefined;
  const out: string[] = [];
  for (const i of v.items) {
    if (i.kind !== 'string') return undefined;
    out.push(i.value);
  }
  return out;
}
