import type { Finding } from '../core/finding';
import { countBySeverity, plural, type CheckReport } from './check-report';
import { displayPaths } from './report-paths';

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
export function formatStylish(report: CheckReport, options: { quiet?: boolean; color?: boolean } = {}): string {
  const { root, findings } = report;
  const c = options.color ? ANSI : PLAIN;
  if (findings.length === 0) return options.quiet ? '' : `${c.green('✔')} No CORS problems found (${plural(report.files.length, 'file')} checked)\n`;
  const shown = displayPaths(root);
  const byFile = new Map<string, Finding[]>();
  for (const f of findings) {
    const list = byFile.get(f.span.file);
    if (list) list.push(f);
    else byFile.set(f.span.file, [f]);
  }
  let out = '';
  for (const [file, list] of byFile) {
    out += `\n${c.underline(shown(file))}\n`;
    const rows = list.map((f) => [`${f.span.range.start.line + 1}:${f.span.range.start.character + 1}`, f.severity, oneLine(f.message), f.ruleId]);
    // Messages are sentences of very different lengths: padding them would push every rule id far right.
    const widths = [0, 1].map((c) => Math.max(...rows.map((r) => r[c].length)));
    rows.forEach((row, i) => {
      out += `  ${c.dim(row[0].padEnd(widths[0]))}  ${c[list[i].severity](row[1].padEnd(widths[1]))}  ${row[2]}  ${c.dim(row[3])}\n`;
      for (const rel of list[i].related) {
        const where = `${shown(rel.span.file)}:${rel.span.range.start.line + 1}:${rel.span.range.start.character + 1}`;
        out += `  ${' '.repeat(widths[0])}  ${c.dim(`↳ ${where} ${oneLine(rel.message)}`)}\n`;
      }
    });
  }
  const counts = countBySeverity(findings);
  const fixable = findings.filter((f) => f.fixes.some((x) => x.safe)).length;
  const suggested = findings.filter((f) => f.fixes.length > 0 && !f.fixes.some((x) => x.safe)).length;
  const mark = counts.error > 0 ? c.error : counts.warning > 0 ? c.warning : c.info;
  out += `\n${mark(`✖ ${plural(findings.length, 'problem')} (${plural(counts.error, 'error')}, ${plural(counts.warning, 'warning')}, ${plural(counts.info, 'info')})`)}\n`;
  if (fixable > 0) out += `  ${plural(fixable, 'problem')} fixable with the \`--fix\` option.\n`;
  if (suggested > 0) out += `  ${plural(suggested, 'problem')} with suggested fixes in the editor.\n`;
  return out;
}

type Paint = (text: string) => string;
const paint = (open: number, close: number): Paint => (text) => `\u001b[${open}m${text}\u001b[${close}m`;
const ANSI: Record<'error' | 'warning' | 'info' | 'green' | 'dim' | 'underline', Paint> = {
  error: paint(31, 39),
  warning: paint(33, 39),
  info: paint(36, 39),
  green: paint(32, 39),
  dim: paint(2, 22),
  underline: paint(4, 24),
};
const PLAIN: typeof ANSI = { error: String, warning: String, info: String, green: String, dim: String, underline: String };

function oneLine(text: string): string {
  return text.replace(/\s*\n\s*/g, ' ');
}
