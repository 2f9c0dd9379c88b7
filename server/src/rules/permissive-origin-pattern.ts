import type { PermissiveFinding } from '../origin/assess';
import type { Rule } from './rule';
import { outcomesFor, readable } from './support/probes';
import { matcherAt } from './support/matchers';
import { assess, reflectionSites } from './support/reflection';
import { emissionOrigin, onceReporter } from './support/report';

const REASONS: Record<PermissiveFinding['reason'], string> = {
  'unescaped-dot': 'an unescaped `.` matches any character',
  'missing-start-anchor': 'the pattern has no `^` anchor',
  'missing-end-anchor': 'the pattern has no `$` anchor',
  'suffix-without-boundary': 'a suffix match without a `.` or `//` boundary',
  'prefix-match': 'a prefix match admits longer hosts',
  'substring-match': 'a substring match admits any host containing it',
  'wildcard-in-host': '`.*` inside the host admits any characters',
};
/** A substring test the other way round (`'https://a.com,https://b.com'.includes(origin)`): shorter origins pass. */
const PIECE_OF_STRING = 'any piece of the listed string passes, not only whole origins';

export const rule: Rule = {
  meta: {
    id: 'permissive-origin-pattern',
    description: 'An origin check admits origins its author did not mean (unescaped dots, missing anchors, suffix/prefix/substring matches).',
    defaultSeverity: 'warning',
    credentialedSeverity: 'error',
    messages: {
      withCredentials:
        "{{attackOrigin}} passes this origin check ({{reason}}) and can read responses with the user's cookies; it was meant for {{intended}}.",
      withoutCredentials: '{{attackOrigin}} passes this origin check ({{reason}}) and can read the responses; it was meant for {{intended}}.',
    },
    fixable: true,
  },
  check(ctx) {
    const report = onceReporter(ctx);
    for (const policy of ctx.policies) {
      for (const site of reflectionSites(policy)) {
        const assessment = assess(site.gate);
        // Letting everyone through is `reflected-origin`'s finding, not a pattern mistake.
        if (assessment.allowsAll) continue;
        // One finding per check: its first confirmed hole names the attacker; the safe pattern closes them all.
        const reported = new Set<string>();
        for (const p of assessment.permissive) {
          // The assessment names a suspect; the prediction confirms it really reads the answer on this path.
          const hits = outcomesFor(policy, p.attackOrigin).filter((o) => o.branch === site.branch && readable(o, false));
          if (hits.length === 0) continue;
          const credentials = hits.some((o) => o.credentials);
          const span = p.at ?? site.gate.at ?? site.valueCase.at;
          const spanKey = `${span.file}:${span.range.start.offset}:${span.range.end.offset}`;
          if (reported.has(spanKey)) continue;
          reported.add(spanKey);
          const matcher = matcherAt(site.gate, span);
          report({
            messageId: credentials ? 'withCredentials' : 'withoutCredentials',
            data: { attackOrigin: p.attackOrigin, reason: matcher?.kind === 'within' ? PIECE_OF_STRING : REASONS[p.reason] ?? p.reason, fault: p.reason, intended: p.intended },
            span,
            severity: credentials ? 'error' : 'warning',
            related: () => emissionOrigin(policy, site.emission, span),
            fixes: () => [matcher && p.safePattern !== undefined ? ctx.fixer(policy).replacePattern(matcher, p.safePattern) : undefined],
          });
        }
      }
    }
    report.flush();
  },
};
