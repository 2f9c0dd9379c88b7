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
  // In the order each construct was first reported, which is the order the engine gets them in.
  const kept: Report[] = [];
  // Where a span's reports sit in `kept`: a repeat is found by its span, then told apart by its data.
  const bySpan = new Map<string, number[]>();
  const report = ((input: Report) => {
    const span = firstLine(input.span, ctx.readText);
    const r = span === input.span ? input : { ...input, span };
    const key = `${span.file}|${span.range.start.offset}|${span.range.end.offset}`;
    let slots = bySpan.get(key);
    if (!slots) bySpan.set(key, (slots = []));
    for (const i of slots) {
      const before = kept[i];
      if (!sameData(before.data, r.data)) continue;
      if (severityRank[before.severity ?? 'info'] < severityRank[r.severity ?? 'info']) kept[i] = r;
      return;
    }
    slots.push(kept.length);
    kept.push(r);
  }) as OnceReporter;
  report.flush = () => {
    for (const r of kept) {
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
    kept.length = 0;
    bySpan.clear();
  };
  return report;
}

const NO_DATA: Record<string, string> = {};

/** The same names with the same values in the same order: what equal JSON texts of two data records mean. */
function sameData(a: Record<string, string> = NO_DATA, b: Record<string, string> = NO_DATA): boolean {
  if (a === b) return true;
  const ka = Object.keys(a);
  const kb = Object.keys(b);
  if (ka.length !== kb.length) return false;
  for (let i = 0; i < ka.length; i++) if (ka[i] !== kb[i] || a[ka[i]] !== b[kb[i]]) return false;
  return true;
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
