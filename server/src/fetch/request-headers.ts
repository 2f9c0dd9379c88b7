import type { HeaderLine } from './types';

/**
 * Which request headers make a browser send a preflight, per the Fetch
 * standard's CORS-safelisted request-header and forbidden request-header
 * definitions.
 */

const FORBIDDEN_NAMES = new Set([
  'accept-charset', 'accept-encoding', 'access-control-request-headers', 'access-control-request-method',
  'connection', 'content-length', 'cookie', 'cookie2', 'date', 'dnt', 'expect', 'host', 'keep-alive',
  'origin', 'referer', 'set-cookie', 'te', 'trailer', 'transfer-encoding', 'upgrade', 'via',
]);

const METHOD_OVERRIDE_NAMES = new Set(['x-http-method', 'x-http-method-override', 'x-method-override']);

export const FORBIDDEN_METHODS = new Set(['CONNECT', 'TRACE', 'TRACK']);

/** `fetch()` normalizes only these methods to upper case; any other is sent as written. */
const NORMALIZED_METHODS = new Set(['DELETE', 'GET', 'HEAD', 'OPTIONS', 'POST', 'PUT']);

export function normalizeMethod(method: string): string {
  const upper = method.toUpperCase();
  return NORMALIZED_METHODS.has(upper) ? upper : method;
}

export function isForbiddenMethod(method: string): boolean {
  return FORBIDDEN_METHODS.has(method.toUpperCase());
}

export function isSafelistedMethod(method: string): boolean {
  return method === 'GET' || method === 'HEAD' || method === 'POST';
}

/** Headers `fetch()` silently drops: the page cannot set them, so they never trigger a preflight. */
export function isForbiddenRequestHeader(name: string, value: string): boolean {
  const lower = name.toLowerCase();
  if (FORBIDDEN_NAMES.has(lower) || lower.startsWith('proxy-') || lower.startsWith('sec-')) return true;
  if (METHOD_OVERRIDE_NAMES.has(lower)) {
    return value.split(',').some((m) => isForbiddenMethod(m.trim()));
  }
  return false;
}

function hasUnsafeByte(value: string): boolean {
  for (const ch of value) {
    const c = ch.codePointAt(0)!;
    if ((c < 0x20 && c !== 0x09) || c === 0x7f || '"():<>?@[\\]{}'.includes(ch)) return true;
  }
  return false;
}

/** The MIME type essence (`type/subtype`, lower case), or undefined when it does not parse. */
export function mimeEssence(value: string): string | undefined {
  const m = /^[ \t\n\r]*([!#$%&'*+\-.^_`|~0-9A-Za-z]+)\/([!#$%&'*+\-.^_`|~0-9A-Za-z]+)[ \t\n\r]*(;|$)/.exec(value);
  return m ? `${m[1]}/${m[2]}`.toLowerCase() : undefined;
}

const SAFELISTED_ESSENCES = new Set(['application/x-www-form-urlencoded', 'multipart/form-data', 'text/plain']);

function isSimpleRange(value: string): boolean {
  const m = /^bytes=([0-9]*)-([0-9]*)$/.exec(value);
  if (!m || m[1] === '') return false;
  return m[2] === '' || Number(m[1]) <= Number(m[2]);
}

export type UnsafeCause = 'name' | 'value' | 'too-long' | 'total-too-long';

/** Where an engine's safelist departs from the standard's (see engine-profiles.ts). */
export interface SafelistOptions {
  safelistsRange: boolean;
  /** Same-name request headers are joined with `, ` before the checks, so their values add up. */
  combinesDuplicateHeaders: boolean;
  /** Client hints (`DPR`, `Save-Data`, ...) with plain values are safelisted too. */
  safelistsClientHints: boolean;
  /** Safelisted values adding up to more than 1024 bytes make them all unsafe. */
  limitsSafelistedTotal: boolean;
  /** `Access-Control-Request-Headers` names a header once per line the page set, not once per name. */
  repeatsRequestHeaderNames: boolean;
}

export const STANDARD_SAFELIST: SafelistOptions = {
  safelistsRange: true,
  combinesDuplicateHeaders: false,
  safelistsClientHints: false,
  limitsSafelistedTotal: true,
  repeatsRequestHeaderNames: false,
};

const ECT_VALUES = new Set(['slow-2g', '2g', '3g', '4g']);
const NUMBER = /^[0-9]+(\.[0-9]+)?$/;

/** Chromium's own additions to the safelist: client hints whose value is a plain number, and `Save-Data: on`. */
function isSafelistedClientHint(lower: string, value: string): boolean {
  switch (lower) {
    case 'dpr':
    case 'device-memory':
    case 'width':
    case 'viewport-width':
    case 'rtt':
    case 'downlink':
      return NUMBER.test(value);
    case 'save-data':
      return value.toLowerCase() === 'on';
    case 'ect':
      return ECT_VALUES.has(value);
    default:
      return false;
  }
}

/** Why one header is not CORS-safelisted on its own (ignoring the 1024-byte total), or undefined when it is. */
export function unsafeCause(name: string, value: string, options: SafelistOptions = STANDARD_SAFELIST): UnsafeCause | undefined {
  const lower = name.toLowerCase();
  if (options.safelistsClientHints && isSafelistedClientHint(lower, value)) return undefined;
  if (value.length > 128) {
    return ['accept', 'accept-language', 'content-language', 'content-type', 'range'].includes(lower) ? 'too-long' : 'name';
  }
  switch (lower) {
    case 'accept':
      return hasUnsafeByte(value) ? 'value' : undefined;
    case 'accept-language':
    case 'content-language':
      return /^[0-9A-Za-z *,\-.;=]*$/.test(value) ? undefined : 'value';
    case 'content-type': {
      if (hasUnsafeByte(value)) return 'value';
      const essence = mimeEssence(value);
      return essence && SAFELISTED_ESSENCES.has(essence) ? undefined : 'value';
    }
    case 'range':
      if (!options.safelistsRange) return 'name';
      return isSimpleRange(value) ? undefined : 'value';
    default:
      return 'name';
  }
}

export interface UnsafeHeader {
  /** Lower-cased, as it goes into `Access-Control-Request-Headers`. */
  name: string;
  cause: UnsafeCause;
}

function combineByName(headers: readonly HeaderLine[]): HeaderLine[] {
  const byName = new Map<string, [string, string[]]>();
  for (const [name, value] of headers) {
    const entry = byName.get(name.toLowerCase());
    if (entry) entry[1].push(value);
    else byName.set(name.toLowerCase(), [name, [value]]);
  }
  return [...byName.values()].map(([name, values]) => [name, values.join(', ')]);
}

/** Headers the page may set and `fetch()` keeps: forbidden ones are dropped. */
export function sentHeaders(headers: readonly HeaderLine[]): HeaderLine[] {
  return headers.filter(([n, v]) => !isForbiddenRequestHeader(n, v));
}

/**
 * The standard's "CORS-unsafe request-header names": sorted, lower-cased,
 * without duplicates; when the safelisted values together exceed 1024 bytes
 * they all count as unsafe.
 */
export function corsUnsafeHeaders(headers: readonly HeaderLine[], options: SafelistOptions = STANDARD_SAFELIST): UnsafeHeader[] {
  const unsafe = new Map<string, UnsafeCause>();
  const safelisted: string[] = [];
  let safeBytes = 0;
  for (const [name, value] of options.combinesDuplicateHeaders ? combineByName(sentHeaders(headers)) : sentHeaders(headers)) {
    const cause = unsafeCause(name, value, options);
    const lower = name.toLowerCase();
    if (cause) {
      if (!unsafe.has(lower)) unsafe.set(lower, cause);
    } else {
      safelisted.push(lower);
      safeBytes += Buffer.byteLength(value, 'latin1');
    }
  }
  if (options.limitsSafelistedTotal && safeBytes > 1024) {
    for (const lower of safelisted) if (!unsafe.has(lower)) unsafe.set(lower, 'total-too-long');
  }
  return [...unsafe.entries()].map(([name, cause]) => ({ name, cause })).sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
}
