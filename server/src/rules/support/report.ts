import type { Fix, RelatedInfo, Severity } from '../../core/finding';
import type { Span } from '../../core/range';
import type { CorsPolicy, HeaderEmission } from '../../model/cors-policy';
import type { RuleContext } from '../rule';

export interface Report {
  messageId: string;
  data?: Record<string, string>;
  span: Span;
  severity?: Severity;
  related?: RelatedInfo[];
  fixes?: (Fix | undefined)[];
}

/**
 * Reports each problem once per construct: many paths (every location of a server)
 * share one outer directive, and the user should see it once.
 */
export function onceReporter(ctx: RuleContext): (r: Report) => void {
  const seen = new Set<string>();
  return (r) => {
    const key = [r.span.file, r.span.range.start.offset, r.span.range.end.offset, r.messageId, JSON.stringify(r.data ?? {})].join('|');
    if (seen.has(key)) return;
    seen.add(key);
    ctx.report({
      messageId: r.messageId,
      data: r.data,
      span: r.span,
      severity: r.severity,
      related: r.related,
      fixes: (r.fixes ?? []).filter((f): f is Fix => f !== undefined),
    });
  };
}

function sameSpan(a: Span, b: Span): boolean {
  return a.file === b.file && a.range.start.offset === b.range.start.offset && a.range.end.offset === b.range.end.offset;
}

/** Where a construct reaches the path from, when it is written elsewhere (an outer level, an included file). */
export function originOf(policy: CorsPolicy, span: Span, via?: Span[]): RelatedInfo[] {
  const related: RelatedInfo[] = [];
  for (const v of via ?? []) {
    if (!sameSpan(v, policy.at)) related.push({ span: v, message: `${policy.label} inherits it through here.` });
  }
  if (related.length > 0 || span.file !== policy.at.file) related.push({ span: policy.at, message: `Applies to ${policy.label}.` });
  return related;
}

export function emissionOrigin(policy: CorsPolicy, emission: HeaderEmission, span: Span = emission.at): RelatedInfo[] {
  return originOf(policy, span, emission.via);
}
