import type { FixProvider } from '../../../rules/rule';
import { csharpFixProvider } from '../../../fixes/csharp-cors-fixer';

/** The fixes of every C# extractor: policy builder calls and hand-written headers. */
export function csharpCorsFixer(readText: (file: string) => string | undefined): Partial<FixProvider> {
  return csharpFixProvider(readText);
}
