import type { Node } from '@vscode/tree-sitter-wasm';
import type { CorsPolicy, HeaderEmission, RequestCondition } from '../../cors-policy';
import { literalValue, partsValue, unknownValue } from '../../symbolic-value';
import type { CodeFile } from '../code-project';
import type { ExtractResult, FrameworkExtractor } from '../extractor';
import { operatorOf } from '../js/ast';
import { and, policy } from '../js/policy-parts';
import { combine, type Step } from '../java/guarded-steps';
import { csString, descendants, field, invocation, named, unparen } from './ast';
import { csharpCorsFixer } from './csharp-fixer-hook';
import { csFixTargets } from './fix-targets';
import { originCheck, predicateMatcher } from './origin-predicate';
import { CsValues } from './values';

/** `IHeaderDictionary` properties (ASP.NET Core 7+) for the headers a handler may set. */
const HEADER_PROPERTIES: Record<string, string> = {
  AccessControlAllowOrigin: 'Access-Control-Allow-Origin', AccessControlAllowCredentials: 'Access-Control-Allow-Credentials',
  AccessControlAllowMethods: 'Access-Control-Allow-Methods', AccessControlAllowHeaders: 'Access-Control-Allow-Headers',
  AccessControlExposeHeaders: 'Access-Control-Expose-Headers', AccessControlMaxAge: 'Access-Control-Max-Age', Vary: 'Vary',
};

/**
 * Hand-written CORS in ASP.NET Core handlers and middleware:
 * `Response.Headers["Access-Control-Allow-Origin"] = Request.Headers["Origin"]`,
 * `Response.Headers.Append(...)`, under the `if` checks around them and the
 * early returns before them. Kestrel sends what the code sets.
 */
export const dotnetHandlerExtractor: FrameworkExtractor = {
  id: 'dotnet-handlers',
  languages: ['csharp'],
  mentions: /Access-Control-Allow-|AccessControlAllow/,
  sources: ['dotnet'],
  extract(file: CodeFile): ExtractResult {
    const values = new CsValues(file);
    const handlers = new Map<number, Node>();
    const sets = [...descendants(file.tree.rootNode)].map((n) => ({ n, set: headerSet(n, values) })).filter((s) => s.set);
    for (const { n, set } of sets) {
      if (!/^access-control-allow-/i.test(set!.name)) continue;
      const fn = enclosingFunction(n);
      if (fn) handlers.set(fn.startIndex, fn);
    }
    const policies: CorsPolicy[] = [];
    for (const fn of handlers.values()) {
      const steps: Step[] = [];
      let headersExpr = 'Response.Headers';
      for (const n of descendants(fn)) {
        const set = headerSet(n, values);
        if (set && (/^access-control-/i.test(set.name) || /^vary$/i.test(set.name))) {
          headersExpr = set.headers;
          steps.push({ guard: guardOf(n, fn, values), header: emission(n, set, values), at: n });
        } else if (n.type === 'assignment_expression' && /\.StatusCode$/.test(field(n, 'left')?.text ?? '')) {
          const right = field(n, 'right')!;
          const v = values.evaluate(right);
          const code = v.kind === 'number' ? v.value : Number(/Status(\d{3})/.exec(right.text)?.[1]);
          if (code) steps.push({ guard: guardOf(n, fn, values), status: code, statusAt: values.span(n), at: n });
        }
      }
      const at = values.span(fn);
      const made = policy('dotnet', `handler at line ${at.range.start.line + 1}`, at, combine(steps, at), values.notes);
      csFixTargets.set(made, { varyStatement: `${headersExpr}.Append("Vary", "Origin");` });
      policies.push(made);
    }
    return { policies };
  },
  fixer: csharpCorsFixer,
};

interface HeaderSet {
  name: string;
  value: Node;
  mode: 'set' | 'add';
  /** The headers collection as written (`context.Response.Headers`). */
  headers: string;
}

/** `h["Name"] = v`, `h.Name = v`, `h.Append("Name", v)` / `h.Add(...)` on a response's headers. */
function headerSet(n: Node, values: CsValues): HeaderSet | undefined {
  if (n.type !== 'assignment_expression' && n.type !== 'invocation_expression') return undefined;
  if (n.type === 'assignment_expression' && operatorOf(n) === '=') {
    const left = field(n, 'left')!;
    const value = field(n, 'right')!;
    if (left.type === 'element_access_expression') {
      const target = field(left, 'expression')!;
      const key = named(field(left, 'subscript') ?? left).map((a) => values.evaluate(a)).find((v) => v.kind === 'string');
      if (/Headers$/.test(target.text) && key?.kind === 'string') return { name: key.value, value, mode: 'set', headers: target.text };
    }
    if (left.type === 'member_access_expression') {
      const name = HEADER_PROPERTIES[field(left, 'name')?.text ?? ''];
      const target = field(left, 'expression')!;
      if (name && /Headers$/.test(target.text)) return { name, value, mode: 'set', headers: target.text };
    }
    return undefined;
  }
  const inv = invocation(n);
  if (!inv || !inv.object || !/Headers$/.test(inv.object.text) || !['Append', 'Add', 'TryAdd'].includes(inv.name) || inv.args.length !== 2) return undefined;
  const key = values.evaluate(inv.args[0]);
  return key.kind === 'string' ? { name: key.value, value: inv.args[1], mode: 'add', headers: inv.object.text } : undefined;
}

/** `Request.Headers["Origin"]`, `Request.Headers.Origin`, with `.ToString()` / `.FirstOrDefault()`, or a local holding it. */
function isOrigin(node: Node, depth = 0): boolean {
  let n = unparen(node);
  const inv = invocation(n);
  if (inv && ['ToString', 'FirstOrDefault', 'First'].includes(inv.name) && inv.object) n = unparen(inv.object);
  if (n.type === 'element_access_expression') {
    const key = named(field(n, 'subscript') ?? n).map((a) => csString(a)).find((k) => k !== undefined);
    return /Request\.Headers$/.test(field(n, 'expression')?.text ?? '') && key?.toLowerCase() === 'origin';
  }
  if (n.type === 'member_access_expression') return /Request\.Headers\.Origin$/.test(n.text);
  if (n.type === 'identifier' && depth < 4) {
    const init = localInit(n);
    return init !== undefined && isOrigin(init, depth + 1);
  }
  return false;
}

function emission(n: Node, set: HeaderSet, values: CsValues): HeaderEmission {
  const at = values.span(n.type === 'assignment_expression' ? n : n);
  let value;
  if (isOrigin(set.value)) value = partsValue([{ kind: 'origin' }], values.span(set.value));
  else {
    const v = values.evaluate(set.value);
    value = v.kind === 'string' ? literalValue(v.value, values.span(unparen(set.value))) : v.kind === 'number' || v.kind === 'bool' ? literalValue(String(v.value), values.span(set.value)) : unknownValue(set.name, values.span(set.value));
  }
  return { name: set.name, key: set.name.toLowerCase(), value, scope: 'always', mode: set.mode, at };
}

function enclosingFunction(n: Node): Node | undefined {
  for (let p = n.parent; p; p = p.parent) if (p.type === 'lambda_expression' || p.type === 'method_declaration' || p.type === 'local_function_statement') return p;
  return undefined;
}

function condition(expr: Node, values: CsValues): RequestCondition {
  const n = unparen(expr);
  if (n.type === 'prefix_unary_expression' && n.text.startsWith('!')) return { kind: 'not', cond: condition(named(n)[0] ?? n, values) };
  if (n.type === 'binary_expression' && (operatorOf(n) === '&&' || operatorOf(n) === '||')) {
    return { kind: operatorOf(n) === '&&' ? 'and' : 'or', conds: [condition(field(n, 'left')!, values), condition(field(n, 'right')!, values)] };
  }
  const inv = invocation(n);
  if (inv && /^(string|String)$/.test(inv.object?.text ?? '') && /^IsNullOrEmpty|IsNullOrWhiteSpace$/.test(inv.name) && inv.args[0] && isOrigin(inv.args[0])) {
    return { kind: 'not', cond: { kind: 'header-present', name: 'origin' } };
  }
  if (inv && inv.name === 'IsOptions' && /HttpMethods$/.test(inv.object?.text ?? '')) return { kind: 'method', methods: ['OPTIONS'] };
  if (n.type === 'binary_expression' && operatorOf(n) === '==' && /\.Method$/.test(field(n, 'left')?.text ?? '')) {
    const method = csString(field(n, 'right')!);
    if (method) return { kind: 'method', methods: [method.toUpperCase()] };
  }
  // `IsAllowed(origin)`: a method of this file, read like a SetIsOriginAllowed predicate.
  if (inv && !inv.object && inv.args.length === 1 && isOrigin(inv.args[0]) && inv.nameNode.type === 'identifier') {
    const helper = predicateMatcher(values, inv.nameNode);
    if (helper.kind !== 'opaque') return { kind: 'origin', matcher: helper };
  }
  const matcher = originCheck(values, n, (x) => isOrigin(x));
  if (matcher) return { kind: 'origin', matcher };
  return { kind: 'opaque', text: n.text.slice(0, 80), at: values.span(n) };
}

function guardOf(n: Node, fn: Node, values: CsValues): RequestCondition {
  const conds: RequestCondition[] = [];
  for (let child = n, p = n.parent; p && child.id !== fn.id; child = p, p = p.parent) {
    if (p.type === 'if_statement') {
      const cond = field(p, 'condition');
      if (cond && field(p, 'consequence')?.id === child.id) conds.push(condition(cond, values));
      else if (cond && field(p, 'alternative')?.id === child.id) conds.push({ kind: 'not', cond: condition(cond, values) });
    }
    if (p.type === 'block') {
      for (const stmt of named(p)) {
        if (stmt.startIndex >= child.startIndex) break;
        const cond = stmt.type === 'if_statement' ? field(stmt, 'condition') : undefined;
        if (cond && !field(stmt, 'alternative') && exits(field(stmt, 'consequence'))) conds.push({ kind: 'not', cond: condition(cond, values) });
      }
    }
  }
  return and(...conds.reverse());
}

function exits(n: Node | undefined): boolean {
  if (!n) return false;
  if (n.type === 'return_statement' || n.type === 'throw_statement') return true;
  return n.type === 'block' && named(n).some((s) => s.type === 'return_statement' || s.type === 'throw_statement');
}

function localInit(id: Node): Node | undefined {
  for (let n: Node | null = id.parent; n; n = n.parent) {
    if (n.type !== 'block' && n.type !== 'compilation_unit') continue;
    for (const stmt of descendants(n)) {
      if (stmt.startIndex >= id.startIndex) break;
      if (stmt.type === 'variable_declarator' && field(stmt, 'name')?.text === id.text) return named(stmt).filter((c) => c.id !== field(stmt, 'name')?.id).at(-1);
    }
  }
  return undefined;
}
