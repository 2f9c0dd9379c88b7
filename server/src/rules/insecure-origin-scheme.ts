import type { Span } from '../core/range';
import type { CorsPolicy } from '../model/cors-policy';
import type { Rule } from './rule';
import { ACAO, textOf } from './support/headers';
import { isLoopback } from './support/matchers';
import { outcomesFor, readable } from './support/probes';
import { assess, reflectionSites } from './support/reflection';
import { onceReporter, originOf } from './support/report';

interface Suspect {
  example: string;
  span: Span;
  via?: Span[];
}

/** Plain-http origins a path trusts: admitted by a reflecting check, or written as a literal ACAO. */
function suspects(policy: CorsPolicy): Suspect[] {
  const out: Suspect[] = [];
  for (const site of reflectionSites(policy)) {
    const assessment = assess(site.gate);
    if (assessment.allowsAll) continue;
    for (const s of assessment.insecureScheme) out.push({ example: s.example, span: s.at ?? site.gate.at ?? site.valueCase.at, via: site.emission.via });
  }
  for (const branch of policy.branches) {
    for (const e of branch.headers) {
      if (e.key !== ACAO) continue;
      for (const c of e.value.cases) {
        const text = c.parts.every((p) => p.kind === 'text') ? textOf(c).trim() : '';
        if (/^http:\/\/[^\s,/]+$/i.test(text)) out.push({ example: text, span: c.at, via: e.via });
      }
    }
  }
  return out;
}

export const rule: Rule = {
  meta: {
    id: 'insecure-origin-scheme',
    description: 'A plain-http origin is trusted, so a network attacker can act as that origin.',
    defaultSeverity: 'warning',
    credentialedSeverity: 'error',
    messages: {
      withCredentials:
        "{{origin}} is trusted over plain http: anyone on the network path (public Wi-Fi, a hostile proxy) can inject a page at that origin and read these responses with the user's cookies.",
      withoutCredentials:
        '{{origin}} is trusted over plain http: anyone on the network path (public Wi-Fi, a hostile proxy) can inject a page at that origin and read these responses.',
    },
    fixable: false,
  },
  check(ctx) {
    const report = onceReporter(ctx);
    for (const policy of ctx.policies) {
      // One finding per check, naming its plainest http origin.
      const seen = new Set<string>();
      const ordered = suspects(policy).sort((a, b) => a.example.length - b.example.length);
      for (const s of ordered) {
        const key = `${s.span.file}:${s.span.range.start.offset}:${s.span.range.end.offset}`;
        if (seen.has(key)) continue;
        // Loopback cannot be reached by a network attacker: development origins stay quiet.
        if (isLoopback(s.example)) continue;
        const hits = outcomesFor(policy, s.example).filter((o) => readable(o, false));
        if (hits.length === 0) continue;
        seen.add(key);
        const credentials = hits.some((o) => o.credentials);
        report({
          messageId: credentials ? 'withCredentials' : 'withoutCredentials',
          data: { origin: s.example },
          span: s.span,
          severity: credentials ? 'error' : 'warning',
          related: () => originOf(policy, s.span, s.via),
        });
      }
    }
    report.flush();
  },
};
