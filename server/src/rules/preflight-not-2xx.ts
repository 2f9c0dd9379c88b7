import type { CorsPolicy } from '../model/cors-policy';
import type { Rule } from './rule';
import { ACAH, ACAM, ACAO, ACMA } from './support/headers';
import { outcomesFor, preflightOutcome, readable } from './support/probes';
import { onceReporter } from './support/report';

/** The path answers preflights on purpose: it sends preflight-only headers or singles out OPTIONS. */
function expectsPreflights(policy: CorsPolicy): boolean {
  const mentionsOptions = (c: unknown): boolean => JSON.stringify(c).includes('"OPTIONS"');
  return policy.branches.some((b) => b.headers.some((h) => h.key === ACAM || h.key === ACAH || h.key === ACMA) || mentionsOptions(b.when));
}

/** Origins this path means to serve: literal ACAO values, exact checks, then the configured trusted origins. */
function candidateOrigins(policy: CorsPolicy, trusted: readonly string[]): string[] {
  const out = new Set<string>();
  const collect = (m: unknown): void => {
    const text = JSON.stringify(m);
    for (const hit of text.matchAll(/"kind":"exact","value":"(https?:\/\/[^"\\]+)"/g)) out.add(hit[1]);
  };
  for (const b of policy.branches) {
    collect(b.when);
    for (const h of b.headers) {
      if (h.key !== ACAO) continue;
      for (const c of h.value.cases) {
        collect(c.when);
        const text = c.parts.map((p) => (p.kind === 'text' ? p.text : '')).join('');
        if (/^https?:\/\/[^\s,/]+$/.test(text)) out.add(text);
      }
    }
  }
  for (const t of trusted) out.add(t);
  out.add('https://app.example.com');
  return [...out];
}

export const rule: Rule = {
  meta: {
    id: 'preflight-not-2xx',
    description: 'An OPTIONS preflight gets a non-2xx status, so browsers never send the real request.',
    defaultSeverity: 'error',
    messages: {
      status:
        'A preflight from {{origin}} to {{path}} gets status {{status}}: browsers need a 2xx answer to OPTIONS, so the real request is never sent. Answer OPTIONS before anything that rejects it (e.g. `if ($request_method = OPTIONS) { return 204; }`).',
    },
    fixable: false,
  },
  check(ctx) {
    const report = onceReporter(ctx);
    for (const policy of ctx.policies) {
      if (!expectsPreflights(policy)) continue;
      // An origin the path serves: a preflight from an origin it refuses may fail for good reasons.
      const origin = candidateOrigins(policy, ctx.trustedOrigins).find((o) => outcomesFor(policy, o).some((x) => readable(x, true)));
      if (!origin) continue;
      const pre = preflightOutcome(policy, origin);
      if (!pre) continue;
      const status = pre.prediction.status;
      if (typeof status !== 'number' || (status >= 200 && status < 300)) continue;
      const span = pre.branch.status.at ?? pre.branch.at;
      report({
        messageId: 'status',
        data: { origin, path: policy.label, status: String(status) },
        span,
        severity: 'error',
        related: span === policy.at ? [] : [{ span: policy.at, message: `The preflight goes to ${policy.label}.` }],
      });
    }
  },
};
