import type { Finding, Fix, RelatedInfo, TextEdit } from '../core/finding';
import type { Span } from '../core/range';
import type { CorsPolicy } from '../model/cors-policy';
import type { UnitCache, UnitOutcome } from './source';

/**
 * What the edit between two texts of a file changed, in the old text's terms:
 * the whole lines it touched, how far later offsets moved, and whether lines moved.
 */
interface Change {
  /** First offset of the first touched line. */
  zoneStart: number;
  /** The end of the last touched line (its `\n`, or the text's end). */
  zoneEnd: number;
  shift: number;
  linesMoved: boolean;
}

/** Equal blocks are skipped by comparing substrings, which is much faster than a loop over characters. */
const BLOCK = 2048;

function changeBetween(before: string, after: string): Change {
  const limit = Math.min(before.length, after.length);
  let prefix = 0;
  while (prefix + BLOCK <= limit && before.substring(prefix, prefix + BLOCK) === after.substring(prefix, prefix + BLOCK)) prefix += BLOCK;
  while (prefix < limit && before.charCodeAt(prefix) === after.charCodeAt(prefix)) prefix++;
  let suffix = 0;
  const b = before.length;
  const a = after.length;
  while (suffix + BLOCK <= limit - prefix && before.substring(b - suffix - BLOCK, b - suffix) === after.substring(a - suffix - BLOCK, a - suffix)) suffix += BLOCK;
  while (suffix < limit - prefix && before.charCodeAt(b - 1 - suffix) === after.charCodeAt(a - 1 - suffix)) suffix++;
  const oldEnd = b - suffix;
  const newEnd = a - suffix;
  const shift = a - b;
  if (!before.includes('\r') && !after.includes('\r')) {
    const nl = before.indexOf('\n', oldEnd);
    return {
      zoneStart: before.lastIndexOf('\n', prefix - 1) + 1,
      zoneEnd: nl < 0 ? b : nl,
      shift,
      linesMoved: newlines(before, prefix, oldEnd) !== newlines(after, prefix, newEnd),
    };
  }
  // With \r about, a line ends at \n, \r\n or a lone \r: any break in the change (or a \r\n it splits) moves lines.
  const breakAt = (from: number) => {
    const n = before.indexOf('\n', from);
    const r = before.indexOf('\r', from);
    return n < 0 ? (r < 0 ? b : r) : r < 0 ? n : Math.min(n, r);
  };
  const anyBreak = /[\r\n]/;
  return {
    zoneStart: Math.max(before.lastIndexOf('\n', prefix - 1), before.lastIndexOf('\r', prefix - 1)) + 1,
    zoneEnd: breakAt(oldEnd),
    shift,
    linesMoved: anyBreak.test(before.slice(prefix, oldEnd)) || anyBreak.test(after.slice(prefix, newEnd)) || before.charCodeAt(prefix - 1) === 13,
  };
}

function newlines(text: string, from: number, to: number): number {
  let n = 0;
  for (let i = text.indexOf('\n', from); i >= 0 && i < to; i = text.indexOf('\n', i + 1)) n++;
  return n;
}

/** Thrown inside a rebase when a remembered place cannot be carried over: the unit is analysed again. */
const STALE = Symbol('stale');

/**
 * Carries remembered places into the new text. A place on a line the edit
 * touched is stale (fixes read their line's indentation and neighbours); one
 * after the edit moves with it, unless lines moved too (line numbers appear in
 * messages); one before it stays.
 */
class Rebase {
  constructor(
    private readonly file: string,
    private readonly change: Change,
  ) {}

  offsets(start: number, end: number, file: string): number {
    if (file !== this.file) throw STALE;
    if (end < this.change.zoneStart) return 0;
    if (start > this.change.zoneEnd && !this.change.linesMoved) return this.change.shift;
    throw STALE;
  }

  places(list: number[]): number[] {
    let out = list;
    for (let i = 0; i < list.length; i += 2) {
      const by = this.offsets(list[i], list[i + 1], this.file);
      if (by === 0) continue;
      if (out === list) out = list.slice();
      out[i] += by;
      out[i + 1] += by;
    }
    return out;
  }

  span(s: Span): Span {
    const by = this.offsets(s.range.start.offset, s.range.end.offset, s.file);
    if (by === 0) return s;
    const { start, end } = s.range;
    return {
      file: s.file,
      range: { start: { line: start.line, character: start.character, offset: start.offset + by }, end: { line: end.line, character: end.character, offset: end.offset + by } },
    };
  }

  edit(e: TextEdit): TextEdit {
    const by = this.offsets(e.start, e.end, e.file);
    return by === 0 ? e : { file: e.file, start: e.start + by, end: e.end + by, newText: e.newText };
  }

  related(r: RelatedInfo): RelatedInfo {
    const span = this.span(r.span);
    return span === r.span ? r : { span, message: r.message };
  }

  fix(f: Fix): Fix {
    const edits = f.edits.map((e) => this.edit(e));
    return edits.every((e, i) => e === f.edits[i]) ? f : { title: f.title, edits, safe: f.safe };
  }

  finding(f: Finding): Finding {
    const span = this.span(f.span);
    const related = f.related.map((r) => this.related(r));
    const fixes = f.fixes.map((x) => this.fix(x));
    if (span === f.span && related.every((r, i) => r === f.related[i]) && fixes.every((x, i) => x === f.fixes[i])) return f;
    return { ...f, span, related, fixes };
  }
}

interface Entry<X> {
  text: string;
  /** The unit's own text, as the key does not hold it. */
  own: string;
  outcome: UnitOutcome<X>;
  /** Start and end offsets of the places the derived values were made from: they are checked like the findings' places. */
  places: number[];
}

/**
 * Remembers, between runs, what each unit of a source (an nginx server block)
 * produced, so an edit re-analyses only the units it changed. The source names
 * a unit by a key covering everything its analysis reads apart from positions;
 * positions are carried over by `Rebase`, or the unit is analysed again.
 * `derive` turns a policy into what the caller keeps of it (a code lens
 * target), recording the places it used; line and character of those places
 * are kept as they are, only offsets move.
 */
export class UnitMemo<X = never> implements UnitCache<X> {
  private entries = new Map<string, Map<string, Entry<X>>>();
  private readonly next = new Map<string, Map<string, Entry<X>>>();
  private lastChange: { before: string; after: string; change: Change } | undefined;
  private counts = { reused: 0, analysed: 0 };
  /** How many units the last finished run took from the memo and how many it analysed. */
  lastRun = { reused: 0, analysed: 0 };

  constructor(readonly derive: (policy: CorsPolicy, places: Span[]) => X | undefined = () => undefined) {}

  lookup(key: string, file: string, text: string, start: number, end: number): UnitOutcome<X> | undefined {
    const entry = this.entries.get(file)?.get(key);
    // A substring compared with `===` is compared as memory; `startsWith` goes character by character, 30 times slower.
    if (!entry || entry.own.length !== end - start || text.substring(start, end) !== entry.own) return undefined;
    let outcome = entry.outcome;
    let places = entry.places;
    if (entry.text !== text) {
      const rebase = new Rebase(file, this.changeOf(entry.text, text));
      try {
        places = rebase.places(places);
        outcome = { findings: outcome.findings.map((f) => rebase.finding(f)), derived: outcome.derived };
      } catch (error) {
        if (error === STALE) return undefined;
        throw error;
      }
    }
    this.store(key, file, { text, own: entry.own, outcome, places });
    this.counts.reused++;
    return outcome;
  }

  remember(key: string, unit: { file: string; text: string; start: number; end: number }, outcome: UnitOutcome<X>, places: readonly Span[]): void {
    this.counts.analysed++;
    const offsets: number[] = [];
    for (const p of places) {
      if (p.file !== unit.file) return;
      offsets.push(p.range.start.offset, p.range.end.offset);
    }
    this.store(key, unit.file, { text: unit.text, own: unit.text.slice(unit.start, unit.end), outcome, places: offsets });
  }

  /** Ends a run: each file analysed in units keeps the units of this run only. */
  endRun(): void {
    for (const [file, units] of this.next) this.entries.set(file, units);
    this.next.clear();
    this.lastChange = undefined;
    this.lastRun = this.counts;
    this.counts = { reused: 0, analysed: 0 };
  }

  /** Drops what is remembered of a file (deleted, or no longer analysed). */
  forget(file: string): void {
    this.entries.delete(file);
    this.next.delete(file);
  }

  clear(): void {
    this.entries = new Map();
    this.next.clear();
    this.lastChange = undefined;
  }

  private store(key: string, file: string, entry: Entry<X>): void {
    let units = this.next.get(file);
    if (!units) this.next.set(file, (units = new Map()));
    units.set(key, entry);
  }

  /** The units of one file share its text: the change is worked out once per pair. */
  private changeOf(before: string, after: string): Change {
    const last = this.lastChange;
    if (last && last.before === before && last.after === after) return last.change;
    const change = changeBetween(before, after);
    this.lastChange = { before, after, change };
    return change;
  }
}
