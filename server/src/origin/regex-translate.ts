import type { RegexFlavor } from '../model/origin-matcher';

/**
 * Rewrites a pattern written for another engine into ECMAScript syntax that regexpp
 * parses, keeping that engine's meaning. Anchors ECMAScript cannot express (`\A`,
 * `\z`, `\Z`) become lookaheads on private-use sentinels that the compiler turns
 * back into the right assertion; no real Origin contains those characters.
 */

export const SENTINEL_START = '\uE000';
export const SENTINEL_END = '\uE001';
export const SENTINEL_END_OR_FINAL_NEWLINE = '\uE002';
/** Marks the repeat just before it as possessive (`a*+`). */
export const SENTINEL_POSSESSIVE = '\uE003';
/** Marks the group it starts as atomic (`(?>...)`). */
export const SENTINEL_ATOMIC = '\uE004';

export interface Translated {
  source: string;
  /** Flags that apply to the whole pattern (from the matcher or a leading `(?i)`). */
  ignoreCase: boolean;
  multiline: boolean;
  dotAll: boolean;
  /** Holds possessive repeats or atomic groups, which only the backtracker honours. */
  hasAtomicParts: boolean;
}

export type TranslateResult = { ok: true; value: Translated } | { ok: false; problem: string };

class Unsupported extends Error {}

const POSIX_CLASSES: Record<string, string> = {
  alpha: 'a-zA-Z', digit: '0-9', alnum: 'a-zA-Z0-9', upper: 'A-Z', lower: 'a-z',
  space: ' \\t\\n\\r\\f\\v', word: '\\w', xdigit: '0-9a-fA-F', punct: '!-\\/:-@\\[-`{-~',
  blank: ' \\t', cntrl: '\\x00-\\x1f\\x7f', print: ' -~', graph: '!-~',
};

interface Frame {
  /** Modifier groups opened for a mid-group `(?i)` that close with this group. */
  pending: string[];
}

/** Flags letters of an inline group, mapped to ECMAScript modifier letters. */
function mapFlags(letters: string, flavor: RegexFlavor): { add: string; remove: string; verbose?: boolean } {
  let add = '';
  let remove = '';
  let verbose: boolean | undefined;
  let negative = false;
  for (const ch of letters) {
    if (ch === '-') { negative = true; continue; }
    let mapped: string | undefined;
    if (ch === 'i') mapped = 'i';
    else if (ch === 'm') mapped = flavor === 'ruby' ? 's' : 'm';
    else if (ch === 's' && flavor !== 'ruby') mapped = 's';
    else if (ch === 'x') { verbose = !negative; continue; }
    else if ('auLJn'.includes(ch)) continue; // character-set and naming options: no effect on ASCII origins
    else throw new Unsupported(`inline flag '${ch}'`);
    if (negative) remove += mapped; else add += mapped;
  }
  return { add, remove, verbose };
}

function escapeLiteral(text: string): string {
  return text.replace(/[\\^$.*+?()[\]{}|\/-]/g, '\\$&');
}

/** Letter escapes each engine knows; any other letter after a backslash is a compile error there. */
const KNOWN_LETTER_ESCAPES: Partial<Record<RegexFlavor, { outside: string; inside: string }>> = {
  python: { outside: 'abBdDfnrsStvwWZAxuUN', inside: 'abdDfnrsStvwWxuUN' },
  go: { outside: 'abBdDfnrsStvwWAzxpPQE', inside: 'adDfnrsStvwWxpP' },
};

function translateEscape(next: string, flavor: RegexFlavor, inClass: boolean): string {
  const known = KNOWN_LETTER_ESCAPES[flavor];
  if (known && /[A-Za-z]/.test(next) && !(inClass ? known.inside : known.outside).includes(next)) {
    throw new Unsupported(`escape \\${next} (refused by ${flavor === 'go' ? 'Go' : 'Python'})`);
  }
  switch (next) {
    case 'A': return inClass ? 'A' : `(?=${SENTINEL_START})`;
    case 'z': return inClass ? 'z' : `(?=${SENTINEL_END})`;
    case 'Z':
      if (inClass) return 'Z';
      // Python's \Z is the absolute end; elsewhere it also allows one final newline.
      return flavor === 'python' ? `(?=${SENTINEL_END})` : `(?=${SENTINEL_END_OR_FINAL_NEWLINE})`;
    case 'h': return flavor === 'ruby' ? (inClass ? '0-9a-fA-F' : '[0-9a-fA-F]') : (inClass ? ' \\t\\xa0' : '[ \\t\\xa0]');
    case 'e': return '\\x1b';
    case 'a': return '\\x07';
    case 'G': case 'K': case 'R': case 'X': case 'C': case 'N':
      throw new Unsupported(`escape \\${next}`);
    case 'p': case 'P': throw new Unsupported(`Unicode property escape \\${next}`);
    default:
      // RE2 refuses backreferences: such a Go program never starts.
      if (flavor === 'go' && /[1-9]/.test(next) && !inClass) throw new Unsupported('backreference (not valid in Go)');
      return '\\' + next;
  }
}

/** Reads a `{n}`, `{n,}`, `{n,m}` quantifier at `i`, or returns undefined when `{` is a literal. */
function readBraces(src: string, i: number, flavor: RegexFlavor): string | undefined {
  const m = /^\{\d+(,\d*)?\}/.exec(src.slice(i, i + 24));
  if (m) return m[0];
  // Python and Ruby also read `{,m}` as "at most m".
  const upTo = /^\{,(\d+)\}/.exec(src.slice(i, i + 24));
  return upTo && (flavor === 'python' || flavor === 'ruby') ? `{0,${upTo[1]}}` : undefined;
}

export function translatePattern(pattern: string, flavor: RegexFlavor, caseInsensitive: boolean): TranslateResult {
  try {
    return { ok: true, value: translate(pattern, flavor, caseInsensitive) };
  } catch (e) {
    if (e instanceof Unsupported) return { ok: false, problem: `unsupported: ${e.message}` };
    throw e;
  }
}

function translate(src: string, flavor: RegexFlavor, caseInsensitive: boolean): Translated {
  const result: Translated = { source: src, ignoreCase: caseInsensitive, multiline: false, dotAll: false, hasAtomicParts: false };
  if (flavor === 'js') return result;
  let out = '';
  let i = 0;
  let verbose = false;
  const frames: Frame[] = [{ pending: [] }];
  let atStart = true;
  let groups = 0;
  let highestBackref = 0;
  let lastWasQuantifiable = false;

  const afterQuantifier = (): void => {
    // A trailing `+` makes the quantifier possessive: read it as greedy and remember.
    if (src[i] === '+' && flavor !== 'go') { result.hasAtomicParts = true; out += `(?=${SENTINEL_POSSESSIVE})`; i++; }
    else if (src[i] === '?') { out += '?'; i++; }
    lastWasQuantifiable = false;
  };

  while (i < src.length) {
    const c = src[i];
    if (verbose && /\s/.test(c)) { i++; continue; }
    if (verbose && c === '#') { while (i < src.length && src[i] !== '\n') i++; continue; }
    if (c === '\\') {
      const next = src[i + 1];
      if (next === undefined) throw new Unsupported('trailing backslash');
      if (next === 'Q' && flavor !== 'python' && flavor !== 'ruby') {
        const end = src.indexOf('\\E', i + 2);
        const literal = src.slice(i + 2, end < 0 ? src.length : end);
        out += escapeLiteral(literal);
        i = end < 0 ? src.length : end + 2;
        lastWasQuantifiable = literal.length > 0;
        atStart = false;
        continue;
      }
      if (next === 'x' && src[i + 2] === '{') {
        const close = src.indexOf('}', i + 3);
        const code = parseInt(src.slice(i + 3, close), 16);
        if (close < 0 || !(code >= 0) || code > 0xffff) throw new Unsupported('\\x{...} escape');
        out += '\\u' + code.toString(16).padStart(4, '0');
        i = close + 1;
      } else {
        if (/[1-9]/.test(next)) highestBackref = Math.max(highestBackref, Number(next));
        out += translateEscape(next, flavor, false);
        i += 2;
      }
      // Anchors cannot be repeated in these engines.
      lastWasQuantifiable = !'bBAzZG'.includes(next);
      atStart = false;
      continue;
    }
    if (c === '[') {
      const { text, end } = readClass(src, i, flavor);
      out += text;
      i = end;
      lastWasQuantifiable = true;
      atStart = false;
      continue;
    }
    if (c === '(') {
      // Nothing inside a group can repeat what came before it.
      lastWasQuantifiable = false;
      if (src[i + 1] !== '?') { groups++; frames.push({ pending: [] }); out += '('; i++; atStart = false; continue; }
      const rest = src.slice(i + 2);
      let m: RegExpExecArray | null;
      const pythonNames = flavor === 'python' || flavor === 'go' || flavor === 'pcre';
      if ((pythonNames && (m = /^P<([A-Za-z_]\w*)>/.exec(rest))) || (flavor !== 'python' && (m = /^'([A-Za-z_]\w*)'/.exec(rest)))) {
        groups++; frames.push({ pending: [] }); out += `(?<${m[1]}>`; i += 2 + m[0].length; atStart = false; continue;
      }
      if ((m = /^P=([A-Za-z_]\w*)\)/.exec(rest))) {
        out += `\\k<${m[1]}>`; i += 2 + m[0].length; lastWasQuantifiable = true; atStart = false; continue;
      }
      if (rest.startsWith('#')) {
        const close = src.indexOf(')', i);
        if (close < 0) throw new Unsupported('unterminated comment');
        i = close + 1; continue;
      }
      if (rest.startsWith('>')) {
        if (flavor === 'go') throw new Unsupported('atomic group (not valid in Go)');
        result.hasAtomicParts = true; frames.push({ pending: [] }); out += `(?:(?=${SENTINEL_ATOMIC})`; i += 3; atStart = false; continue;
      }
      if ((m = /^([a-zA-Z]*(?:-[a-zA-Z]*)?)([:)])/.exec(rest)) && m[1].length > 0) {
        const flags = mapFlags(m[1], flavor);
        if (flags.verbose !== undefined) verbose = flags.verbose;
        if (m[2] === ':') {
          frames.push({ pending: [] });
          out += flags.add || flags.remove ? `(?${flags.add}${flags.remove ? '-' + flags.remove : ''}:` : '(?:';
          i += 2 + m[0].length;
          atStart = false;
          continue;
        }
        i += 2 + m[0].length;
        if (atStart && frames.length === 1 && !flags.remove) {
          // Leading global flags: the whole pattern.
          if (flags.add.includes('i')) result.ignoreCase = true;
          if (flags.add.includes('m')) result.multiline = true;
          if (flags.add.includes('s')) result.dotAll = true;
          continue;
        }
        lastWasQuantifiable = false;
        if (flavor === 'python') throw new Unsupported('global flags not at the start (refused by Python)');
        if (flags.add || flags.remove) {
          // A mid-group flag change lasts to the end of the group, alternatives included.
          const open = `(?${flags.add}${flags.remove ? '-' + flags.remove : ''}:`;
          out += open;
          frames[frames.length - 1].pending.push(open);
        }
        continue;
      }
      if (/^<?[=!]/.test(rest)) {
        if (flavor === 'go') throw new Unsupported('lookaround (not valid in Go)');
        const len = rest.startsWith('<') ? 3 : 2;
        frames.push({ pending: [] }); out += '(?' + rest.slice(0, len - 1); i += 1 + len; atStart = false; continue;
      }
      // Python only knows the (?P<name>) spelling.
      if (flavor !== 'python' && /^<[A-Za-z_]\w*>/.test(rest)) groups++;
      if ((flavor !== 'python' && /^<[A-Za-z_]\w*>/.test(rest)) || rest.startsWith(':')) { frames.push({ pending: [] }); out += '(?'; i += 2; atStart = false; continue; }
      throw new Unsupported(`group syntax (?${rest.slice(0, 2)}`);
    }
    if (c === ')') {
      const frame = frames.pop();
      if (!frame || frames.length === 0) throw new Unsupported('unbalanced parenthesis');
      out += ')'.repeat(frame.pending.length) + ')';
      i++;
      lastWasQuantifiable = true;
      continue;
    }
    if (c === '|') {
      const frame = frames[frames.length - 1];
      // Ruby binds a mid-group flag over the alternatives that follow (`a(?i)b|c` is `a(?i:b|c)`);
      // the others carry it into each later alternative (`a(?i:b)|(?i:c)`).
      out += flavor === 'ruby' ? '|' : ')'.repeat(frame.pending.length) + '|' + frame.pending.join('');
      i++;
      lastWasQuantifiable = false;
      atStart = false;
      continue;
    }
    if (c === '*' || c === '+' || c === '?') {
      if (!lastWasQuantifiable) throw new Unsupported('nothing to repeat');
      out += c; i++;
      afterQuantifier();
      continue;
    }
    if (c === '{') {
      const braces = readBraces(src, i, flavor);
      // These engines refuse a well-formed repeat with nothing before it.
      if (braces && !lastWasQuantifiable) throw new Unsupported('nothing to repeat');
      if (braces) {
        out += braces;
        i = src.indexOf('}', i) + 1;
        afterQuantifier();
        continue;
      }
      if (flavor === 'java') throw new Unsupported('a `{` that starts no repeat (refused by Java)');
      out += '\\{'; i++; lastWasQuantifiable = true; atStart = false; continue;
    }
    if (c === '}') { out += '\\}'; i++; lastWasQuantifiable = true; atStart = false; continue; }
    out += c;
    i++;
    atStart = false;
    lastWasQuantifiable = c !== '^' && c !== '$';
  }
  if (frames.length !== 1) throw new Unsupported('unbalanced parenthesis');
  // These engines refuse a reference to a group the pattern does not have.
  if (highestBackref > groups) throw new Unsupported('reference to a missing group');
  out += ')'.repeat(frames[0].pending.length);
  result.source = out;
  return result;
}

/** Copies one bracket expression, resolving POSIX classes and a leading literal `]`. */
function readClass(src: string, start: number, flavor: RegexFlavor): { text: string; end: number } {
  let i = start + 1;
  let text = '[';
  if (src[i] === '^') { text += '^'; i++; }
  if (src[i] === ']' && flavor !== 'js') { text += '\\]'; i++; }
  while (i < src.length && src[i] !== ']') {
    const c = src[i];
    if (c === '\\') {
      const next = src[i + 1];
      if (next === undefined) break;
      text += translateEscape(next, flavor, true);
      i += 2;
      continue;
    }
    if (c === '[') {
      // Only PCRE, RE2 and Onigmo know POSIX brackets; Python reads `[[:alpha:]]` as a plain set.
      const posix = flavor === 'pcre' || flavor === 'go' || flavor === 'ruby' ? /^\[:(\^?)([a-z]+):\]/.exec(src.slice(i)) : null;
      if (posix) {
        const ranges = POSIX_CLASSES[posix[2]];
        if (!ranges || posix[1]) throw new Unsupported(`POSIX class ${posix[0]}`);
        text += ranges;
        i += posix[0].length;
        continue;
      }
      if (flavor === 'java' || flavor === 'ruby' || flavor === 'dotnet') throw new Unsupported('nested character class');
      text += '\\[';
      i++;
      continue;
    }
    if (c === '&' && src[i + 1] === '&' && (flavor === 'java' || flavor === 'ruby')) throw new Unsupported('class intersection');
    text += c;
    i++;
  }
  if (i >= src.length) throw new Unsupported('unterminated character class');
  return { text: text + ']', end: i + 1 };
}
