import type { FixProvider } from '../../../rules/rule';
import type { OriginMatcher } from '../../origin-matcher';
import { javaFixProvider } from '../../../fixes/java-cors-fixer';
import { quoteC } from '../../../fixes/c-like-text';
import { allowlistOrigins, spanEdits } from '../../../fixes/span-edits';
import { withinOrigins } from '../../../origin/leaf-shapes';

/** The fixes of every Java extractor: one provider knows Spring's calls and annotations and hand-written headers. */
export function javaCorsFixer(readText: (file: string) => string | undefined): Partial<FixProvider> {
  const provider = javaFixProvider(readText);
  const { slice, edit } = spanEdits(readText);
  return {
    ...provider,
    replacePattern(matcher: OriginMatcher, safePattern: string) {
      if (matcher.kind !== 'within') return provider.replacePattern?.(matcher, safePattern);
      // `ALLOWED.contains(origin)`: the same pieces as a list compare whole. A pattern would be matched
      // against the allowlist string itself, so no other fix applies.
      const text = matcher.at && matcher.at.file.endsWith('.java') ? slice(matcher.at) : undefined;
      const call = text === undefined ? null : /^[\s\S]+\.contains\(([\s\S]*)\)$/.exec(text);
      if (!matcher.at || !call) return undefined;
      const { listed, title } = allowlistOrigins(withinOrigins(matcher));
      return edit(matcher.at, `java.util.List.of(${listed.map(quoteC).join(', ')}).contains(${call[1]})`, title);
    },
  };
}
