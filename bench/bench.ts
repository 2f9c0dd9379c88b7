/** One measured figure, compared against a reference measured in the same run where there is one. */
export interface Measure {
  name: string;
  value: number;
  unit: string;
  /** The same quantity for the reference (e.g. real nginx on the same input), when the target is a ratio. */
  reference?: number;
  /** Human words for the target, e.g. `ratio ≤ 1.0`, `< 300 MB`, `= 2000`. */
  target: string;
  pass: boolean;
}

export interface BenchModule {
  name: string;
  /** Prints nothing itself; returns its measures. */
  run(log: (line: string) => void): Promise<Measure[]>;
}

export function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}

export function ratioOf(m: Measure): number | undefined {
  return m.reference !== undefined && m.reference > 0 ? m.value / m.reference : undefined;
}

export function formatTable(rows: { bench: string; measure: Measure }[]): string {
  const fmt = (n: number | undefined, unit = '') => (n === undefined ? '-' : `${Number.isInteger(n) ? n : n.toFixed(3)}${unit ? ' ' + unit : ''}`);
  const table = [
    ['benchmark', 'measure', 'value', 'reference', 'ratio', 'target', 'result'],
    ...rows.map(({ bench, measure: m }) => [bench, m.name, fmt(m.value, m.unit), fmt(m.reference, m.reference === undefined ? '' : m.unit), fmt(ratioOf(m)), m.target, m.pass ? 'pass' : 'FAIL']),
  ];
  const widths = table[0].map((_, c) => Math.max(...table.map((r) => r[c].length)));
  return table.map((r) => r.map((cell, c) => cell.padEnd(widths[c])).join('  ').trimEnd()).join('\n') + '\n';
}
