import * as fs from 'node:fs';
import * as path from 'node:path';
import { INPUT_RULE_ID, type Finding } from '../core/finding';
import { compilePathPattern, type PathPattern } from './path-pattern';
import { engineProblem } from './problem';
import type { FileHost, SourceAnalyzer } from './source';

/** Folders that hold other people's code or tool state, never the project's own configuration. */
const SKIPPED_FOLDERS = new Set(['node_modules', '.git', '.hg', '.svn', 'venv', '.venv', 'site-packages', '__pycache__']);

const HEAD_BYTES = 4096;

export interface DiscoverOptions {
  host: FileHost;
  /** Patterns a walked file must match (relative to `root`); explicitly named files need not. */
  include?: string[];
  /** Patterns that leave out files and whole folders, named or walked. */
  exclude?: string[];
  /** The folder patterns are relative to; the working folder by default. */
  root?: string;
}

export interface Discovery {
  /** Claimed files per source, in the order of `sources`, each list sorted. */
  claimed: Map<SourceAnalyzer, string[]>;
  /** Every file looked at (claimed or not), sorted. */
  seen: string[];
  problems: Finding[];
}

/**
 * Walks the given files and folders and hands each file to the first source
 * that claims it. Files and folders that cannot be read are reported as
 * `unreadable-input`; a file nobody claims is skipped only when it was found by
 * walking a folder (a named one is reported, so a typo never passes silently).
 */
export function discoverFiles(paths: readonly string[], sources: readonly SourceAnalyzer[], options: DiscoverOptions): Discovery {
  const root = path.resolve(options.root ?? process.cwd());
  const include = (options.include ?? []).map(compilePathPattern);
  const exclude = (options.exclude ?? []).map(compilePathPattern);
  const claimed = new Map<SourceAnalyzer, Set<string>>(sources.map((s) => [s, new Set<string>()]));
  const seen = new Set<string>();
  const problems: Finding[] = [];
  const visitedFolders = new Set<string>();
  const excluded = (abs: string) => matchesAny(exclude, relativeTo(root, abs));

  const consider = (file: string, named: boolean) => {
    if (seen.has(file)) return;
    if (excluded(file)) return;
    if (!named && include.length > 0 && !matchesAny(include, relativeTo(root, file))) return;
    seen.add(file);
    const head = readHead(file, options.host);
    if (head.error !== undefined) {
      problems.push(engineProblem(INPUT_RULE_ID, file, head.error, { messageId: 'unreadable' }));
      return;
    }
    if (head.binary) {
      // Sources decline binary content, so ask whether the name alone would be theirs (`nginx.conf`, `*.py`):
      // such a file is a broken input, not an unrelated one.
      if (named || sources.some((s) => safeClaims(s, file, ''))) {
        problems.push(engineProblem(INPUT_RULE_ID, file, `Cannot read ${file}: it looks binary (it contains NUL bytes)`, { messageId: 'unreadable' }));
      }
      return;
    }
    const owner = sources.find((s) => safeClaims(s, file, head.text));
    if (!owner) {
      if (named) problems.push(engineProblem(INPUT_RULE_ID, file, `${path.basename(file)} is not an nginx configuration, Apache configuration or server code this tool recognises, so it was not checked`, { severity: 'warning', messageId: 'unrecognised' }));
      return;
    }
    claimed.get(owner)!.add(file);
  };

  // An explicit stack, not recursion: a deep tree must not exhaust the call stack.
  const walk = (folder: string) => {
    const stack = [folder];
    while (stack.length > 0) {
      const dir = stack.pop()!;
      let real: string;
      try {
        real = fs.realpathSync(dir);
      } catch (error) {
        problems.push(engineProblem(INPUT_RULE_ID, dir, `Cannot read folder ${dir}: ${describe(error)}`, { messageId: 'unreadable' }));
        continue;
      }
      // Symbolic links can make a folder its own descendant.
      if (visitedFolders.has(real)) continue;
      visitedFolders.add(real);
      let entries: fs.Dirent[];
      try {
        entries = fs.readdirSync(dir, { withFileTypes: true });
      } catch (error) {
        problems.push(engineProblem(INPUT_RULE_ID, dir, `Cannot read folder ${dir}: ${describe(error)}`, { messageId: 'unreadable' }));
        continue;
      }
      const subfolders: string[] = [];
      for (const entry of entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0))) {
        const full = path.join(dir, entry.name);
        let isDir = entry.isDirectory();
        let isFile = entry.isFile();
        if (entry.isSymbolicLink()) {
          try {
            const stat = fs.statSync(full);
            isDir = stat.isDirectory();
            isFile = stat.isFile();
          } catch {
            // A dangling link is not input anybody meant to check.
            continue;
          }
        }
        if (isDir) {
          if (!SKIPPED_FOLDERS.has(entry.name) && !isVirtualenv(full) && !excluded(full)) subfolders.push(full);
        } else if (isFile) consider(full, false);
      }
      for (let i = subfolders.length - 1; i >= 0; i--) stack.push(subfolders[i]);
    }
  };

  for (const given of paths) {
    const abs = path.resolve(root, given);
    let stat: fs.Stats | undefined;
    try {
      stat = fs.statSync(abs);
    } catch (error) {
      // The host may know documents that exist only in an editor.
      if (options.host.exists(abs)) {
        consider(abs, true);
        continue;
      }
      problems.push(engineProblem(INPUT_RULE_ID, abs, `Cannot read ${abs}: ${describe(error)}`, { messageId: 'unreadable' }));
      continue;
    }
    if (stat.isDirectory()) {
      if (!excluded(abs) || abs === root) walk(abs);
    } else consider(abs, true);
  }

  const out = new Map<SourceAnalyzer, string[]>();
  for (const [source, files] of claimed) out.set(source, [...files].sort(compareStrings));
  return { claimed: out, seen: [...seen].sort(compareStrings), problems };
}

/** A Python virtualenv under any name (`env`, `.tox/py312`) has this marker file. */
function isVirtualenv(folder: string): boolean {
  return fs.existsSync(path.join(folder, 'pyvenv.cfg'));
}

function matchesAny(patterns: PathPattern[], rel: string): boolean {
  return patterns.some((p) => p.matches(rel));
}

function relativeTo(root: string, abs: string): string {
  return path.relative(root, abs).split(path.sep).join('/');
}

function safeClaims(source: SourceAnalyzer, file: string, head: string): boolean {
  try {
    return source.claims(file, head);
  } catch {
    return false;
  }
}

interface Head {
  text: string;
  binary: boolean;
  error?: string;
}

/** The first few KiB, enough for a source to recognise its files without reading huge ones whole. */
function readHead(file: string, host: FileHost): Head {
  let fd: number | undefined;
  try {
    fd = fs.openSync(file, 'r');
    const buffer = Buffer.alloc(HEAD_BYTES);
    const n = fs.readSync(fd, buffer, 0, HEAD_BYTES, 0);
    const bytes = buffer.subarray(0, n);
    return { text: bytes.toString('utf8'), binary: bytes.includes(0) };
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ENOENT' && host.exists(file)) {
      try {
        const text = host.readText(file).slice(0, HEAD_BYTES);
        return { text, binary: text.includes('\0') };
      } catch (inner) {
        return { text: '', binary: false, error: (inner as Error).message };
      }
    }
    return { text: '', binary: false, error: `Cannot read ${file}: ${describe(error)}` };
  } finally {
    if (fd !== undefined) fs.closeSync(fd);
  }
}

function describe(error: unknown): string {
  const code = (error as NodeJS.ErrnoException).code;
  if (code === 'ENOENT') return 'no such file or folder';
  if (code === 'EACCES' || code === 'EPERM') return 'permission denied';
  if (code === 'ELOOP') return 'too many levels of symbolic links';
  return (error as Error).message;
}

export function compareStrings(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
