import { testPreflight, type PreflightTestResult } from '../tester/preflight-run';
import type { Exchange } from '../tester/http-exchange';
import { ExchangeError } from '../tester/exchange-error';
import { UsageError, type CliIo } from './io';
import { parseTesterArgs, type FlagSpec } from './preflight-args';
import { formatPreflightText } from './preflight-text';

export const PREFLIGHT_HELP = `Usage: cors-preflight preflight <url> [options]

Sends the OPTIONS preflight a browser would send (when one is needed), then the
request itself if a browser would, and explains step by step what Chromium,
Firefox and WebKit (Safari) allow, beside what the Fetch standard says.
Redirects are reported, never followed.

Options:
      --origin <origin>        the calling page's origin (default: https://app.example)
  -X, --method <method>        the request method (default: GET)
  -H, --header "Name: value"   a request header the page sets (repeatable)
      --credentials            the page sends cookies (credentials: 'include')
  -k, --insecure               accept self-signed TLS certificates
      --connect-to <ip>        connect to this address instead of resolving the
                               URL's host (Host and TLS name stay the URL's)
      --timeout <ms>           time limit per exchange (default: 10000)
  -f, --format <text|json>     output format (default: text)
  -h, --help                   show this help

Exit codes: 0 every browser allows it, 1 some browser blocks it, 2 usage error
or no answer (timeout, TLS, connection refused).
`;

const SPEC: FlagSpec = {
  values: new Set(['--origin', '--method', '--header', '--timeout', '--format', '--connect-to']),
  switches: new Set(['--credentials', '--insecure', '--help']),
  aliases: { '-X': '--method', '-H': '--header', '-k': '--insecure', '-f': '--format', '-h': '--help' },
};

function exchangeJson(ex: Exchange | undefined) {
  if (!ex) return null;
  return { status: ex.status, statusText: ex.statusText, headers: ex.headers, redirectTo: ex.redirectTo ?? null, bodyBytesRead: Buffer.byteLength(ex.body), bodyTruncated: ex.bodyTruncated, timing: ex.timing };
}

/** The JSON report: stable keys, `null` where there is nothing. */
export function preflightJson(result: PreflightTestResult) {
  const { verdict } = result;
  const outcome = (o: { allowed: boolean; reason?: string; detail?: string }) => ({ allowed: o.allowed, reason: o.reason ?? null, detail: o.detail ?? null });
  return {
    request: result.request,
    preflight: exchangeJson(result.preflight),
    response: exchangeJson(result.actual),
    verdict: {
      allowed: verdict.allowed,
      reason: verdict.reason ?? null,
      preflightNeeded: verdict.preflightNeeded,
      steps: verdict.steps,
      browsers: { chromium: outcome(verdict.browsers.chromium), firefox: outcome(verdict.browsers.firefox), webkit: outcome(verdict.browsers.webkit) },
      standard: outcome(verdict.standard),
      preflightCacheSeconds: verdict.preflightCacheSeconds ?? null,
    },
  };
}

export async function runPreflight(argv: string[], io: CliIo): Promise<number> {
  let args;
  try {
    args = parseTesterArgs(argv, SPEC);
    if (args.help) {
      io.stdout(PREFLIGHT_HELP);
      return 0;
    }
    if (args.url === undefined) throw new UsageError('a URL to test is needed, e.g. cors-preflight preflight https://api.example.com/items');
  } catch (error) {
    if (!(error instanceof UsageError)) throw error;
    io.stderr(`cors-preflight preflight: ${error.message}\n\n${PREFLIGHT_HELP}`);
    return 2;
  }
  const abort = new AbortController();
  const onSigint = () => abort.abort();
  process.once('SIGINT', onSigint);
  try {
    const result = await testPreflight({ url: args.url, origin: args.origin, method: args.method, headers: args.headers, credentials: args.credentials, insecure: args.insecure, connectTo: args.connectTo, timeoutMs: args.timeoutMs, signal: abort.signal });
    io.stdout(args.format === 'json' ? `${JSON.stringify(preflightJson(result), null, 2)}\n` : formatPreflightText(result));
    return result.verdict.allowed ? 0 : 1;
  } catch (error) {
    if (!(error instanceof ExchangeError)) throw error;
    io.stderr(`cors-preflight preflight: ${error.message}\n`);
    if (args.format === 'json') io.stdout(`${JSON.stringify({ error: { code: error.code, message: error.message } }, null, 2)}\n`);
    return 2;
  } finally {
    process.removeListener('SIGINT', onSigint);
  }
}
