import * as http from 'node:http';
import * as https from 'node:https';
import { isIP, type LookupFunction } from 'node:net';
import type { HeaderLine } from '../fetch/types';
import { describeNetworkError, ExchangeError } from './exchange-error';

export interface ExchangeOptions {
  /** Milliseconds for the whole exchange, from connecting to the last body byte read. */
  timeoutMs?: number;
  signal?: AbortSignal;
  /** Accept self-signed and otherwise untrusted TLS certificates. */
  insecure?: boolean;
  /** Largest response header block read, in bytes. */
  maxHeaderBytes?: number;
  /** Body bytes kept; the rest is not read. */
  maxBodyBytes?: number;
  /**
   * Connect to this IP address instead of resolving the URL's host (as curl's
   * --connect-to does): test a production host name against a staging
   * server. Host header and TLS server name stay the URL's.
   */
  connectTo?: string;
}

export interface ExchangeRequest {
  url: string;
  method: string;
  headers: readonly HeaderLine[];
}

export interface Exchange {
  request: ExchangeRequest;
  status: number;
  statusText: string;
  /** Header lines as received: names as sent, duplicates kept, in order. */
  headers: HeaderLine[];
  /** The first bytes of the body (utf-8), at most `maxBodyBytes`. */
  body: string;
  bodyTruncated: boolean;
  /** The redirect target, reported and never followed. */
  redirectTo?: string;
  timing: { headersMs: number; totalMs: number };
}

export const DEFAULT_TIMEOUT_MS = 10_000;

const BODYLESS_METHODS = new Set(['GET', 'HEAD', 'OPTIONS', 'DELETE', 'TRACE', 'CONNECT']);
export const DEFAULT_MAX_HEADER_BYTES = 64 * 1024;
export const DEFAULT_MAX_BODY_BYTES = 16 * 1024;

/** Parses the target URL; only http and https make sense for CORS. */
export function parseTargetUrl(text: string): URL {
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    throw new ExchangeError('invalid-url', `not a valid URL: "${text}" (expected e.g. https://api.example.com/path)`);
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    throw new ExchangeError('unsupported-scheme', `only http:// and https:// URLs can be tested, not ${url.protocol}//`);
  }
  return url;
}

function fixedLookup(address: string): LookupFunction {
  const family = isIP(address);
  if (family === 0) throw new ExchangeError('invalid-url', `connectTo needs an IP address, not "${address}"`);
  return ((_host: string, options: { all?: boolean }, callback: (...args: unknown[]) => void) => {
    if (options?.all) callback(null, [{ address, family }]);
    else callback(null, address, family);
  }) as unknown as LookupFunction;
}

/** The redirect target as an absolute URL; a Location that does not parse is reported as sent. */
function resolveLocation(location: string, base: URL): string {
  try {
    return new URL(location, base).href;
  } catch {
    return location;
  }
}

function flatHeaders(lines: readonly HeaderLine[]): string[] {
  const out: string[] = [];
  for (const [name, value] of lines) out.push(name, value);
  return out;
}

function pairs(raw: string[]): HeaderLine[] {
  const out: HeaderLine[] = [];
  for (let i = 0; i + 1 < raw.length; i += 2) out.push([raw[i], raw[i + 1]]);
  return out;
}

/**
 * Sends one request with exactly these headers (so `Origin` and
 * `Access-Control-Request-*` can be set, which `fetch` forbids) and captures
 * the raw response. Never follows redirects; bounded in time, header size and
 * body size; cancellable.
 */
export function exchange(request: ExchangeRequest, options: ExchangeOptions = {}): Promise<Exchange> {
  let url: URL;
  try {
    url = parseTargetUrl(request.url);
  } catch (error) {
    return Promise.reject(error);
  }
  const timeoutMs = options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  const maxHeaderBytes = options.maxHeaderBytes ?? DEFAULT_MAX_HEADER_BYTES;
  const maxBodyBytes = options.maxBodyBytes ?? DEFAULT_MAX_BODY_BYTES;
  if (options.signal?.aborted) return Promise.reject(new ExchangeError('aborted', 'cancelled before the request was sent'));

  return new Promise<Exchange>((resolve, reject) => {
    const started = performance.now();
    let settled = false;
    const lib = url.protocol === 'https:' ? https : http;
    const has = (name: string) => request.headers.some(([n]) => n.toLowerCase() === name);
    const lines: HeaderLine[] = [...(has('host') ? [] : [['Host', url.host] as HeaderLine]), ...request.headers];
    // Without a body Node would announce a chunked one for PUT, POST, PATCH...; a browser sends Content-Length: 0.
    if (!BODYLESS_METHODS.has(request.method.toUpperCase()) && !has('content-length') && !has('transfer-encoding')) lines.push(['Content-Length', '0']);
    let req: http.ClientRequest;
    try {
      req = lib.request(url, {
        method: request.method,
        headers: flatHeaders(lines) as unknown as http.OutgoingHttpHeaders,
        maxHeaderSize: maxHeaderBytes,
        rejectUnauthorized: !options.insecure,
        agent: false,
        setHost: false,
        ...(options.connectTo ? { lookup: fixedLookup(options.connectTo) } : {}),
      } as https.RequestOptions);
    } catch (error) {
      // Node refuses some methods and header values before sending anything (e.g. a character outside Latin-1).
      reject(error instanceof ExchangeError ? error : new ExchangeError('invalid-request', `cannot send this request: ${(error as Error).message}`));
      return;
    }

    const finish = (error: ExchangeError | undefined, value?: Exchange) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      options.signal?.removeEventListener('abort', onAbort);
      if (error) {
        req.destroy();
        reject(error);
      } else {
        resolve(value!);
      }
    };
    // Once the headers are in, a body that never ends only cuts the body short: the CORS answer is in the headers.
    let headersDone: (() => void) | undefined;
    const timer = setTimeout(() => (headersDone ? headersDone() : finish(new ExchangeError('timeout', `no complete answer from ${url.host} within ${timeoutMs} ms`))), timeoutMs);
    const onAbort = () => finish(new ExchangeError('aborted', `cancelled while waiting for ${url.host}`));
    options.signal?.addEventListener('abort', onAbort, { once: true });

    req.on('error', (error: NodeJS.ErrnoException) => finish(error instanceof ExchangeError ? error : describeNetworkError(error, url, maxHeaderBytes)));
    req.on('response', (res) => {
      const headersMs = performance.now() - started;
      const chunks: Buffer[] = [];
      let kept = 0;
      let truncated = false;
      const done = () => {
        const headers = pairs(res.rawHeaders);
        const location = headers.find(([n]) => n.toLowerCase() === 'location')?.[1];
        const status = res.statusCode ?? 0;
        finish(undefined, {
          request: { url: url.href, method: request.method, headers: request.headers },
          status,
          statusText: res.statusMessage ?? '',
          headers,
          body: Buffer.concat(chunks).toString('utf8'),
          bodyTruncated: truncated,
          redirectTo: status >= 300 && status < 400 && location !== undefined ? resolveLocation(location, url) : undefined,
          timing: { headersMs, totalMs: performance.now() - started },
        });
        res.destroy();
      };
      res.on('data', (chunk: Buffer) => {
        const take = chunk.subarray(0, maxBodyBytes - kept);
        chunks.push(take);
        kept += take.length;
        if (take.length < chunk.length) {
          // A server that streams forever must not keep the exchange open.
          truncated = true;
          done();
        }
      });
      res.on('end', done);
      headersDone = () => {
        truncated = true;
        done();
      };
      res.on('error', (error: NodeJS.ErrnoException) => finish(describeNetworkError(error, url, maxHeaderBytes)));
    });
    req.end();
  });
}
