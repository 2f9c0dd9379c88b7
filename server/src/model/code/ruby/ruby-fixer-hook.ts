import type { FixProvider } from '../../../rules/rule';
import { rubyFixProvider } from '../../../fixes/ruby-cors-fixer';

/** The fixes of the Ruby extractors. */
export function rubyFixer(readText: (file: string) => string | undefined): Partial<FixProvider> {
  return rubyFixProvider(readText);
}
