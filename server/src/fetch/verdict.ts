import { corsCheck } from './access-check';
import { ENGINE_LABELS, PROFILES, STANDARD, type EngineProfile } from './engine-profiles';
import { countLines, getCombined } from './header-lines';
import { checkPreflight, preflightCacheSeconds, REDIRECT_STATUSES } from './preflight-check';
import { describeReason } from './reason-text';
import { corsUnsafeHeaders, isForbiddenMethod, isSafelistedMethod, normalizeMethod, sentHeaders } from './request-headers';
import { ENGINES, type CorsRequest, type EngineName, type Outcome, type RawResponse, type Verdict, type VerdictStep } from './types';

export interface VerdictInput {
  request: CorsRequest;
  /** The response to the `OPTIONS` preflight, when one was sent. */
  preflight?: RawResponse;
  /** The response to the request itself, when it was sent. */
  actual?: RawResponse;
}

/** Whether the request was refused at the preflight, before the request itself was sent. */
export function isPreflightStage(outcome: Outcome): boolean {
  const reason = outcome.reason ?? '';
  return !outcome.allowed && (reason.startsWith('Preflight') || reason.endsWith('PreflightResponse'));
}

/** Whether this engine sends a preflight before the request. */
export function needsPreflight(request: CorsRequest, profile: EngineProfile = STANDARD): boolean {
  const method = normalizeMethod(request.method);
  return !isSafelistedMethod(method) || corsUnsafeHeaders(request.headers, profile).length > 0;
}

/** The `Access-Control-Request-Headers` value a browser sends with the preflight. */
export function requestHeadersValue(request: CorsRequest, profile: EngineProfile = STANDARD): string {
  const unsafe = corsUnsafeHeaders(request.headers, profile).map((h) => h.name);
  if (!profile.repeatsRequestHeaderNames) return unsafe.join(',');
  const names = new Set(unsafe);
  return sentHeaders(request.headers).map(([n]) => n.toLowerCase()).filter((n) => names.has(n)).sort().join(',');
}

function outcomeFor(input: VerdictInput, profile: EngineProfile): Outcome {
  const { request } = input;
  const method = normalizeMethod(request.method);
  if (isForbiddenMethod(method)) return { allowed: false, reason: 'ForbiddenMethod', detail: method };
  if (needsPreflight(request, profile)) {
    if (!input.preflight) return { allowed: false, reason: 'PreflightMissing' };
    const pre = checkPreflight(request, method, input.preflight, profile);
    if (!pre.allowed) return pre;
  }
  if (!input.actual) return { allowed: false, reason: 'ResponseMissing' };
  return corsCheck(input.actual, request.origin, request.credentials, false, profile.originErrorNaming);
}

/** Only the outcomes, without the steps that explain them: for callers that judge many responses. */
export function evaluateOutcomes(input: VerdictInput): { standard: Outcome; browsers: Record<EngineName, Outcome> } {
  const browsers = {} as Record<EngineName, Outcome>;
  for (const engine of ENGINES) browsers[engine] = outcomeFor(input, PROFILES[engine]);
  return { standard: outcomeFor(input, STANDARD), browsers };
}

/**
 * What Chromium, Firefox, WebKit and the Fetch standard make of one
 * cross-origin request, given the raw responses it got. Pure: no I/O.
 */
export function evaluateCors(input: VerdictInput): Verdict {
  const { standard, browsers } = evaluateOutcomes(input);
  const blocker = ENGINES.find((e) => !browsers[e].allowed);
  const preflightNeeded = ENGINES.some((e) => needsPreflight(input.request, PROFILES[e]));
  const verdict: Verdict = {
    allowed: blocker === undefined,
    steps: buildSteps(input, standard, browsers, preflightNeeded),
    browsers,
    standard,
    preflightNeeded,
  };
  if (blocker) verdict.reason = browsers[blocker].reason;
  if (input.preflight && preflightNeeded) {
    const cache = {} as Record<EngineName, number>;
    for (const engine of ENGINES) {
      // Only a preflight that passed is cached, by the engines that sent one.
      const kept = needsPreflight(input.request, PROFILES[engine]) && !isPreflightStage(browsers[engine]);
      cache[engine] = kept ? preflightCacheSeconds(input.preflight, PROFILES[engine]) : 0;
    }
    verdict.preflightCacheSeconds = cache;
  }
  return verdict;
}

function buildSteps(input: VerdictInput, standard: Outcome, browsers: Record<EngineName, Outcome>, preflightNeeded: boolean): VerdictStep[] {
  const steps: VerdictStep[] = [];
  const method = normalizeMethod(input.request.method);
  if (isForbiddenMethod(method)) {
    steps.push({ name: 'method', ok: false, detail: `fetch() refuses the method ${method} before sending anything` });
  } else {
    steps.push(...requestSteps(input, standard, preflightNeeded));
  }
  steps.push({ name: 'standard', ok: standard.allowed, detail: standard.allowed ? 'the Fetch standard allows the response to be read' : `the Fetch standard blocks it: ${describeReason(standard)}` });
  for (const engine of ENGINES) {
    const o = browsers[engine];
    const same = o.allowed === standard.allowed && o.reason === standard.reason;
    const what = o.allowed ? 'allows it' : `blocks it: ${describeReason(o)}`;
    steps.push({ name: engine, ok: o.allowed, detail: `${ENGINE_LABELS[engine]} ${what}${same ? '' : ' (departs from the standard)'}` });
  }
  return steps;
}

function requestSteps(input: VerdictInput, standard: Outcome, preflightNeeded: boolean): VerdictStep[] {
  const { request } = input;
  const steps: VerdictStep[] = [];
  const method = normalizeMethod(request.method);
  const dropped = request.headers.filter((h) => !sentHeaders([h]).length).map(([n]) => n);
  if (dropped.length) steps.push({ name: 'forbidden headers', ok: true, detail: `the browser drops ${dropped.join(', ')}: a page cannot set ${dropped.length > 1 ? 'them' : 'it'}` });
  const unsafe = corsUnsafeHeaders(request.headers);
  if (!preflightNeeded) {
    steps.push({ name: 'preflight', ok: true, detail: `not needed: ${method} is a safelisted method and every header is safelisted` });
  } else {
    const why: string[] = [];
    if (!isSafelistedMethod(method)) why.push(`${method} is not GET, HEAD or POST`);
    for (const u of unsafe) why.push(`${u.name} ${u.cause === 'name' ? 'is not a safelisted header' : u.cause === 'value' ? 'has a value outside the safelist' : u.cause === 'too-long' ? 'is longer than 128 bytes' : 'pushes the safelisted values over 1024 bytes'}`);
    steps.push({ name: 'preflight', ok: true, detail: `needed: ${why.join('; ') || 'an engine does not safelist a header'}` });
    if (input.preflight) steps.push(...preflightSteps(input.preflight, standard));
    else steps.push({ name: 'preflight response', ok: false, detail: 'no preflight response to check' });
  }
  if (input.actual && !isPreflightStage(standard)) {
    const actual = corsCheck(input.actual, request.origin, request.credentials, false);
    steps.push(originStep(input.actual, actual, 'response'));
    if (REDIRECT_STATUSES.has(input.actual.status)) {
      steps.push({ name: 'redirect', ok: true, detail: `status ${input.actual.status} to ${getCombined(input.actual.headers, 'Location') ?? '(no Location)'}: a browser would follow it and check CORS again on the next response` });
    }
  }
  return steps;
}

function preflightSteps(response: RawResponse, standard: Outcome): VerdictStep[] {
  const steps: VerdictStep[] = [];
  const reason = standard.reason ?? '';
  const originFailed = reason.startsWith('Preflight') && reason !== 'PreflightInvalidStatus' && reason !== 'PreflightDisallowedRedirect';
  steps.push(originStep(response, originFailed ? standard : { allowed: true }, 'preflight'));
  if (originFailed) return steps;
  if (REDIRECT_STATUSES.has(response.status)) {
    steps.push({ name: 'preflight redirect', ok: false, detail: `the preflight got a ${response.status} redirect; browsers never follow redirects on a preflight` });
    return steps;
  }
  const statusOk = reason !== 'PreflightInvalidStatus';
  steps.push({ name: 'preflight status', ok: statusOk, detail: statusOk ? `${response.status} is an ok status` : `${response.status} is not an ok status (200-299)` });
  if (!statusOk) return steps;
  const methodOk = reason !== 'MethodDisallowedByPreflightResponse' && reason !== 'InvalidAllowMethodsPreflightResponse';
  const methods = getCombined(response.headers, 'Access-Control-Allow-Methods');
  steps.push({ name: 'allowed methods', ok: methodOk, detail: methodOk ? `the method is allowed (Access-Control-Allow-Methods: ${methods ?? 'absent'})` : describeReason(standard) });
  if (!methodOk) return steps;
  const headersOk = reason !== 'HeaderDisallowedByPreflightResponse' && reason !== 'InvalidAllowHeadersPreflightResponse';
  const names = getCombined(response.headers, 'Access-Control-Allow-Headers');
  steps.push({ name: 'allowed headers', ok: headersOk, detail: headersOk ? `every request header is allowed (Access-Control-Allow-Headers: ${names ?? 'absent'})` : describeReason(standard) });
  return steps;
}

function originStep(response: RawResponse, outcome: Outcome, which: 'preflight' | 'response'): VerdictStep {
  const value = getCombined(response.headers, 'Access-Control-Allow-Origin');
  const lines = countLines(response.headers, 'Access-Control-Allow-Origin');
  const shown = value === undefined ? 'absent' : lines > 1 ? `${lines} lines, read as "${value}"` : `"${value}"`;
  return {
    name: which === 'preflight' ? 'preflight CORS check' : 'response CORS check',
    ok: outcome.allowed,
    detail: outcome.allowed ? `Access-Control-Allow-Origin ${shown} lets the origin read it` : describeReason(outcome),
  };
}
