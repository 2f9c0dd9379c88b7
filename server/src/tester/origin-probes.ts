import { evaluateOutcomes } from '../fetch/verdict';
import { getCombined } from '../fetch/header-lines';
import type { BlockReason, CorsRequest } from '../fetch/types';
import { ExchangeError } from './exchange-error';
import { exchange, parseTargetUrl, type Exchange, type ExchangeOptions } from './http-exchange';
import { probeOrigins, type ProbeOrigin, type ProbeRuleId } from './probe-origins';

/** What a crafted origin gets: reading with cookies, reading without, or nothing. */
export type ProbeAccess = 'credentialed' | 'read' | 'none';

export interface ProbeResult extends ProbeOrigin {
  access: ProbeAccess;
  status?: number;
  allowOrigin?: string;
  allowCredentials?: string;
  /** Why a browser refuses this origin, when the server did answer with CORS headers (e.g. two Allow-Origin lines). */
  refusedBecause?: BlockReason;
  /** Set when this origin proves the rule; absent when the server refused it (or only `*` let it read). */
  finding?: { ruleId: ProbeRuleId; severity: 'error' | 'warning' | 'info'; message: string };
  /** The crafted origin got in only because the server lets any origin in (the `reflection` probe proves that). */
  impliedByReflection?: boolean;
  error?: string;
}

export interface ProbeOptions extends ExchangeOptions {
  url: string;
  /** Only credentialed access counts as a finding. */
  credentialsOnly?: boolean;
  /** Probes in flight at once. */
  concurrency?: number;
  method?: string;
  onProgress?: (done: number, total: number, result: ProbeResult) => void;
}

export interface ProbeReport {
  url: string;
  results: ProbeResult[];
  findings: ProbeResult[];
  cancelled: boolean;
}

function severity(ruleId: ProbeRuleId, access: ProbeAccess): 'error' | 'warning' | 'info' {
  if (ruleId === 'any-subdomain-trusted') return 'info';
  if (access === 'credentialed') return 'error';
  return ruleId === 'reflected-origin' || ruleId === 'null-origin-allowed' ? 'info' : 'warning';
}

/** Judges one probe answer with the verdict engine: would a page at that origin read the response, and with cookies? */
export function judgeProbe(probe: ProbeOrigin, url: string, method: string, response: Exchange, credentialsOnly: boolean): ProbeResult {
  const base = (credentials: 'include' | 'omit'): CorsRequest => ({ url, origin: probe.origin, method, headers: [], credentials });
  // Every engine must let the page read it: the browsers' outcomes, not the standard's.
  const readable = (credentials: 'include' | 'omit') => Object.values(evaluateOutcomes({ request: base(credentials), actual: response }).browsers);
  const withCookies = readable('include');
  const without = readable('omit');
  const access: ProbeAccess = withCookies.every((o) => o.allowed) ? 'credentialed' : without.every((o) => o.allowed) ? 'read' : 'none';
  const allowOrigin = getCombined(response.headers, 'Access-Control-Allow-Origin');
  const result: ProbeResult = { ...probe, access, status: response.status, allowOrigin, allowCredentials: getCombined(response.headers, 'Access-Control-Allow-Credentials') };
  const refused = without.find((o) => !o.allowed)?.reason;
  if (access === 'none' && refused !== 'MissingAllowOriginHeader' && refused !== 'AllowOriginMismatch') result.refusedBecause = refused;
  // `*` lets every origin read without cookies by design: that is not this origin being trusted.
  const trusted = access === 'credentialed' || (access === 'read' && allowOrigin !== '*');
  if (trusted && (!credentialsOnly || access === 'credentialed')) {
    const how = access === 'credentialed' ? 'reads responses with the user\'s cookies' : 'reads responses (without cookies)';
    result.finding = { ruleId: probe.ruleId, severity: severity(probe.ruleId, access), message: `Origin ${probe.origin} ${how}: the server ${probe.meaning}` };
  }
  return result;
}

/**
 * Sends every crafted origin to the target, a bounded number at a time, and
 * says which ones get in. Cancelling the signal stops new probes and aborts
 * those in flight; the report then holds what finished.
 */
export async function runOriginProbes(options: ProbeOptions): Promise<ProbeReport> {
  const target = parseTargetUrl(options.url);
  const method = options.method ?? 'GET';
  const probes = probeOrigins(target);
  const results: (ProbeResult | undefined)[] = new Array(probes.length);
  const concurrency = Math.max(1, options.concurrency ?? 6);
  let next = 0;
  let done = 0;

  const worker = async () => {
    while (next < probes.length && !options.signal?.aborted) {
      const index = next++;
      const probe = probes[index];
      let result: ProbeResult;
      try {
        const response = await exchange({ url: target.href, method, headers: [['Origin', probe.origin], ['Accept', '*/*']] }, options);
        result = judgeProbe(probe, target.href, method, response, options.credentialsOnly ?? false);
      } catch (error) {
        if (error instanceof ExchangeError && error.code === 'aborted') return;
        result = { ...probe, access: 'none', error: (error as Error).message };
      }
      results[index] = result;
      done++;
      options.onProgress?.(done, probes.length, result);
    }
  };
  await Promise.all(Array.from({ length: Math.min(concurrency, probes.length) }, worker));
  const finished = results.filter((r): r is ProbeResult => r !== undefined);
  collapseReflection(finished);
  return { url: target.href, results: finished, findings: finished.filter((r) => r.finding), cancelled: options.signal?.aborted ?? false };
}

const ACCESS_RANK: Record<ProbeAccess, number> = { none: 0, read: 1, credentialed: 2 };

/**
 * When an unrelated origin gets in, every crafted origin does too, and thirty
 * findings would say one thing. Those tricks are kept as results but not as
 * findings; `null` stays, as sandboxed pages reach it even past an allowlist.
 */
function collapseReflection(results: ProbeResult[]): void {
  const reflection = results.find((r) => r.kind === 'reflection' && r.finding);
  if (!reflection) return;
  for (const r of results) {
    if (r === reflection || r.kind === 'null' || !r.finding) continue;
    if (ACCESS_RANK[r.access] <= ACCESS_RANK[reflection.access]) {
      r.finding = undefined;
      r.impliedByReflection = true;
    }
  }
}
