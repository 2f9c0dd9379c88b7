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

/** A variable name the text does not use yet. */
export function freeEnvName(text: string, base = 'CORS_ORIGIN'): string {
  // Every finding of a big file asks about the same text: collect its words once.
  if (wordsOf?.text !== text) wordsOf = { text, words: new Set(text.match(/\w+/g) ?? []) };
  for (let n = 1; ; n++) {
    const name = n === 1 ? base : `${base}_${n}`;
    if (!wordsOf.words.has(name)) return name;
  }
}

let wordsOf: { text: string; words: Set<string> } | undefined;
