import type { Finding, Fix, RelatedInfo, Severity } from '../core/finding';
import type { Span } from '../core/range';
import type { CorsPolicy, HeaderEmission, ResponseBranch, ValueCase } from '../model/cors-policy';
import type { OriginMatcher } from '../model/origin-matcher';

export interface RuleMeta {
  id: string;
  description: string;
  /** The default severity; `credentialedSeverity` applies when the finding involves credentials. */
  defaultSeverity: Severity;
  credentialedSeverity?: Severity;
  /** messageId → template with `{{name}}` placeholders. */
  messages: Record<string, string>;
  fixable: boolean;
}

export interface ReportInput {
  messageId: string;
  data?: Record<string, string>;
  span: Span;
  /** Overrides the default severity (e.g. `error` with credentials, `info` without). */
  severity?: Severity;
  related?: RelatedInfo[];
  fixes?: Fix[];
}

/**
 * What a rule sees: the policies of the analysed files, and a source-aware fix
 * builder. Rules never read concrete syntax themselves.
 */
export interface RuleContext {
  /** The fix provider of the source that produced a policy. */
  fixer(policy: CorsPolicy): FixProvider;
  policies: readonly CorsPolicy[];
  /** Origins from `corsPreflight.trustedOrigins`, used by allowlist fixes. */
  trustedOrigins: readonly string[];
  /** The text of a file, for fixes that need to see it. */
  readText(file: string): string | undefined;
  report(input: ReportInput): void;
}

export interface Rule {
  meta: RuleMeta;
  check(ctx: RuleContext): void;
}

export function docsUrl(ruleId: string): string {
  return `https://github.com/cors-preflight/cors-preflight/blob/main/docs/rules/${ruleId}.md`;
}

export type { Finding };

/**
 * Fixes know the concrete syntax; rules do not. Each source (nginx, Apache, a
 * framework) implements this; a method returns `undefined` where it cannot
 * produce an edit that leaves the file valid.
 */
export interface FixProvider {
  /** nginx `always`, Apache `Header always`. */
  addAlways(emission: HeaderEmission): Fix | undefined;
  /** Add `Vary: Origin` next to the emission that makes ACAO depend on the Origin. */
  addVaryOrigin(policy: CorsPolicy, acao: HeaderEmission): Fix | undefined;
  /** Rewrite the literal value of a header. */
  replaceValue(emission: HeaderEmission, newValue: string, title: string): Fix | undefined;
  /** Replace an origin-dependent or wildcard ACAO with an explicit allowlist. */
  allowlistOrigin(policy: CorsPolicy, acao: HeaderEmission, origins: readonly string[]): Fix | undefined;
  /** Replace a permissive pattern with a safe (escaped, anchored) one. */
  replacePattern(matcher: OriginMatcher, safePattern: string): Fix | undefined;
  /** Delete the directive or option that emits this header. */
  removeEmission(emission: HeaderEmission, title: string): Fix | undefined;
  /** Hide an upstream's copy of a header, or of several in one edit (nginx `proxy_hide_header`). */
  hideUpstreamHeader(policy: CorsPolicy, branch: ResponseBranch, headerName: string | readonly string[]): Fix | undefined;
  /**
   * Delete one entry of an origin list (a map line, an array element) where a
   * value case was written. Optional: sources without such lists leave it out.
   */
  removeOriginCase?(valueCase: ValueCase, title: string): Fix | undefined;
  /** Repeat headers that a nested level drops, inside that level. */
  repeatInherited(policy: CorsPolicy, branch: ResponseBranch, dropped: readonly HeaderEmission[], at: Span): Fix | undefined;
}


