import type { FixProvider } from '../../../rules/rule';
import { goFixProvider } from '../../../fixes/go-cors-fixer';
import { withinFix } from './within-fix';

/** The fixes of every Go extractor: one provider knows struct options and header calls. */
export function goFixer(readText: (file: string) => string | undefined): Partial<FixProvider> {
  const provider = goFixProvider(readText);
  const replacePattern = provider.replacePattern;
  if (!replacePattern) return provider;
  return {
    ...provider,
    // A piece-of-a-string check has no pattern to anchor: the listed origins compare whole instead.
    replacePattern: (matcher, safePattern) => (matcher.kind === 'within' ? withinFix(readText, matcher) : replacePattern(matcher, safePattern)),
  };
}
