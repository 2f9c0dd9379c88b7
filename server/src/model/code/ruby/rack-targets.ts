import type { CorsPolicy } from '../../cors-policy';
import type { RackAllow, RackMiddleware, RackResource } from './rack-cors-config';

/** Where a rack-cors policy was written, for fixes that rewrite its `origins` or options. */
export interface RackTarget {
  middleware: RackMiddleware;
  allow: RackAllow;
  resource: RackResource;
}

/** Filled by the extractor, read by the fixer: policies are the same objects in one analysis. */
export const rackTargets = new WeakMap<CorsPolicy, RackTarget>();
