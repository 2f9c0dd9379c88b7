import type { Rule } from './rule';
import { ACAC, ACAO } from './support/headers';
import { ATTACKER_ORIGIN, caseFor, emissionFor, maySend, outcomesFor } from './support/probes';
import { emissionOrigin, onceReporter } from './support/report';

export const rule: Rule = {
  meta: {
    id: 'credentials-with-wildcard-origin',
    description: 'Access-Control-Allow-Origin `*` together with Access-Control-Allow-Credentials `true`: browsers refuse it.',
    defaultSeverity: 'error',
    messages: {
      wildcardWithCredentials:
        'Access-Control-Allow-Origin is `*` while Access-Control-Allow-Credentials is true: browsers refuse every credentialed request (a page on {{origin}} or anywhere else gets a network error), so the credentials setting does nothing but break them.',
      throwsAtStartup: '{{message}}',
    },
    fixable: true,
  },
  check(ctx) {
    const report = onceReporter(ctx);
    for (const policy of ctx.policies) {
      for (const note of policy.notes ?? []) {
        if (note.kind !== 'throws-at-startup') continue;
        const clash = note.clash;
        const fixes = () => {
          if (!clash) return [];
          const fixer = ctx.fixer(policy);
          const drop = fixer.removeEmission(clash.acac, 'Drop the credentials setting');
          // The app does not work as written, so either change is safe to apply; dropping credentials keeps its origins.
          return [drop && { ...drop, safe: true }, fixer.allowlistOrigin(policy, clash.acao, ctx.trustedOrigins)];
        };
        report({ messageId: 'throwsAtStartup', data: { message: note.message }, span: note.at, severity: 'error', fixes });
      }
      // The clash needs both lines as literals: a path that cannot send them is not asked.
      if (!maySend(policy, ACAO, '*') || !maySend(policy, ACAC, 'true')) continue;
      for (const o of outcomesFor(policy, ATTACKER_ORIGIN)) {
        if (o.header(ACAO) !== '*' || !o.credentials) continue;
        const acao = emissionFor(o.branch, ACAO, ATTACKER_ORIGIN);
        const acac = emissionFor(o.branch, ACAC, ATTACKER_ORIGIN);
        if (!acao || !acac) continue;
        const span = caseFor(acao.value, ATTACKER_ORIGIN)?.at ?? acao.at;
        report({
          messageId: 'wildcardWithCredentials',
          data: { origin: ATTACKER_ORIGIN },
          span,
          severity: 'error',
          related: () => [{ span: acac.at, message: 'Access-Control-Allow-Credentials: true is set here.' }, ...emissionOrigin(policy, acao, span)],
          fixes: () => {
            const fixer = ctx.fixer(policy);
            const drop = fixer.removeEmission(acac, 'Drop Access-Control-Allow-Credentials');
            // Browsers already refuse credentialed requests here, so dropping the header changes nothing that works today.
            return [drop && { ...drop, safe: true }, fixer.allowlistOrigin(policy, acao, ctx.trustedOrigins)];
          },
        });
      }
    }
    report.flush();
  },
};
