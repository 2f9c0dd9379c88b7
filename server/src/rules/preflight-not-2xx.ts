import type { CorsPolicy, HeaderEmission, RequestCondition } from '../model/cors-policy';
import type { OriginMatcher } from '../model/origin-matcher';
import type { Rule } from './rule';
import { ACAH, ACAM, ACAO, ACMA, listTokens, textOf } from './support/headers';
import { outcomesFor, preflightOutcome, readable } from './support/probes';
import { assess, reflectionSites } from './support/reflection';
import { onceReporter } from './support/report';

function mentionsOptions(c: RequestCondition): boolean {
  switch (c.kind) {
    case 'method': return c.methods.includes('OPTIONS');
    case 'not': return mentionsOptions(c.cond);
    case 'and': case 'or': return c.conds.some(mentionsOptions);
    default: return false;
  }
}

const SIMPLE_METHODS = new Set(['GET', 'HEAD', 'POST']);

/** Allow-Methods that names only simple methods asks for no preflight: browsers never send one for those alone. */
function preflightHeader(h: HeaderEmission): boolean {
  if (h.key === ACAH || h.key === ACMA) return true;
  if (h.key !== ACAM) return false;
  return h.value.cases.some((c) => c.parts.some((p) => p.kind !== 'text' || listTokens(p.text).some((m) => !SIMPLE_METHODS.has(m.toUpperCase()))));
}

/** The path answers preflights on purpose: it sends preflight-only headers or singles out OPTIONS. */
function expectsPreflights(policy: CorsPolicy): boolean {
  return policy.branches.some((b) => b.headers.some(preflightHeader) || mentionsOptions(b.when));
}

function exactOrigins(m: OriginMatcher, out: Set<string>): void {
  if (m.kind === 'exact' && /^https?:\/\//.test(m.value)) out.add(m.value);
  else if (m.kind === 'and' || m.kind === 'or') for (const inner of m.matchers) exactOrigins(inner, out);
}

function conditionOrigins(c: RequestCondition, out: Set<string>): void {
  if (c.kind === 'origin') exactOrigins(c.matcher, out);
  else if (c.kind === 'and' || c.kind === 'or') for (const inner of c.conds) conditionOrigins(inner, out);
}

/** Origins this path means to serve: literal ACAO values, exact checks, patterns' intent, then the configured trusted origins. */
function candidateOrigins(policy: CorsPolicy, trusted: readonly string[]): string[] {
  const out = new Set<string>();
  for (const b of policy.branches) {
    conditionOrigins(b.when, out);
    for (const h of b.headers) {
      if (h.key !== ACAO) continue;
      for (const c of h.value.cases) {
        exactOrigins(c.when, out);
        const text = textOf(c);
        if (/^https?:\/\/[^\s,/]+$/.test(text)) out.add(text);
      }
    }
  }
  // Patterns: what their author meant (`~^https://partner\.example\.com$` means https://partner.example.com).
  for (const site of reflectionSites(policy)) for (const o of assess(site.gate).intendedOrigins) out.add(o);
  for (const t of trusted) out.add(t);
  out.add('https://app.example.com');
  return [...out];
}

/**
 * The probe's PUT is not among the methods the answer lists, and a preflight
 * for a listed method succeeds: refusing a method the path never offered is
 * its policy (Starlette and Spring answer such preflights 400/403), not a defect.
 */
function refusesOnlyUnlistedMethod(policy: CorsPolicy, origin: string, allowMethods: string | undefined): boolean {
  if (allowMethods === undefined) return false;
  const listed = listTokens(allowMethods).map((m) => m.toUpperCase());
  if (listed.length === 0 || listed.includes('PUT') || listed.includes('*')) return false;
  const method = listed.find((m) => !SIMPLE_METHODS.has(m)) ?? listed[0];
  const retry = preflightOutcome(policy, origin, { 'access-control-request-method': method });
  const status = retry?.prediction.status;
  return typeof status === 'number' && status >= 200 && status < 300;
}

/** How that is done where the policy comes from: in config syntax, or in words for code. */
const ANSWER_HINT: Partial<Record<CorsPolicy['source'], string>> = {
  nginx: ' (e.g. `if ($request_method = OPTIONS) { return 204; }`)',
  apache: ' (e.g. `RewriteCond %{REQUEST_METHOD} OPTIONS` with `RewriteRule ^ - [R=204,L]`, and `Header always` for its headers)',
};
const CODE_HINT = ': let the CORS middleware answer preflights first, before authentication, routing or method checks';

export const rule: Rule = {
  meta: {
    id: 'preflight-not-2xx',
    description: 'An OPTIONS preflight gets a non-2xx status, so browsers never send the real request.',
    defaultSeverity: 'error',
    messages: {
      status:
        'A preflight from {{origin}} to {{path}} gets status {{status}}: browsers need a 2xx answer to OPTIONS, so the real request is never sent. Answer OPTIONS before anything that rejects it{{hint}}.',
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
      // Spring's 403 lists nothing: the methods it offers are in its answer to a preflight for a simple method.
      const listed = pre.header(ACAM) ?? [...SIMPLE_METHODS].map((m) => preflightOutcome(policy, origin, { 'access-control-request-method': m })?.header(ACAM)).find(Boolean);
      if (refusesOnlyUnlistedMethod(policy, origin, listed)) continue;
      const span = pre.branch.status.at ?? pre.branch.at;
      report({
        messageId: 'status',
        data: { origin, path: policy.label, status: String(status), hint: ANSWER_HINT[policy.source] ?? CODE_HINT },
        span,
        severity: 'error',
        related: span === policy.at ? [] : [{ span: policy.at, message: `The preflight goes to ${policy.label}.` }],
      });
    }
    report.flush();
  },
};
