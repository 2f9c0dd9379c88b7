import type { Finding, Severity } from '../core/finding';

/**
 * Applies user severities (`off` drops the finding), removes duplicates (two
 * paths through the same directive often produce the same finding) and sorts
 * by file, line, column, rule id and message, so output never depends on the
 * order files were found or rules ran.
 */
export function finalizeFindings(findings: readonly Finding[], severities: Readonly<Record<string, Severity | 'off'>> = {}): Finding[] {
  const out: Finding[] = [];
  // By rule and place; the messages of one place are compared only when it has several findings.
  const seen = new Map<string, string[]>();
  for (const f of findings) {
    const override = Object.prototype.hasOwnProperty.call(severities, f.ruleId) ? severities[f.ruleId] : undefined;
    if (override === 'off') continue;
    const finding = override && override !== f.severity ? { ...f, severity: override } : f;
    const key = `${finding.ruleId}\u0000${finding.span.file}\u0000${finding.span.range.start.offset}\u0000${finding.span.range.end.offset}`;
    const messages = seen.get(key);
    if (messages?.includes(finding.message)) continue;
    if (messages) messages.push(finding.message);
    else seen.set(key, [finding.message]);
    out.push(finding);
  }
  return out.sort(compareFindings);
}

export function compareFindings(a: Finding, b: Finding): number {
  return (
    cmp(a.span.file, b.span.file) ||
    a.span.range.start.line - b.span.range.start.line ||
    a.span.range.start.character - b.span.range.start.character ||
    cmp(a.ruleId, b.ruleId) ||
    cmp(a.message, b.message) ||
    a.span.range.end.offset - b.span.range.end.offset
  );
}

function cmp(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
