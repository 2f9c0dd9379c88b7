import type { HeaderEmission, RequestCondition, ResponseBranch } from '../model/cors-policy';
import type { Rule } from './rule';
import { ACAO, VARY, lowerTokens } from './support/headers';
import { reflects, originPart } from './support/reflection';
import { emissionOrigin, onceReporter } from './support/report';

/** Whether the ACAO value differs between origins (echoed, picked from a list, or sent to some only). */
function dependsOnOrigin(branch: ResponseBranch, emission: HeaderEmission): boolean {
  if (originPart(branch.when).kind !== 'any') return true;
  const cases = emission.value.cases;
  if (cases.some(reflects)) return true;
  const shapes = new Set(cases.map((c) => c.parts.map((p) => (p.kind === 'text' ? p.text : `\u0000${p.kind}`)).join('')));
  const coversAll = cases.some((c) => c.when.kind === 'any');
  return shapes.size > 1 || !coversAll;
}

export function variesOnOrigin(branch: ResponseBranch): boolean {
  return branch.headers.some(
    (h) =>
      h.key === VARY &&
      h.value.cases.some((c) =>
        c.parts.some((p) => p.kind === 'text' && lowerTokens(p.text).some((t) => t === 'origin' || t === '*')),
      ),
  );
}

/** Answers to OPTIONS alone: HTTP caches never store them (RFC 9110 §9.3.7), and browsers key their preflight cache by origin. */
function onlyOptions(cond: RequestCondition): boolean {
  if (cond.kind === 'method') return cond.methods.length > 0 && cond.methods.every((m) => m === 'OPTIONS');
  if (cond.kind === 'and') return cond.conds.some(onlyOptions);
  return false;
}

export const rule: Rule = {
  meta: {
    id: 'missing-vary-origin',
    description: 'Access-Control-Allow-Origin depends on the request Origin but the response lacks `Vary: Origin`.',
    defaultSeverity: 'warning',
    messages: {
      missingVary:
        "Access-Control-Allow-Origin depends on the request Origin but the response has no `Vary: Origin`: a shared cache can serve one origin's answer to another (e.g. https://evil.example gets a cached answer meant for a trusted origin, or a trusted origin gets one without CORS headers).",
    },
    fixable: true,
  },
  check(ctx) {
    const report = onceReporter(ctx);
    for (const policy of ctx.policies) {
      for (const branch of policy.branches) {
        if (variesOnOrigin(branch) || onlyOptions(branch.when)) continue;
        // An outer `Vary: Origin` lost to add_header inheritance is `add-header-inheritance`'s finding, with the real cause.
        if (branch.droppedInherited && variesOnOrigin({ ...branch, headers: branch.droppedInherited.headers })) continue;
        for (const emission of branch.headers) {
          if (emission.key !== ACAO || !dependsOnOrigin(branch, emission)) continue;
          report({
            messageId: 'missingVary',
            span: emission.at,
            severity: 'warning',
            related: () => emissionOrigin(policy, emission),
            fixes: () => {
              const fix = ctx.fixer(policy).addVaryOrigin(policy, emission);
              return [fix && { ...fix, safe: true }];
            },
          });
        }
      }
    }
    report.flush();
  },
};
