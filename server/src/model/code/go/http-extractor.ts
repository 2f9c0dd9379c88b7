import type { Node } from '@vscode/tree-sitter-wasm';
import type { CorsPolicy, HeaderEmission, RequestCondition, ResponseBranch, StatusModel } from '../../cors-policy';
import { unknownValue } from '../../symbolic-value';
import type { CodeFile, CodeProject } from '../code-project';
import type { ExtractResult, FrameworkExtractor } from '../extractor';
import { and, branch, originIs, policy } from '../js/policy-parts';
import { callArgs, callsIn, field, goImports, goParams, isFuncNode, spanOf } from './ast';
import { goFixer } from './fixer-hook';
import { goTargets } from './fix-targets';
import { GoHandlerWalker, type HandlerPath } from './handler-walker';
import { GoEvaluator } from './values';

const MAX_STEPS_UP = 300;
const isOptions: RequestCondition = { kind: 'method', methods: ['OPTIONS'] };
const notOptions: RequestCondition = { kind: 'not', cond: isOptions };

/**
 * Hand-written CORS in net/http: a `func(w http.ResponseWriter, r *http.Request)`
 * (a handler or the inner function of a middleware) that sets
 * Access-Control-* headers on `w.Header()`. Each such function is one policy:
 * its paths for OPTIONS and for other methods, split by the Origin checks
 * that guard them.
 */
export const goHttpExtractor: FrameworkExtractor = {
  id: 'go-http-handlers',
  languages: ['go'],
  mentions: /access-control-allow-/i,
  sources: ['go-http'],
  extract(file: CodeFile, project: CodeProject): ExtractResult {
    const handlers = new Map<number, Node>();
    const evaluator = new GoEvaluator(project, goImports(file));
    // The header name written out, or a constant holding it.
    const namesCors = (call: Node) => {
      if (/access-control-allow-/i.test(call.text)) return true;
      const first = callArgs(call)[0];
      if (first?.type !== 'identifier' && first?.type !== 'selector_expression') return false;
      const v = evaluator.evaluate(file, first);
      return v.kind === 'string' && /^access-control-allow-/i.test(v.value);
    };
    for (const call of callsIn(file.tree.rootNode)) {
      const callee = field(call, 'function');
      const method = callee?.type === 'selector_expression' ? field(callee, 'field')?.text : undefined;
      if ((method !== 'Set' && method !== 'Add' && method !== 'Header') || !namesCors(call)) continue;
      const fn = enclosingHandler(call);
      if (fn) handlers.set(fn.startIndex, fn);
    }
    for (const assignment of file.tree.rootNode.descendantsOfType('assignment_statement')) {
      if (!assignment || !/Header\(\)\s*\[\s*"access-control-allow-/i.test(assignment.text)) continue;
      const fn = enclosingHandler(assignment);
      if (fn) handlers.set(fn.startIndex, fn);
    }
    if (handlers.size === 0) return { policies: [] };
    const policies: CorsPolicy[] = [];
    for (const fn of handlers.values()) {
      const params = goParams(fn);
      const gin = params.find((p) => /(^|\.)Context$/.test(p.type) && /gin\.Context$/.test(p.type))?.name;
      const writer = params.find((p) => /ResponseWriter$/.test(p.type))?.name;
      // A helper that only takes the writer (`enableCors(&w)`): no Origin to read, and the caller goes on after it.
      const request = gin ? `${gin}.Request` : params.find((p) => /Request$/.test(p.type))?.name;
      const w = gin ? `${gin}.Writer` : writer!;
      const r = request ?? '#';
      // gin middleware that returns without aborting hands the request on, as a helper does.
      const passesOn = request === undefined || gin !== undefined;
      const body = field(fn, 'body');
      if (!body) continue;
      const at = spanOf(file, fn);
      const branches: ResponseBranch[] = [];
      for (const method of ['OPTIONS', 'GET'] as const) {
        for (const p of mergeRoutes(new GoHandlerWalker(evaluator, file, { w, r, gin }, method).run(body))) {
          const route = p.opaque ? [{ kind: 'opaque' as const, text: p.opaque, at }] : [];
          branches.push(branch(and(method === 'OPTIONS' ? isOptions : notOptions, ...p.conds, originIs(p.guard), ...route), statusOf(p, at, passesOn), p.headers.map(emission), at));
        }
      }
      const label = gin ? `gin handler func(${gin})` : `${request ? 'handler' : 'helper'} func(${request ? `${w}, ${request}` : w})`;
      const made = policy(gin ? 'gin' : 'go-http', `${label} at line ${at.range.start.line + 1}`, at, branches, []);
      goTargets.set(made, { kind: 'handler', file, call: fn, headerExpr: `${w}.Header()`, request: r });
      policies.push(made);
    }
    return { policies };
  },
  fixer: goFixer,
};

/** The nearest function with a ResponseWriter (a handler, or a helper given the writer) or a *gin.Context parameter around a header call. */
function enclosingHandler(node: Node): Node | undefined {
  let steps = 0;
  // Each step up costs a walk from the root in tree-sitter: bounded for deeply nested input.
  for (let n = node.parent; n && steps++ < MAX_STEPS_UP; n = n.parent) {
    if (!isFuncNode(n)) continue;
    const params = goParams(n);
    if (params.some((p) => /(^|\.)ResponseWriter$/.test(p.type) || /gin\.Context$/.test(p.type))) return n;
  }
  return undefined;
}

function statusOf(p: HandlerPath, at: HeaderEmission['at'], helper: boolean): StatusModel {
  if (typeof p.status === 'number') return { kind: 'fixed', code: p.status, at: p.statusAt ?? at };
  // A handler that returns without writing sends 200; after a helper, its caller decides.
  if (p.status === 'unset') return helper ? { kind: 'app', at } : { kind: 'fixed', code: 200, at };
  if (p.status === 'app') return { kind: 'app', at };
  return { kind: 'unknown', why: 'the status is computed at run time', at: p.statusAt ?? at };
}

/** Paths that differ only by routing decisions and send the same headers are one branch whose status the app decides. */
function mergeRoutes(paths: HandlerPath[]): (HandlerPath & { opaque?: string })[] {
  const strip = (k: string, v: unknown) => (k === 'at' ? undefined : v);
  const groups = new Map<string, HandlerPath[]>();
  for (const p of paths) {
    const key = JSON.stringify([p.guard, p.conds, p.headers.map((h) => [h.name, h.value, h.mode])], strip);
    groups.set(key, [...(groups.get(key) ?? []), p]);
  }
  const perGuard = new Map<string, number>();
  for (const list of groups.values()) {
    const g = JSON.stringify([list[0].guard, list[0].conds], strip);
    perGuard.set(g, (perGuard.get(g) ?? 0) + 1);
  }
  return [...groups.values()].map((list) => {
    const statuses = new Set(list.map((p) => p.status));
    const merged: HandlerPath & { opaque?: string } = { ...list[0], status: statuses.size === 1 ? list[0].status : 'app' };
    if ((perGuard.get(JSON.stringify([list[0].guard, list[0].conds], strip)) ?? 0) > 1 && list[0].route.length > 0) merged.opaque = list[0].route.join(' && ');
    return merged;
  });
}

function emission(h: HandlerPath['headers'][number]): HeaderEmission {
  const value = h.value === 'unknown' ? unknownValue(h.name, h.at) : h.value;
  return { name: h.name, key: h.name.toLowerCase(), value, scope: 'always', mode: h.mode, at: h.at };
}
