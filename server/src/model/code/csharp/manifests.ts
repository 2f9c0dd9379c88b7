/**
 * `*.csproj`: each `PackageReference`, and for web projects the shared
 * framework's version from the target framework (`net8.0` → ASP.NET Core 8.0).
 */
export function readCsproj(text: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const m of text.matchAll(/<PackageReference\b[^>]*\bInclude\s*=\s*"([^"]+)"[^>]*?(?:\bVersion\s*=\s*"([^"]+)"[^>]*)?\/?>(?:\s*<Version>([^<]+)<\/Version>)?/g)) {
    const version = m[2] ?? m[3];
    if (version && /^\[?\d/.test(version)) out[m[1]] ??= version.replace(/^\[/, '').replace(/[,\])].*$/, '');
  }
  const tfm = /<TargetFrameworks?>\s*(?:net(?:coreapp)?)(\d+\.\d+)/.exec(text);
  if (tfm && /Sdk\s*=\s*"Microsoft\.NET\.Sdk\.Web"/.test(text)) out['Microsoft.AspNetCore.App'] ??= `${tfm[1]}.0`;
  return out;
}
