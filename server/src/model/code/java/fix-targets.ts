import type { Span } from '../../../core/range';
import type { CorsPolicy } from '../../cors-policy';

/** How origins are written at one place of a Spring configuration. */
export type OriginSiteKind =
  | 'annotation-origins' | 'annotation-patterns'
  | 'chain-origins' | 'chain-patterns'
  | 'set-origins' | 'set-patterns' | 'add-origin' | 'add-pattern';

export interface OriginSite {
  kind: OriginSiteKind;
  /** `origins = ...` (annotations) or `name(args)` (calls), the text a fix rewrites. */
  span: Span;
  /** The entries written there include `*`. */
  star: boolean;
}

/** Text a fix inserts at an offset; `strings` is `"a", "b"`, `array` the annotation form (`{"a", "b"}` or one string). */
export interface Insertion {
  file: string;
  offset: number;
  text: (strings: string, array: string) => string;
}

export interface JavaFixTarget {
  sites: OriginSite[];
  /** Where an origins setting goes when there is none: text inserted at an offset. */
  insert?: Insertion;
  /** How `Vary: Origin` is added in hand-written code: a statement after the ACAO line. */
  varyStatement?: string;
}

/** Filled by the Java extractors, read by the Java fixer. */
export const javaFixTargets = new WeakMap<CorsPolicy, JavaFixTarget>();
