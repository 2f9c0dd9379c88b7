import { allRules } from '../rules/index';
import { createNodeFileHost } from './node-file-host';
import { runAnalysis, type AnalysisResult, type AnalyzeOptions } from './run-analysis';
import { sources } from './sources';

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
