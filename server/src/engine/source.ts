import type { Finding } from '../core/finding';
import type { CorsPolicy } from '../model/cors-policy';
import type { FixProvider } from '../rules/rule';

/** Reads files for a source; the LSP server overlays open documents. */
export interface FileHost {
  /** Returns the text, or throws an Error whose message says why (missing, binary, too large, unreadable). */
  readText(path: string): string;
  /** Absolute paths matching a glob pattern (nginx/Apache include semantics: `*`, `?`, `[...]`). */
  glob(pattern: string): string[];
  exists(path: string): boolean;
}

export interface SourceResult {
  policies: CorsPolicy[];
  /** Syntax errors, missing includes, cycles, unreadable files: as findings under reserved ids. */
  problems: Finding[];
  /** file → files it includes (directly), so editors re-analyse includers when an included file changes. */
  includes: Map<string, string[]>;
  /** Every file that was read for this result. */
  files: string[];
  /** Comments per file, for suppression handling: line (0-based) → comment text. */
  comments: Map<string, { line: number; text: string }[]>;
  fixer: FixProvider;
  /** Frees what the source holds outside the JavaScript heap (parser trees) once the rules have run. */
  release?(): void;
}

/** One kind of input (nginx, Apache, a language): finds its files and turns them into policies. */
export interface SourceAnalyzer {
  id: string;
  /** One-time asynchronous set-up (loading parsers); callers await it before `analyze`. */
  init?(): Promise<void>;
  /** Whether a file belongs to this source, from its path and (for extensionless or ambiguous files) its text. */
  claims(path: string, head: string): boolean;
  /** Analyses the claimed files together (includes resolved among and beyond them). */
  analyze(files: string[], host: FileHost): SourceResult;
}
