import type { Span } from '../core/range';
import type { SymbolicValue, ValueCase, ValuePart } from './cors-policy';
import type { OriginMatcher } from './origin-matcher';

/** Past this many cases a product of two Origin-dependent values is summarised as unknown rather than grown further. */
export const MAX_VALUE_CASES = 256;

/** Large allowlists are linear, not products: a value may list this many cases. */
export const MAX_LIST_CASES = 20000;

export function literalValue(text: string, at: Span): SymbolicValue {
  return { cases: [{ when: { kind: 'any' }, parts: text === '' ? [] : [{ kind: 'text', text }], at }] };
}

export function partsValue(parts: ValuePart[], at: Span): SymbolicValue {
  return { cases: [{ when: { kind: 'any' }, parts, at }] };
}

export function unknownValue(name: string, at: Span): SymbolicValue {
  return partsValue([{ kind: 'unknown', name }], at);
}

/**
 * Both checks at once. `any` on one side keeps the other matcher itself, so a
 * regex keeps its capture groups for `$1`-style parts.
 */
export function bothMatchers(a: OriginMatcher, b: OriginMatcher): OriginMatcher {
  if (a === b) return a;
  if (a.kind === 'any') return b;
  if (b.kind === 'any') return a;
  if (a.kind === 'none' || b.kind === 'none') return { kind: 'none' };
  return { kind: 'and', matchers: [a, b] };
}

/** Adjacent text parts joined, so equal values compare equal. */
export function normalizeParts(parts: ValuePart[]): ValuePart[] {
  const out: ValuePart[] = [];
  for (const p of parts) {
    const last = out[out.length - 1];
    if (p.kind === 'text' && p.text === '') continue;
    if (p.kind === 'text' && last?.kind === 'text') out[out.length - 1] = { kind: 'text', text: last.text + p.text };
    else out.push(p);
  }
  return out;
}

/**
 * `a` followed by `b`. Every value built here ends in a case that admits any
 * origin, so the first pair of cases that both admit an origin is the pair each
 * value would pick on its own: the cross product in order keeps first-match semantics.
 */
export function concatValues(a: SymbolicValue, b: SymbolicValue, at: Span, name: string): SymbolicValue {
  const size = a.cases.length * b.cases.length;
  const linear = a.cases.length === 1 || b.cases.length === 1;
  if (size > (linear ? MAX_LIST_CASES : MAX_VALUE_CASES)) return unknownValue(name, at);
  const cases: ValueCase[] = [];
  for (const ca of a.cases) {
    for (const cb of b.cases) {
      const when = bothMatchers(ca.when, cb.when);
      if (when.kind === 'none') continue;
      const usesCaptures = (parts: ValuePart[]) => parts.some((p) => p.kind === 'capture');
      // A capture only means something under its own regex; inside an `and` it would be lost.
      if (when.kind === 'and' && (usesCaptures(ca.parts) || usesCaptures(cb.parts))) {
        cases.push({ when, parts: [{ kind: 'unknown', name }], at: ca.at });
        continue;
      }
      cases.push({ when, parts: normalizeParts([...ca.parts, ...cb.parts]), at: ca.parts.length ? ca.at : cb.at });
    }
  }
  return { cases };
}

/** The text of a value that does not depend on the request, or undefined. */
export function constantText(value: SymbolicValue): string | undefined {
  const first = value.cases[0];
  if (!first || first.when.kind !== 'any') return undefined;
  let text = '';
  for (const p of first.parts) {
    if (p.kind !== 'text') return undefined;
    text += p.text;
  }
  return text;
}

/** The literal text of one case, when it has no request-dependent part. */
export function caseText(c: ValueCase): string | undefined {
  let text = '';
  for (const p of c.parts) {
    if (p.kind !== 'text') return undefined;
    text += p.text;
  }
  return text;
}
