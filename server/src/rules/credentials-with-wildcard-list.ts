import type { ResponseBranch } from '../model/cors-policy';
import type { Rule } from './rule';
import { ACAC, ACAH, ACAM, ACEH, listTokens, textOf } from './support/headers';
import { emissionOrigin, onceReporter } from './support/report';

const LIST_KEYS = [ACAM, ACAH, ACEH];

/** Some origin can get `Access-Control-Allow-Credentials: true` on this branch. */
export function mayAllowCredentials(branch: ResponseBranch): boolean {
  return branch.headers.some((h) => h.key === ACAC && h.value.cases.some((c) => c.parts.length > 0 && c.parts.every((p) => p.kind === 'text') && textOf(c) === 'true'));
}

export const rule: Rule = {
  meta: {
    id: 'credentials-with-wildcard-list',
    description: '`*` in Allow-Methods, Allow-Headers or Expose-Headers while credentials are allowed is the literal name `*`, not a wildcard.',
    defaultSeverity: 'warning',
    messages: {
      literalStar:
        '{{header}} is `*` while credentials are allowed: for credentialed requests `*` is the literal name `*`, not a wildcard, so e.g. a credentialed fetch from an allowed origin with a custom header or method is refused. List the names explicitly.',
    },
    fixable: false,
  },
  check(ctx) {
    const report = onceReporter(ctx);
    for (const policy of ctx.policies) {
      for (const branch of policy.branches) {
        if (!mayAllowCredentials(branch)) continue;
        for (const e of branch.headers) {
          if (!LIST_KEYS.includes(e.key)) continue;
          for (const c of e.value.cases) {
            const text = textOf(c);
            if (!listTokens(text).includes('*')) continue;
            report({ messageId: 'literalStar', data: { header: e.name }, span: c.at, severity: 'warning', related: emissionOrigin(policy, e, c.at) });
          }
        }
      }
    }
    report.flush();
  },
};
