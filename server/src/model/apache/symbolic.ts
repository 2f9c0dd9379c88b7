import type { Span } from '../../core/range';
import type { ValueCase, ValuePart } from '../cors-policy';
import type { OriginMatcher } from '../origin-matcher';

/**
 * Values that depend on the request Origin, kept as first-match case lists
 * (the shape `SymbolicValue` uses). Every list this module builds is complete:
 * its last case admits every Origin, so crossing two lists keeps first-match
 * semantics exactly (the outer case that matches first, then the inner one).
 */

export const ANY: OriginMatcher = { kind: 'any' };
export const NONE: OriginMatcher = { kind: 'none' };

/** The same check (spans aside): cheap for the kinds the Apache model builds, JSON for the rest. */
export function same(a: OriginMatcher, b: OriginMatcher): boolean {
  if (a === b) return true;
  if (a.kind !== b.kind) return false;
  if (a.kind === 'regex' && b.kind === 'regex') return a.pattern === b.pattern && a.caseInsensitive === b.caseInsensitive && a.mode === b.mode && a.flavor === b.flavor;
  if (a.kind === 'exact' && b.kind === 'exact') return a.value === b.value && a.caseInsensitive === b.caseInsensitive;
  if (a.kind === 'any' || a.kind === 'none') return true;
  return JSON.stringify(a) === JSON.stringify(b);
}

export function and(a: OriginMatcher, b: OriginMatcher): OriginMatcher {
  if (a.kind === 'none' || b.kind === 'none') return NONE;
  if (a.kind === 'any') return b;
  if (b.kind === 'any' || same(a, b)) return a;
  return { kind: 'and', matchers: [a, b] };
}

export function or(a: OriginMatcher, b: OriginMatcher): OriginMatcher {
  if (a.kind === 'any' || b.kind === 'any') return ANY;
  if (a.kind === 'none') return b;
  if (b.kind === 'none' || same(a, b)) return a;
  return { kind: 'or', matchers: [a, b] };
}

export function not(a: OriginMatcher): OriginMatcher {
  if (a.kind === 'any') return NONE;
  if (a.kind === 'none') return ANY;
  if (a.kind === 'not') return a.matcher;
  return { kind: 'not', matcher: a };
}

/** One case of a value: `parts === null` means "not set" (an env var) or "not sent" (a header). */
export interface Case {
  when: OriginMatcher;
  parts: ValuePart[] | null;
  at?: Span;
}

/** Drops impossible and unreachable cases, and everything after a case that admits every Origin. */
export function prune(cases: Case[]): Case[] {
  const out: Case[] = [];
  for (const c of cases) {
    if (c.when.kind === 'none') continue;
    // A case behind one with the same check is never reached.
    if (out.some((o) => same(o.when, c.when))) continue;
    out.push(c);
    if (c.when.kind === 'any') break;
  }
  return out;
}

/** Every combination, outer first; `join` makes the combined parts (null stays null). */
export function cross(outer: Case[], inner: Case[], join: (a: Case, b: Case) => ValuePart[] | null): Case[] {
  const out: Case[] = [];
  for (const a of outer) for (const b of inner) out.push({ when: and(a.when, b.when), parts: join(a, b), at: b.at ?? a.at });
  return prune(out);
}

/**
 * `cross` with a fixed `join`, remembered for each pair of lists: lists that
 * paths share (a variable's value, a directive's gate) are crossed once. The
 * lists are never changed after they are made, so the pair decides the result.
 */
export function memoCross(join: (a: Case, b: Case) => ValuePart[] | null): (outer: Case[], inner: Case[]) => Case[] {
  const memo = new WeakMap<Case[], WeakMap<Case[], Case[]>>();
  return (outer, inner) => {
    let byInner = memo.get(outer);
    if (!byInner) memo.set(outer, (byInner = new WeakMap()));
    let out = byInner.get(inner);
    if (!out) byInner.set(inner, (out = cross(outer, inner, join)));
    return out;
  };
}

export function concatParts(a: ValuePart[], b: ValuePart[]): ValuePart[] {
  const out = [...a];
  for (const p of b) {
    const last = out[out.length - 1];
    if (p.kind === 'text' && last?.kind === 'text') out[out.length - 1] = { kind: 'text', text: last.text + p.text };
    else out.push(p);
  }
  return out;
}

export const text = (t: string): ValuePart[] => (t === '' ? [] : [{ kind: 'text', text: t }]);

/** An Apache environment variable as a function of the Origin. */
export type EnvValue = Case[];
export type Env = Map<string, EnvValue>;

export const UNSET: EnvValue = [{ when: ANY, parts: null }];

export function envValue(env: Env, name: string): EnvValue {
  return env.get(name) ?? UNSET;
}

/** The variable takes `parts` (null: is removed) for origins `when` admits, and keeps its value otherwise. */
export function assignEnv(env: Env, name: string, when: OriginMatcher, parts: ValuePart[] | null, at?: Span): void {
  if (when.kind === 'none') return;
  env.set(name, prune([{ when, parts, at }, ...envValue(env, name)]));
}

export function cloneEnv(env: Env): Env {
  return new Map(env);
}

/** A rendered header value as `SymbolicValue` cases; not-sent cases render empty, which `predict` treats as absent. */
export function toValueCases(cases: Case[], fallbackAt: Span): ValueCase[] {
  return cases.map((c) => ({ when: c.when, parts: c.parts ?? [], at: c.at ?? fallbackAt }));
}

/** Whether a case list never yields a value. */
export function neverSent(cases: Case[]): boolean {
  return cases.every((c) => c.parts === null || c.parts.length === 0);
}

/** The literal text of a value that is the same for every Origin, if it is. */
export function constantText(cases: Case[]): string | undefined {
  if (cases.length !== 1 || cases[0].when.kind !== 'any' || cases[0].parts === null) return undefined;
  let s = '';
  for (const p of cases[0].parts) {
    if (p.kind !== 'text') return undefined;
    s += p.text;
  }
  return s;
}
