import type { Finding } from '../../core/finding';
import type { FixProvider } from '../../rules/rule';
import type { CodeLanguage } from '../../parsers/code/tree-sitter';
import type { CorsPolicy, PolicySource } from '../cors-policy';
import type { CodeFile, CodeProject } from './code-project';

export interface ExtractResult {
  policies: CorsPolicy[];
  /** Things the reader of the code should know (a start-up exception, an unresolvable option): reported as findings. */
  problems?: Finding[];
}

/**
 * Turns one framework's CORS set-up in a file into policies. Extractors are
 * independent: each looks for its own imports and calls.
 */
export interface FrameworkExtractor {
  id: string;
  languages: readonly CodeLanguage[];
  /** A cheap text test run before parsing: files that cannot concern this framework are never parsed for it. */
  mentions: RegExp;
  extract(file: CodeFile, project: CodeProject): ExtractResult;
  /** Fixes in the framework's own terms, for the policies this extractor produced (`policy.source` in `sources`). */
  sources: readonly PolicySource[];
  fixer?(readText: (file: string) => string | undefined): Partial<FixProvider>;
  /** Configuration files that are not code (`config/packages/nelmio_cors.yaml`), by path, read by `extractConfig`. */
  configFiles?: RegExp;
  extractConfig?(file: string, text: string, project: CodeProject): ExtractResult;
}
