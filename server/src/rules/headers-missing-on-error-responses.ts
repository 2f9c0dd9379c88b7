import type { CorsPolicy, ResponseBranch } from '../model/cors-policy';
import type { Rule } from './rule';
import { isAccessControlKey } from './support/headers';
import { emissionOrigin, onceReporter } from './support/report';

/** The branch may answer with a status on which success-only headers are left out. */
function mayFail(policy: CorsPolicy, branch: ResponseBranch): boolean {
  return branch.status.kind !== 'fixed' || !policy.successStatuses.includes(branch.status.code);
}

export const rule: Rule = {
  meta: {
    id: 'headers-missing-on-error-responses',
    description: 'CORS headers are only added on success, so browsers hide 4xx/5xx bodies from the client.',
    defaultSeverity: 'warning',
    messages: {
      successOnly:
        '{{header}} is only sent on success statuses: on a 4xx or 5xx answer it is missing, so the browser hides the error from the calling page (it sees a network error instead of e.g. a 401 body).',
    },
    fixable: true,
  },
  check(ctx) {
    const report = onceReporter(ctx);
    for (const policy of ctx.policies) {
      for (const branch of policy.branches) {
        if (!mayFail(policy, branch)) continue;
        for (const e of branch.headers) {
          if (e.scope !== 'success' || !isAccessControlKey(e.key)) continue;
          report({
            messageId: 'successOnly',
            data: { header: e.name },
            span: e.at,
            severity: 'warning',
            related: () => emissionOrigin(policy, e),
            fixes: () => {
              const fix = ctx.fixer(policy).addAlways(e);
              return [fix && { ...fix, safe: true }];
            },
          });
        }
      }
    }
    report.flush();
  },
};
