import * as path from 'node:path';
import { compilePathPattern, type PathPattern } from '../engine/path-pattern';

/**
 * Decides whether a file of a workspace folder is analysed, from the settings
 * `include` and `exclude` (the same patterns the command line takes), so an
 * opened file obeys them as a scanned one does.
 */
export class PathFilter {
  private readonly include: PathPattern[];
  private readonly exclude: PathPattern[];

  constructor(private readonly folder: string, include: readonly string[], exclude: readonly string[]) {
    this.include = include.map(compilePathPattern);
    this.exclude = exclude.map(compilePathPattern);
  }

  accepts(file: string): boolean {
    const rel = path.relative(this.folder, file).split(path.sep).join('/');
    // Files outside the folder (an absolute include) are judged by their name alone.
    const subject = rel.startsWith('..') ? path.basename(file) : rel;
    if (this.exclude.some((p) => p.matches(subject))) return false;
    return this.include.length === 0 || this.include.some((p) => p.matches(subject));
  }
}
