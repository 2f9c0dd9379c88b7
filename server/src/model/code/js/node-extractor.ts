import type { Node } from '@vscode/tree-sitter-wasm';
import type { CorsPolicy, HeaderEmission, ResponseBranch, StatusModel } from '../../cors-policy';
import { unknownValue } from '../../symbolic-value';
import type { CodeFile, CodeProject } from '../code-project';
import type { ExtractResult, FrameworkExtractor } from '../extractor';
import { field, isFunction, paramNames, spanOf, unwrap } from './ast';
import { optionsTargets } from './fix-targets';
import { HandlerWalker, type HandlerPath } from './handler-paths';
import { jsCorsFixer } from './js-fixer-hook';
import { callsIn, importedNames } from './module-imports';
import { and, branch, isOptions, notOptions, originIs, policy } from './policy-parts';
import { JsEvaluator } from './values';

const HEADER_CALLS = new Set(['setHeader', 'set', 'header', 'append', 'writeHead']);

/**
 * Hand-written CORS: a handler `(req, res) => ...` that sets Access-Control-*
 * headers itself (Node's `http`, or Express without the cors package). Each
 * handler is one policy: its paths for OPTIONS and for other methods, split by
 * the checks on the request Origin that guard them.
 */
export const nodeExtractor: FrameworkExtractor = {
  id: 'node-handlers',
  languages: ['javascript', 'typescript', 'tsx'],
  mentions: /access-control-allow-/i,
  sources: ['node'],
  extract(file: CodeFile, project: CodeProject): ExtractResult {
    const handlers = new Map<number, Node>();
    for (const call of callsIn(file.tree.rootNode)) {
      const callee = unwrap(field(call, 'function')!);
      if (callee.type !== 'member_expression' || !HEADER_CALLS.has(field(callee, 'property')?.text ?? '')) continue;
      if (!/access-control-allow-/i.test(call.text)) continue;
      const fn = enclosingHandler(call);
      if (fn && !isRouteHandlerExport(fn)) handlers.set(fn.startIndex, fn);
    }
    if (handlers.size === 0) return { policies: [] };
    const evaluator = new JsEvaluator(project);
    const expressLike = importedNames(file, ['express']).size > 0;
    const policies: CorsPolicy[] = [];
    for (const fn of handlers.values()) {
      const [req, res] = paramNames(fn) as [string, string];
      const body = field(fn, 'body');
      if (!body) continue;
      const at = spanOf(file, fn);
      const branches: ResponseBranch[] = [];
      for (const method of ['OPTIONS', 'GET'] as const) {
        const paths = mergeRoutes(new HandlerWalker(evaluator, file, req, res, method).run(body));
        for (const p of paths) {
          const route = p.opaque ? [{ kind: 'opaque' as const, text: p.opaque, at }] : [];
          branches.push(branch(and(method === 'OPTIONS' ? isOptions : notOptions, originIs(p.guard), ...route), statusOf(p, at), p.headers.map(emission), at));
        }
      }
      // A default-exported handler is a Next.js API route or a serverless function: their responses have `status`/`json` but no `vary`.
      const usesExpress = expressLike || (!isDefaultExport(fn) && /\b(status|send|json|set|header)\(/.test(body.text.replace(/\bres\.setHeader/g, '')));
      const made = policy('node', `handler (${req}, ${res}) at line ${at.range.start.line + 1}`, at, branches, []);
      optionsTargets.set(made, { call: at, varyStatement: usesExpress ? `${res}.vary('Origin');` : `${res}.setHeader('Vary', 'Origin');` });
      policies.push(made);
    }
    return { policies };
  },
  fixer: jsCorsFixer,
};

const WEB_METHODS = new Set(['GET', 'HEAD', 'POST', 'PUT', 'DELETE', 'PATCH', 'OPTIONS']);

/** `export async function GET(request, context)`: a Web route handler (Next.js App Router), whose second parameter is no response. */
function isRouteHandlerExport(fn: Node): boolean {
  const name = fn.type === 'function_declaration' ? field(fn, 'name')?.text : fn.parent?.type === 'variable_declarator' ? field(fn.parent, 'name')?.text : undefined;
  if (!name || !WEB_METHODS.has(name)) return false;
  const holder = fn.type === 'function_declaration' ? fn.parent : fn.parent?.parent?.parent;
  return holder?.type === 'export_statement';
}

function isDefaultExport(fn: Node): boolean {
  const parent = fn.parent;
  return parent?.type === 'export_statement' && parent.children.some((c) => c?.type === 'default');
}

/** The nearest function with a request and a response parameter around a header call. */
function enclosingHandler(node: Node): Node | undefined {
  for (let n = node.parent; n; n = n.parent) {
    if (isFunction(n)) {
      const params = paramNames(n);
      if (params.length >= 2 && params[0] && params[1]) return n;
    }
  }
  return undefined;
}

export function statusOf(p: HandlerPath, at: HeaderEmission['at']): StatusModel {
  if (typeof p.status === 'number') return { kind: 'fixed', code: p.status, at: p.statusAt ?? at };
  if (p.status === 'app' || p.status === 'unset') return { kind: 'app', at };
  return { kind: 'unknown', why: 'the status is computed at run time', at: p.statusAt ?? at };
}

/**
 * Paths that differ only by routing decisions (the URL, a body check) and set
 * the same headers are one branch whose status the app decides; paths that set
 * different headers under the same origins keep their routing condition, which
 * the model cannot evaluate.
 */
export function mergeRoutes(paths: HandlerPath[]): (HandlerPath & { opaque?: string })[] {
  const groups = new Map<string, HandlerPath[]>();
  for (const p of paths) {
    const key = JSON.stringify([p.guard, p.headers.map((h) => [h.name, h.value, h.mode])], (k, v) => (k === 'at' ? undefined : v));
    const list = groups.get(key) ?? [];
    list.push(p);
    groups.set(key, list);
  }
  const byGuard = new Map<string, number>();
  for (const list of groups.values()) {
    const g = JSON.stringify(list[0].guard, (k, v) => (k === 'at' ? undefined : v));
    byGuard.set(g, (byGuard.get(g) ?? 0) + 1);
  }
  const out: (HandlerPath & { opaque?: string })[] = [];
  for (const list of groups.values()) {
    const statuses = new Set(list.map((p) => p.status));
    const merged: HandlerPath & { opaque?: string } = { ...list[0], status: statuses.size === 1 ? list[0].status : 'app' };
    const g = JSON.stringify(list[0].guard, (k, v) => (k === 'at' ? undefined : v));
    if ((byGuard.get(g) ?? 0) > 1 && list[0].route.length > 0) merged.opaque = list[0].route.join(' && ');
    out.push(merged);
  }
  return out;
}

export function emission(h: HandlerPath['headers'][number]): HeaderEmission {
  const value = h.value === 'unknown' ? unknownValue(h.name, h.at) : h.value;
  return { name: h.name, key: h.name.toLowerCase(), value, scope: 'always', mode: h.mode === 'add' ? 'add' : 'set', at: h.at };
}
