import * as fs from 'node:fs';
import * as path from 'node:path';
import type { Finding, Fix, TextEdit } from '../../../../server/src/core/finding';

export const FIXTURE_ROOT = path.resolve(__dirname, '../../../fixtures/rules');
export const DOCS_ROOT = path.resolve(__dirname, '../../../../docs/rules');
export const RULES_ROOT = path.resolve(__dirname, '../../../../server/src/rules');
/** The shared rule catalogue when it is at hand; the repository's index of rule pages mirrors it. */
export const SHARED_CATALOGUE = process.env.CORS_RULES_CATALOGUE ?? '/work/shared/RULES.md';
export const RULES_INDEX = path.join(DOCS_ROOT, 'README.md');

/** Config files a fixture folder holds: nginx `.conf`, Apache, and code fixtures added by other sources. */
const FIXTURE_FILE = /\.(conf|htaccess|js|ts|mjs|py|java|cs|go|rb|php)$/;

export interface ExpectedFinding {
  /** Only when the finding sits in another file than the case (an included snippet): its base name. */
  file?: string;
  ruleId: string;
  messageId: string;
  severity: 'error' | 'warning' | 'info';
  /** 1-based, like an editor shows them; end is exclusive of the last character's column + 1. */
  line: number;
  column: number;
  endLine: number;
  endColumn: number;
  /** Titles of the fixes offered, in order. */
  fixes?: string[];
  data?: Record<string, string>;
  /** Where the related information points (compared when given): base name when another file, 1-based position. */
  related?: { file?: string; line: number; column: number }[];
}

export interface Expectation {
  options?: { trustedOrigins?: string[] };
  findings: ExpectedFinding[];
}

export interface Fixture {
  ruleId: string;
  kind: 'fires' | 'silent';
  file: string;
  expected?: Expectation;
  /** The text after the preferred fixes, for `fires` fixtures of fixable rules. */
  fixedFile?: string;
}

/** Extensions of more than one part: `a.apache.conf` is the case `a` with the extension `.apache.conf`. */
const COMPOUND_EXTENSIONS = ['.apache.conf'];

/** A case's name and extension: `x.apache.conf` → `x` + `.apache.conf`, `x.conf` → `x` + `.conf`. */
export function splitName(name: string): { base: string; ext: string } {
  const ext = COMPOUND_EXTENSIONS.find((e) => name.endsWith(e) && name.length > e.length) ?? path.extname(name);
  return { base: name.slice(0, name.length - ext.length), ext };
}

export function isFixtureFile(name: string): boolean {
  return FIXTURE_FILE.test(name) && !splitName(name).base.endsWith('.fixed') && !name.startsWith('_');
}

export function fixturesOf(ruleId: string, kind: 'fires' | 'silent'): Fixture[] {
  const dir = path.join(FIXTURE_ROOT, ruleId, kind);
  if (!fs.existsSync(dir)) return [];
  return fs
    .readdirSync(dir)
    .filter(isFixtureFile)
    .sort()
    .map((name) => {
      const file = path.join(dir, name);
      const { base, ext } = splitName(name);
      const expectedPath = path.join(dir, `${base}.expected.json`);
      const fixedPath = path.join(dir, `${base}.fixed${ext}`);
      return {
        ruleId,
        kind,
        file,
        expected: fs.existsSync(expectedPath) ? (JSON.parse(fs.readFileSync(expectedPath, 'utf8')) as Expectation) : undefined,
        fixedFile: fs.existsSync(fixedPath) ? fixedPath : undefined,
      };
    });
}

/** Rule ids of a catalogue table, in its order: the backticked id in the first cell of each row. */
export function tableIds(file: string): string[] {
  const text = fs.readFileSync(file, 'utf8');
  return [...text.matchAll(/^\| \[?`([a-z0-9-]+)`/gm)].map((m) => m[1]);
}

type Sev = 'error' | 'warning' | 'info';

/**
 * The catalogue's "default" cell read as two severities: without and with
 * credentials (`error with credentials, else info`, `warning (error with credentials)`, `error`).
 */
export function catalogueSeverity(id: string): { default: Sev; credentialed: Sev } {
  const file = fs.existsSync(SHARED_CATALOGUE) ? SHARED_CATALOGUE : RULES_INDEX;
  const row = fs.readFileSync(file, 'utf8').split('\n').find((l) => new RegExp(`^\\| \\[?\`${id}\``).test(l));
  if (!row) throw new Error(`${id} is not in ${file}`);
  const cell = row.split('|')[2].trim();
  const both = /^(\w+) with credentials, else (\w+)$/.exec(cell);
  if (both) return { default: both[2] as Sev, credentialed: both[1] as Sev };
  const paren = /^(\w+) \((\w+) with credentials\)$/.exec(cell);
  if (paren) return { default: paren[1] as Sev, credentialed: paren[2] as Sev };
  return { default: cell as Sev, credentialed: cell as Sev };
}

export function catalogueIds(): string[] {
  return tableIds(fs.existsSync(SHARED_CATALOGUE) ? SHARED_CATALOGUE : RULES_INDEX);
}

export function toExpected(f: Finding, caseFile?: string): ExpectedFinding {
  return {
    ...(caseFile !== undefined && f.span.file !== caseFile ? { file: path.basename(f.span.file) } : {}),
    ruleId: f.ruleId,
    messageId: f.messageId,
    severity: f.severity,
    line: f.span.range.start.line + 1,
    column: f.span.range.start.character + 1,
    endLine: f.span.range.end.line + 1,
    endColumn: f.span.range.end.character + 1,
    fixes: f.fixes.map((x) => x.title),
  };
}

/** The fix a user gets first: the first safe one, else the first suggestion. */
export function preferredFix(f: Finding): Fix | undefined {
  return f.fixes.find((x) => x.safe) ?? f.fixes[0];
}

/**
 * Applies edits to one file's text. Identical edits (two findings inserting the
 * same map) count once; overlapping different edits are a defect of the fixes.
 */
export function applyEdits(text: string, edits: readonly TextEdit[]): string {
  const unique = [...new Map(edits.map((e) => [`${e.start}:${e.end}:${e.newText}`, e])).values()];
  const ordered = unique.map((e, i) => ({ e, i })).sort((a, b) => b.e.start - a.e.start || b.e.end - a.e.end || b.i - a.i);
  let out = text;
  let limit = Infinity;
  for (const { e } of ordered) {
    if (e.end > limit) throw new Error(`overlapping edits at ${e.start}-${e.end}`);
    out = out.slice(0, e.start) + e.newText + out.slice(e.end);
    limit = e.start;
  }
  return out;
}
