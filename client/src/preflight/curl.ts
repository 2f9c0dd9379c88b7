import type { ExchangeRequest } from '../../../server/src/tester/http-exchange';

/**
 * Quotes one word for a POSIX shell: inside single quotes nothing is special
 * except the quote itself, which is closed, escaped and reopened.
 * `it's` → `'it'\''s'`.
 */
export function shellQuote(word: string): string {
  if (word !== '' && /^[A-Za-z0-9_@%+=:,./-]+$/.test(word)) return word;
  return `'${word.replace(/'/g, `'\\''`)}'`;
}

export interface CurlOptions {
  insecure?: boolean;
  timeoutSeconds?: number;
}

/**
 * The same request as a curl command: exactly these headers, no redirects
 * followed, the response headers printed. `curl -H 'Name:'` would remove a
 * header, so an empty value is written `Name;`, as curl documents.
 */
export function toCurl(request: ExchangeRequest, options: CurlOptions = {}): string {
  const words = ['curl', '-sS', '-i'];
  const method = request.method.toUpperCase();
  if (method === 'HEAD') words.push('--head');
  else if (method !== 'GET') words.push('-X', shellQuote(request.method));
  for (const [name, value] of request.headers) words.push('-H', shellQuote(value === '' ? `${name};` : `${name}: ${value}`));
  if (options.insecure) words.push('--insecure');
  if (options.timeoutSeconds) words.push('--max-time', String(options.timeoutSeconds));
  // Brackets and braces in a URL are curl's globbing syntax unless it is turned off.
  if (/[[\]{}]/.test(request.url)) words.push('--globoff');
  words.push(shellQuote(request.url));
  return words.join(' ');
}
