import type { FixProvider } from '../../../rules/rule';
import { pythonFixProvider } from '../../../fixes/python-cors-fixer';

/** The fixes of every Python extractor of this folder: keywords, dicts and header assignments share one syntax. */
export function pythonFixer(readText: (file: string) => string | undefined): Partial<FixProvider> {
  return pythonFixProvider(readText);
}
