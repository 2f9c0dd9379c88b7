import type { Rule } from './rule';
import { ACAC, literalText, textOf } from './support/headers';
import { emissionOrigin, onceReporter } from './support/report';

const MEANT_TRUE = new Set(['true', '1', 'yes', 'on']);

export const rule: Rule = {
  meta: {
    id: 'invalid-allow-credentials',
    description: 'Access-Control-Allow-Credentials set to anything but the exact lowercase `true`.',
    defaultSeverity: 'warning',
    messages: {
      notTrue:
        'Access-Control-Allow-Credentials is `{{value}}`: only the exact lowercase `true` means anything, so browsers treat this as "no credentials" and refuse credentialed requests.',
    },
    fixable: true,
  },
  check(ctx) {
    const report = onceReporter(ctx);
    for (const policy of ctx.policies) {
      const fixer = ctx.fixer(policy);
      for (const branch of policy.branches) {
        for (const e of branch.headers) {
          if (e.key !== ACAC) continue;
          for (const c of e.value.cases) {
            if (!c.parts.every((p) => p.kind === 'text')) continue;
            const value = textOf(c);
            if (value === '' || value === 'true') continue;
            report({
              messageId: 'notTrue',
              data: { value },
              span: c.at,
              severity: 'warning',
              related: () => emissionOrigin(policy, e, c.at),
              fixes: () => {
                const literal = literalText(e) !== undefined;
                const remove = literal ? fixer.removeEmission(e, 'Remove the header (it allows nothing)') : undefined;
                const toTrue = literal ? fixer.replaceValue(e, 'true', 'Set it to true') : undefined;
                // Removing a value browsers ignore changes nothing; turning credentials on is the author's call.
                return MEANT_TRUE.has(value.toLowerCase())
                  ? [toTrue && { ...toTrue, safe: false }, remove && { ...remove, safe: true }]
                  : [remove && { ...remove, safe: true }, toTrue && { ...toTrue, safe: false }];
              },
            });
          }
        }
      }
    }
    report.flush();
  },
};
