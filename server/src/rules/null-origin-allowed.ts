import type { Rule } from './rule';
import { ACAO } from './support/headers';
import { caseFor, emissionFor, maySend, outcomesFor, readable } from './support/probes';
import { exactAt } from './support/matchers';
import { assess, reflectionSites } from './support/reflection';
import { emissionOrigin, onceReporter } from './support/report';

export const rule: Rule = {
  meta: {
    id: 'null-origin-allowed',
    description: 'The origin `null` is allowed; sandboxed iframes and data: pages send it, so any site can.',
    defaultSeverity: 'info',
    credentialedSeverity: 'error',
    messages: {
      withCredentials:
        "The origin `null` is allowed with credentials: any site, e.g. https://evil.example, can send `Origin: null` from a sandboxed iframe and read these responses with the user's cookies.",
      withoutCredentials:
        'The origin `null` is allowed: any site, e.g. https://evil.example, can send `Origin: null` from a sandboxed iframe and read these responses.',
    },
    fixable: true,
  },
  check(ctx) {
    const report = onceReporter(ctx);
    for (const policy of ctx.policies) {
      // Only an Allow-Origin of `null` lets the origin read.
      if (!maySend(policy, ACAO, 'null')) continue;
      // When every origin is echoed, `reflected-origin` already says it; `null` is not a separate mistake.
      const echoesAll = new Set(reflectionSites(policy).filter((s) => assess(s.gate).allowsAll).map((s) => s.valueCase));
      for (const o of outcomesFor(policy, 'null')) {
        if (!readable(o, false)) continue;
        const emission = emissionFor(o.branch, ACAO, 'null');
        if (!emission) continue;
        const valueCase = caseFor(emission.value, 'null');
        if (!valueCase || echoesAll.has(valueCase)) continue;
        // Point at the check that names `null` when there is one, else at the value.
        const site = reflectionSites(policy).find((x) => x.branch === o.branch && x.valueCase === valueCase);
        const span = (site && exactAt(site.gate, 'null')) ?? valueCase.at;
        report({
          messageId: o.credentials ? 'withCredentials' : 'withoutCredentials',
          span,
          severity: o.credentials ? 'error' : 'info',
          related: () => emissionOrigin(policy, emission, span),
          fixes: () => {
            const fixer = ctx.fixer(policy);
            // An allowlist that lists `null` loses that line; an echo or a literal becomes an allowlist.
            return [fixer.removeOriginCase?.(valueCase, 'Remove the `null` entry'), fixer.allowlistOrigin(policy, emission, ctx.trustedOrigins)];
          },
        });
      }
    }
    report.flush();
  },
};
