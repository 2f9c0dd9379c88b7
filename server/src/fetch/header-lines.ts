import type { HeaderLine } from './types';

/** HTTP optional whitespace around a field value, which every parser strips. */
function trimOws(value: string): string {
  return value.replace(/^[ \t]+|[ \t]+$/g, '');
}

/**
 * The Fetch standard's "get": every line with this name (case-insensitive),
 * values joined with `, `; `undefined` when there is none. Two
 * `Access-Control-Allow-Origin` lines therefore read as one value with a comma,
 * which then fails the origin check.
 */
export function getCombined(headers: readonly HeaderLine[], name: string): string | undefined {
  const lower = name.toLowerCase();
  const values = headers.filter(([n]) => n.toLowerCase() === lower).map(([, v]) => trimOws(v));
  return values.length === 0 ? undefined : values.join(', ');
}

export function countLines(headers: readonly HeaderLine[], name: string): number {
  const lower = name.toLowerCase();
  return headers.filter(([n]) => n.toLowerCase() === lower).length;
}

const TOKEN = /^[!#$%&'*+\-.^_`|~0-9A-Za-z]+$/;

export function isToken(text: string): boolean {
  return TOKEN.test(text);
}

/**
 * "Extract header list values" for `#token` headers such as
 * `Access-Control-Allow-Methods`: `null` when the header is absent, `failure`
 * when an item is not a token. Empty items between commas are allowed, as the
 * list syntax allows them.
 */
export function extractTokenList(headers: readonly HeaderLine[], name: string): string[] | null | { invalid: string } {
  const combined = getCombined(headers, name);
  if (combined === undefined) return null;
  const items: string[] = [];
  for (const raw of combined.split(',')) {
    const item = trimOws(raw);
    if (item === '') continue;
    if (!isToken(item)) return { invalid: item };
    items.push(item);
  }
  return items;
}
