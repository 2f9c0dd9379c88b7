import type { FixProvider } from '../../../rules/rule';
import { javaFixProvider } from '../../../fixes/java-cors-fixer';

/** The fixes of every Java extractor: one provider knows Spring's calls and annotations and hand-written headers. */
export function javaCorsFixer(readText: (file: string) => string | undefined): Partial<FixProvider> {
  return javaFixProvider(readText);
}
