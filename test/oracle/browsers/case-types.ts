import type { CredentialsMode, HeaderLine } from '../../../server/src/fetch/types';

/**
 * Header values may hold `{ORIGIN}` (the calling page's origin) and a
 * response may be a redirect to the same case, marked `followed`, whose answer
 * would let everything through: a browser that followed it would pass.
 */
export interface ResponseSpec {
  status: number;
  headers: HeaderLine[];
  redirect?: boolean;
}

export interface OracleCase {
  id: string;
  label: string;
  method: string;
  headers: HeaderLine[];
  credentials: CredentialsMode;
  preflight: ResponseSpec;
  actual: ResponseSpec;
  /** Fetch the same URL twice in a row: a second preflight shows the first was not cached. */
  repeat?: boolean;
  /** Run from a sandboxed iframe, whose origin is opaque: the browser sends `Origin: null`. */
  nullOrigin?: boolean;
}

/** What one engine did with one case. */
export interface EngineResult {
  id: string;
  allowed: boolean;
  /** The engine's own words or reason name, where it gives one. */
  reason?: string;
}
