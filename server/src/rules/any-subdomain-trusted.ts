import type { Rule } from './rule';
import { outcomesFor, readable } from './support/probes';
import { assess, reflectionSites } from './support/reflection';
import { emissionOrigin, onceReporter } from './support/report';

export const rule: Rule = {
  meta: {
    id: 'any-subdomain-trusted',
    description: 'Every subdomain of a domain is trusted, so one compromised subdomain owns the API.',
    defaultSeverity: 'info',
    messages: {
      anySubdomain:
        'Every subdomain of {{domain}} is trusted, e.g. {{example}}: a subdomain takeover or an XSS on any one of them can read these responses.',
    },
    fixable: false,
  },
  check(ctx) {
    const report = onceReporter(ctx);
    for (const policy of ctx.policies) {
      for (const site of reflectionSites(policy)) {
        const assessment = assess(site.gate);
        if (assessment.allowsAll) continue;
        for (const s of assessment.anySubdomain) {
          if (!outcomesFor(policy, s.example).some((o) => o.branch === site.branch && readable(o, false))) continue;
          const span = s.at ?? site.gate.at ?? site.valueCase.at;
          report({
            messageId: 'anySubdomain',
            data: { domain: s.domain, example: s.example },
            span,
            severity: 'info',
            related: () => emissionOrigin(policy, site.emission, span),
          });
        }
      }
    }
    report.flush();
  },
};
