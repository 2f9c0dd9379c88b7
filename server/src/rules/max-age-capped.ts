import type { Rule } from './rule';
import { ACMA, literalText, textOf } from './support/headers';
import { emissionOrigin, onceReporter } from './support/report';

/** The largest Access-Control-Max-Age every engine honours (WebKit's cap). */
const PORTABLE_MAX_AGE = 600;

function problemOf(value: string): { messageId: string; data: Record<string, string> } | undefined {
  if (!/^-?\d+$/.test(value)) return { messageId: 'notANumber', data: { value } };
  const n = Number(value);
  if (n < 0) return { messageId: 'negative', data: { value } };
  if (n > 86400) return { messageId: 'capped', data: { value, browsers: 'every browser (Firefox caps at 86400 s, Chromium at 7200 s, WebKit at 600 s)' } };
  if (n > 7200) return { messageId: 'capped', data: { value, browsers: 'Chromium (7200 s) and WebKit (600 s)' } };
  if (n > PORTABLE_MAX_AGE) return { messageId: 'capped', data: { value, browsers: 'WebKit (600 s)' } };
  return undefined;
}

export const rule: Rule = {
  meta: {
    id: 'max-age-capped',
    description: 'Access-Control-Max-Age above what browsers honour, negative, or not a number.',
    defaultSeverity: 'info',
    messages: {
      capped: 'Access-Control-Max-Age {{value}} is more than {{browsers}} will cache a preflight: they silently use their own cap.',
      negative: 'Access-Control-Max-Age {{value}} is negative: browsers ignore it and use their default of 5 seconds.',
      notANumber: 'Access-Control-Max-Age `{{value}}` is not a number of seconds: browsers ignore it and use their default of 5 seconds.',
    },
    fixable: true,
  },
  check(ctx) {
    const report = onceReporter(ctx);
    for (const policy of ctx.policies) {
      for (const branch of policy.branches) {
        for (const e of branch.headers) {
          if (e.key !== ACMA) continue;
          for (const c of e.value.cases) {
            if (!c.parts.every((p) => p.kind === 'text')) continue;
            const value = textOf(c).trim();
            if (value === '') continue;
            const problem = problemOf(value);
            if (!problem) continue;
            report({
              ...problem,
              span: c.at,
              severity: 'info',
              related: () => emissionOrigin(policy, e, c.at),
              fixes: () => {
                const fix = literalText(e) === undefined ? undefined : ctx.fixer(policy).replaceValue(e, String(PORTABLE_MAX_AGE), `Set it to ${PORTABLE_MAX_AGE} (honoured by every browser)`);
                // Shorter caching in Chromium and Firefox is a trade-off the author makes.
                return [fix && { ...fix, safe: false }];
              },
            });
          }
        }
      }
    }
    report.flush();
  },
};
