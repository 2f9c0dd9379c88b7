import { severityRank, type Fix, type RelatedInfo, type Severity } from '../../core/finding';
import type { Span } from '../../core/range';
import type { CorsPolicy, HeaderEmission } from '../../model/cors-policy';
import type { RuleContext } from '../rule';

export interface Report {
  messageId: string;
  data?: Record<string, string>;
  span: Span;
  severity?: Severity;
  /** A function is called only for the report that is kept: most repeats of a construct are dropped. */
  related?: RelatedInfo[] | (() => RelatedInfo[]);
  /** As with `related`: fixes read and parse file text, work wasted on a dropped repeat. */
  fixes?: (Fix | undefined)[] | (() => (Fix | undefined)[]);
}

export interface OnceReporter {
  (r: Report): void;
  /** Hands the collected findings to the engine; call once at the end of `check`. */
  flush(): void;
}

/**
 * Reports each problem once per construct: many paths (every location of a server)
 * share one outer directive, and the user should see it once. When paths disagree
 * (one allows credentials, another does not), the most severe reading wins.
 */
export function onceReporter(ctx: RuleContext): OnceReporter {
  const kept = new Map<string, Report>();
  const report = ((input: Report) => {
    const r = { ...input, span: firstLine(input.span, ctx.readText) };
    const key = [r.span.file, r.span.range.start.offset, r.span.range.end.offset, JSON.stringify(r.data ?? {})].join('|');
    const before = kept.get(key);
    if (before && severityRank[before.severity ?? 'info'] >= severityRank[r.severity ?? 'info']) return;
    kept.set(key, r);
  }) as OnceReporter;
  report.flush = () => {
    for (const r of kept.values()) {
      const related = typeof r.related === 'function' ? r.related() : r.related;
      const fixes = typeof r.fixes === 'function' ? r.fixes() : r.fixes;
      ctx.report({
        messageId: r.messageId,
        data: r.data,
        span: r.span,
        severity: r.severity,
        related,
        fixes: (fixes ?? []).filter((f): f is Fix => f !== undefined),
      });
    }
    kept.clear();
  };
  return report;
}

function sameSpan(a: Span, b: Span): boolean {
  return a.file === b.file && a.range.start.offset === b.range.start.offset && a.range.end.offset === b.range.end.offset;
}

/**
 * A block (`location /api/ { ... }`, `if (...) { ... }`) is shown by its head:
 * a squiggle over twenty lines says less than one over the line that opens them.
 */
export function firstLine(span: Span, readText: (file: string) => string | undefined): Span {
  if (span.range.start.line === span.range.end.line) return span;
  const text = readText(span.file);
  if (text === undefined) return span;
  const start = span.range.start;
  const nl = text.indexOf('\n', start.offset);
  const lineEnd = nl < 0 || nl > span.range.end.offset ? span.range.end.offset : nl;
  const head = text.slice(start.offset, lineEnd).replace(/\s*\{?\s*$/, '');
  if (head === '') return span;
  const end = start.offset + head.length;
  return { file: span.file, range: { start, end: { line: start.line, character: start.character + head.length, offset: end } } };
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
