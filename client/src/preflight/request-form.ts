import { PROFILES, STANDARD } from '../../../server/src/fetch/engine-profiles';
import { normalizeMethod } from '../../../server/src/fetch/request-headers';
import { ENGINES, type CorsRequest, type HeaderLine } from '../../../server/src/fetch/types';
import { needsPreflight, requestHeadersValue } from '../../../server/src/fetch/verdict';
import type { ExchangeRequest } from '../../../server/src/tester/http-exchange';
import type { PreflightTestOptions } from '../../../server/src/tester/preflight-run';
import type { RequestForm } from './messages';

const TOKEN = /^[!#$%&'*+.^_`|~0-9A-Za-z-]+$/;
/** More lines than a page could sensibly set; a pasted log is not a header block. */
export const MAX_HEADER_LINES = 100;

export type FormCheck =
  | { ok: true; options: PreflightTestOptions & { url: string; origin: string; method: string; headers: HeaderLine[]; credentials: boolean } }
  | { ok: false; field: keyof RequestForm; message: string };

/** `Name: value` lines; blank lines are skipped. A line that is not a header says which it is. */
export function parseHeaderLines(text: string): { headers: HeaderLine[] } | { error: string } {
  const headers: HeaderLine[] = [];
  const lines = text.split(/\r\n|\r|\n/);
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i].trim();
    if (line === '') continue;
    const colon = line.indexOf(':');
    const name = colon > 0 ? line.slice(0, colon).trim() : '';
    if (!TOKEN.test(name)) return { error: `line ${i + 1} is not "Name: value": ${JSON.stringify(line.length > 60 ? `${line.slice(0, 60)}…` : line)}` };
    const value = line.slice(colon + 1).trim();
    // Node refuses control characters and anything past Latin-1 in a header value.
    if (/[\u0000-\u0008\u000a-\u001f\u007f]/.test(value) || /[^\u0000-\u00ff]/.test(value)) return { error: `the value of ${name} (line ${i + 1}) holds characters a header cannot carry` };
    headers.push([name, value]);
    if (headers.length > MAX_HEADER_LINES) return { error: `more than ${MAX_HEADER_LINES} header lines` };
  }
  return { headers };
}

/** A serialized origin as a page sends it: scheme, host and port, no path; or `null`. */
export function checkOrigin(text: string): string | undefined {
  if (text === 'null') return undefined;
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    return `"${text}" is not an origin (expected e.g. https://app.example.com, or null)`;
  }
  if (url.origin === 'null') return `"${text}" has no origin a browser would send (use an http or https origin, or null)`;
  if (url.origin !== text) return `an origin is only scheme, host and port: use ${url.origin}`;
  return undefined;
}

/** Checks the form and turns it into the tester's options; the first problem names its field. */
export function checkForm(form: RequestForm): FormCheck {
  const url = form.url.trim();
  if (url === '') return { ok: false, field: 'url', message: 'Enter the URL to test, e.g. https://api.example.com/items' };
  try {
    const parsed = new URL(url);
    if (parsed.protocol !== 'http:' && parsed.protocol !== 'https:') return { ok: false, field: 'url', message: `only http:// and https:// URLs can be tested, not ${parsed.protocol}//` };
  } catch {
    return { ok: false, field: 'url', message: `not a valid URL: "${url}" (expected e.g. https://api.example.com/path)` };
  }
  const origin = form.origin.trim();
  const originProblem = checkOrigin(origin);
  if (originProblem) return { ok: false, field: 'origin', message: originProblem };
  const method = form.method.trim() || 'GET';
  if (!TOKEN.test(method)) return { ok: false, field: 'method', message: `"${method}" is not a method name` };
  const parsed = parseHeaderLines(form.headers);
  if ('error' in parsed) return { ok: false, field: 'headers', message: `Request headers: ${parsed.error}` };
  return {
    ok: true,
    options: { url, origin, method, headers: parsed.headers, credentials: form.credentials, insecure: form.insecure, timeoutMs: Math.round(form.timeoutSeconds * 1000) },
  };
}

/** The requests a browser would send for this form, as the tester sends them: for "copy as curl" before or after sending. */
export function plannedRequests(options: { url: string; origin: string; method: string; headers: readonly HeaderLine[]; credentials: boolean }): { preflight?: ExchangeRequest; actual: ExchangeRequest } {
  const method = normalizeMethod(options.method);
  const request: CorsRequest = { url: options.url, origin: options.origin, method, headers: options.headers, credentials: options.credentials ? 'include' : 'omit' };
  const origin: HeaderLine = ['Origin', options.origin];
  const actual: ExchangeRequest = { url: options.url, method, headers: [origin, ...options.headers] };
  if (!ENGINES.some((e) => needsPreflight(request, PROFILES[e]))) return { actual };
  const lines: HeaderLine[] = [origin, ['Access-Control-Request-Method', method]];
  const names = requestHeadersValue(request, STANDARD);
  if (names) lines.push(['Access-Control-Request-Headers', names]);
  lines.push(['Accept', '*/*']);
  return { preflight: { url: options.url, method: 'OPTIONS', headers: lines }, actual };
}
