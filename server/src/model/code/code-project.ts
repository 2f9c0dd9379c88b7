import * as path from 'node:path';
import type { Tree } from '@vscode/tree-sitter-wasm';
import type { FileHost } from '../../engine/source';
import { type CodeLanguage, languageForPath, parseCode } from '../../parsers/code/tree-sitter';
import { type DependencyVersions, readDependencyVersions } from './dependency-versions';

export interface CodeFile {
  path: string;
  text: string;
  lang: CodeLanguage;
  tree: Tree;
}

/**
 * The files of one analysis, parsed lazily: extractors follow imports into
 * sibling modules that were never claimed as CORS-relevant on their own.
 */
export class CodeProject {
  private readonly cache = new Map<string, CodeFile | null>();
  private readonly versionCache = new Map<string, DependencyVersions>();
  /** Files that were read, for dependency tracking. */
  readonly touched = new Set<string>();

  constructor(readonly host: FileHost) {}

  /** The parsed file, or undefined when it is missing, unreadable or not code. */
  file(file: string): CodeFile | undefined {
    const cached = this.cache.get(file);
    if (cached !== undefined) return cached ?? undefined;
    const lang = languageForPath(file);
    let result: CodeFile | null = null;
    if (lang && this.host.exists(file)) {
      try {
        const text = this.host.readText(file);
        result = { path: file, text, lang, tree: parseCode(text, lang) };
        this.touched.add(file);
      } catch {
        result = null;
      }
    }
    this.cache.set(file, result);
    return result ?? undefined;
  }

  /**
   * Deletes the parsed trees: they live in the parser's WebAssembly memory,
   * which the garbage collector does not see, so a language server that
   * re-analyses on every edit would otherwise grow with each analysis.
   */
  release(): void {
    for (const file of this.cache.values()) file?.tree.delete();
    this.cache.clear();
  }

  /** Resolves a relative JS/TS import or a Python module path to a file of the project. */
  resolveImport(from: CodeFile, specifier: string): CodeFile | undefined {
    const dir = path.dirname(from.path);
    if (from.lang === 'python') {
      const dots = /^\.*/.exec(specifier)![0].length;
      const rest = specifier.slice(dots).split('.').filter(Boolean);
      let base = dots > 0 ? dir : this.pythonRoot(from.path);
      for (let i = 1; i < dots; i++) base = path.dirname(base);
      const stem = path.join(base, ...rest);
      return this.file(`${stem}.py`) ?? this.file(path.join(stem, '__init__.py'));
    }
    if (!specifier.startsWith('.')) return undefined;
    const stem = path.resolve(dir, specifier);
    const candidates = [stem, ...['.ts', '.tsx', '.js', '.mjs', '.cjs', '.jsx'].flatMap((ext) => [stem + ext, path.join(stem, `index${ext}`)])];
    for (const candidate of candidates) {
      if (languageForPath(candidate)) {
        const found = this.file(candidate);
        if (found) return found;
      }
    }
    // `./x.js` written in TypeScript sources refers to `./x.ts`.
    if (/\.(c|m)?js$/.test(stem)) return this.file(stem.replace(/\.(c|m)?js$/, '.ts'));
    return undefined;
  }

  /** Versions of the dependencies that govern a file (nearest manifest or lock file upwards). */
  versions(file: string): DependencyVersions {
    const dir = path.dirname(file);
    let found = this.versionCache.get(dir);
    if (!found) {
      found = readDependencyVersions(dir, this.host);
      this.versionCache.set(dir, found);
    }
    return found;
  }

  /** The folder Python absolute imports start from: the highest folder above that still has `__init__.py`, else the file's own. */
  private pythonRoot(file: string): string {
    let dir = path.dirname(file);
    while (this.host.exists(path.join(dir, '__init__.py')) && path.dirname(dir) !== dir) dir = path.dirname(dir);
    return dir;
  }
}
