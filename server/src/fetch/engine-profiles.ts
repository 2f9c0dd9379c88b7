import type { EngineName } from './types';

/**
 * Where an engine departs from the Fetch standard. Each flag is set from what
 * the real engine did in the browser agreement test
 * (test/oracle/browsers/), not from its documentation.
 */
export interface EngineProfile {
  name: EngineName | 'standard';
  /**
   * The request method is upper-cased before it is looked up in
   * `Access-Control-Allow-Methods` (the standard compares `patch` as written).
   */
  upperCasesMethodForCheck: boolean;
  /** `Access-Control-Allow-Headers: *` also covers `Authorization` (the standard says it never does). */
  wildcardCoversAuthorization: boolean;
  /** A simple `Range: bytes=N-[M]` needs no preflight (the standard safelists it). */
  safelistsRange: boolean;
  /** Longest `Access-Control-Max-Age` honoured, in seconds. */
  maxAgeCap: number;
  /** Seconds cached when `Access-Control-Max-Age` is absent. */
  maxAgeDefault: number;
}

export const STANDARD: EngineProfile = {
  name: 'standard',
  upperCasesMethodForCheck: false,
  wildcardCoversAuthorization: false,
  safelistsRange: true,
  maxAgeCap: Infinity,
  maxAgeDefault: 5,
};

export const PROFILES: Record<EngineName, EngineProfile> = {
  chromium: { ...STANDARD, name: 'chromium', upperCasesMethodForCheck: true, wildcardCoversAuthorization: true, maxAgeCap: 7200 },
  firefox: { ...STANDARD, name: 'firefox', wildcardCoversAuthorization: true, maxAgeCap: 86400 },
  webkit: { ...STANDARD, name: 'webkit', wildcardCoversAuthorization: true, maxAgeCap: 600 },
};

export const ENGINE_LABELS: Record<EngineName | 'standard', string> = {
  chromium: 'Chromium',
  firefox: 'Firefox',
  webkit: 'WebKit (Safari)',
  standard: 'the Fetch standard',
};
