/** One word as `ap_getword_conf` reads it, with its place in the logical line. */
export interface Word {
  value: string;
  start: number;
  end: number;
  quote: '"' | "'" | null;
  /** A quoted word whose closing quote is missing: Apache takes the rest of the line. */
  unterminated: boolean;
}

const isSpace = (c: number): boolean => c === 32 || c === 9 || c === 13 || c === 10 || c === 11 || c === 12;

/**
 * Splits `text[from, to)` into words the way httpd does: a word starting with
 * a quote runs to the matching quote (inside, `\<quote>` and `\\` are escapes);
 * any other word runs to whitespace, with `\\` read as one backslash.
 */
export function splitWords(text: string, from = 0, to = text.length): Word[] {
  const words: Word[] = [];
  let i = from;
  while (i < to) {
    while (i < to && isSpace(text.charCodeAt(i))) i++;
    if (i >= to) break;
    const start = i;
    const q = text[i];
    if (q === '"' || q === "'") {
      let j = i + 1;
      while (j < to && text[j] !== q) j += text[j] === '\\' && j + 1 < to && (text[j + 1] === q || text[j + 1] === '\\') ? 2 : 1;
      const unterminated = j >= to;
      words.push({ value: unescape(text.slice(i + 1, Math.min(j, to)), q), start, end: unterminated ? to : j + 1, quote: q, unterminated });
      i = unterminated ? to : j + 1;
      continue;
    }
    let j = i;
    while (j < to && !isSpace(text.charCodeAt(j))) j++;
    words.push({ value: unescape(text.slice(i, j), null), start, end: j, quote: null, unterminated: false });
    i = j;
  }
  return words;
}

function unescape(s: string, quote: string | null): string {
  if (s.indexOf('\\') < 0) return s;
  let out = '';
  for (let i = 0; i < s.length; i++) {
    if (s[i] === '\\' && (s[i + 1] === '\\' || (quote !== null && s[i + 1] === quote))) out += s[++i];
    else out += s[i];
  }
  return out;
}
