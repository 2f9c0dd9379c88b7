import type { FixProvider } from '../../../rules/rule';
import { jsFixProvider } from '../../../fixes/js-cors-fixer';

/** The fixes of every JS extractor: they share option syntax, so one provider serves them all. */
export function jsCorsFixer(readText: (file: string) => string | undefined): Partial<FixProvider> {
  return jsFixProvider(readText);
}
