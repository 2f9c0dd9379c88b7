import type { Span } from '../../core/range';
import type { HeaderEmission, ValueCase } from '../cors-policy';
import type { OriginMatcher } from '../origin-matcher';
import type { ExprCond } from './expr';
import { ANY, type Case, cross } from './symbolic';

/**
 * httpd adds request headers it reads to `Vary` by itself: ap_expr lookups of
 * `%{HTTP:X}`/`req('X')` (in `<If>`, `Header ... expr=`, `SetEnvIfExpr`) and
 * mod_rewrite conditions on `%{HTTP:X}` that hold. Before sending, core merges
 * every `Vary` line into one, tokens deduplicated and joined by `,` (fixup_vary),
 * which is why `Header merge Vary Origin` after `Vary: Accept-Encoding` goes
 * out as `Vary: Accept-Encoding,Origin`.
 */

/** A header name httpd adds to `Vary`, for the origins `when` admits. */
export interface AutoVary {
  name: string;
  when: OriginMatcher;
  at: Span;
}

/** Request headers an expression reads (Origin included). */
export function headersRead(c: ExprCond, out: string[] = []): string[] {
  switch (c.k) {
    case 'origin-eq':
    case 'origin-re':
      if (!out.includes('Origin')) out.push('Origin');
      break;
    case 'header':
      if (!out.some((n) => n.toLowerCase() === c.name)) out.push(c.as);
      break;
    case 'not':
      headersRead(c.c, out);
      break;
    case 'and':
    case 'or':
      headersRead(c.a, out);
      headersRead(c.b, out);
      break;
    default:
      break;
  }
  return out;
}

export function autoVaryEmission(v: AutoVary, scope: HeaderEmission['scope']): HeaderEmission {
  const cases: ValueCase[] = v.when.kind === 'any' ? [{ when: ANY, parts: [{ kind: 'text', text: v.name }], at: v.at }] : [{ when: v.when, parts: [{ kind: 'text', text: v.name }], at: v.at }];
  return { name: 'Vary', key: 'vary', value: { cases }, scope, mode: 'add', at: v.at };
}

function textOf(c: ValueCase): string | undefined {
  let s = '';
  for (const p of c.parts) {
    if (p.kind !== 'text') return undefined;
    s += p.text;
  }
  return s;
}

function constantTokens(h: HeaderEmission): string[] | undefined {
  if (h.value.cases.length !== 1 || h.value.cases[0].when.kind !== 'any') return undefined;
  const t = textOf(h.value.cases[0]);
  return t === undefined ? undefined : t.split(',').map((x) => x.trim().toLowerCase()).filter(Boolean);
}

/**
 * Success-table `Vary` lines that only repeat what the always table already
 * sends change nothing after fixup_vary, whatever the status: they are dropped.
 */
export function dropRedundantSuccessVary(headers: HeaderEmission[]): HeaderEmission[] {
  // Most paths have no success-table Vary line at all: nothing to drop, nothing to read.
  if (!headers.some((h) => h.key === 'vary' && h.scope === 'success')) return headers;
  const always = headers.filter((h) => h.key === 'vary' && h.scope === 'always').map(constantTokens);
  if (always.some((t) => t === undefined)) return headers;
  const known = new Set(always.flat() as string[]);
  return headers.filter((h) => {
    if (h.key !== 'vary' || h.scope !== 'success') return true;
    const t = constantTokens(h);
    return t === undefined || !t.every((x) => known.has(x));
  });
}

/** Merges the `Vary` lines `pick` selects into one at the first one's place, as fixup_vary does; gives up on non-literal values. */
export function mergeVary(headers: HeaderEmission[], pick: (h: HeaderEmission) => boolean): HeaderEmission[] {
  const vary = headers.filter((h) => h.key === 'vary' && pick(h));
  if (vary.length === 0) return headers;
  let cases: Case[] = [{ when: ANY, parts: [] }];
  for (const h of vary) {
    const own: Case[] = [];
    for (const c of h.value.cases) {
      const t = textOf(c);
      if (t === undefined) return headers;
      own.push({ when: c.when, parts: t === '' ? null : [{ kind: 'text', text: t }], at: c.at });
    }
    own.push({ when: ANY, parts: null });
    cases = cross(cases, own, (a, b) => {
      const tokens = [...(a.parts ?? []), ...(b.parts ?? [])].flatMap((p) => (p.kind === 'text' ? p.text.split(',') : [])).map((t) => t.trim()).filter(Boolean);
      const seen: string[] = [];
      for (const t of tokens) if (!seen.some((s) => s.toLowerCase() === t.toLowerCase())) seen.push(t);
      return seen.length ? [{ kind: 'text', text: seen.join(',') }] : [];
    });
  }
  const first = vary[0];
  const merged: HeaderEmission = { ...first, name: 'Vary', mode: 'set', value: { cases: cases.map((c) => ({ when: c.when, parts: c.parts ?? [], at: c.at ?? first.at })) } };
  const out: HeaderEmission[] = [];
  for (const h of headers) {
    if (h === first) out.push(merged);
    else if (!vary.includes(h)) out.push(h);
  }
  return out;
}
