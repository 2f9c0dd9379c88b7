import type { Finding } from '../core/finding';
import { countBySeverity, plural, type CheckReport } from './check-report';
import { displayPath } from './report-paths';

/**
 * ESLint's stylish layout: a header per file, then
 * `line:col  severity  message  rule-id` rows (position and severity aligned), related places indented below,
 * and a summary line.
 *
 *   conf.d/api.conf
 *     12:5  error  Access-Control-Allow-Origin echoes ...  reflected-origin
 *
 *   ✖ 1 problem (1 error, 0 warnings, 0 infos)
 */
export function formatStylish(report: CheckReport, options: { quiet?: boolean } = {}): string {
  const { root, findings } = report;
  if (findings.length === 0) return options.quiet ? '' : `✔ No CORS problems found (${plural(report.files.length, 'file')} checked)\n`;
  const byFile = new Map<string, Finding[]>();
  for (const f of findings) {
    const list = byFile.get(f.span.file);
    if (list) list.push(f);
    else byFile.set(f.span.file, [f]);
  }
  let out = '';
  for (const [file, list] of byFile) {
    out += `\n${displayPath(root, file)}\n`;
    const rows = list.map((f) => [`${f.span.range.start.line + 1}:${f.span.range.start.character + 1}`, f.severity, oneLine(f.message), f.ruleId]);
    // Messages are sentences of very different lengths: padding them would push every rule id far right.
    const widths = [0, 1].map((c) => Math.max(...rows.map((r) => r[c].length)));
    rows.forEach((row, i) => {
      out += `  ${row[0].padEnd(widths[0])}  ${row[1].padEnd(widths[1])}  ${row[2]}  ${row[3]}\n`;
      for (const rel of list[i].related) {
        const where = `${displayPath(root, rel.span.file)}:${rel.span.range.start.line + 1}:${rel.span.range.start.character + 1}`;
        out += `  ${' '.repeat(widths[0])}  ↳ ${where} ${oneLine(rel.message)}\n`;
      }
    });
  }
  const counts = countBySeverity(findings);
  const fixable = findings.filter((f) => f.fixes.length > 0).length;
  out += `\n✖ ${plural(findings.length, 'problem')} (${plural(counts.error, 'error')}, ${plural(counts.warning, 'warning')}, ${plural(counts.info, 'info')})\n`;
  if (fixable > 0) out += `  ${fixable} of them ${fixable === 1 ? 'has a quick fix' : 'have quick fixes'} in the editor.\n`;
  return out;
}

function oneLine(text: string): string {
  return text.replace(/\s*\n\s*/g, ' ');
}
