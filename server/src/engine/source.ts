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
  /**
   * Given a unit cache, a source may hand over its policies in units (an nginx
   * server block each): the rules then run per unit, and a unit the cache knows
   * is not analysed at all. These policies are not in `policies`.
   */
  units?: SourceUnit[];
}

/** Where a policy sorts among the others: file, then position, then id. */
export interface PolicyOrder {
  file: string;
  line: number;
  character: number;
  id: string;
}

/** What the caller derived from one policy (a code lens target in the editor), with the policy's place in the order. */
export interface Derived<X = unknown> {
  order: PolicyOrder;
  value: X;
}

/** What a unit's analysis produced, as a unit cache keeps it. */
export interface UnitOutcome<X = unknown> {
  findings: Finding[];
  derived: Derived<X>[];
}

/**
 * A part of a source's result that depends on nothing outside it but what its
 * key says: the rules run on its policies alone. Places it shares with other
 * units (an outer level's directives) are reported once, as a single run would.
 */
export interface SourceUnit {
  /** Everything the unit's analysis reads apart from positions and its own text (`text` from `start` to `end`). */
  key: string;
  file: string;
  /** The file's text the unit was read from. */
  text: string;
  start: number;
  end: number;
  policies: CorsPolicy[];
  /** Set when the cache had the unit: `policies` is then empty. */
  reused?: UnitOutcome;
}

/**
 * Remembered units, looked up by key and by their own text (`text` from `start`
 * to `end`, compared in place); positions are carried into the current text,
 * or nothing is returned.
 */
export interface UnitCache<X = unknown> {
  lookup(key: string, file: string, text: string, start: number, end: number): UnitOutcome<X> | undefined;
}

/** One kind of input (nginx, Apache, a language): finds its files and turns them into policies. */
export interface SourceAnalyzer {
  id: string;
  /** One-time asynchronous set-up (loading parsers); callers await it before `analyze`. */
  init?(): Promise<void>;
  /** Whether a file belongs to this source, from its path and (for extensionless or ambiguous files) its text. */
  claims(path: string, head: string): boolean;
  /** Analyses the claimed files together (includes resolved among and beyond them). */
  analyze(files: string[], host: FileHost, units?: UnitCache): SourceResult;
}
