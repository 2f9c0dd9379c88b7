import type { HeaderEmission } from '../model/cors-policy';
import type { Rule } from './rule';
import { VARY, isAccessControlKey, lowerTokens } from './support/headers';
import { onceReporter } from './support/report';

/** CORS headers whose loss matters: Access-Control-* and a Vary that names Origin. */
function corsRelevant(e: HeaderEmission): boolean {
  if (isAccessControlKey(e.key)) return true;
  return e.key === VARY && e.value.cases.some((c) => c.parts.some((p) => p.kind === 'text' && lowerTokens(p.text).includes('origin')));
}

export const rule: Rule = {
  meta: {
    id: 'add-header-inheritance',
    description: 'A nested nginx level with its own add_header silently drops every CORS header inherited from outer levels.',
    defaultSeverity: 'error',
    messages: {
      dropsInherited:
        'This add_header makes the level ignore every add_header of the outer levels, so {{headers}} {{verb}} not sent here: a page on an allowed origin gets no CORS answer from this path. Repeat them here (or use `add_header_inherit merge;` on nginx 1.29.3+).',
      dropsVary:
        'This add_header makes the level ignore every add_header of the outer levels, so `Vary: Origin` is not sent here: a shared cache can hand one origin the answer meant for another. Repeat it here (or use `add_header_inherit merge;` on nginx 1.29.3+).',
    },
    fixable: true,
  },
  check(ctx) {
    const report = onceReporter(ctx);
    for (const policy of ctx.policies) {
      for (const branch of policy.branches) {
        const dropped = branch.droppedInherited;
        if (!dropped) continue;
        // A header the nested level sets itself is replaced, not lost.
        const lost = dropped.headers.filter((d) => corsRelevant(d) && !branch.headers.some((h) => h.key === d.key));
        if (lost.length === 0) continue;
        const names = [...new Set(lost.map((d) => d.name))];
        report({
          // Losing only Vary breaks caching, not access: say which.
          messageId: lost.some((d) => isAccessControlKey(d.key)) ? 'dropsInherited' : 'dropsVary',
          data: { headers: names.join(', '), verb: names.length === 1 ? 'is' : 'are' },
          span: dropped.because,
          severity: 'error',
          related: () => lost.map((d) => ({ span: d.at, message: `${d.name} is set here but does not reach this level.` })),
          fixes: () => {
            const fix = ctx.fixer(policy).repeatInherited(policy, branch, lost, dropped.because);
            return [fix && { ...fix, safe: true }];
          },
        });
      }
    }
    report.flush();
  },
};
