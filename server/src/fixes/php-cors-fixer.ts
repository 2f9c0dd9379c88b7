import type { FixProvider } from '../rules/rule';

/** Fixes in the terms of PHP `header()` calls and Laravel/Symfony CORS settings. */
export function phpFixProvider(readText: (file: string) => string | undefined): Partial<FixProvider> {
  void readText;
  return {};
}
