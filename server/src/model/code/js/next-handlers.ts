import * as path from 'node:path';
import type { Node } from '@vscode/tree-sitter-wasm';
import type { CorsPolicy, RequestCondition, ResponseBranch } from '../../cors-policy';
import type { CodeFile } from '../code-project';
import { field, isFunction, named, paramNames, spanOf, stringLiteral, unwrap } from './ast';
import type { HandlerPath } from './handler-paths';
import { emission, mergeRoutes, statusOf } from './node-extractor';
import { ResponseWalker, type WebPath } from './next-response-paths';
import { nextTargets } from './next-targets';
import { and, branch, literal, originIs, policy } from './policy-parts';
import { type JsEvaluator } from './values';
import { findBinding } from './bindings';

const METHODS = ['GET', 'HEAD', 'POST', 'PUT', 'DELETE', 'PATCH', 'OPTIONS'];

/** The functions a module exports under the given names (declarations, `const X = () => ...`, `export { f as X }`). */
export function exportedFunctions(file: CodeFile, names: readonly string[]): Map<string, Node> {
  const out = new Map<string, Node>();
  for (const stmt of named(file.tree.rootNode)) {
    if (stmt.type !== 'export_statement') continue;
    const decl = field(stmt, 'declaration');
    const isDefault = stmt.children.some((c) => c?.type === 'default');
    if (decl && (decl.type === 'function_declaration' || decl.type === 'generator_function_declaration')) {
      const name = isDefault ? 'default' : field(decl, 'name')?.text;
      if (name && names.includes(name)) out.set(name, decl);
    } else if (decl) {
      for (const d of named(decl).filter((x) => x.type === 'variable_declarator')) {
        const id = field(d, 'name')?.text;
        const init = field(d, 'value');
        if (id && names.includes(id) && init && isFunction(unwrap(init))) out.set(id, unwrap(init));
      }
    } else if (isDefault && names.includes('default')) {
      const value = field(stmt, 'value');
      const fn = value && resolveFunction(unwrap(value));
      if (fn) out.set('default', fn);
    } else {
      for (const spec of named(stmt).filter((c) => c.type === 'export_clause').flatMap(named)) {
        const alias = field(spec, 'alias')?.text ?? field(spec, 'name')!.text;
        const fn = names.includes(alias) ? resolveFunction(field(spec, 'name')!) : undefined;
        if (fn) out.set(alias, fn);
      }
    }
  }
  return out;
}

function resolveFunction(n: Node): Node | undefined {
  if (isFunction(n)) return n;
  if (n.type !== 'identifier') return undefined;
  const b = findBinding(n, n.text);
  if (b?.kind === 'function') return b.node;
  if (b?.kind === 'value' && b.path.length === 0 && isFunction(unwrap(b.init))) return unwrap(b.init);
  return undefined;
}

/** The URL path of an App Router file (`app/api/(v1)/users/[id]/route.ts` → `/api/users/:id`), when it sits under `app/`. */
export function appRoutePath(file: string): string | undefined {
  const parts = file.split(/[\\/]/);
  const at = parts.lastIndexOf('app');
  if (at < 0) return undefined;
  const segments = parts.slice(at + 1, -1).filter((s) => !/^\(.*\)$/.test(s) && !s.startsWith('@'));
  return `/${segments.map((s) => s.replace(/^\[\[?\.\.\.(\w+)\]?\]$/, ':$1*').replace(/^\[(\w+)\]$/, ':$1')).join('/')}`;
}

export function isRouteHandlerFile(file: CodeFile): boolean {
  return /^route\.(c|m)?(js|ts)x?$/.test(path.basename(file.path)) || /['"]next\/server['"]/.test(file.text);
}

/**
 * An App Router route handler (packages/next/src/server/route-modules/app-route/module.ts):
 * each exported method answers with the Response it returns; HEAD falls back
 * to GET; a missing OPTIONS is answered by Next itself, 204 with `Allow` and no
 * CORS headers (helpers/auto-implement-methods.ts); any other method it does
 * not export gets 405; a throw, or no Response, is Next's 500 without the
 * handler's headers.
 */
export function routePolicy(file: CodeFile, evaluator: JsEvaluator): CorsPolicy | undefined {
  const handlers = exportedFunctions(file, METHODS);
  if (handlers.size === 0) return undefined;
  const first = [...handlers.values()][0];
  const at = spanOf(file, first);
  const branches: ResponseBranch[] = [];
  for (const [method, fn] of handlers) {
    if (method === 'HEAD' && handlers.has('GET')) continue;
    const methods = method === 'GET' && !handlers.has('HEAD') ? ['GET', 'HEAD'] : [method];
    const cond = { kind: 'method' as const, methods };
    for (const p of walk(evaluator, file, fn, method === 'OPTIONS' ? 'OPTIONS' : 'GET')) branches.push(pathBranch(p, cond, spanOf(file, fn)));
  }
  if (!handlers.has('OPTIONS')) {
    const allow = [...new Set([...handlers.keys(), ...(handlers.has('GET') ? ['HEAD'] : []), 'OPTIONS'])].sort().join(', ');
    branches.push(branch({ kind: 'method', methods: ['OPTIONS'] }, { kind: 'fixed', code: 204, at }, [literal('Allow', allow, at)], at));
  }
  branches.push(branch({ kind: 'true' }, { kind: 'fixed', code: 405, at }, [], at));
  const where = appRoutePath(file.path);
  const made = policy('nextjs', `Next route handler ${where ?? `in ${path.basename(file.path)}`}`, at, branches, []);
  nextTargets.set(made, { kind: 'handler' });
  return made;
}

/**
 * `middleware` (packages/next/src/server/web/adapter.ts): a returned response
 * answers the request itself; `NextResponse.next()` lets the route answer,
 * with the middleware's response headers added to whatever it sends.
 */
export function middlewarePolicy(file: CodeFile, evaluator: JsEvaluator): CorsPolicy | undefined {
  const fns = exportedFunctions(file, ['middleware', 'default']);
  const fn = fns.get('middleware') ?? (/['"]next\/server['"]/.test(file.text) && /^middleware\./.test(path.basename(file.path)) ? fns.get('default') : undefined);
  if (!fn) return undefined;
  const at = spanOf(file, fn);
  const branches: ResponseBranch[] = [];
  for (const method of ['OPTIONS', 'GET'] as const) {
    const cond = method === 'OPTIONS' ? { kind: 'method' as const, methods: ['OPTIONS'] } : { kind: 'not' as const, cond: { kind: 'method' as const, methods: ['OPTIONS'] } };
    for (const p of walk(evaluator, file, fn, method, 'app')) branches.push(pathBranch(p, cond, at));
  }
  const made = policy('nextjs', `Next middleware${matcherText(file) ?? ''}`, at, branches, []);
  nextTargets.set(made, { kind: 'handler' });
  return made;
}

type Walked = HandlerPath & { opaque?: string; conds: RequestCondition[] };

function walk(evaluator: JsEvaluator, file: CodeFile, fn: Node, method: 'OPTIONS' | 'GET', fallOff?: 'app'): Walked[] {
  const body = field(fn, 'body');
  if (!body) return [];
  const request = paramNames(fn)[0] ?? '\u0000request';
  const paths = new ResponseWalker(evaluator, file, request, method).run(body);
  // Middleware that returns nothing lets the request through untouched.
  const settled = fallOff ? paths.map((p) => (p.status === 500 && !p.statusAt ? { ...p, status: 'app' as const } : p)) : paths;
  // Routing decisions merge as for Node handlers, within each set of request conditions the model can evaluate.
  const byConds = new Map<string, WebPath[]>();
  for (const p of settled) {
    const key = JSON.stringify(p.conds, (k, v) => (k === 'at' ? undefined : v));
    byConds.set(key, [...(byConds.get(key) ?? []), p]);
  }
  return [...byConds.values()].flatMap((list) => mergeRoutes(list).map((m) => ({ ...m, conds: list[0].conds })));
}

function pathBranch(p: Walked, method: ResponseBranch['when'], at: ReturnType<typeof spanOf>): ResponseBranch {
  const route = p.opaque ? [{ kind: 'opaque' as const, text: p.opaque, at }] : [];
  return branch(and(method, ...p.conds, originIs(p.guard), ...route), statusOf(p, at), p.headers.map(emission), at);
}

/** ` for '/api/:path*'` from `export const config = { matcher }`. */
function matcherText(file: CodeFile): string | undefined {
  for (const stmt of named(file.tree.rootNode)) {
    const decl = stmt.type === 'export_statement' ? field(stmt, 'declaration') : undefined;
    for (const d of decl ? named(decl).filter((x) => x.type === 'variable_declarator' && field(x, 'name')?.text === 'config') : []) {
      const obj = field(d, 'value') && unwrap(field(d, 'value')!);
      const pair = obj?.type === 'object' ? named(obj).find((p) => p.type === 'pair' && field(p, 'key')?.text === 'matcher') : undefined;
      const value = pair && unwrap(field(pair, 'value')!);
      if (!value) continue;
      const list = value.type === 'array' ? named(value).map((v) => stringLiteral(v)).filter((v): v is string => v !== undefined) : [stringLiteral(value)].filter((v): v is string => v !== undefined);
      if (list.length) return ` for ${list.map((m) => `'${m}'`).join(', ')}`;
    }
  }
  return undefined;
}
