import type { Node } from '@vscode/tree-sitter-wasm';
import type { Span } from '../../../core/range';
import type { CorsPolicy, HeaderEmission, RequestCondition, ResponseBranch } from '../../cors-policy';
import type { CodeFile } from '../code-project';
import { and, branch, isOptions, notOptions, originIs } from '../js/policy-parts';
import { decoratorsOf, dottedPy, field, spanOf } from './ast';
import { PyHandlerWalker } from './handler-paths';
import type { PyEvaluator } from './values';

/** A Flask `before_request` hook that answers by itself: when, with which status, and the headers it sets. */
export interface EarlyAnswer {
  when: RequestCondition;
  status: number;
  headers: HeaderEmission[];
  at: Span;
}

/**
 * The answers the `before_request` hooks of an app give before any view runs
 * (`abort(401)`, `return '', 204`). Flask still runs the `after_request` hooks
 * on them, so CORS headers set there come along; a preflight that such a hook
 * refuses is refused with them.
 */
export function beforeRequestAnswers(evaluator: PyEvaluator, file: CodeFile, app: string | undefined): EarlyAnswer[] {
  const out: EarlyAnswer[] = [];
  for (const fn of file.tree.rootNode.descendantsOfType('function_definition')) {
    if (!fn || !decoratorsOf(fn).some((d) => isHook(d, app))) continue;
    const body = field(fn, 'body');
    if (!body) continue;
    for (const method of ['OPTIONS', 'GET'] as const) {
      for (const p of new PyHandlerWalker(evaluator, file, method).run(body, 'unset')) {
        if (typeof p.status !== 'number') continue;
        const at = p.statusAt ?? spanOf(file, fn);
        const headers = p.headers.map((h): HeaderEmission => ({ name: h.name, key: h.name.toLowerCase(), value: h.value, scope: 'always', mode: h.mode, at: h.at }));
        out.push({ when: and(method === 'OPTIONS' ? isOptions : notOptions, originIs(p.guard), ...p.conds), status: p.status, headers, at });
      }
    }
  }
  return out;
}

function isHook(decorator: Node, app: string | undefined): boolean {
  const name = dottedPy(decorator) ?? '';
  const m = /^(.*)\.before_(app_)?request$/.exec(name);
  return !!m && (app === undefined || m[1] === app || m[2] !== undefined);
}

/**
 * Branches that put the early answers first: each takes the CORS headers the
 * policy would add to that request, unless the hook set its own ACAO (then
 * flask-cors leaves the response alone) or the CORS code wraps the view.
 */
export function withEarlyAnswers(policy: CorsPolicy, answers: EarlyAnswer[], corsRunsAfter: boolean): void {
  if (answers.length === 0) return;
  const early: ResponseBranch[] = [];
  for (const a of answers) {
    // `@cross_origin` wraps the view, which an early answer never reaches.
    const own = !corsRunsAfter || a.headers.some((h) => h.key === 'access-control-allow-origin');
    for (const b of own ? [undefined] : policy.branches) {
      const when = b ? and(a.when, b.when) : a.when;
      early.push(branch(when, { kind: 'fixed', code: a.status, at: a.at }, [...a.headers, ...(b?.headers ?? [])], a.at));
    }
  }
  policy.branches = [...early, ...policy.branches];
}
