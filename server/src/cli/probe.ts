import { runOriginProbes, type ProbeReport } from '../tester/origin-probes';
import { ExchangeError } from '../tester/exchange-error';
import { UsageError, type CliIo } from './io';
import { parseTesterArgs, type FlagSpec } from './preflight-args';
import { formatProbeText } from './probe-text';

export const PROBE_HELP = `Usage: cors-preflight probe <url> [options]

Sends requests from crafted origins (an unrelated site, null, prefix and suffix
tricks, an unescaped dot, special characters, plain http, any subdomain,
shared hosting sites) and reports which ones the server trusts, with the rule
each one proves.

Options:
      --credentials            report only origins that can read with cookies
  -k, --insecure               accept self-signed TLS certificates
      --connect-to <ip>        connect to this address instead of resolving the
                               URL's host (Host and TLS name stay the URL's)
      --timeout <ms>           time limit per request (default: 10000)
      --concurrency <n>        requests in flight at once (default: 6)
  -f, --format <text|json>     output format (default: text)
  -h, --help                   show this help

Exit codes: 0 no crafted origin is trusted, 1 some are, 2 usage error or the
server could not be reached.
`;

const SPEC: FlagSpec = {
  values: new Set(['--timeout', '--format', '--concurrency', '--connect-to']),
  switches: new Set(['--credentials', '--insecure', '--help']),
  aliases: { '-k': '--insecure', '-f': '--format', '-h': '--help' },
};

export function probeJson(report: ProbeReport) {
  return {
    url: report.url,
    cancelled: report.cancelled,
    results: report.results.map((r) => ({
      origin: r.origin,
      kind: r.kind,
      ruleId: r.ruleId,
      access: r.access,
      status: r.status ?? null,
      allowOrigin: r.allowOrigin ?? null,
      allowCredentials: r.allowCredentials ?? null,
      finding: r.finding ?? null,
      impliedByReflection: r.impliedByReflection ?? false,
      refusedBecause: r.refusedBecause ?? null,
      error: r.error ?? null,
    })),
    findings: report.findings.map((r) => ({ origin: r.origin, kind: r.kind, ...r.finding! })),
  };
}

export async function runProbe(argv: string[], io: CliIo): Promise<number> {
  let args;
  try {
    args = parseTesterArgs(argv, SPEC);
    if (args.help) {
      io.stdout(PROBE_HELP);
      return 0;
    }
    if (args.url === undefined) throw new UsageError('a URL to probe is needed, e.g. cors-preflight probe https://api.example.com/me');
  } catch (error) {
    if (!(error instanceof UsageError)) throw error;
    io.stderr(`cors-preflight probe: ${error.message}\n\n${PROBE_HELP}`);
    return 2;
  }
  const abort = new AbortController();
  const onSigint = () => abort.abort();
  process.once('SIGINT', onSigint);
  try {
    const report = await runOriginProbes({ url: args.url, credentialsOnly: args.credentials, insecure: args.insecure, connectTo: args.connectTo, timeoutMs: args.timeoutMs, concurrency: args.concurrency, signal: abort.signal });
    io.stdout(args.format === 'json' ? `${JSON.stringify(probeJson(report), null, 2)}\n` : formatProbeText(report));
    if (report.results.length > 0 && report.results.every((r) => r.error)) {
      io.stderr(`cors-preflight probe: no probe got an answer: ${report.results[0].error}\n`);
      return 2;
    }
    return report.findings.length > 0 ? 1 : report.cancelled ? 2 : 0;
  } catch (error) {
    if (!(error instanceof ExchangeError)) throw error;
    io.stderr(`cors-preflight probe: ${error.message}\n`);
    return 2;
  } finally {
    process.removeListener('SIGINT', onSigint);
  }
}
