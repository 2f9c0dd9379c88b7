import * as path from 'node:path';
import { pathToFileURL } from 'node:url';

/** A path for people: relative to the scan root when inside it, with `/` separators. */
export function displayPath(root: string, file: string): string {
  const rel = path.relative(root, file);
  if (rel === '' || rel.startsWith('..') || path.isAbsolute(rel)) return file.split(path.sep).join('/');
  return rel.split(path.sep).join('/');
}

/**
 * `displayPath` for one root, remembered per file: a report names the same few
 * files on thousands of findings and related places.
 */
export function displayPaths(root: string): (file: string) => string {
  const known = new Map<string, string>();
  return (file) => {
    let shown = known.get(file);
    if (shown === undefined) known.set(file, (shown = displayPath(root, file)));
    return shown;
  };
}

/** Whether `file` lies inside `root` (so it can be written relative to it). */
export function isInside(root: string, file: string): boolean {
  const rel = path.relative(root, file);
  return rel !== '' && !rel.startsWith('..') && !path.isAbsolute(rel);
}

/** A relative URI reference (each segment percent-encoded) for a file inside `root`. */
export function relativeUri(root: string, file: string): string {
  return path.relative(root, file).split(path.sep).map(encodeURIComponent).join('/');
}

/** `file:///…/` for a folder, with the trailing slash SARIF base URIs need. */
export function folderUri(folder: string): string {
  const href = pathToFileURL(folder).href;
  return href.endsWith('/') ? href : href + '/';
}

export function fileUri(file: string): string {
  return pathToFileURL(file).href;
}
