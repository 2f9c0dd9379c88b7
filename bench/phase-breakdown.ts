import { createNodeFileHost } from '../server/src/engine/node-file-host';
import { runRules } from '../server/src/engine/rule-runner';
import { sources } from '../server/src/engine/sources';
import { allRules } from '../server/src/rules/index';
import { median } from './bench';

/**
 * Where an analysis spends its time, in this process: each source on the
 * claimed files, then each rule on the policies. For reading alongside the
 * end-to-end figures, not a target of its own.
 */
export function phaseBreakdown(files: string[], runs: number): string[] {
  const lines: string[] = [];
  for (const source of sources) {
    const claimed = files.filter((f) => source.claims(f, ''));
    if (claimed.length === 0) continue;
    const sourceMs: number[] = [];
    const ruleMs = new Map<string, number[]>();
    for (let i = 0; i < runs; i++) {
      let t = performance.now();
      const result = source.analyze(claimed, createNodeFileHost());
      sourceMs.push(performance.now() - t);
      for (const rule of allRules) {
        t = performance.now();
        runRules({ rules: [rule], policies: result.policies, fixer: result.fixer, trustedOrigins: [], readText: () => undefined });
        ruleMs.set(rule.meta.id, [...(ruleMs.get(rule.meta.id) ?? []), performance.now() - t]);
      }
    }
    const rules = [...ruleMs].map(([id, ms]) => [id, median(ms)] as const).sort((a, b) => b[1] - a[1]);
    const total = rules.reduce((sum, [, ms]) => sum + ms, 0);
    lines.push(`in process: ${source.id} source ${median(sourceMs).toFixed(0)} ms, all rules ${total.toFixed(0)} ms (slowest: ${rules.slice(0, 3).map(([id, ms]) => `${id} ${ms.toFixed(0)}`).join(', ')})`);
  }
  return lines;
}
