/** Text helpers shared by the Java and C# fixers: both quote strings the same way. */

export const PLACEHOLDER_ORIGIN = 'https://app.example.com';

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
