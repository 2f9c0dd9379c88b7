import type { Span } from '../../../core/range';
import type { CorsPolicy } from '../../cors-policy';

/** Where a Python policy's settings live in the code, for fixes that rewrite them. */
export interface PyFixTarget {
  /** The call that takes the options (`CORS(app)`, `cross_origin()`), to add a keyword where there is none. */
  call?: Span;
  /** The origins value as written (a keyword's value or a config entry's). */
  origins?: Span;
  /** How `Vary: Origin` is added in this code: a statement to insert after the ACAO line, or a keyword to set. */
  varyStatement?: string;
  /** The `vary_header=False` keyword, which a Vary fix turns back on. */
  varyOff?: Span;
  /** A hand-written echo of the request Origin (`request.headers.get('Origin')`), which an allowlist fix guards. */
  reflect?: Span;
}

/** Filled by the extractors, read by the fixer: policies are the same objects in one analysis. */
export const pyFixTargets = new WeakMap<CorsPolicy, PyFixTarget>();
