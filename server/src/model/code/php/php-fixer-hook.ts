import type { FixProvider } from '../../../rules/rule';
import { phpFixProvider } from '../../../fixes/php-cors-fixer';

/** The fixes of the PHP extractors. */
export function phpFixer(readText: (file: string) => string | undefined): Partial<FixProvider> {
  return phpFixProvider(readText);
}
