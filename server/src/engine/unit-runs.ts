import { severityRank, type Finding } from '../core/finding';
import type { Span } from '../core/range';
import type { CorsPolicy } from '../model/cors-policy';
import { compareStrings } from './discover';
import { runRules, type RuleRunInput } from './rule-runner';
import type { Derived, PolicyOrder, SourceUnit, UnitOutcome } from './source';
import type { UnitMemo } from './unit-memo';

/**
 * Runs the rules unit by unit, taking remembered units from the memo, and
 * merges their findings as one run over all the policies would have: a place
 * several units share (an `add_header` of the http level) is reported once,
 * from the first unit that gives its most severe reading.
 */
export function runUnits<X>(units: readonly SourceUnit[], input: Omit<RuleRunInput, 'policies'>, memo: UnitMemo<X>, derived: Derived<X>[]): Finding[] {
  const kept: Finding[] = [];
  const slots = new Map<string, number>();
  for (const unit of units) {
    let outcome = unit.reused as UnitOutcome<X> | undefined;
    if (!outcome) {
      const places: Span[] = [];
      outcome = { findings: runRules({ ...input, policies: unit.policies }), derived: deriveAll(memo, unit.policies, places) };
      memo.remember(unit.key, unit, outcome, places);
    }
    for (const f of outcome.findings) {
      // Only places outside the unit's own text can be reported by another unit too.
      if (f.span.file === unit.file && f.span.range.start.offset >= unit.start && f.span.range.end.offset <= unit.end) {
        kept.push(f);
        continue;
      }
      const key = `${f.ruleId}\u0000${f.span.file}\u0000${f.span.range.start.offset}\u0000${f.span.range.end.offset}\u0000${JSON.stringify(f.data)}`;
      const slot = slots.get(key);
      if (slot === undefined) {
        slots.set(key, kept.length);
        kept.push(f);
      } else if (severityRank[kept[slot].severity] < severityRank[f.severity]) {
        kept[slot] = f;
      }
    }
    for (const d of outcome.derived) derived.push(d);
  }
  return kept;
}

/** What the memo's `derive` makes of each policy, with the policy's place in the order. */
export function deriveAll<X>(memo: UnitMemo<X>, policies: readonly CorsPolicy[], places: Span[]): Derived<X>[] {
  const out: Derived<X>[] = [];
  for (const p of policies) {
    const value = memo.derive(p, places);
    if (value === undefined) continue;
    const start = p.at.range.start;
    out.push({ order: { file: p.at.file, line: start.line, character: start.character, id: p.id }, value });
  }
  return out;
}

/** The order of `AnalysisResult.policies`, in line and character (equivalent to offsets within a file). */
export function compareOrder(a: PolicyOrder, b: PolicyOrder): number {
  return compareStrings(a.file, b.file) || a.line - b.line || a.character - b.character || compareStrings(a.id, b.id);
}
