import { allRules } from '../rules/index';
import { createNodeFileHost } from './node-file-host';
import { runAnalysis, type AnalysisResult, type AnalyzeOptions } from './run-analysis';
import { discoverFiles } from './discover';
import { initSource, sources } from './sources';

export type { AnalysisResult, AnalyzeOptions } from './run-analysis';
export { initSources } from './sources';

/**
 * Analyses files and folders with every source and rule: discovery, the
 * sources' policies, the rules, suppression comments, user severities, then a
 * stable order. Sources with asynchronous set-up need `initSources()` first.
 */
export function analyzeFiles(paths: string[], options: AnalyzeOptions = {}): AnalysisResult {
  return runAnalysis(paths, options, { sources, rules: allRules, host: options.host ?? createNodeFileHost() });
}

/**
 * Sets up only the sources that claim some of these files: a one-off run (the
 * CLI) on nginx files need not load the code parsers. Discovery runs again in
 * `analyzeFiles`; walking is cheap next to parsing.
 */
export async function initSourcesFor(paths: string[], options: AnalyzeOptions = {}): Promise<void> {
  const host = options.host ?? createNodeFileHost();
  const found = discoverFiles(paths, sources, { host, include: options.include, exclude: options.exclude, root: options.root });
  await Promise.all(sources.filter((s) => (found.claimed.get(s)?.length ?? 0) > 0).map(initSource));
}

/**
 * What discovery makes of these paths (the files each source is given, and the
 * problems found on the way) as one string: two runs with equal strings hand
 * the sources the same files.
 */
export function discoveryFingerprint(paths: string[], options: AnalyzeOptions = {}): string {
  const host = options.host ?? createNodeFileHost();
  const found = discoverFiles(paths, sources, { host, include: options.include, exclude: options.exclude, root: options.root });
  let out = '';
  for (const source of sources) out += `${source.id}\u0000${(found.claimed.get(source) ?? []).join('\u0000')}\n`;
  for (const p of found.problems) out += `${p.ruleId}\u0000${p.span.file}\u0000${p.message}\n`;
  return out;
}
