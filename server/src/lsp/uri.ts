import * as path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

/** `file:///srv/nginx.conf` → `/srv/nginx.conf`; `undefined` for other schemes (untitled, git, ...). */
export function uriToPath(uri: string): string | undefined {
  if (!uri.startsWith('file:')) return undefined;
  try {
    return path.normalize(fileURLToPath(uri));
  } catch {
    return undefined;
  }
}

/**
 * `/srv/nginx.conf` → `file:///srv/nginx.conf`. The URI of an open document is kept
 * as the client spelled it, so diagnostics land on the same document.
 */
export function pathToUri(file: string, openUris?: ReadonlyMap<string, string>): string {
  return openUris?.get(file) ?? pathToFileURL(file).href;
}

/** Whether `file` lies inside `folder` (or is it). */
export function isInside(folder: string, file: string): boolean {
  const rel = path.relative(folder, file);
  return rel === '' || (!rel.startsWith('..') && !path.isAbsolute(rel));
}
