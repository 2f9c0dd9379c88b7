/** `Gemfile.lock`: the resolved `name (version)` lines under `specs:` (platform suffixes dropped). */
export function readGemfileLock(text: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const m of text.matchAll(/^ {4}([A-Za-z0-9_.-]+) \((\d[^)\s-]*)[^)]*\)\s*$/gm)) out[m[1]] ??= m[2];
  return out;
}
