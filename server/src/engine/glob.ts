import * as fs from 'node:fs';
import * as path from 'node:path';

/**
 * Include-style globbing as glob(3) does it for nginx and Apache: `*`, `?` and
 * `[...]` (with `!` or `^` to negate, and ranges) within one path segment; a
 * leading `.` in a name is only matched by a literal `.`; results are sorted
 * by byte value of the whole path. Folders that cannot be read are skipped.
 */

const MAGIC = /[*?[]/;

export function hasGlobMagic(pattern: string): boolean {
  return MAGIC.test(pattern);
}

/** A regular expression for one path segment, or null when the segment has no magic. */
export function segmentMatcher(segment: string): RegExp | null {
  if (!hasGlobMagic(segment)) return null;
  let re = '^';
  for (let i = 0; i < segment.length; i++) {
    const c = segment[i];
    if (c === '*') re += '.*';
    else if (c === '?') re += '.';
    else if (c === '[') {
      const close = classEnd(segment, i);
      if (close < 0) re += '\\[';
      else {
        let body = segment.slice(i + 1, close);
        let negate = false;
        if (body[0] === '!' || body[0] === '^') {
          negate = true;
          body = body.slice(1);
        }
        re += '[' + (negate ? '^' : '') + body.replace(/[\\\]^]/g, (m) => '\\' + m) + ']';
        i = close;
      }
    } else if (c === '\\' && i + 1 < segment.length) {
      re += escapeRe(segment[++i]);
    } else re += escapeRe(c);
  }
  return new RegExp(re + '$', 's');
}

/** Index of the `]` closing a class opened at `open`, or -1 (then `[` is literal, as in glob(3)). */
function classEnd(segment: string, open: number): number {
  let j = open + 1;
  if (segment[j] === '!' || segment[j] === '^') j++;
  if (segment[j] === ']') j++; // a `]` first in the class is a member
  const close = segment.indexOf(']', j);
  return close;
}

function escapeRe(c: string): string {
  return /[.*+?^${}()|[\]\\/]/.test(c) ? '\\' + c : c;
}

function isDirectory(p: string): boolean {
  try {
    return fs.statSync(p).isDirectory();
  } catch {
    return false;
  }
}

function listDir(dir: string): string[] {
  try {
    return fs.readdirSync(dir);
  } catch {
    return [];
  }
}

export function compareBytes(a: string, b: string): number {
  return Buffer.compare(Buffer.from(a), Buffer.from(b));
}

/** Absolute paths matching `pattern` (made absolute against the working folder), sorted. */
export function globSync(pattern: string): string[] {
  const abs = path.resolve(pattern);
  const root = path.parse(abs).root;
  const segments = abs.slice(root.length).split(path.sep).filter((s) => s.length > 0);
  if (!hasGlobMagic(abs)) {
    try {
      fs.statSync(abs);
      return [abs];
    } catch {
      return [];
    }
  }
  let current = [root];
  for (let s = 0; s < segments.length; s++) {
    const segment = segments[s];
    const last = s === segments.length - 1;
    const matcher = segmentMatcher(segment);
    const next: string[] = [];
    for (const base of current) {
      if (!matcher) {
        const p = path.join(base, segment);
        if (last ? fs.existsSync(p) : isDirectory(p)) next.push(p);
        continue;
      }
      const explicitDot = segment.startsWith('.');
      for (const name of listDir(base)) {
        if (name.startsWith('.') && !explicitDot) continue;
        if (!matcher.test(name)) continue;
        const p = path.join(base, name);
        if (last || isDirectory(p)) next.push(p);
      }
    }
    current = next;
    if (current.length === 0) break;
  }
  return current.sort(compareBytes);
}
