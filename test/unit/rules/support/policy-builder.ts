import type { Finding, Fix } from '../../../../server/src/core/finding';
import type { Span } from '../../../../server/src/core/range';
import type {
  CorsPolicy,
  HeaderEmission,
  HeaderScope,
  RequestCondition,
  ResponseBranch,
  StatusModel,
  ValueCase,
  ValuePart,
} from '../../../../server/src/model/cors-policy';
import { NGINX_SUCCESS_STATUSES } from '../../../../server/src/model/cors-policy';
import type { OriginMatcher } from '../../../../server/src/model/origin-matcher';
import type { FixProvider, ReportInput, Rule } from '../../../../server/src/rules/rule';

let counter = 0;

/** A distinct one-line span per call, so findings can be told apart by line. */
export function at(line?: number, file = '/virtual/nginx.conf'): Span {
  const l = line ?? ++counter;
  return { file, range: { start: { line: l, character: 4, offset: l * 100 + 4 }, end: { line: l, character: 40, offset: l * 100 + 40 } } };
}

export const text = (t: string): ValuePart => ({ kind: 'text', text: t });
export const echo: ValuePart = { kind: 'origin' };

export function valueCase(parts: ValuePart[], when: OriginMatcher = { kind: 'any' }, span: Span = at()): ValueCase {
  return { when, parts, at: span };
}

export function header(name: string, cases: ValueCase[] | string, scope: HeaderScope = 'always', span: Span = at()): HeaderEmission {
  const list = typeof cases === 'string' ? [valueCase([text(cases)], { kind: 'any' }, span)] : cases;
  return { name, key: name.toLowerCase(), value: { cases: list }, scope, mode: 'add', at: span };
}

export function branch(headers: HeaderEmission[], extra: Partial<ResponseBranch> = {}): ResponseBranch {
  const status: StatusModel = extra.status ?? { kind: 'static' };
  const when: RequestCondition = extra.when ?? { kind: 'true' };
  return { at: at(), ...extra, when, status, headers };
}

export function policy(branches: ResponseBranch[], label = 'server api.example.com › location /api/'): CorsPolicy {
  return { id: `p${++counter}`, source: 'nginx', label, at: at(), branches, successStatuses: NGINX_SUCCESS_STATUSES };
}

export const regex = (pattern: string, span?: Span): OriginMatcher => ({ kind: 'regex', pattern, flavor: 'pcre', mode: 'search', caseInsensitive: false, at: span });
export const exact = (value: string, span?: Span): OriginMatcher => ({ kind: 'exact', value, caseInsensitive: false, at: span });

/** A fix provider that records which method a rule asked for, without any syntax. */
export function recordingFixer(): FixProvider {
  const f = (title: string): Fix => ({ title, edits: [], safe: false });
  return {
    addAlways: () => f('addAlways'),
    addVaryOrigin: () => f('addVaryOrigin'),
    replaceValue: (_e, v) => f(`replaceValue:${v}`),
    allowlistOrigin: (_p, _e, origins) => f(`allowlistOrigin:${origins.join(',')}`),
    replacePattern: (_m, p) => f(`replacePattern:${p}`),
    removeEmission: () => f('removeEmission'),
    hideUpstreamHeader: (_p, _b, h) => f(`hideUpstreamHeader:${typeof h === 'string' ? h : h.join(',')}`),
    repeatInherited: (_p, _b, d) => f(`repeatInherited:${d.map((e) => e.name).join(',')}`),
  };
}

export type Reported = Pick<Finding, 'messageId' | 'severity'> & { line: number; data: Record<string, string>; fixes: string[]; safe: boolean[] };

/** Runs one rule on hand-built policies, the way the engine does, and returns what it reported. */
export function runRule(rule: Rule, policies: CorsPolicy[], trustedOrigins: string[] = []): Reported[] {
  const out: Reported[] = [];
  const fixer = recordingFixer();
  rule.check({
    fixer: () => fixer,
    policies,
    trustedOrigins,
    readText: () => undefined,
    report(r: ReportInput) {
      out.push({
        messageId: r.messageId,
        severity: r.severity ?? rule.meta.defaultSeverity,
        line: r.span.range.start.line,
        data: r.data ?? {},
        fixes: (r.fixes ?? []).map((x) => x.title),
        safe: (r.fixes ?? []).map((x) => x.safe),
      });
    },
  });
  return out;
}
