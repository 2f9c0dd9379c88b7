import type { Node } from '@vscode/tree-sitter-wasm';
import type { Span } from '../../../core/range';
import type { CorsPolicy, HeaderEmission, ResponseBranch, StatusModel } from '../../cors-policy';
import type { CodeFile, CodeProject } from '../code-project';
import type { ExtractResult, FrameworkExtractor } from '../extractor';
import { and, branch, isOptions, notOptions, originIs, policy } from '../js/policy-parts';
import { decoratorsOf, dottedPy, field, isPyFunction, pyParamNames, spanOf } from './ast';
import { beforeRequestAnswers, withEarlyAnswers } from './flask-before-request';
import { pyFixTargets, type PyFixTarget } from './fix-targets';
import { PyHandlerWalker, type PyHandlerPath } from './handler-paths';
import { pythonFixer } from './python-fixer-hook';
import { PyEvaluator } from './values';

/** Parameters that hold the response a hook or middleware receives, whose status the app chose. */
const RESPONSE_PARAMS = new Set(['response', 'resp', 'res']);

/**
 * Hand-written CORS in Python: a Flask view or `after_request` hook, a Django
 * view or middleware, a Starlette endpoint that sets Access-Control-* headers
 * itself. Each function is one policy: its paths for OPTIONS and for other
 * methods, split by the checks on the request Origin that guard them.
 */
export const pythonHandlerExtractor: FrameworkExtractor = {
  id: 'python-handlers',
  languages: ['python'],
  mentions: /access-control-allow-/i,
  sources: ['python'],
  extract(file: CodeFile, project: CodeProject): ExtractResult {
    const handlers = new Map<number, Node>();
    for (const s of file.tree.rootNode.descendantsOfType('string_content')) {
      if (!s || !/^access-control-allow-/i.test(s.text)) continue;
      const fn = enclosingFunction(s);
      if (fn) handlers.set(fn.startIndex, fn);
    }
    if (handlers.size === 0) return { policies: [] };
    const evaluator = new PyEvaluator(project);
    const policies: CorsPolicy[] = [];
    for (const fn of handlers.values()) {
      const body = field(fn, 'body');
      if (!body) continue;
      const at = spanOf(file, field(fn, 'name') ?? fn);
      const initial = receivesResponse(fn) ? 'app' : 'unset';
      const branches: ResponseBranch[] = [];
      const target: PyFixTarget = {};
      for (const method of methodsOf(fn)) {
        const walker = new PyHandlerWalker(evaluator, file, method);
        for (const p of mergeRoutes(walker.run(body, initial))) {
          const route = p.opaque ? p.conds : [];
          branches.push(branch(and(method === 'OPTIONS' ? isOptions : notOptions, originIs(p.guard), ...route), statusOf(p, at), p.headers.map(emission), at));
          noteFixTarget(target, p);
        }
      }
      // A function that only reads these headers (a test asserting them) sets nothing.
      if (branches.every((b) => b.headers.length === 0)) continue;
      const name = field(fn, 'name')?.text ?? 'handler';
      const made = policy('python', `${name}() at line ${at.range.start.line + 1}`, at, branches, []);
      const hookOf = flaskHookApp(fn);
      if (hookOf !== undefined) withEarlyAnswers(made, beforeRequestAnswers(evaluator, file, hookOf), true);
      pyFixTargets.set(made, target);
      policies.push(made);
    }
    return { policies };
  },
  fixer: pythonFixer,
};

/** A class-based view's `options()` answers OPTIONS only, its `get()`, `post()`... everything else. */
function methodsOf(fn: Node): ('OPTIONS' | 'GET')[] {
  const name = field(fn, 'name')?.text ?? '';
  const inClass = fn.parent?.type === 'block' && fn.parent.parent?.type === 'class_definition'
    || fn.parent?.type === 'decorated_definition' && fn.parent.parent?.type === 'block' && fn.parent.parent.parent?.type === 'class_definition';
  if (!inClass) return ['OPTIONS', 'GET'];
  if (name === 'options') return ['OPTIONS'];
  return /^(get|post|put|patch|delete|head)$/.test(name) ? ['GET'] : ['OPTIONS', 'GET'];
}

/** The nearest `def` around a node (lambdas cannot assign headers). */
function enclosingFunction(node: Node): Node | undefined {
  for (let n = node.parent; n; n = n.parent) if (isPyFunction(n) && n.type === 'function_definition') return n;
  return undefined;
}

/** A Flask `after_request` hook, Django's `process_response`, or any function handed the response: the app chose its status. */
function receivesResponse(fn: Node): boolean {
  if (decoratorsOf(fn).some((d) => /after_(app_)?request$/.test(dottedPy(d) ?? ''))) return true;
  return pyParamNames(fn).some((p) => RESPONSE_PARAMS.has(p));
}

/** The app of a Flask `@app.after_request` hook, whose answers include those of its `before_request` hooks. */
function flaskHookApp(fn: Node): string | undefined {
  for (const d of decoratorsOf(fn)) {
    const m = /^(.*)\.after_(app_)?request$/.exec(dottedPy(d) ?? '');
    if (m) return m[1];
  }
  return undefined;
}

function statusOf(p: PyHandlerPath, at: Span): StatusModel {
  if (typeof p.status === 'number') return { kind: 'fixed', code: p.status, at: p.statusAt ?? at };
  if (p.status === 'app' || p.status === 'unset') return { kind: 'app', at };
  return { kind: 'unknown', why: 'the status is computed at run time', at: p.statusAt ?? at };
}

function emission(h: PyHandlerPath['headers'][number]): HeaderEmission {
  return { name: h.name, key: h.name.toLowerCase(), value: h.value, scope: 'always', mode: h.mode, at: h.at };
}

function noteFixTarget(target: PyFixTarget, p: PyHandlerPath): void {
  for (const h of p.headers) {
    if (h.name.toLowerCase() !== 'access-control-allow-origin') continue;
    const echo = h.value.cases.find((c) => c.parts.some((part) => part.kind === 'origin'));
    if (echo && !target.reflect) target.reflect = echo.at;
    if (!target.varyStatement && h.receiver) {
      target.varyStatement = `${h.receiver}['Vary'] = 'Origin'`;
    }
  }
}

/**
 * Paths that differ only by routing decisions and set the same headers are one
 * branch whose status the app decides; paths that set different headers under
 * the same origins keep their routing condition, which the model cannot evaluate.
 */
function mergeRoutes(paths: PyHandlerPath[]): (PyHandlerPath & { opaque?: string })[] {
  const strip = (k: string, v: unknown) => (k === 'at' ? undefined : v);
  const groups = new Map<string, PyHandlerPath[]>();
  for (const p of paths) {
    const key = JSON.stringify([p.guard, p.headers.map((h) => [h.name, h.value, h.mode])], strip);
    groups.set(key, [...(groups.get(key) ?? []), p]);
  }
  const byGuard = new Map<string, number>();
  for (const list of groups.values()) {
    const g = JSON.stringify(list[0]!.guard, strip);
    byGuard.set(g, (byGuard.get(g) ?? 0) + 1);
  }
  const out: (PyHandlerPath & { opaque?: string })[] = [];
  for (const list of groups.values()) {
    const statuses = new Set(list.map((p) => p.status));
    const merged: PyHandlerPath & { opaque?: string } = { ...list[0]!, status: statuses.size === 1 ? list[0]!.status : 'app' };
    const g = JSON.stringify(list[0]!.guard, strip);
    if ((byGuard.get(g) ?? 0) > 1 && list[0]!.route.length > 0) merged.opaque = list[0]!.route.join(' and ');
    out.push(merged);
  }
  return out;
}
