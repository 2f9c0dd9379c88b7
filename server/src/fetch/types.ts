/** One header line exactly as it came off the wire: duplicates stay separate lines. */
export type HeaderLine = readonly [name: string, value: string];

export type CredentialsMode = 'omit' | 'same-origin' | 'include';

/** What the page asks `fetch()` to do. */
export interface CorsRequest {
  url: string;
  /** The serialized origin of the calling page, or `null` for an opaque origin. */
  origin: string;
  method: string;
  /** Headers the page sets on the request, in the order it sets them. */
  headers: readonly HeaderLine[];
  credentials: CredentialsMode;
}

/** A response as received: raw status and header lines. */
export interface RawResponse {
  status: number;
  headers: readonly HeaderLine[];
}

export type EngineName = 'chromium' | 'firefox' | 'webkit';
export const ENGINES: readonly EngineName[] = ['chromium', 'firefox', 'webkit'];

/**
 * Why a request is blocked, named as Chromium's `CorsError` names it, so
 * reasons from every engine and from the standard compare with each other.
 * `ForbiddenMethod` has no Chromium name: `fetch()` throws before any network
 * traffic.
 */
export type BlockReason =
  | 'ForbiddenMethod'
  | 'PreflightInvalidStatus'
  | 'PreflightDisallowedRedirect'
  | 'PreflightMissingAllowOriginHeader'
  | 'PreflightMultipleAllowOriginValues'
  | 'PreflightInvalidAllowOriginValue'
  | 'PreflightAllowOriginMismatch'
  | 'PreflightWildcardOriginNotAllowed'
  | 'PreflightInvalidAllowCredentials'
  | 'InvalidAllowMethodsPreflightResponse'
  | 'InvalidAllowHeadersPreflightResponse'
  | 'MethodDisallowedByPreflightResponse'
  | 'HeaderDisallowedByPreflightResponse'
  | 'MissingAllowOriginHeader'
  | 'MultipleAllowOriginValues'
  | 'InvalidAllowOriginValue'
  | 'AllowOriginMismatch'
  | 'WildcardOriginNotAllowed'
  | 'InvalidAllowCredentials'
  | 'PreflightMissing'
  | 'ResponseMissing';

export interface Outcome {
  allowed: boolean;
  reason?: BlockReason;
  /** The header, method or value the reason is about, when there is one. */
  detail?: string;
}

export interface VerdictStep {
  name: string;
  ok: boolean;
  detail: string;
}

export interface Verdict {
  /** True only when all three engines allow the request. */
  allowed: boolean;
  /** The first engine's reason when one blocks (Chromium's, else Firefox's, else WebKit's). */
  reason?: BlockReason;
  steps: VerdictStep[];
  browsers: Record<EngineName, Outcome>;
  /** What the Fetch standard says, shown beside what the browsers do. */
  standard: Outcome;
  /** Whether a browser sends an `OPTIONS` preflight first. */
  preflightNeeded: boolean;
  /** How long each engine caches a successful preflight, in seconds (0: not cached). */
  preflightCacheSeconds?: Record<EngineName, number>;
}
