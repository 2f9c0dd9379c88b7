import type { Rule } from './rule';
import { ATTACKER_ORIGIN, caseFor, outcomesFor, readable } from './support/probes';
import { assess, reflectionSites } from './support/reflection';
import { emissionOrigin, onceReporter } from './support/report';

export const rule: Rule = {
  meta: {
    id: 'reflected-origin',
    description: 'Access-Control-Allow-Origin echoes the request Origin without an effective check.',
    defaultSeverity: 'info',
    credentialedSeverity: 'error',
    messages: {
      withCredentials:
        "Any origin, e.g. {{origin}}, can read responses with the user's cookies: Access-Control-Allow-Origin echoes the request Origin and Access-Control-Allow-Credentials is true.",
      withoutCredentials:
        'Access-Control-Allow-Origin echoes any request Origin, e.g. {{origin}}, without a check: that is `*` in disguise, and it turns into an attack as soon as credentials are allowed.',
    },
    fixable: true,
  },
  check(ctx) {
    const report = onceReporter(ctx);
    for (const policy of ctx.policies) {
      for (const site of reflectionSites(policy)) {
        if (!assess(site.gate).allowsAll) continue;
        // The gate says "everyone"; the prediction confirms the attacker really gets its own origin back here.
        const hits = outcomesFor(policy, ATTACKER_ORIGIN).filter(
          (o) => o.branch === site.branch && readable(o, false) && caseFor(site.emission.value, ATTACKER_ORIGIN) === site.valueCase,
        );
        if (hits.length === 0) continue;
        const credentials = hits.some((o) => o.credentials);
        report({
          messageId: credentials ? 'withCredentials' : 'withoutCredentials',
          data: { origin: ATTACKER_ORIGIN },
          span: site.valueCase.at,
          severity: credentials ? 'error' : 'info',
          related: () => emissionOrigin(policy, site.emission, site.valueCase.at),
          fixes: () => [ctx.fixer(policy).allowlistOrigin(policy, site.emission, ctx.trustedOrigins)],
        });
      }
    }
    report.flush();
  },
};
