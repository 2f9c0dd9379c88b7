import type { Span } from '../../../core/range';
import type { CorsPolicy } from '../../cors-policy';
import type { ServiceOptions } from './php-cors-service';
import type { PhpValue } from './values';

/** Where a Laravel or Symfony policy's settings were written, for fixes that rewrite them. */
export type PhpTarget =
  | { kind: 'laravel'; file: string; array: Span; config: PhpValue & { kind: 'array' }; options: ServiceOptions }
  | { kind: 'symfony'; file: string; origins?: Span; block: Span; originRegex: boolean };

/** Filled by the extractors, read by the fixer: policies are the same objects in one analysis. */
export const phpTargets = new WeakMap<CorsPolicy, PhpTarget>();
