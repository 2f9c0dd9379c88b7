import { corsCheck } from './access-check';
import { extractTokenList, getCombined } from './header-lines';
import type { EngineProfile } from './engine-profiles';
import { corsUnsafeHeaders, isSafelistedMethod } from './request-headers';
import type { CorsRequest, Outcome, RawResponse } from './types';

export const REDIRECT_STATUSES = new Set([301, 302, 303, 307, 308]);

export function isOkStatus(status: number): boolean {
  return status >= 200 && status <= 299;
}

/**
 * The standard's CORS-preflight fetch, steps after the response arrives: no
 * redirect, the CORS check, an ok status, then `Access-Control-Allow-Methods`
 * and `-Allow-Headers` must be token lists that cover the method and every
 * CORS-unsafe header. `*` is a wildcard only without credentials.
 */
export function checkPreflight(request: CorsRequest, method: string, response: RawResponse, profile: EngineProfile): Outcome {
  const redirect: Outcome = { allowed: false, reason: 'PreflightDisallowedRedirect', detail: getCombined(response.headers, 'Location') ?? '' };
  const badStatus: Outcome = { allowed: false, reason: 'PreflightInvalidStatus', detail: String(response.status) };
  const isRedirect = REDIRECT_STATUSES.has(response.status);
  if (profile.preflightOrder === 'redirect-first' && isRedirect) return redirect;
  if (profile.preflightOrder === 'status-first' && !isOkStatus(response.status)) return badStatus;
  const access = corsCheck(response, request.origin, request.credentials, true, profile.originErrorNaming);
  if (!access.allowed) return access;
  if (isRedirect) return redirect;
  if (!isOkStatus(response.status)) return badStatus;

  const methods = extractTokenList(response.headers, 'Access-Control-Allow-Methods');
  if (methods && !Array.isArray(methods)) return { allowed: false, reason: 'InvalidAllowMethodsPreflightResponse', detail: methods.invalid };
  const names = extractTokenList(response.headers, 'Access-Control-Allow-Headers');
  const invalidNames: Outcome | undefined = names && !Array.isArray(names) ? { allowed: false, reason: 'InvalidAllowHeadersPreflightResponse', detail: names.invalid } : undefined;
  if (invalidNames && profile.parsesBothListsFirst) return invalidNames;

  const include = request.credentials === 'include';
  const allowedMethods = methods ?? [];
  // Byte-case-sensitive, as every engine does: `patch` is not `PATCH`.
  const methodOk = isSafelistedMethod(method) || allowedMethods.includes(method) || (!include && allowedMethods.includes('*'));
  if (!methodOk) return { allowed: false, reason: 'MethodDisallowedByPreflightResponse', detail: method };
  if (invalidNames) return invalidNames;

  const allowedNames = new Set((Array.isArray(names) ? names : []).map((n) => n.toLowerCase()));
  const wildcard = !include && allowedNames.has('*');
  for (const { name } of corsUnsafeHeaders(request.headers, profile)) {
    if (allowedNames.has(name)) continue;
    if (wildcard && (name !== 'authorization' || profile.wildcardCoversAuthorization)) continue;
    return { allowed: false, reason: 'HeaderDisallowedByPreflightResponse', detail: name };
  }
  return { allowed: true };
}

/** Seconds the engine keeps this successful preflight in its cache. */
export function preflightCacheSeconds(response: RawResponse, profile: EngineProfile): number {
  const raw = getCombined(response.headers, 'Access-Control-Max-Age');
  if (raw === undefined) return profile.maxAgeDefault;
  if (/^-[0-9]+$/.test(raw)) return profile.maxAgeNegative;
  if (!/^[0-9]+$/.test(raw)) return profile.maxAgeInvalid;
  return Math.min(Number(raw), profile.maxAgeCap);
}
