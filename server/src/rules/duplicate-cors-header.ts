import type { Span } from '../core/range';
import type { CorsPolicy, HeaderEmission, ResponseBranch } from '../model/cors-policy';
import type { Rule } from './rule';
import { literalText } from './support/headers';
import { emissionOrigin, onceReporter } from './support/report';

function isAllowKey(key: string): boolean {
  return key.startsWith('access-control-allow-');
}

function sendsSomething(e: HeaderEmission): boolean {
  return e.value.cases.some((c) => c.parts.some((p) => p.kind !== 'text' || p.text !== ''));
}

/** Whether both emissions go out together on some status this branch can answer with. */
function together(policy: CorsPolicy, branch: ResponseBranch, a: HeaderEmission, b: HeaderEmission): boolean {
  const statuses = branch.status.kind === 'fixed' ? [branch.status.code] : [200, 500];
  const sent = (e: HeaderEmission, s: number): boolean => e.scope === 'always' || policy.successStatuses.includes(s);
  return statuses.some((s) => sent(a, s) && sent(b, s));
}

export const rule: Rule = {
  meta: {
    id: 'duplicate-cors-header',
    description: 'A response can carry the same Access-Control-Allow-* header twice; browsers reject duplicates.',
    defaultSeverity: 'error',
    messages: {
      twice: '{{header}} can be sent twice on one response (set here and at line {{otherLine}}): browsers reject the response, e.g. a fetch from {{origin}} fails with a network error.',
      upstreamCopy:
        "The upstream's headers pass through here while this path adds {{headers}}: if the upstream also sends one of them, the response carries it twice and browsers reject it. Hide the upstream's copies (`proxy_hide_header {{first}};` and so on).",
    },
    fixable: true,
  },
  check(ctx) {
    const report = onceReporter(ctx);
    // proxy_pass → every header some path through it adds: one finding per proxy_pass, whatever the branches.
    const proxied = new Map<string, { policy: CorsPolicy; branch: ResponseBranch; at: Span; headers: Map<string, HeaderEmission> }>();
    for (const policy of ctx.policies) {
      const fixer = ctx.fixer(policy);
      for (const branch of policy.branches) {
        const allow = branch.headers.filter((h) => isAllowKey(h.key) && sendsSomething(h));
        for (let i = 0; i < allow.length; i++) {
          const second = allow[i];
          let first: HeaderEmission | undefined;
          for (let j = 0; j < i && !first; j++) if (allow[j].key === second.key && together(policy, branch, allow[j], second)) first = allow[j];
          if (!first) continue;
          report({
            messageId: 'twice',
            data: { header: second.name, otherLine: String(first.at.range.start.line + 1), origin: 'https://app.example.com' },
            span: second.at,
            severity: 'error',
            related: () => [{ span: first.at, message: `${first.name} is also set here.` }, ...emissionOrigin(policy, second)],
            fixes: () => {
              const same = literalText(first) !== undefined && literalText(first) === literalText(second);
              const remove = fixer.removeEmission(second, `Remove this second ${second.name}`);
              // Removing one of two different values picks a winner: only identical copies go without asking.
              return [remove && { ...remove, safe: same }];
            },
          });
        }
        const upstream = branch.passesUpstreamHeaders;
        if (!upstream) continue;
        const hidden = new Set(upstream.hidden.map((h) => h.toLowerCase()));
        const open = allow.filter((e) => !hidden.has(e.key));
        if (open.length === 0) continue;
        const key = `${upstream.at.file}:${upstream.at.range.start.offset}:${upstream.at.range.end.offset}`;
        const entry = proxied.get(key) ?? { policy, branch, at: upstream.at, headers: new Map<string, HeaderEmission>() };
        for (const e of open) if (!entry.headers.has(e.key)) entry.headers.set(e.key, e);
        proxied.set(key, entry);
      }
    }
    for (const { policy, branch, at, headers } of proxied.values()) {
      const open = [...headers.values()];
      const hide = ctx.fixer(policy).hideUpstreamHeader(policy, branch, open.map((e) => e.name));
      report({
        messageId: 'upstreamCopy',
        data: { headers: open.map((e) => e.name).join(', '), first: open[0].name },
        span: at,
        // Whether the upstream sends them is unknown here: likely wrong, not proven broken.
        severity: 'warning',
        related: open.map((e) => ({ span: e.at, message: `${e.name} is added here.` })),
        // Hiding a header the upstream does not send changes nothing, so this is always safe.
        fixes: [hide && { ...hide, safe: true }],
      });
    }
    report.flush();
  },
};
