import * as fs from 'node:fs';
import * as path from 'node:path';
import type { FileHost } from './source';
import { compareBytes, globSync, segmentMatcher } from './glob';

export const DEFAULT_MAX_BYTES = 16 * 1024 * 1024;
const BINARY_SNIFF_BYTES = 8 * 1024;

/** Offset of the first byte that is not part of a valid UTF-8 sequence, or -1. */
export function firstInvalidUtf8(bytes: Uint8Array): number {
  let i = 0;
  const n = bytes.length;
  while (i < n) {
    const b = bytes[i];
    if (b < 0x80) {
      i++;
      continue;
    }
    let need: number;
    let min: number;
    if (b >= 0xc2 && b <= 0xdf) [need, min] = [1, 0x80];
    else if (b >= 0xe0 && b <= 0xef) [need, min] = [2, 0x800];
    else if (b >= 0xf0 && b <= 0xf4) [need, min] = [3, 0x10000];
    else return i;
    let cp = b & (0x3f >> need);
    for (let k = 1; k <= need; k++) {
      const c = bytes[i + k];
      if (c === undefined || (c & 0xc0) !== 0x80) return i;
      cp = (cp << 6) | (c & 0x3f);
    }
    if (cp < min || cp > 0x10ffff || (cp >= 0xd800 && cp <= 0xdfff)) return i;
    i += need + 1;
  }
  return -1;
}

function describe(err: unknown): string {
  const code = (err as NodeJS.ErrnoException).code;
  if (code === 'ENOENT') return 'no such file';
  if (code === 'EACCES' || code === 'EPERM') return 'permission denied';
  if (code === 'EISDIR') return 'it is a folder, not a file';
  if (code === 'ELOOP') return 'too many levels of symbolic links';
  return (err as Error).message;
}

/** Reads files from disk; documents open in an editor come from `overlay` instead. */
export function createNodeFileHost(options: { overlay?: Map<string, string>; maxBytes?: number } = {}): FileHost & { realPath(file: string): string } {
  const overlay = options.overlay ?? new Map<string, string>();
  const maxBytes = options.maxBytes ?? DEFAULT_MAX_BYTES;
  const decoder = new TextDecoder('utf-8', { fatal: true });

  const readText = (file: string): string => {
    const open = overlay.get(file);
    if (open !== undefined) return open;
    let stat: fs.Stats;
    try {
      stat = fs.statSync(file);
    } catch (err) {
      throw new Error(`cannot read ${file}: ${describe(err)}`);
    }
    if (stat.isDirectory()) throw new Error(`cannot read ${file}: it is a folder, not a file`);
    if (!stat.isFile()) throw new Error(`cannot read ${file}: not a regular file`);
    if (stat.size > maxBytes) throw new Error(`cannot read ${file}: ${stat.size} bytes is larger than the limit of ${maxBytes} bytes`);
    let bytes: Buffer;
    try {
      bytes = fs.readFileSync(file);
    } catch (err) {
      throw new Error(`cannot read ${file}: ${describe(err)}`);
    }
    // The size may have changed between stat and read.
    if (bytes.length > maxBytes) throw new Error(`cannot read ${file}: ${bytes.length} bytes is larger than the limit of ${maxBytes} bytes`);
    const nul = bytes.subarray(0, BINARY_SNIFF_BYTES).indexOf(0);
    if (nul >= 0) throw new Error(`cannot read ${file}: it looks binary (a NUL byte at offset ${nul})`);
    try {
      return decoder.decode(bytes);
    } catch {
      throw new Error(`cannot read ${file}: invalid UTF-8 at byte offset ${firstInvalidUtf8(bytes)}`);
    }
  };

  return {
    readText,
    glob: (pattern: string) => {
      const found = globSync(pattern);
      // Open documents not yet saved exist for the editor, so they match too.
      const extra = [...overlay.keys()].filter((p) => !found.includes(p) && matchesPattern(pattern, p));
      return extra.length ? [...found, ...extra].sort(compareBytes) : found;
    },
    exists: (p: string) => overlay.has(p) || fs.existsSync(p),
    // The file a path leads to through symbolic links; the path itself when it is not on disk (an unsaved document).
    realPath: (p: string) => {
      try {
        return fs.realpathSync(p);
      } catch {
        return p;
      }
    },
  };
}

function matchesPattern(pattern: string, file: string): boolean {
  const a = path.resolve(pattern).split(path.sep);
  const b = path.resolve(file).split(path.sep);
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) {
    const re = segmentMatcher(a[i]);
    if (re ? !re.test(b[i]) || (b[i].startsWith('.') && !a[i].startsWith('.')) : a[i] !== b[i]) return false;
  }
  return true;
}
