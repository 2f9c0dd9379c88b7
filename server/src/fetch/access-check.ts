import { countLines, getCombined } from './header-lines';
import type { BlockReason, CredentialsMode, Outcome, RawResponse } from './types';

/**
 * How an engine names a wrong `Access-Control-Allow-Origin`: Chromium calls a
 * value with a space or comma "multiple values" and a non-URL "invalid";
 * Firefox says "multiple" only for several header lines; WebKit only for a
 * comma. Otherwise they just say it does not match.
 */
export type OriginErrorNaming = 'chromium' | 'firefox' | 'webkit';

/** Whether `value` parses as an absolute URL, as Chromium checks before calling it a mismatch. */
function parsesAsUrl(value: string): boolean {
  try {
    new URL(value);
    return true;
  } catch {
    return false;
  }
}

const PREFLIGHT_NAMES: Partial<Record<BlockReason, BlockReason>> = {
  MissingAllowOriginHeader: 'PreflightMissingAllowOriginHeader',
  MultipleAllowOriginValues: 'PreflightMultipleAllowOriginValues',
  InvalidAllowOriginValue: 'PreflightInvalidAllowOriginValue',
  AllowOriginMismatch: 'PreflightAllowOriginMismatch',
  WildcardOriginNotAllowed: 'PreflightWildcardOriginNotAllowed',
  InvalidAllowCredentials: 'PreflightInvalidAllowCredentials',
};

/**
 * The standard's CORS check on one response: `Access-Control-Allow-Origin` must
 * be `*` (without credentials) or exactly the request's serialized origin, and
 * with credentials `Access-Control-Allow-Credentials` must be exactly `true`.
 * Failures are classified the way Chromium names them.
 */
export function corsCheck(response: RawResponse, origin: string, credentials: CredentialsMode, forPreflight: boolean, naming: OriginErrorNaming = 'chromium'): Outcome {
  const result = classify(response, origin, credentials, naming);
  if (result.allowed || !forPreflight) return result;
  return { ...result, reason: PREFLIGHT_NAMES[result.reason!] ?? result.reason };
}

function severalOrigins(response: RawResponse, value: string, naming: OriginErrorNaming): boolean {
  if (naming === 'firefox') return countLines(response.headers, 'Access-Control-Allow-Origin') > 1;
  if (naming === 'webkit') return value.includes(',');
  return /[ ,]/.test(value);
}

function classify(response: RawResponse, origin: string, credentials: CredentialsMode, naming: OriginErrorNaming): Outcome {
  const allowOrigin = getCombined(response.headers, 'Access-Control-Allow-Origin');
  if (allowOrigin === undefined) return { allowed: false, reason: 'MissingAllowOriginHeader' };
  const include = credentials === 'include';
  if (allowOrigin === '*') {
    return include ? { allowed: false, reason: 'WildcardOriginNotAllowed', detail: '*' } : { allowed: true };
  }
  if (allowOrigin !== origin) {
    // Two header lines were joined with ", "; one line listing several origins fails the same way.
    if (severalOrigins(response, allowOrigin, naming)) return { allowed: false, reason: 'MultipleAllowOriginValues', detail: allowOrigin };
    if (naming === 'chromium' && allowOrigin !== 'null' && !parsesAsUrl(allowOrigin)) return { allowed: false, reason: 'InvalidAllowOriginValue', detail: allowOrigin };
    return { allowed: false, reason: 'AllowOriginMismatch', detail: allowOrigin };
  }
  if (!include) return { allowed: true };
  const allowCredentials = getCombined(response.headers, 'Access-Control-Allow-Credentials');
  if (allowCredentials !== 'true') return { allowed: false, reason: 'InvalidAllowCredentials', detail: allowCredentials ?? '' };
  return { allowed: true };
}
