import type { Node } from '@vscode/tree-sitter-wasm';
import type { CorsPolicy, PolicyNote, ResponseBranch } from '../../cors-policy';
import type { CodeFile, CodeProject } from '../code-project';
import type { ExtractResult, FrameworkExtractor } from '../extractor';
import { callArgs, field, spanOf, stringLiteral, unwrap } from './ast';
import { OptionsReader, optionsTarget } from './cors-options';
import { optionsTargets } from './fix-targets';
import { jsCorsFixer } from './js-fixer-hook';
import { callsIn, importedNames } from './module-imports';
import { npmCorsBranches } from './npm-cors';
import { and, branch, isOptions, policy } from './policy-parts';
import { JsEvaluator } from './values';
import { findBinding } from './bindings';

const ROUTE_METHODS = ['get', 'post', 'put', 'delete', 'patch', 'all', 'options', 'head', 'use'];

interface Mount {
  call: Node;
  method: string;
  path: string | undefined;
  corsCall: Node;
  options: OptionsReader;
}

/** Express (or Connect, or a Router) with the npm `cors` middleware, app-wide or per route. */
export const expressExtractor: FrameworkExtractor = {
  id: 'express-cors',
  languages: ['javascript', 'typescript', 'tsx'],
  mentions: /['"]cors['"]/,
  sources: ['express'],
  extract(file: CodeFile, project: CodeProject): ExtractResult {
    const names = importedNames(file, ['cors']);
    if (names.size === 0) return { policies: [] };
    const evaluator = new JsEvaluator(project);
    const isCorsCall = (n: Node): Node | undefined => {
      const u = unwrap(n);
      if (u.type === 'call_expression' && names.has(unwrap(field(u, 'function')!).text)) return u;
      if (u.type === 'identifier') {
        const b = findBinding(u, u.text);
        if (b?.kind === 'value' && b.path.length === 0) return isCorsCall(b.init);
      }
      return undefined;
    };
    const mounts: Mount[] = [];
    for (const call of callsIn(file.tree.rootNode)) {
      const callee = unwrap(field(call, 'function')!);
      if (callee.type !== 'member_expression') continue;
      const method = field(callee, 'property')?.text ?? '';
      if (!ROUTE_METHODS.includes(method)) continue;
      const args = callArgs(call);
      for (const arg of args) {
        const corsCall = isCorsCall(arg);
        if (!corsCall) continue;
        const optArg = callArgs(corsCall)[0];
        const options = new OptionsReader(evaluator, optArg ? evaluator.evaluate(file, optArg) : undefined, spanOf(file, corsCall));
        mounts.push({ call, method, path: args[0] ? stringLiteral(args[0]) : undefined, corsCall, options });
      }
    }
    const express5 = Number(project.versions(file.path).get('express')?.version.split('.')[0] ?? '0') >= 5;
    const policies: CorsPolicy[] = [];
    const preflightMounts = mounts.filter((m) => m.method === 'options');
    for (const m of mounts) {
      const built = npmCorsBranches(m.options, file);
      const notes: PolicyNote[] = [...built.notes];
      if (express5 && (m.path === '*' || m.path === '/*')) {
        notes.push({
          kind: 'throws-at-startup',
          message: `Express 5 rejects the path '${m.path}' when the app starts (path-to-regexp 8: "Missing parameter name"); write '/{*splat}' or a RegExp.`,
          at: spanOf(file, callArgs(m.call)[0]!),
        });
      }
      const at = spanOf(file, m.call);
      const where = `${m.method === 'use' ? 'use' : m.method.toUpperCase()}${m.path ? ` ${m.path}` : ''}`;
      let branches: ResponseBranch[];
      if (m.method === 'use' || m.method === 'all') {
        branches = [...built.preflight, ...built.actual];
      } else if (m.method === 'options') {
        branches = [...built.preflight, branch({ kind: 'true' }, { kind: 'app', at }, [], at)];
      } else {
        // A route answers its own methods; Express answers OPTIONS itself (200 with `Allow`) unless a route for OPTIONS has cors too.
        const methods = m.method === 'get' ? ['GET', 'HEAD'] : [m.method.toUpperCase()];
        const own = built.actual.map((b) => ({ ...b, when: and({ kind: 'method', methods }, b.when) }));
        const options = preflightMounts.find((p) => p.path === m.path || p.path === '/{*splat}' || p.path === '*');
        const preflight = options ? npmCorsBranches(options.options, file).preflight : [branch(isOptions, { kind: 'fixed', code: 200, at }, [], at)];
        branches = [...own, ...preflight, branch({ kind: 'true' }, { kind: 'fixed', code: 404, at }, [], at)];
      }
      const made = policy('express', `Express ${where} with cors()`, at, branches, notes);
      optionsTargets.set(made, optionsTarget(m.options, m.corsCall, file));
      policies.push(made);
    }
    return { policies };
  },
  fixer: jsCorsFixer,
};
