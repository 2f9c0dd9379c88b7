import { ENGINE_LABELS } from '../../../server/src/fetch/engine-profiles';
import { describeReason } from '../../../server/src/fetch/reason-text';
import { ENGINES, type HeaderLine, type Outcome } from '../../../server/src/fetch/types';
import { isPreflightStage } from '../../../server/src/fetch/verdict';
import type { Exchange } from '../../../server/src/tester/http-exchange';
import type { ProbeResult } from '../../../server/src/tester/origin-probes';
import type { PreflightTestResult } from '../../../server/src/tester/preflight-run';
import type { EngineView, ExchangeView, ProbeRowView, ResultView } from './messages';

/** The page shows at most this much of a response: a server may send a lot. */
export const MAX_SHOWN_HEADERS = 200;
export const MAX_SHOWN_VALUE = 2048;
export const MAX_SHOWN_BODY = 4096;

function clip(text: string, max: number): string {
  return text.length > max ? `${text.slice(0, max)}… (${text.length} characters)` : text;
}

function lines(headers: readonly HeaderLine[]): [string, string][] {
  return headers.slice(0, MAX_SHOWN_HEADERS).map(([n, v]) => [clip(n, 256), clip(v, MAX_SHOWN_VALUE)]);
}

export function exchangeView(ex: Exchange): ExchangeView {
  const url = new URL(ex.request.url);
  return {
    requestLine: `${ex.request.method} ${url.pathname}${url.search} HTTP/1.1`,
    requestHeaders: lines([['Host', url.host], ...ex.request.headers]),
    statusLine: clip(`HTTP/1.1 ${ex.status} ${ex.statusText}`.trim(), 512),
    responseHeaders: lines(ex.headers),
    hiddenHeaders: Math.max(0, ex.headers.length - MAX_SHOWN_HEADERS),
    body: clip(ex.body, MAX_SHOWN_BODY),
    bodyTruncated: ex.bodyTruncated || ex.body.length > MAX_SHOWN_BODY,
    redirectTo: ex.redirectTo === undefined ? undefined : clip(ex.redirectTo, 2048),
    headersMs: ex.timing.headersMs,
    totalMs: ex.timing.totalMs,
  };
}

function stageOf(o: Outcome): EngineView['stage'] {
  if (o.allowed) return undefined;
  if (o.reason === 'ForbiddenMethod') return 'request';
  return isPreflightStage(o) ? 'preflight' : 'response';
}

function engineView(label: string, o: Outcome, standard: Outcome | undefined, cacheSeconds?: number): EngineView {
  const view: EngineView = {
    label,
    allowed: o.allowed,
    why: o.allowed ? 'the page can read the response' : describeReason(o),
    departs: standard !== undefined && (o.allowed !== standard.allowed || o.reason !== standard.reason),
  };
  if (o.reason) view.reason = o.reason;
  const stage = stageOf(o);
  if (stage) view.stage = stage;
  if (cacheSeconds !== undefined) view.cacheSeconds = cacheSeconds;
  return view;
}

/** Everything the page shows of one test, already bounded and in words. */
export function resultView(result: PreflightTestResult, totalMs: number): ResultView {
  const { request, verdict } = result;
  const engines = ENGINES.map((e) => engineView(ENGINE_LABELS[e], verdict.browsers[e], verdict.standard, verdict.preflightCacheSeconds?.[e]));
  const view: ResultView = {
    summary: verdict.allowed ? 'Allowed in every browser' : `Blocked (${verdict.reason})`,
    allowed: verdict.allowed,
    request: { url: request.url, origin: request.origin, method: request.method, credentials: request.credentials === 'include' },
    preflightNeeded: verdict.preflightNeeded,
    engines,
    standard: engineView('Fetch standard', verdict.standard, undefined),
    steps: verdict.steps.filter((s) => s.name !== 'standard' && !(ENGINES as readonly string[]).includes(s.name)).map((s) => ({ name: s.name, ok: s.ok, detail: clip(s.detail, 4096) })),
    totalMs,
  };
  if (result.preflight) view.preflight = exchangeView(result.preflight);
  if (result.actual) view.actual = exchangeView(result.actual);
  else if (result.preflight) view.actualSkipped = 'Not sent: no browser gets past this preflight.';
  return view;
}

/** One line of the summary kept in the history. */
export function outcomeText(view: ResultView): string {
  return view.allowed ? 'allowed' : `blocked (${view.engines.find((e) => !e.allowed)?.reason ?? 'unknown'})`;
}

export function probeRowView(r: ProbeResult): ProbeRowView {
  const row: ProbeRowView = { origin: clip(r.origin, 512), kind: r.kind, access: r.access };
  if (r.finding) {
    row.ruleId = r.finding.ruleId;
    row.severity = r.finding.severity;
    row.message = clip(r.finding.message, 2048);
  }
  if (r.status !== undefined) row.status = r.status;
  if (r.allowOrigin !== undefined) row.allowOrigin = clip(r.allowOrigin, 512);
  if (r.impliedByReflection) row.note = 'gets in as any origin does';
  else if (r.refusedBecause) row.note = `refused: ${r.refusedBecause}`;
  if (r.error) row.error = clip(r.error, 1024);
  return row;
}
