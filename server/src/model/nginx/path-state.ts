import type { RequestCondition, StatusModel, SymbolicValue } from '../cors-policy';
import type { Span } from '../../core/range';
import type { OriginMatcher } from '../origin-matcher';
import { matchOrigin } from '../../origin/match-origin';
import type { Level } from './levels';
import type { MapDef } from './maps';
import type { ValueScope } from './variables';

/** Past this many paths through one location's `if`s, the rest is reported as one unknown branch. */
export const MAX_PATHS = 64;

/** One way through the rewrite and access phases, with what is known about the request on it. */
export interface PathState {
  conds: RequestCondition[];
  env: Map<string, SymbolicValue>;
  lastRegex?: OriginMatcher | 'other';
  /** The `if` level whose configuration is in effect (the last one that matched), if any. */
  conf?: Level;
  /** Methods still possible on this path: `only` (when known) minus `excluded`. */
  only?: string[];
  excluded: string[];
  /** A `break` ended the current level's rewrite directives. */
  stoppedByBreak?: boolean;
  /** The last matched `if` with its own `*_pass`: its handler stays the content handler. */
  handlerIf?: Level;
}

/** A path that ended with a response. */
export interface Finished {
  state: PathState;
  status: StatusModel;
  at: Span;
  conf: Level;
  /** `return CODE text` answers with its text: error pages do not replace it. */
  noErrorPages?: boolean;
}

export interface FlowContext {
  maps: ReadonlyMap<string, MapDef>;
  declared: ReadonlySet<string>;
  paths: number;
  /** `if` directives already summarised as unknown after the path cap (made when the cap is first reached). */
  capped?: Set<object>;
  /** The location a URI leads to in the current server (for error pages). */
  route: (uri: string) => Level | undefined;
}

/** What every path starts with: never changed in place (each step copies), so all paths share them. */
const NO_CONDS: RequestCondition[] = [];
const NO_ENV = new Map<string, SymbolicValue>();
const NO_METHODS: string[] = [];

export function initialState(): PathState {
  return { conds: NO_CONDS, env: NO_ENV, excluded: NO_METHODS };
}

export function scopeOf(ctx: FlowContext, s: PathState): ValueScope {
  return { maps: ctx.maps, env: s.env, declared: ctx.declared, lastRegex: s.lastRegex };
}

export function isTrue(c: RequestCondition): boolean {
  return c.kind === 'true';
}

export function isFalse(c: RequestCondition): boolean {
  return c.kind === 'not' && c.cond.kind === 'true';
}

export function negate(c: RequestCondition): RequestCondition {
  if (c.kind === 'not') return c.cond;
  return { kind: 'not', cond: c };
}

/** The state with one more condition, or undefined when the methods it allows run out. */
export function withCond(s: PathState, cond: RequestCondition): PathState | undefined {
  if (isTrue(cond)) return s;
  if (isFalse(cond)) return undefined;
  let only = s.only;
  let excluded = s.excluded;
  if (cond.kind === 'method') only = only ? only.filter((m) => cond.methods.includes(m)) : cond.methods;
  else if (cond.kind === 'not' && cond.cond.kind === 'method') excluded = [...excluded, ...cond.cond.methods];
  if (only && only.every((m) => excluded.includes(m))) return undefined;
  const conds = [...s.conds, cond];
  if (!originFeasible(conds)) return undefined;
  return { ...s, conds, only, excluded };
}

/**
 * When a path pins the Origin to one value (`if ($http_origin = "...")`), every
 * other Origin check on it must admit that value, or no request takes the path.
 */
function originFeasible(conds: RequestCondition[]): boolean {
  const pinned = conds.find((c) => c.kind === 'origin' && c.matcher.kind === 'exact' && !c.matcher.caseInsensitive);
  if (!pinned || pinned.kind !== 'origin' || pinned.matcher.kind !== 'exact') return true;
  const origin = pinned.matcher.value;
  for (const c of conds) {
    const matcher = c.kind === 'origin' ? c.matcher : c.kind === 'not' && c.cond.kind === 'origin' ? ({ kind: 'not', matcher: c.cond.matcher } as const) : undefined;
    if (matcher && matchOrigin(matcher, origin) === false) return false;
  }
  return true;
}

/** What a path with no condition takes: read, never changed, so one object serves them all. */
const ALWAYS: RequestCondition = { kind: 'true' };

export function allOf(conds: RequestCondition[]): RequestCondition {
  if (conds.length === 0) return ALWAYS;
  const kept = conds.filter((c) => !isTrue(c));
  if (kept.length === 0) return ALWAYS;
  return kept.length === 1 ? kept[0] : { kind: 'and', conds: kept };
}
