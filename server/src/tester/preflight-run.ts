import { PROFILES, STANDARD } from '../fetch/engine-profiles';
import { normalizeMethod } from '../fetch/request-headers';
import { ENGINES, type CorsRequest, type CredentialsMode, type HeaderLine, type Verdict } from '../fetch/types';
import { checkPreflight } from '../fetch/preflight-check';
import { evaluateCors, needsPreflight, requestHeadersValue } from '../fetch/verdict';
import { exchange, parseTargetUrl, type Exchange, type ExchangeOptions } from './http-exchange';

export interface PreflightTestOptions extends ExchangeOptions {
  url: string;
  /** The calling page's origin; defaults to a stand-in cross-origin page. */
  origin?: string;
  method?: string;
  headers?: readonly HeaderLine[];
  credentials?: boolean;
}

export interface PreflightTestResult {
  request: CorsRequest;
  /** The `OPTIONS` exchange, when a browser would send one. */
  preflight?: Exchange;
  /** The request itself, when at least one browser would send it after the preflight. */
  actual?: Exchange;
  verdict: Verdict;
}

export const DEFAULT_TEST_ORIGIN = 'https://app.example';

/**
 * Does what a browser does for one cross-origin `fetch()`: the `OPTIONS`
 * preflight when one is needed, then the request itself when the preflight
 * lets at least one engine through, and explains the outcome per engine.
 */
export async function testPreflight(options: PreflightTestOptions): Promise<PreflightTestResult> {
  const url = parseTargetUrl(options.url);
  const method = normalizeMethod(options.method ?? 'GET');
  const credentials: CredentialsMode = options.credentials ? 'include' : 'omit';
  const request: CorsRequest = { url: url.href, origin: options.origin ?? DEFAULT_TEST_ORIGIN, method, headers: options.headers ?? [], credentials };
  const origin: HeaderLine = ['Origin', request.origin];

  let preflight: Exchange | undefined;
  const anyNeedsPreflight = ENGINES.some((e) => needsPreflight(request, PROFILES[e]));
  if (anyNeedsPreflight) {
    const requestHeaders = requestHeadersValue(request, STANDARD);
    const lines: HeaderLine[] = [origin, ['Access-Control-Request-Method', method]];
    if (requestHeaders) lines.push(['Access-Control-Request-Headers', requestHeaders]);
    lines.push(['Accept', '*/*']);
    preflight = await exchange({ url: url.href, method: 'OPTIONS', headers: lines }, options);
  }

  const sendActual = !preflight || ENGINES.some((e) => !needsPreflight(request, PROFILES[e]) || checkPreflight(request, method, preflight!, PROFILES[e]).allowed);
  let actual: Exchange | undefined;
  if (sendActual) {
    actual = await exchange({ url: url.href, method, headers: [origin, ...request.headers] }, options);
  }
  return { request, preflight, actual, verdict: evaluateCors({ request, preflight, actual }) };
}
