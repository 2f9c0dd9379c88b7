import type { Finding } from '../core/finding';
import type { Span } from '../core/range';
import { countBySeverity, type CheckReport } from './check-report';
import { displayPaths } from './report-paths';

/** Bumped when a field changes meaning or disappears; new fields do not bump it. */
export const JSON_REPORT_VERSION = 1;

/**
 * A stable machine-readable report: positions are 1-based, end columns are
 * exclusive, files are relative to the scan root (absolute when outside it).
 */
export function formatJson(report: CheckReport): string {
  const counts = countBySeverity(report.findings);
  const shown = displayPaths(report.root);
  const json = {
    version: JSON_REPORT_VERSION,
    tool: { name: 'cors-preflight', version: report.version },
    summary: { files: report.files.length, findings: report.findings.length, errors: counts.error, warnings: counts.warning, infos: counts.info },
    files: report.files.map(shown),
    findings: report.findings.map((f) => findingJson(shown, f)),
  };
  return JSON.stringify(json, null, 2) + '\n';
}

function findingJson(shown: (file: string) => string, f: Finding) {
  const { start, end } = f.span.range;
  // Written out key by key (no spreads): a report can hold tens of thousands of findings.
  return {
    file: shown(f.span.file),
    line: start.line + 1,
    column: start.character + 1,
    endLine: end.line + 1,
    endColumn: end.character + 1,
    rule: f.ruleId,
    severity: f.severity,
    message: f.message,
    messageId: f.messageId,
    data: f.data,
    related: f.related.map((r) => relatedJson(shown, r.span, r.message)),
    fixes: f.fixes.map((x) => ({ title: x.title, safe: x.safe })),
  };
}

function relatedJson(shown: (file: string) => string, span: Span, message: string) {
  const { start, end } = span.range;
  return { file: shown(span.file), line: start.line + 1, column: start.character + 1, endLine: end.line + 1, endColumn: end.character + 1, message };
}
