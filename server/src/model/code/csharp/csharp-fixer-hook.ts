import type { FixProvider } from '../../../rules/rule';
import type { OriginMatcher } from '../../origin-matcher';
import { csharpFixProvider } from '../../../fixes/csharp-cors-fixer';
import { quoteC } from '../../../fixes/c-like-text';
import { allowlistOrigins, spanEdits } from '../../../fixes/span-edits';
import { withinOrigins } from '../../../origin/leaf-shapes';

/** The fixes of every C# extractor: policy builder calls and hand-written headers. */
export function csharpCorsFixer(readText: (file: string) => string | undefined): Partial<FixProvider> {
  const provider = csharpFixProvider(readText);
  const { slice, edit } = spanEdits(readText);
  return {
    ...provider,
    replacePattern(matcher: OriginMatcher, safePattern: string) {
      if (matcher.kind !== 'within') return provider.replacePattern?.(matcher, safePattern);
      // `Allowed.Contains(origin)`: the same pieces as an array compare whole. A pattern would be matched
      // against the allowlist string itself, so no other fix applies.
      const text = matcher.at && matcher.at.file.endsWith('.cs') ? slice(matcher.at) : undefined;
      const call = text === undefined ? null : /^[\s\S]+\.Contains\(([\s\S]*)\)$/.exec(text);
      if (!matcher.at || !call) return undefined;
      // LINQ's Contains takes the comparer that matches the string comparison (`StringComparer.OrdinalIgnoreCase`).
      const args = call[1].replace(/\bcomparisonType\s*:\s*/, '').replace(/\bStringComparison\.(?=\w)/, 'StringComparer.');
      const { listed, title } = allowlistOrigins(withinOrigins(matcher));
      return edit(matcher.at, `new[] { ${listed.map(quoteC).join(', ')} }.Contains(${args})`, title);
    },
  };
}
