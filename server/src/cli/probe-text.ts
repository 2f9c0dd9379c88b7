import type { ProbeReport, ProbeResult } from '../tester/origin-probes';

const ACCESS_TEXT = { credentialed: 'reads with cookies', read: 'reads (no cookies)', none: 'refused' } as const;

function row(r: ProbeResult, width: number): string {
  const mark = r.finding ? (r.finding.severity === 'error' ? '✗' : '!') : r.error ? '?' : '✓';
  const note = r.impliedByReflection ? ' (as any origin does)' : r.refusedBecause ? ` (${r.refusedBecause})` : '';
  const what = r.error ? `error: ${r.error}` : `${ACCESS_TEXT[r.access]}${note}`;
  return `  ${mark} ${r.origin.padEnd(width)}  ${r.kind.padEnd(17)} ${what}`;
}

/** The `probe` report for a terminal: one row per crafted origin, then the findings with their rule ids. */
export function formatProbeText(report: ProbeReport): string {
  const width = Math.min(60, Math.max(...report.results.map((r) => r.origin.length), 6));
  const out = [`Origin probes against ${report.url}`, ''];
  for (const r of report.results) out.push(row(r, width));
  out.push('');
  if (report.cancelled) out.push(`Cancelled after ${report.results.length} probes.`, '');
  if (report.findings.length === 0) {
    out.push('No crafted origin is trusted.');
  } else {
    out.push(`${report.findings.length} finding${report.findings.length > 1 ? 's' : ''}:`);
    for (const r of report.findings) out.push(`  ${r.finding!.severity.padEnd(7)} ${r.finding!.ruleId.padEnd(26)} ${r.finding!.message}`);
  }
  return out.join('\n') + '\n';
}
