import * as path from 'node:path';
import type { FileHost } from '../../engine/source';
import { readCsproj } from './csharp/manifests';
import { readGoMod, readGoSum } from './go/manifests';
import { readGradle, readPom } from './java/manifests';
import { readComposerJson, readComposerLock } from './php/manifests';
import { readGemfileLock } from './ruby/manifests';

/** Package name (npm as written; Python lower-cased with `_` as `-`) → version, plus where it was read. */
export interface DependencyVersions {
  get(name: string): { version: string; file: string } | undefined;
}

type Reader = (text: string) => Record<string, string>;

/** Lock files before manifests: a lock file says what is installed, a manifest only a range. */
const readers: [string | RegExp, Reader][] = [
  ['package-lock.json', readPackageLock],
  ['poetry.lock', readPoetryLock],
  ['Pipfile.lock', readPipfileLock],
  ['package.json', readPackageJson],
  ['Gemfile.lock', readGemfileLock],
  ['composer.lock', readComposerLock],
  ['composer.json', readComposerJson],
  [/^requirements.*\.txt$/, readRequirements],
  ['pom.xml', readPom],
  ['build.gradle', readGradle],
  ['build.gradle.kts', readGradle],
  [/^.*\.csproj$/, readCsproj],
  ['go.mod', readGoMod],
  ['go.sum', readGoSum],
];

export function readDependencyVersions(startDir: string, host: FileHost): DependencyVersions {
  const found = new Map<string, { version: string; file: string }>();
  let dir = startDir;
  for (let depth = 0; depth < 12; depth++) {
    for (const [name, read] of readers) {
      for (const file of manifestFiles(dir, name, host)) {
        let entries: Record<string, string>;
        try {
          entries = read(host.readText(file));
        } catch {
          continue;
        }
        for (const [pkg, version] of Object.entries(entries)) {
          const key = normalise(pkg);
          if (!found.has(key) && version) found.set(key, { version, file });
        }
      }
    }
    const parent = path.dirname(dir);
    if (parent === dir) break;
    dir = parent;
  }
  return { get: (name) => found.get(normalise(name)) };
}

function manifestFiles(dir: string, name: string | RegExp, host: FileHost): string[] {
  if (typeof name === 'string') {
    const file = path.join(dir, name);
    return host.exists(file) ? [file] : [];
  }
  return host.glob(path.join(dir, name.source.includes('csproj') ? '*.csproj' : 'requirements*.txt')).filter((file) => name.test(path.basename(file)));
}

function normalise(name: string): string {
  return name.startsWith('@') ? name : name.toLowerCase().replace(/_/g, '-');
}

/** The lowest version a range admits (`^2.8.5` → `2.8.5`): the behaviour we can count on. */
export function lowestVersion(range: string): string {
  const match = /(\d+)(?:\.(\d+|x|\*))?(?:\.(\d+|x|\*))?/.exec(range);
  if (!match) return '';
  const part = (p: string | undefined) => (p === undefined || p === 'x' || p === '*' ? '0' : p);
  return `${match[1]}.${part(match[2])}.${part(match[3])}`;
}

function readPackageLock(text: string): Record<string, string> {
  const lock = JSON.parse(text) as { packages?: Record<string, { version?: string }>; dependencies?: Record<string, { version?: string }> };
  const out: Record<string, string> = {};
  for (const [key, value] of Object.entries(lock.packages ?? {})) {
    const at = key.lastIndexOf('node_modules/');
    if (at >= 0 && value.version && !key.slice(0, at).includes('node_modules/')) out[key.slice(at + 13)] = value.version;
  }
  for (const [key, value] of Object.entries(lock.dependencies ?? {})) if (value.version && !out[key]) out[key] = value.version;
  return out;
}

function readPackageJson(text: string): Record<string, string> {
  const manifest = JSON.parse(text) as Record<string, Record<string, string> | undefined>;
  const out: Record<string, string> = {};
  for (const field of ['dependencies', 'devDependencies', 'peerDependencies']) {
    for (const [name, range] of Object.entries(manifest[field] ?? {})) out[name] ??= lowestVersion(range);
  }
  return out;
}

function readRequirements(text: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const line of text.split(/\r?\n/)) {
    const match = /^\s*([A-Za-z0-9_.-]+)(?:\[[^\]]*\])?\s*(==|>=|~=|===)\s*([0-9][^\s,;#]*)/.exec(line);
    if (match) out[match[1]] = match[3];
  }
  return out;
}

function readPoetryLock(text: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const block of text.split(/^\[\[package\]\]\s*$/m).slice(1)) {
    const name = /^name\s*=\s*"([^"]+)"/m.exec(block);
    const version = /^version\s*=\s*"([^"]+)"/m.exec(block);
    if (name && version) out[name[1]] = version[1];
  }
  return out;
}

function readPipfileLock(text: string): Record<string, string> {
  const lock = JSON.parse(text) as Record<string, Record<string, { version?: string }> | undefined>;
  const out: Record<string, string> = {};
  for (const section of ['default', 'develop']) {
    for (const [name, value] of Object.entries(lock[section] ?? {})) {
      if (value.version) out[name] ??= value.version.replace(/^==/, '');
    }
  }
  return out;
}
