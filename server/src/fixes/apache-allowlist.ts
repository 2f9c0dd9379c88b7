import { PLACEHOLDER_ORIGIN } from './span-edits';

export const APACHE_PLACEHOLDER_ORIGIN = PLACEHOLDER_ORIGIN;

const escapeRe = (s: string): string => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/**
 * An anchored, escaped PCRE admitting exactly these origins, grouped by scheme
 * when they share one: `^https://(a\.example\.com|b\.example\.com)$`.
 */
export function originAllowlistRegex(origins: readonly string[]): string {
  const listed = origins.length ? origins : [APACHE_PLACEHOLDER_ORIGIN];
  const schemes = new Set(listed.map((o) => /^[a-z][a-z0-9+.-]*:\/\//i.exec(o)?.[0] ?? ''));
  if (schemes.size === 1) {
    const scheme = [...schemes][0];
    const hosts = listed.map((o) => escapeRe(o.slice(scheme.length)));
    return `^${escapeRe(scheme)}${hosts.length === 1 ? hosts[0] : `(${hosts.join('|')})`}$`;
  }
  return `^(${listed.map(escapeRe).join('|')})$`;
}

/** A variable name the text does not use yet (not as a whole word of letters, digits and `_`). */
export function freeEnvName(text: string, base = 'CORS_ORIGIN'): string {
  // Every finding of a big file asks about the same text: the answer is kept for it.
  if (lastName !== undefined && lastName.text === text && lastName.base === base) return lastName.name;
  let name = base;
  for (let n = 2; usesWord(text, name); n++) name = `${base}_${n}`;
  lastName = { text, base, name };
  return name;
}

let lastName: { text: string; base: string; name: string } | undefined;

/** `\w` for one UTF-16 unit. */
function isWordChar(c: number): boolean {
  return (c >= 48 && c <= 57) || (c >= 65 && c <= 90) || (c >= 97 && c <= 122) || c === 95;
}

/** Whether `word` (made of `\w` characters) stands in `text` with no word character on either side. */
function usesWord(text: string, word: string): boolean {
  for (let at = text.indexOf(word); at >= 0; at = text.indexOf(word, at + 1)) {
    const end = at + word.length;
    if ((at === 0 || !isWordChar(text.charCodeAt(at - 1))) && (end === text.length || !isWordChar(text.charCodeAt(end)))) return true;
  }
  return false;
}
