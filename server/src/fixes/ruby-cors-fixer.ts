import type { FixProvider } from '../rules/rule';

/** Fixes in the terms of rack-cors `origins` and `resource` options. */
export function rubyFixProvider(readText: (file: string) => string | undefined): Partial<FixProvider> {
  void readText;
  return {};
}
