import type { Span } from '../../../core/range';
import type { CorsPolicy } from '../../cors-policy';

/** Where a Next.js policy's CORS set-up lives in the code, for fixes in Next's own terms. */
export interface NextTarget {
  /** `next.config` header entries, or headers a handler (route handler, middleware) sets on its response. */
  kind: 'config' | 'handler';
  /** The `has` condition that captures the Origin for a `:name` header value, when the value reflects it. */
  originHas?: { at: Span; param: string };
}

/** Filled by the Next.js extractor, read by its fixer: policies are the same objects in one analysis. */
export const nextTargets = new WeakMap<CorsPolicy, NextTarget>();
