/**
 * Apache reads its configuration in logical lines: a backslash right before the
 * line break (and not itself escaped by another backslash) joins the next
 * physical line, dropping both. This holds inside comments too, so a comment
 * ending in `\` swallows the next line, as `apache2 -t` confirms.
 */
export interface LogicalLine {
  /** The joined text, leading and trailing whitespace removed. */
  text: string;
  /** Offset in the file of each piece of `text`: piece i starts at text index `at[i]`. */
  at: number[];
  offsets: number[];
  /** Offset just past the last character of `text` in the file. */
  end: number;
}

const isSpace = (c: number): boolean => c === 32 || c === 9 || c === 11 || c === 12 || c === 13 || c === 10;

/** A line of one piece starts at index 0 of its text; every such line shares this (read-only) array. */
const ONE_PIECE: number[] = [0];

/**
 * Whether the physical line `[start, end)` of `text` (its break and any CR
 * left out) ends in the backslash that joins it to the next; a doubled
 * backslash is a literal one.
 */
export function endsInContinuation(text: string, start: number, end: number): boolean {
  return end > start && text.charCodeAt(end - 1) === 92 && !(end - 1 > start && text.charCodeAt(end - 2) === 92);
}

/** Calls `visit` for every non-blank logical line, in order, in one pass over the text. */
export function forEachLogicalLine(text: string, visit: (line: LogicalLine) => void): void {
  const n = text.length;
  let pos = 0;
  let parts: string[] = [];
  let at: number[] = [];
  let offsets: number[] = [];
  let length = 0;
  while (pos < n) {
    let nl = text.indexOf('\n', pos);
    const hasBreak = nl >= 0;
    if (!hasBreak) nl = n;
    let end = nl;
    if (hasBreak && end > pos && text.charCodeAt(end - 1) === 13) end--;
    const continued = hasBreak && endsInContinuation(text, pos, end);
    const pieceEnd = continued ? end - 1 : end;
    const next = hasBreak ? nl + 1 : n;
    if (parts.length === 0 && !(continued && next < n)) {
      // Most lines are one piece: trimmed in place, with no joined copy and no piece lists of their own.
      single(text, pos, pieceEnd, visit);
      pos = next;
      continue;
    }
    parts.push(text.slice(pos, pieceEnd));
    at.push(length);
    offsets.push(pos);
    length += pieceEnd - pos;
    pos = next;
    if (continued && pos < n) continue;
    emit(parts.join(''), at, offsets, visit);
    parts = [];
    at = [];
    offsets = [];
    length = 0;
  }
  if (parts.length) emit(parts.join(''), at, offsets, visit);
}

function single(text: string, from: number, to: number, visit: (line: LogicalLine) => void): void {
  let s = from;
  let e = to;
  while (s < e && isSpace(text.charCodeAt(s))) s++;
  while (e > s && isSpace(text.charCodeAt(e - 1))) e--;
  if (s === e) return;
  visit({ text: text.slice(s, e), at: ONE_PIECE, offsets: [s], end: e });
}

function emit(raw: string, at: number[], offsets: number[], visit: (line: LogicalLine) => void): void {
  let s = 0;
  let e = raw.length;
  while (s < e && isSpace(raw.charCodeAt(s))) s++;
  while (e > s && isSpace(raw.charCodeAt(e - 1))) e--;
  if (s === e) return;
  const line: LogicalLine = { text: raw.slice(s, e), at: [], offsets: [], end: 0 };
  // Re-base the pieces on the trimmed text.
  for (let i = 0; i < at.length; i++) {
    const nextAt = i + 1 < at.length ? at[i + 1] : raw.length;
    if (nextAt <= s && i + 1 < at.length) continue;
    const from = Math.max(at[i], s);
    line.at.push(from - s);
    line.offsets.push(offsets[i] + (from - at[i]));
  }
  line.end = fileOffset(line, line.text.length - 1) + 1;
  visit(line);
}

/** The file offset of character `index` of a logical line (`index` may equal the length). */
export function fileOffset(line: LogicalLine, index: number): number {
  const at = line.at;
  if (at.length === 1) return line.offsets[0] + index;
  let k = at.length - 1;
  while (k > 0 && at[k] > index) k--;
  return line.offsets[k] + (index - at[k]);
}

/** File offset just past character `index - 1`: the end of a token that ends at `index`. */
export function fileEndOffset(line: LogicalLine, index: number): number {
  return index <= 0 ? fileOffset(line, 0) : fileOffset(line, index - 1) + 1;
}
