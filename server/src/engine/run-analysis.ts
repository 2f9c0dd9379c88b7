import * as path from 'node:path';
import { INPUT_RULE_ID, type Finding, type Severity } from '../core/finding';
import type { CorsPolicy } from '../model/cors-policy';
import type { Rule } from '../rules/rule';
import { compareStrings, discoverFiles } from './discover';
import { finalizeFindings } from './finding-order';
import { engineProblem } from './problem';
import { reservedRuleMetas } from './reserved-rules';
import { runRules } from './rule-runner';
import type { Derived, FileHost, SourceAnalyzer, SourceResult } from './source';
import { applySuppressions, collectDirectives, type SuppressionDirective } from './suppressions';
import type { UnitMemo } from './unit-memo';
import { compareOrder, deriveAll, runUnits } from './unit-runs';

export interface AnalyzeOptions {
  /** Origins from `corsPreflight.trustedOrigins`, used by allowlist fixes. */
  trustedOrigins?: string[];
  /** Per rule id: a severity replaces the rule's own, `off` drops its findings. */
  ruleSeverities?: Record<string, Severity | 'off'>;
  host?: FileHost;
  include?: string[];
  exclude?: string[];
  /** The folder include/exclude patterns and relative paths are resolved against. */
  root?: string;
  /** Units remembered from earlier runs (the editor's): sources that split into units re-analyse only changed ones. */
  memo?: UnitMemo<unknown>;
}

export interface AnalysisResult {
  findings: Finding[];
  policies: CorsPolicy[];
  /** Every file a source was given or read (includes beyond the given paths too), sorted. */
  files: string[];
  includes: Map<string, string[]>;
  sources: SourceResult[];
  /**
   * With a memo: what its `derive` made of every policy, in the order of
   * `policies`. `policies` then holds only the policies built in this run.
   */
  derived: unknown[];
}

/** What an analysis is made of; `analyzeFiles` supplies the real ones. */
export interface AnalysisParts {
  sources: readonly SourceAnalyzer[];
  rules: readonly Rule[];
  host: FileHost;
}

/** Ids that are not rules but may appear in suppressions and severity settings. */
export const RESERVED_IDS: readonly string[] = reservedRuleMetas.map((m) => m.id);

/** Sources whose files use `//` comments (server code), beyond the comments the source itself reports. */
const CONFIG_SOURCES = new Set(['nginx', 'apache']);

export function runAnalysis(paths: readonly string[], options: AnalyzeOptions, parts: AnalysisParts): AnalysisResult {
  const { host, rules } = parts;
  const root = path.resolve(options.root ?? process.cwd());
  const discovery = discoverFiles(paths, parts.sources, { host, include: options.include, exclude: options.exclude, root });

  const texts = new Map<string, string | undefined>();
  const readText = (file: string): string | undefined => {
    if (texts.has(file)) return texts.get(file);
    let text: string | undefined;
    try {
      text = host.readText(file);
    } catch {
      text = undefined;
    }
    texts.set(file, text);
    return text;
  };

  const results: SourceResult[] = [];
  const raw: Finding[] = [...discovery.problems];
  const policies: CorsPolicy[] = [];
  // Files handed to a source or read by one; walked files nobody claimed (a README, an image) were not checked.
  const files = new Set([...discovery.claimed.values()].flat());
  const includes = new Map<string, string[]>();
  const directives: SuppressionDirective[] = [];
  const derived: Derived[] = [];

  for (const source of parts.sources) {
    const claimed = discovery.claimed.get(source) ?? [];
    if (claimed.length === 0) continue;
    let result: SourceResult;
    try {
      result = source.analyze(claimed, host, options.memo);
    } catch (error) {
      // A source defect (or a stack overflow on absurd input) must not end the whole run.
      const message = `The ${source.id} analyser failed on these files (${(error as Error).message}); they were not checked`;
      for (const file of claimed) raw.push(engineProblem(INPUT_RULE_ID, file, message, { messageId: 'analyserFailed' }));
      continue;
    }
    results.push(result);
    raw.push(...result.problems);
    policies.push(...result.policies);
    for (const f of result.files) files.add(f);
    for (const [from, to] of result.includes) includes.set(from, [...new Set([...(includes.get(from) ?? []), ...to])]);
    const input = { rules, fixer: result.fixer, trustedOrigins: options.trustedOrigins ?? [], readText };
    raw.push(...runRules({ ...input, policies: result.policies }));
    if (options.memo) {
      derived.push(...deriveAll(options.memo, result.policies, []));
      if (result.units) raw.push(...runUnits(result.units, input, options.memo, derived));
    }
    for (const unit of result.units ?? []) policies.push(...unit.policies);
    // Fixes are built by now: nothing reads the syntax trees after the rules.
    result.release?.();

    const slash = !CONFIG_SOURCES.has(source.id);
    const commented = new Set([...result.comments.keys(), ...(slash ? result.files : [])]);
    for (const file of [...commented].sort(compareStrings)) {
      const comments = result.comments.get(file) ?? [];
      if (!slash && !comments.some((c) => c.text.includes('cors-preflight-disable'))) continue;
      directives.push(...collectDirectives(file, comments, readText(file), slash));
    }
  }

  const known = new Set([...rules.map((r) => r.meta.id), ...RESERVED_IDS]);
  const unique = dedupeDirectives(directives);
  const findings = finalizeFindings(applySuppressions(raw, unique, known), options.ruleSeverities);
  policies.sort((a, b) => compareStrings(a.at.file, b.at.file) || a.at.range.start.offset - b.at.range.start.offset || compareStrings(a.id, b.id));
  options.memo?.endRun();
  return { findings, policies, files: [...files].sort(compareStrings), includes, sources: results, derived: derived.sort((a, b) => compareOrder(a.order, b.order)).map((d) => d.value) };
}

/** The same file can be read by two sources (an included snippet, a shared file): count its directives once. */
function dedupeDirectives(list: SuppressionDirective[]): SuppressionDirective[] {
  const seen = new Set<string>();
  return list.filter((d) => {
    const key = `${d.file}\u0000${d.line}\u0000${d.kind}\u0000${d.ids.map((i) => `${i.id}@${i.range.start.character}`).join(',')}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}
