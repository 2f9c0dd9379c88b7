import type { Span } from '../../../core/range';
import type { CorsPolicy, HeaderEmission, PolicyNote, PolicySource, RequestCondition, ResponseBranch, StatusModel, SymbolicValue, ValueCase } from '../../cors-policy';
import type { OriginMatcher } from '../../origin-matcher';
import { literalValue } from '../../symbolic-value';

/** Every status: these middlewares set their headers before the handler runs, whatever it answers. */
export const ALL_STATUSES = Array.from({ length: 500 }, (_, i) => 100 + i);

export function emit(name: string, value: SymbolicValue, at: Span, mode: 'set' | 'add' = 'set'): HeaderEmission {
  return { name, key: name.toLowerCase(), value, scope: 'always', mode, at };
}

export function literal(name: string, text: string, at: Span): HeaderEmission {
  return emit(name, literalValue(text, at), at);
}

/** The request's Origin for the origins in `cases`, nothing for the others. */
export function echoFor(cases: { when: OriginMatcher; at: Span }[]): SymbolicValue {
  return { cases: cases.map((c): ValueCase => ({ when: c.when, parts: [{ kind: 'origin' }], at: c.at })) };
}

/** A request header sent back as it came (`Access-Control-Request-Headers` reflected). */
export function requestHeaderValue(name: string, at: Span): SymbolicValue {
  return { cases: [{ when: { kind: 'any' }, parts: [{ kind: 'request-header', name }], at }] };
}

export const isOptions: RequestCondition = { kind: 'method', methods: ['OPTIONS'] };
export const notOptions: RequestCondition = { kind: 'not', cond: isOptions };

export function and(...conds: RequestCondition[]): RequestCondition {
  const kept = conds.filter((c) => c.kind !== 'true');
  if (kept.length === 0) return { kind: 'true' };
  return kept.length === 1 ? kept[0] : { kind: 'and', conds: kept };
}

export function originIs(m: OriginMatcher): RequestCondition {
  return m.kind === 'any' ? { kind: 'true' } : { kind: 'origin', matcher: m };
}

export function branch(when: RequestCondition, status: StatusModel, headers: HeaderEmission[], at: Span): ResponseBranch {
  return { when, status, headers, at };
}

export function policy(source: PolicySource, label: string, at: Span, branches: ResponseBranch[], notes: PolicyNote[]): CorsPolicy {
  return {
    id: `${at.file}:${at.range.start.line + 1}:${at.range.start.character + 1}`,
    source,
    label,
    at,
    branches,
    successStatuses: ALL_STATUSES,
    ...(notes.length > 0 ? { notes } : {}),
  };
}

/** `a,b` from an array option or the string as written. */
export function joined(items: string[] | string, sep: string): string {
  return typeof items === 'string' ? items : items.join(sep);
}
