import { endsInContinuation, fileEndOffset, fileOffset, forEachLogicalLine, type LogicalLine } from '../parsers/apache/logical-lines';
import { splitWords } from '../parsers/apache/words';

export interface FixArg {
  value: string;
  start: number;
  end: number;
}

/** A directive as fixes need it: its key, its words and their offsets in the file. */
export interface FixDirective {
  key: string;
  start: number;
  /** Just past its last character, as the parser's range ends. */
  end: number;
  nameEnd: number;
  args: FixArg[];
}

const CR = 13;

/** Whether the physical line that ends with the break just before `p` is joined to the next by a backslash. */
function continuedBefore(text: string, p: number): boolean {
  if (p === 0) return false;
  const q = p >= 2 ? text.lastIndexOf('\n', p - 2) + 1 : 0;
  let end = p - 1;
  if (end > q && text.charCodeAt(end - 1) === CR) end--;
  return endsInContinuation(text, q, end);
}

/** Just past the break of the last physical line of the logical line starting at `p`. */
function chainEnd(text: string, p: number): number {
  const n = text.length;
  let pos = p;
  while (pos < n) {
    const nl = text.indexOf('\n', pos);
    if (nl < 0) return n;
    let end = nl;
    if (end > pos && text.charCodeAt(end - 1) === CR) end--;
    const continued = endsInContinuation(text, pos, end);
    pos = nl + 1;
    if (!continued) return pos;
  }
  return n;
}

let nulText: string | undefined;
let nulFound = false;

/**
 * The directive whose text contains `offset`, read from its own logical line
 * alone. Building fixes for a big file asks about thousands of directives, and
 * parsing the whole file for them costs more than the rest of the fixes; the
 * spans asked about come from the parse of this same text, so the line they
 * point into is all that decides the answer. A file the parser refuses (a NUL
 * byte) has no directives, as there.
 */
export function directiveAtOffset(text: string, offset: number): FixDirective | undefined {
  if (nulText !== text) {
    nulText = text;
    nulFound = text.indexOf('\0') >= 0;
  }
  if (nulFound || offset < 0 || offset > text.length) return undefined;
  let p = offset > 0 ? text.lastIndexOf('\n', offset - 1) + 1 : 0;
  while (continuedBefore(text, p)) p = p >= 2 ? text.lastIndexOf('\n', p - 2) + 1 : 0;
  let line: LogicalLine | undefined;
  forEachLogicalLine(text.slice(p, chainEnd(text, p)), (l) => {
    line = l;
  });
  if (!line) return undefined;
  const t = line.text;
  if (t[0] === '#' || t[0] === '<') return undefined;
  const words = splitWords(t);
  const start = p + fileOffset(line, 0);
  const end = p + line.end;
  if (offset < start || offset > end) return undefined;
  const args: FixArg[] = [];
  for (let i = 1; i < words.length; i++) {
    const w = words[i];
    args.push({ value: w.value, start: p + fileOffset(line, w.start), end: p + fileEndOffset(line, w.end) });
  }
  return { key: words[0].value.toLowerCase(), start, end, nameEnd: p + fileEndOffset(line, words[0].end), args };
}

