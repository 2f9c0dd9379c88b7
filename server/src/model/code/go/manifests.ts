/**
 * Go module versions: `go.mod` says which version the build selects for each
 * required module (every module the build uses, since Go 1.17); `go.sum`
 * lists the versions downloaded, of which the highest is the fallback.
 * Versions lose their `v` and `+incompatible` (`v1.7.0` → `1.7.0`).
 */
export function readGoMod(text: string): Record<string, string> {
  const out: Record<string, string> = {};
  const body = text.replace(/\/\/[^\n]*/g, '');
  const entries: string[] = [];
  for (const block of body.matchAll(/^\s*require\s*\(([\s\S]*?)\)/gm)) entries.push(...block[1].split(/\r?\n/));
  for (const single of body.matchAll(/^\s*require\s+([^\s(][^\n]*)$/gm)) entries.push(single[1]);
  for (const line of entries) {
    const m = /^\s*(\S+)\s+(v\d\S*)/.exec(line);
    if (m) out[m[1]] = goVersion(m[2]);
  }
  // `replace old => new vX`: the build uses the replacement's version.
  for (const r of body.matchAll(/^\s*(?:replace\s+)?(\S+)(?:\s+v\S+)?\s+=>\s+(\S+)\s+(v\d\S*)\s*$/gm)) {
    if (r[1] in out) out[r[1]] = goVersion(r[3]);
  }
  return out;
}

export function readGoSum(text: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const line of text.split(/\r?\n/)) {
    const m = /^(\S+)\s+(v\d[^\s/]*)(?:\/go\.mod)?\s+h1:/.exec(line);
    if (!m) continue;
    const version = goVersion(m[2]);
    if (!out[m[1]] || compareVersions(version, out[m[1]]) > 0) out[m[1]] = version;
  }
  return out;
}

function goVersion(v: string): string {
  return v.replace(/^v/, '').replace(/\+incompatible$/, '');
}

/** Compares dotted numeric versions (pre-release and build suffixes ignored). */
export function compareVersions(a: string, b: string): number {
  const parts = (v: string) => v.split(/[-+]/)[0].split('.').map((x) => Number(x) || 0);
  const [x, y] = [parts(a), parts(b)];
  for (let i = 0; i < Math.max(x.length, y.length); i++) {
    const d = (x[i] ?? 0) - (y[i] ?? 0);
    if (d !== 0) return d;
  }
  return 0;
}
