/**
 * Splits nginx configuration text into words and punctuation exactly as
 * nginx's own reader (`ngx_conf_read_token`) does, keeping offsets.
 *
 * Behaviour copied from nginx as observed with `nginx -t` (see the unit tests):
 * a `#` starts a comment only where a word may start; `;` and `{` end a bare
 * word, `}` does not (`a}` is one word); a backslash protects the next character
 * anywhere; after a closing quote only a space, `;`, `{` or `)` may follow, and
 * that `)` starts a new word (how `if ($a = "b")` ends); `${` does not end a word.
 */

export type TokenKind = 'word' | ';' | '{' | '}' | 'eof';

export interface LexError {
  message: string;
  start: number;
  end: number;
}

export interface LexComment {
  text: string;
  start: number;
  end: number;
}

const SPACE = 32;
const TAB = 9;
const LF = 10;
const CR = 13;
const HASH = 35;
const SEMI = 59;
const LBRACE = 123;
const RBRACE = 125;
const BACKSLASH = 92;
const DQUOTE = 34;
const SQUOTE = 39;
const DOLLAR = 36;
const RPAREN = 41;

/**
 * nginx reads its configuration through a 4096-byte buffer and fails with
 * "too long parameter" when a word, a quoted string or a comment, together
 * with the characters it reads before it notices the word has ended, does
 * not fit in it (measured: a bare word of 4095 bytes passes before `;`, fails
 * before a space; a quoted string passes with 4094 bytes inside; a comment
 * with 4094 bytes after `#`).
 */
export const NGINX_CONF_BUFFER = 4096;

function isSpace(c: number): boolean {
  return c === SPACE || c === TAB || c === LF || c === CR;
}

/**
 * `next()` answers the kind of the token it read and leaves the token's
 * details in the lexer's fields until the next call: a large file has
 * hundreds of thousands of tokens, and the parser keeps none of them.
 */
export class Lexer {
  pos = 0;
  readonly comments: LexComment[] = [];
  readonly errors: LexError[] = [];
  /** Offsets of the last token, quotes included. */
  start = 0;
  end = 0;
  /** Of the last word: */
  quote: '"' | "'" | null = null;
  value = '';
  /** Offset in the text of each character of `value`; undefined when value is the text between `start`/`end` (minus quotes) verbatim. */
  offsets: number[] | undefined = undefined;
  /** First word on its line (only whitespace or a comment before it on that line). */
  startsLine = false;
  /** A string whose closing quote is missing, cut at the end of its line (already reported). */
  unterminated = false;
  private sawNewline = true;
  /** Per quote character: an offset from which no closing quote of that kind exists (see readQuoted). */
  private readonly unterminatedFrom = new Map<number, number>();

  constructor(readonly text: string) {}

  /** Continues reading at `offset` (after a body read by another reader, e.g. Lua). */
  skipTo(offset: number, atLineStart = false): void {
    this.pos = offset;
    this.sawNewline = atLineStart;
  }

  next(): TokenKind {
    const text = this.text;
    const n = text.length;
    for (;;) {
      let i = this.pos;
      while (i < n) {
        const c = text.charCodeAt(i);
        if (!isSpace(c)) break;
        if (c === LF || c === CR) this.sawNewline = true;
        i++;
      }
      this.pos = i;
      if (i >= n) {
        this.start = this.end = n;
        return 'eof';
      }
      const c = text.charCodeAt(i);
      if (c === HASH) {
        // nginx ends a comment at LF only; a lone CR stays inside it.
        let e = i + 1;
        while (e < n && text.charCodeAt(e) !== LF) e++;
        let te = e;
        if (te > i + 1 && text.charCodeAt(te - 1) === CR) te--;
        this.comments.push({ text: text.slice(i + 1, te), start: i, end: te });
        this.checkLength(i, e, i, te, 'comment');
        this.pos = e;
        continue;
      }
      const startsLine = this.sawNewline;
      this.sawNewline = false;
      if (c === SEMI || c === LBRACE || c === RBRACE) {
        this.pos = i + 1;
        this.start = i;
        this.end = i + 1;
        return c === SEMI ? ';' : c === LBRACE ? '{' : '}';
      }
      if (c === DQUOTE || c === SQUOTE) this.readQuoted(i, c, startsLine);
      else this.readBare(i, startsLine);
      return 'word';
    }
  }

  /**
   * Reports a word nginx cannot hold: `from` is where nginx's current word
   * starts, `read` the last character it reads while that word is still
   * current (nothing to check when that is past the end of the file).
   */
  private checkLength(from: number, read: number, start: number, end: number, what: string): void {
    if (read >= this.text.length) return;
    const units = read - from;
    // UTF-16 units are at most 3 bytes each: short spans need no byte count.
    if (units * 3 < NGINX_CONF_BUFFER) return;
    const bytes = Buffer.byteLength(this.text.slice(from, read), 'utf8');
    if (bytes < NGINX_CONF_BUFFER) return;
    this.errors.push({ message: `${what} too long for nginx ("too long parameter"): with what follows it, it exceeds nginx's ${NGINX_CONF_BUFFER}-byte read buffer`, start, end });
  }

  private readBare(start: number, startsLine: boolean): void {
    const text = this.text;
    const n = text.length;
    let i = start;
    let variable = false;
    let escaped = false;
    while (i < n) {
      const c = text.charCodeAt(i);
      if (c === BACKSLASH) {
        escaped = true;
        variable = false;
        i += 2;
        continue;
      }
      if (c === LBRACE && variable) {
        i++;
        continue;
      }
      variable = c === DOLLAR;
      if (isSpace(c) || c === SEMI || c === LBRACE) break;
      i++;
    }
    if (i > n) i = n;
    this.pos = i;
    // After a space nginx reads one more character before it starts the next word.
    this.checkLength(start, i < n && isSpace(text.charCodeAt(i)) ? i + 1 : i, start, i, 'word');
    this.word(start, i, start, i, null, escaped, startsLine);
  }

  private readQuoted(start: number, q: number, startsLine: boolean): void {
    const text = this.text;
    const n = text.length;
    const quote = q === DQUOTE ? '"' : "'";
    let i = start + 1;
    let escaped = false;
    const known = this.unterminatedFrom.get(q);
    // Once a string of this quote kind runs to the end of the file, so does every later one:
    // a later opening quote can only have been skipped as escaped, and an escaped quote cannot open a string.
    if (known === undefined || start < known) {
      while (i < n) {
        const c = text.charCodeAt(i);
        if (c === BACKSLASH) {
          escaped = true;
          i += 2;
          continue;
        }
        if (c === q) break;
        i++;
      }
    } else i = n;
    if (i >= n) {
      if (known === undefined || start < known) this.unterminatedFrom.set(q, start);
      // Recovery: the string ends with its line, and reading goes on with the next line.
      let e = start + 1;
      while (e < n && text.charCodeAt(e) !== LF && text.charCodeAt(e) !== CR) e++;
      this.errors.push({ message: `unterminated ${quote === '"' ? 'double' : 'single'}-quoted string: the closing ${quote} is missing`, start, end: e });
      this.pos = e;
      this.word(start, e, start + 1, e, quote, text.slice(start + 1, e).includes('\\'), startsLine);
      this.unterminated = true;
      return;
    }
    const end = i + 1;
    this.pos = end;
    this.checkLength(start + 1, end < n && isSpace(text.charCodeAt(end)) ? end + 1 : end, start, end, 'quoted string');
    if (end < n) {
      const c = text.charCodeAt(end);
      if (!isSpace(c) && c !== SEMI && c !== LBRACE && c !== RPAREN) {
        const ch = String.fromCharCode(c);
        this.errors.push({ message: `unexpected "${ch}" after a quoted string: a space, ";" or "{" must follow it`, start: end, end: end + 1 });
      }
    }
    this.word(start, end, start + 1, i, quote, escaped, startsLine);
  }

  private word(start: number, end: number, vs: number, ve: number, quote: '"' | "'" | null, escaped: boolean, startsLine: boolean): void {
    this.start = start;
    this.end = end;
    this.quote = quote;
    this.startsLine = startsLine;
    this.unterminated = false;
    if (!escaped) {
      this.value = this.text.slice(vs, ve);
      this.offsets = undefined;
      return;
    }
    const { value, offsets } = unescape(this.text, vs, ve);
    this.value = value;
    this.offsets = offsets;
  }
}

/** nginx's escape rules: `\"`, `\'`, `\\` lose the backslash, `\t` `\r` `\n` become controls, any other backslash stays. */
function unescape(text: string, from: number, to: number): { value: string; offsets: number[] } {
  const out: string[] = [];
  const offsets: number[] = [];
  let i = from;
  while (i < to) {
    const c = text.charCodeAt(i);
    if (c === BACKSLASH && i + 1 < to) {
      const d = text[i + 1];
      if (d === '"' || d === "'" || d === '\\') {
        out.push(d);
        offsets.push(i);
        i += 2;
        continue;
      }
      const ctl = d === 't' ? '\t' : d === 'r' ? '\r' : d === 'n' ? '\n' : null;
      if (ctl !== null) {
        out.push(ctl);
        offsets.push(i);
        i += 2;
        continue;
      }
    }
    out.push(text[i]);
    offsets.push(i);
    i++;
  }
  return { value: out.join(''), offsets };
}
