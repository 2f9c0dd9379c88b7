import type { FixProvider } from '../../../rules/rule';
import { goFixProvider } from '../../../fixes/go-cors-fixer';

/** The fixes of every Go extractor: one provider knows struct options and header calls. */
export function goFixer(readText: (file: string) => string | undefined): Partial<FixProvider> {
  return goFixProvider(readText);
}
