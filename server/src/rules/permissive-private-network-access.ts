import type { Rule } from './rule';
import { ACAPN, ACAO } from './support/headers';
import { ATTACKER_ORIGIN, emissionFor, maySend, preflightOutcome, readable } from './support/probes';
import { assess, reflectionSites } from './support/reflection';
import { emissionOrigin, onceReporter } from './support/report';

export const rule: Rule = {
  meta: {
    id: 'permissive-private-network-access',
    description: 'Access-Control-Allow-Private-Network: true is sent to origins that are reflected, patterned permissively or `*`.',
    defaultSeverity: 'warning',
    messages: {
      anySite:
        'Access-Control-Allow-Private-Network is true for {{origin}} (Access-Control-Allow-Origin: {{acao}}): any public site can reach this private-network device from a visitor\'s browser.',
    },
    fixable: false,
  },
  check(ctx) {
    const report = onceReporter(ctx);
    for (const policy of ctx.policies) {
      // Without a line that can say `true` there is nothing to grant.
      if (!maySend(policy, ACAPN, 'true')) continue;
      const suspects = new Set<string>([ATTACKER_ORIGIN]);
      for (const site of reflectionSites(policy)) {
        for (const p of assess(site.gate).permissive) suspects.add(p.attackOrigin);
      }
      for (const origin of suspects) {
        const o = preflightOutcome(policy, origin, { 'access-control-request-private-network': 'true' });
        if (!o || o.header(ACAPN) !== 'true' || !readable(o, true)) continue;
        const e = emissionFor(o.branch, ACAPN, origin);
        if (!e) continue;
        report({
          messageId: 'anySite',
          data: { origin, acao: o.header(ACAO) ?? '' },
          span: e.at,
          severity: 'warning',
          related: emissionOrigin(policy, e),
        });
        // One concrete origin is enough to make the point.
        break;
      }
    }
    report.flush();
  },
};
