import type { Fix } from '../core/finding';
import type { Span } from '../core/range';
import type { OriginMatcher } from '../model/origin-matcher';
import { withinOrigins } from '../origin/leaf-shapes';

/** What allowlist fixes write when `corsPreflight.trustedOrigins` is empty: a placeholder the user fills in. */
export const PLACEHOLDER_ORIGIN = 'https://app.example.com';

/**
 * Reading and replacing spans of the files as the analysis saw them, for the
 * fixers of every source.
 */
export function spanEdits(readText: (file: string) => string | undefined): {
  slice(span: Span): string | undefined;
  edit(span: Span, newText: string, title: string, safe?: boolean): Fix;
} {
  return {
    slice: (span) => readText(span.file)?.slice(span.range.start.offset, span.range.end.offset),
    edit: (span, newText, title, safe = false) => ({
      title,
      safe,
      edits: [{ file: span.file, start: span.range.start.offset, end: span.range.end.offset, newText }],
    }),
  };
}

/** The origins an allowlist fix writes, and its title: the trusted origins, else the placeholder. */
export function allowlistOrigins(origins: readonly string[]): { listed: readonly string[]; title: string } {
  return origins.length > 0
    ? { listed: origins, title: `Allow only ${origins.join(', ')}` }
    : { listed: [PLACEHOLDER_ORIGIN], title: `Allow only an explicit list of origins (fill in ${PLACEHOLDER_ORIGIN})` };
}

/**
 * An Origin looked up in one string (`ALLOWED.contains(origin)`): the call's
 * arguments, and the origins the string meant with the fix's title, for a fix
 * that compares them whole. Undefined when the span is not `<string>.<method>(...)`.
 */
export function withinCall(text: string | undefined, method: string, matcher: Extract<OriginMatcher, { kind: 'within' }>): { args: string; listed: readonly string[]; title: string } | undefined {
  const call = text === undefined ? null : new RegExp(`^[\\s\\S]+\\.${method}\\(([\\s\\S]*)\\)$`).exec(text);
  return call ? { args: call[1], ...allowlistOrigins(withinOrigins(matcher)) } : undefined;
}
