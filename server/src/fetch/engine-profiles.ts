import type { OriginErrorNaming } from './access-check';
import type { SafelistOptions } from './request-headers';
import type { EngineName } from './types';

/**
 * Where an engine departs from the Fetch standard. The flags are set from what
 * the real engines did in the browser agreement test (test/oracle/browsers/),
 * not from their documentation. The Max-Age caps are the exception: they take
 * minutes to hours to observe, so they come from the rule catalogue; whether a
 * value caches at all (absent, 0, negative, not a number) is observed.
 */
export interface EngineProfile extends SafelistOptions {
  name: EngineName | 'standard';
  /** `Access-Control-Allow-Headers: *` also covers `Authorization` (the standard says it never does). */
  wildcardCoversAuthorization: boolean;
  originErrorNaming: OriginErrorNaming;
  /**
   * The order of the first preflight checks: Chromium refuses a redirect
   * before anything else; Firefox (and the standard) run the CORS check
   * first; WebKit checks for an ok status first and counts a redirect as not ok.
   */
  preflightOrder: 'redirect-first' | 'cors-first' | 'status-first';
  /**
   * Both lists are parsed before either is used (the standard, Chromium,
   * WebKit); Firefox checks the method before it reads Access-Control-Allow-Headers.
   */
  parsesBothListsFirst: boolean;
  /** Longest `Access-Control-Max-Age` honoured, in seconds. */
  maxAgeCap: number;
  /** Seconds cached when `Access-Control-Max-Age` is absent. */
  maxAgeDefault: number;
  /** Seconds cached for a negative `Access-Control-Max-Age` (the standard: not a valid value, so the default). */
  maxAgeNegative: number;
  /** Seconds cached for a value that is not a number, or several values. */
  maxAgeInvalid: number;
}

export const STANDARD: EngineProfile = {
  name: 'standard',
  wildcardCoversAuthorization: false,
  safelistsRange: true,
  combinesDuplicateHeaders: false,
  safelistsClientHints: false,
  limitsSafelistedTotal: true,
  repeatsRequestHeaderNames: false,
  originErrorNaming: 'chromium',
  preflightOrder: 'cors-first',
  parsesBothListsFirst: true,
  maxAgeCap: Infinity,
  maxAgeDefault: 5,
  maxAgeNegative: 5,
  maxAgeInvalid: 5,
};

export const PROFILES: Record<EngineName, EngineProfile> = {
  chromium: { ...STANDARD, name: 'chromium', preflightOrder: 'redirect-first', wildcardCoversAuthorization: true, combinesDuplicateHeaders: true, safelistsClientHints: true, maxAgeCap: 7200, maxAgeNegative: 0 },
  firefox: { ...STANDARD, name: 'firefox', originErrorNaming: 'firefox', parsesBothListsFirst: false, wildcardCoversAuthorization: true, limitsSafelistedTotal: false, repeatsRequestHeaderNames: true, maxAgeCap: 86400, maxAgeNegative: 0, maxAgeInvalid: 0 },
  webkit: { ...STANDARD, name: 'webkit', originErrorNaming: 'webkit', preflightOrder: 'status-first', wildcardCoversAuthorization: true, combinesDuplicateHeaders: true, maxAgeCap: 600, maxAgeNegative: 0 },
};

export const ENGINE_LABELS: Record<EngineName | 'standard', string> = {
  chromium: 'Chromium',
  firefox: 'Firefox',
  webkit: 'WebKit (Safari)',
  standard: 'the Fetch standard',
};
