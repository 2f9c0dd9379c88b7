import { lowestVersion } from '../dependency-versions';

/** `composer.lock`: the installed version of every package (`v2.1.1` read as `2.1.1`). */
export function readComposerLock(text: string): Record<string, string> {
  const lock = JSON.parse(text) as Record<string, { name?: string; version?: string }[] | undefined>;
  const out: Record<string, string> = {};
  for (const section of ['packages', 'packages-dev']) {
    for (const p of lock[section] ?? []) if (p.name && p.version) out[p.name] ??= p.version.replace(/^v/, '');
  }
  return out;
}

/** `composer.json`: the lowest version each `require` range admits. */
export function readComposerJson(text: string): Record<string, string> {
  const manifest = JSON.parse(text) as Record<string, Record<string, string> | undefined>;
  const out: Record<string, string> = {};
  for (const field of ['require', 'require-dev']) {
    for (const [name, range] of Object.entries(manifest[field] ?? {})) if (name.includes('/')) out[name] ??= lowestVersion(range);
  }
  return out;
}
