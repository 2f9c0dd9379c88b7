import type { Fix } from '../core/finding';
import type { ValueCase } from '../model/cors-policy';

/** Text helpers shared by the Java and C# fixers: both quote strings the same way. */

export function quoteC(value: string): string {
  return `"${value.replace(/[\\"]/g, '\\$&')}"`;
}

/**
 * The origin an anchored pattern stands for, when it admits exactly one
 * (`^https://app\.example\.com$` → `https://app.example.com`), else undefined.
 */
export function exactOriginOf(pattern: string): string | undefined {
  const body = pattern.replace(/^\^/, '').replace(/\$$/, '');
  if (/(^|[^\\])[\[\](){}*+?|^$.]/.test(body)) return undefined;
  const text = body.replace(/\\(.)/g, '$1');
  return /^https?:\/\/[^/\s]+$/.test(text) ? text : undefined;
}

/**
 * Deletes one string of an argument or initializer list (`"a", "null"` → `"a"`)
 * with the comma that joins it to a neighbour; undefined when it is alone or not in a list.
 */
export function listItemRemoval(text: string, start: number, end: number): { start: number; end: number } | undefined {
  const after = /^\s*,[ \t]*/.exec(text.slice(end));
  const before = /,\s*$/.exec(text.slice(Math.max(0, start - 200), start));
  if (before) return { start: start - before[0].length, end };
  if (after && /[({,]\s*$/.test(text.slice(Math.max(0, start - 200), start))) return { start, end: end + after[0].length };
  return undefined;
}

/** Deletes one string entry of an origin list (`"null"` in `{"https://a.com", "null"}`), with its comma. */
export function quotedEntryRemoval(valueCase: ValueCase, title: string, readText: (file: string) => string | undefined): Fix | undefined {
  const { file, range } = valueCase.at;
  const text = readText(file);
  if (text === undefined || !/^@?"/.test(text.slice(range.start.offset, range.end.offset))) return undefined;
  const cut = listItemRemoval(text, range.start.offset, range.end.offset);
  return cut && { title, safe: true, edits: [{ file, start: cut.start, end: cut.end, newText: '' }] };
}
