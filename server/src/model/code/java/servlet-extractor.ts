import type { Node } from '@vscode/tree-sitter-wasm';
import type { CorsPolicy, HeaderEmission, RequestCondition } from '../../cors-policy';
import { literalValue, partsValue, unknownValue } from '../../symbolic-value';
import type { CodeFile } from '../code-project';
import type { ExtractResult, FrameworkExtractor } from '../extractor';
import { and, branch, isOptions, policy } from '../js/policy-parts';
import { annotationsOf, descendants, field, invocation, javaString, named, unparen } from './ast';
import { javaFixTargets } from './fix-targets';
import { JavaGuards, SERVLET_STATUS } from './handler-guards';
import { combine, type Step } from './guarded-steps';
import { javaCorsFixer } from './java-fixer-hook';
import { JavaValues } from './values';

/** Spring's `HttpHeaders` constants for the headers a handler may set by name. */
const HEADER_CONSTANTS: Record<string, string> = {
  ACCESS_CONTROL_ALLOW_ORIGIN: 'Access-Control-Allow-Origin', ACCESS_CONTROL_ALLOW_CREDENTIALS: 'Access-Control-Allow-Credentials',
  ACCESS_CONTROL_ALLOW_METHODS: 'Access-Control-Allow-Methods', ACCESS_CONTROL_ALLOW_HEADERS: 'Access-Control-Allow-Headers',
  ACCESS_CONTROL_EXPOSE_HEADERS: 'Access-Control-Expose-Headers', ACCESS_CONTROL_MAX_AGE: 'Access-Control-Max-Age', VARY: 'Vary',
};

/**
 * Hand-written CORS in servlets, filters and Spring handlers:
 * `response.setHeader/addHeader("Access-Control-Allow-Origin", ...)`, each
 * guarded by the `if` checks around it and the early returns before it.
 * Servlet containers send exactly what the code sets.
 */
export const servletExtractor: FrameworkExtractor = {
  id: 'java-handlers',
  languages: ['java'],
  mentions: /access-control-allow-|ACCESS_CONTROL_ALLOW_/i,
  sources: ['java'],
  extract(file: CodeFile): ExtractResult {
    const values = new JavaValues(file);
    const guards = new JavaGuards(values);
    const handlers = new Map<number, Node>();
    for (const n of descendants(file.tree.rootNode)) {
      const name = headerCall(n, values);
      if (!name || !/^access-control-allow-/i.test(name)) continue;
      const fn = enclosingMethod(n);
      if (fn) handlers.set(fn.startIndex, fn);
    }
    const policies: CorsPolicy[] = [];
    for (const fn of handlers.values()) {
      const steps: Step[] = [];
      let responseName = 'response';
      for (const n of descendants(fn)) {
        const inv = n.type === 'method_invocation' ? invocation(n) : undefined;
        if (!inv) continue;
        const name = headerCall(n, values);
        if (name && (/^access-control-/i.test(name) || /^vary$/i.test(name))) {
          // Only a response variable takes a statement of its own; a ResponseEntity builder chain does not.
          if (inv.object?.type === 'identifier' && inv.name !== 'header') responseName = inv.object.text;
          else if (inv.name === 'header') responseName = '';
          steps.push({ guard: guardOf(n, fn, guards), header: emission(n, name, inv, values, guards), at: n });
        } else if ((inv.name === 'setStatus' || inv.name === 'sendError') && inv.args[0]) {
          const v = values.evaluate(inv.args[0]);
          const code = v.kind === 'number' ? v.value : SERVLET_STATUS[inv.args[0].text.replace(/^.*\./, '')];
          if (code) steps.push({ guard: guardOf(n, fn, guards), status: code, statusAt: values.span(n), at: n });
        }
      }
      const at = values.span(fn);
      const branches = combine(steps, at);
      // A Spring MVC handler never sees OPTIONS: with no CORS configuration, `AbstractHandlerMapping.getHandler`
      // refuses a preflight (403) and a plain OPTIONS goes to Spring's own OPTIONS handler.
      if (fn.type === 'method_declaration' && annotationsOf(fn).some((a) => /^(Request|Get|Post|Put|Delete|Patch)Mapping$/.test(a.name))) {
        const preflight = and(isOptions, { kind: 'header-present', name: 'origin' }, { kind: 'header-present', name: 'access-control-request-method' });
        branches.unshift(branch(preflight, { kind: 'fixed', code: 403, at }, [], at), branch(isOptions, { kind: 'app', at }, [], at));
        // A required `@RequestHeader("Origin")` is missing on same-origin and non-browser requests: Spring answers 400.
        const required = requiredOriginParameter(fn);
        if (required) branches.splice(2, 0, branch({ kind: 'not', cond: { kind: 'header-present', name: 'origin' } }, { kind: 'fixed', code: 400, at: values.span(required) }, [], at));
      }
      const made = policy('java', `handler ${field(fn, 'name')?.text ?? ''}() at line ${at.range.start.line + 1}`, at, branches, values.notes);
      javaFixTargets.set(made, { sites: [], varyStatement: responseName ? `${responseName}.addHeader("Vary", "Origin");` : undefined });
      policies.push(made);
    }
    return { policies };
  },
  fixer: javaCorsFixer,
};

/** The header name of `x.setHeader(name, value)` / `x.addHeader(name, value)` / `ResponseEntity...header(name, value)`. */
function headerCall(n: Node, values: JavaValues): string | undefined {
  // Only calls themselves: unwrapping every parenthesised node of a deep expression would be quadratic.
  if (n.type !== 'method_invocation') return undefined;
  const inv = invocation(n);
  if (!inv || !['setHeader', 'addHeader', 'set', 'add', 'header'].includes(inv.name) || inv.args.length !== 2) return undefined;
  const constant = HEADER_CONSTANTS[inv.args[0].text.replace(/^.*\./, '')];
  if (constant) return constant;
  const v = values.evaluate(inv.args[0]);
  return v.kind === 'string' ? v.value : undefined;
}

function emission(n: Node, name: string, inv: NonNullable<ReturnType<typeof invocation>>, values: JavaValues, guards: JavaGuards): HeaderEmission {
  const at = values.span(n);
  const arg = inv.args[1];
  let value;
  if (guards.isOrigin(arg)) value = partsValue([{ kind: 'origin' }], values.span(arg));
  else {
    const v = values.evaluate(arg);
    value = v.kind === 'string' ? literalValue(v.value, values.span(unparen(arg))) : v.kind === 'number' || v.kind === 'bool' ? literalValue(String(v.value), values.span(arg)) : unknownValue(name, values.span(arg));
  }
  // `ResponseEntity.BodyBuilder.header` adds a value like `addHeader`.
  const mode = inv.name === 'addHeader' || inv.name === 'add' || inv.name === 'header' ? 'add' as const : 'set' as const;
  return { name, key: name.toLowerCase(), value, scope: 'always', mode, at };
}

function requiredOriginParameter(fn: Node): Node | undefined {
  for (const p of named(field(fn, 'parameters') ?? fn)) {
    const header = annotationsOf(p).find((a) => a.name === 'RequestHeader');
    const value = header && (header.values.get('value') ?? header.values.get('name'));
    if (!header || !value || (javaString(value) ?? '').toLowerCase() !== 'origin') continue;
    return header.values.get('required')?.text === 'false' || header.values.has('defaultValue') ? undefined : p;
  }
  return undefined;
}

function enclosingMethod(n: Node): Node | undefined {
  for (let p = n.parent; p; p = p.parent) if (p.type === 'method_declaration' || p.type === 'lambda_expression') return p;
  return undefined;
}

/** The `if` conditions that lead to `n` inside `fn`, and the early returns before it. */
function guardOf(n: Node, fn: Node, guards: JavaGuards): RequestCondition {
  const conds: RequestCondition[] = [];
  for (let child = n, p = n.parent; p && child.id !== fn.id; child = p, p = p.parent) {
    if (p.type === 'if_statement') {
      const cond = field(p, 'condition');
      if (cond && field(p, 'consequence')?.id === child.id) conds.push(guards.condition(cond));
      else if (cond && field(p, 'alternative')?.id === child.id) conds.push({ kind: 'not', cond: guards.condition(cond) });
    }
    if (p.type === 'block') {
      for (const stmt of named(p)) {
        if (stmt.startIndex >= child.startIndex) break;
        const cond = stmt.type === 'if_statement' ? field(stmt, 'condition') : undefined;
        if (cond && !field(stmt, 'alternative') && exits(field(stmt, 'consequence'))) conds.push({ kind: 'not', cond: guards.condition(cond) });
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
