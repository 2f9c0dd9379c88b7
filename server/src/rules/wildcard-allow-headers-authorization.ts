import type { Rule } from './rule';
import { mayAllowCredentials } from './credentials-with-wildcard-list';
import { ACAH, literalText, lowerTokens, textOf } from './support/headers';
import { emissionOrigin, onceReporter } from './support/report';

export const rule: Rule = {
  meta: {
    id: 'wildcard-allow-headers-authorization',
    description: '`Access-Control-Allow-Headers: *` never covers `Authorization` by the Fetch standard; list it explicitly.',
    defaultSeverity: 'info',
    messages: {
      authorizationNotCovered:
        'Access-Control-Allow-Headers is `*`, which by the Fetch standard never covers `Authorization`: Chromium 156, Firefox 153 and WebKit 2.50 still let it through (Firefox behind a pref that can flip), so a request with a bearer token can start failing. List `Authorization` explicitly.',
    },
    fixable: true,
  },
  check(ctx) {
    const report = onceReporter(ctx);
    for (const policy of ctx.policies) {
      for (const branch of policy.branches) {
        // With credentials `*` is a literal name, which `credentials-with-wildcard-list` reports.
        if (mayAllowCredentials(branch)) continue;
        for (const e of branch.headers) {
          if (e.key !== ACAH) continue;
          for (const c of e.value.cases) {
            const text = textOf(c);
            const tokens = lowerTokens(text);
            if (!tokens.includes('*') || tokens.includes('authorization')) continue;
            report({
              messageId: 'authorizationNotCovered',
              span: c.at,
              severity: 'info',
              related: () => emissionOrigin(policy, e, c.at),
              fixes: () => {
                const literal = literalText(e);
                const fix = literal === undefined ? undefined : ctx.fixer(policy).replaceValue(e, `${literal}, Authorization`, 'List Authorization explicitly');
                // Naming Authorization next to `*` only adds what browsers already allow today.
                return [fix && { ...fix, safe: true }];
              },
            });
          }
        }
      }
    }
    report.flush();
  },
};
