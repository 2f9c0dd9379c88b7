import type { Span } from '../../../core/range';
import type { CorsPolicy } from '../../cors-policy';

export interface CsFixTarget {
  /** The call that decides the origins (`WithOrigins(...)`, `AllowAnyOrigin()`, `SetIsOriginAllowed(...)`), name to closing parenthesis. */
  origins?: Span;
  /** Where `.WithOrigins(...)` goes when nothing sets origins: just after the builder parameter. */
  insert?: { file: string; offset: number };
  /** How `Vary: Origin` is added in hand-written code: a statement after the ACAO line. */
  varyStatement?: string;
}

/** Filled by the C# extractors, read by the C# fixer. */
export const csFixTargets = new WeakMap<CorsPolicy, CsFixTarget>();
