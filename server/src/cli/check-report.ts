import type { Finding, Severity } from '../core/finding';
import type { RuleMeta } from '../rules/rule';

/** Everything a formatter needs; formatters are pure functions of it. */
export interface CheckReport {
  /** The scan root: paths in the output are relative to it. */
  root: string;
  findings: readonly Finding[];
  /** Files analysed. */
  files: readonly string[];
  /** Metadata of every rule that can report, reserved ids included. */
  rules: readonly RuleMeta[];
  version: string;
}

export function countBySeverity(findings: readonly Finding[]): Record<Severity, number> {
  const counts: Record<Severity, number> = { error: 0, warning: 0, info: 0 };
  for (const f of findings) counts[f.severity]++;
  return counts;
}

export function plural(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? '' : /(s|x|ch|sh)$/.test(word) ? 'es' : 's'}`;
}
