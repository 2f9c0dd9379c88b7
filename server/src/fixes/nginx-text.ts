/**
 * A small structural reading of nginx text for fixes: statements, their arguments
 * and blocks, with offsets. Fixes need exact places to insert or replace text,
 * and must keep working on files the full parser only saw through a span.
 */

export interface TextArg {
  raw: string;
  start: number;
  end: number;
}

export interface TextDirective {
  name: string;
  /** The first word as written (a map key like `~^https://a\.com$` is the "name" of its entry). */
  readonly head: TextArg;
  readonly args: TextArg[];
  start: number;
  /** Just after the `;` or the closing `}`. */
  end: number;
  block?: { open: number; close: number; children: TextDirective[] };
  parent?: TextDirective;
}

/**
 * Word boundaries of a whole text, start and end of each word in turn. A fix
 * looks at the words of a handful of statements among thousands: a statement
 * keeps where its words are and makes them objects only when asked.
 */
interface WordTable {
  text: string;
  bounds: number[];
}

class Statement implements TextDirective {
  block?: { open: number; close: number; children: TextDirective[] };
  private words?: TextArg[];
  private rest?: TextArg[];
  constructor(
    readonly name: string,
    public start: number,
    public end: number,
    readonly parent: TextDirective | undefined,
    private readonly table: WordTable,
    /** Index in `table.bounds` of the head word's start, and how many words follow it. */
    private readonly first: number,
    private readonly count: number,
  ) {}
  get head(): TextArg {
    return this.all()[0];
  }
  get args(): TextArg[] {
    return (this.rest ??= this.all().slice(1));
  }
  private all(): TextArg[] {
    if (this.words) return this.words;
    const { text, bounds } = this.table;
    const words: TextArg[] = new Array(this.count);
    for (let i = 0; i < this.count; i++) {
      const start = bounds[this.first + 2 * i];
      const end = bounds[this.first + 2 * i + 1];
      words[i] = { raw: text.slice(start, end), start, end };
    }
    return (this.words = words);
  }
}

const cache = new Map<string, TextDirective[]>();

/** JavaScript's `\s`, decided without a regex for ASCII: the reader looks at every character of the file. */
function isBlank(c: number): boolean {
  if (c < 128) return c === 32 || (c >= 9 && c <= 13);
  return /\s/.test(String.fromCharCode(c));
}

const LF = 10;
const DQUOTE = 34;
const HASH = 35;
const DOLLAR = 36;
const SQUOTE = 39;
const SEMI = 59;
const BACKSLASH = 92;
const LBRACE = 123;
const RBRACE = 125;

/** `\s`, `;`, `{` or `}`. */
function endsWord(c: number): boolean {
  return c === SEMI || c === LBRACE || c === RBRACE || isBlank(c);
}

/**
 * The text asked about last, as the very string object last given: fixes ask
 * about one file thousands of times in a row, and comparing a string with
 * itself is immediate, while a copy of the same text read again (another
 * analysis of an unchanged file) is compared character by character, at
 * every lookup, with the cache's own key.
 */
let lastText: string | undefined;
let lastTop: TextDirective[] = [];

export function parseNginxText(text: string): TextDirective[] {
  if (text === lastText) {
    lastText = text;
    return lastTop;
  }
  const top = readNginxText(text);
  lastText = text;
  lastTop = top;
  return top;
}

function readNginxText(text: string): TextDirective[] {
  const hit = cache.get(text);
  if (hit) return hit;
  const top: TextDirective[] = [];
  const stack: Statement[] = [];
  const table: WordTable = { text, bounds: [] };
  const bounds = table.bounds;
  // Where the words of the statement being read begin in `bounds`.
  let first = 0;
  let i = 0;
  const finish = (end: number, opensBlock: boolean): void => {
    if (bounds.length === first) return;
    const parent = stack.length === 0 ? undefined : stack[stack.length - 1];
    const d = new Statement(text.slice(bounds[first], bounds[first + 1]), bounds[first], end, parent, table, first, (bounds.length - first) / 2);
    (parent ? parent.block!.children : top).push(d);
    if (opensBlock) {
      d.block = { open: end - 1, close: text.length, children: [] };
      stack.push(d);
    }
    first = bounds.length;
  };
  const n = text.length;
  while (i < n) {
    const c = text.charCodeAt(i);
    if (isBlank(c)) { i++; continue; }
    if (c === HASH) { while (i < n && text.charCodeAt(i) !== LF) i++; continue; }
    if (c === SEMI) { finish(i + 1, false); i++; continue; }
    if (c === LBRACE) { finish(i + 1, true); i++; continue; }
    if (c === RBRACE) {
      const open = stack.pop();
      if (open?.block) { open.block.close = i; open.end = i + 1; }
      i++;
      continue;
    }
    const start = i;
    if (c === DQUOTE || c === SQUOTE) {
      i++;
      while (i < n && text.charCodeAt(i) !== c) i += text.charCodeAt(i) === BACKSLASH ? 2 : 1;
      i++;
    } else {
      for (let w = c; i < n && !endsWord(w); w = text.charCodeAt(i)) {
        // `${name}` keeps its braces inside the word.
        if (w === DOLLAR && text.charCodeAt(i + 1) === LBRACE) { const close = text.indexOf('}', i); i = close < 0 ? n : close + 1; continue; }
        i += w === BACKSLASH ? 2 : 1;
      }
    }
    bounds.push(start, Math.min(i, n));
  }
  if (cache.size > 64) cache.clear();
  cache.set(text, top);
  return top;
}

/** The innermost directive that starts at `offset`, or else contains it. */
export function directiveAt(text: string, offset: number): TextDirective | undefined {
  let list = parseNginxText(text);
  let found: TextDirective | undefined;
  for (;;) {
    const d = containing(list, offset);
    if (!d) return found;
    found = d;
    if (d.start === offset || !d.block) return d;
    list = d.block.children;
  }
}

/**
 * The statement of a list that contains `offset`. Siblings come in document
 * order and never overlap, so the only candidate is the last one starting at
 * or before it: a binary search, as an http block may hold thousands of servers.
 */
function containing(list: readonly TextDirective[], offset: number): TextDirective | undefined {
  let lo = 0;
  let hi = list.length - 1;
  let best = -1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    if (list[mid].start <= offset) {
      best = mid;
      lo = mid + 1;
    } else hi = mid - 1;
  }
  const d = best < 0 ? undefined : list[best];
  return d && offset < d.end ? d : undefined;
}

/**
 * The word a span points into: an argument inside it, or the head word when the
 * span starts a statement (a map entry's key).
 */
export function wordAt(text: string, start: number, end: number): TextArg | undefined {
  const d = directiveAt(text, start);
  if (!d) return undefined;
  if (d.start === start && !d.block) return d.head;
  for (let cur: TextDirective | undefined = d; cur; cur = cur.parent) {
    const arg = cur.args.find((a) => a.start <= start && end <= a.end);
    if (arg) return arg;
  }
  return undefined;
}

/** The regex of an `if (... ~ regex)` or `if (... ~* regex)` condition, without the closing parenthesis. */
export function ifRegexArg(d: TextDirective): TextArg | undefined {
  if (d.name !== 'if') return undefined;
  const op = d.args.findIndex((a) => /^!?~\*?$/.test(a.raw));
  const arg = op >= 0 ? d.args[op + 1] : undefined;
  if (!arg || arg.raw === ')') return undefined;
  // Unquoted, the `)` sticks to the regex word; nginx strips it, so must we.
  return arg.raw.endsWith(')') && !/^["']/.test(arg.raw) ? { raw: arg.raw.slice(0, -1), start: arg.start, end: arg.end - 1 } : arg;
}

export function lineStart(text: string, offset: number): number {
  return text.lastIndexOf('\n', offset - 1) + 1;
}

export function indentAt(text: string, offset: number): string {
  const from = lineStart(text, offset);
  return /^[ \t]*/.exec(text.slice(from))![0];
}

/** Whether only blanks (and maybe a comment) share the line with [start, end). */
export function aloneOnLine(text: string, start: number, end: number): boolean {
  const before = text.slice(lineStart(text, start), start);
  const nl = text.indexOf('\n', end);
  const after = text.slice(end, nl < 0 ? text.length : nl);
  // A trailing comment belongs to the statement it follows.
  return before.trim() === '' && (after.trim() === '' || after.trim().startsWith('#'));
}

/** One level of indentation as the file writes it (default four spaces). */
export function indentUnit(text: string): string {
  for (const d of parseNginxText(text)) {
    const child = d.block?.children[0];
    if (!child) continue;
    const outer = indentAt(text, d.start);
    const inner = indentAt(text, child.start);
    if (inner.startsWith(outer) && inner.length > outer.length) return inner.slice(outer.length);
  }
  return '    ';
}

/** Quotes a value for nginx when it would otherwise split or end the statement. */
export function quoteArg(value: string, prefer: '"' | "'" | null = null): string {
  const needs = value === '' || /[\s;{}#"']/.test(value) || prefer !== null;
  if (!needs) return value;
  const q = prefer ?? '"';
  return q + value.replace(new RegExp(`[${q}]`, 'g'), `\\${q}`) + q;
}
