import type { Span } from '../../../core/range';
import type { CorsPolicy } from '../../cors-policy';

/** Where a policy's options live in the code, for fixes that rewrite them. */
export interface OptionsTarget {
  /** The options object literal, when the options are written inline or in a name that resolves to one. */
  object?: Span;
  /** The call that receives the options (`cors()`), to add an object where there is none. */
  call: Span;
  /** The `origin` value as written, when present. */
  origin?: Span;
  /** How `Vary: Origin` is added in this code: a statement to insert after the ACAO line. */
  varyStatement?: string;
}

/** Filled by the extractors, read by the fixer: policies are the same objects in one analysis. */
export const optionsTargets = new WeakMap<CorsPolicy, OptionsTarget>();
