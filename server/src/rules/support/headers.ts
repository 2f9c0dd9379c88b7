import type { HeaderEmission, ValueCase } from '../../model/cors-policy';

export const ACAO = 'access-control-allow-origin';
export const ACAC = 'access-control-allow-credentials';
export const ACAM = 'access-control-allow-methods';
export const ACAH = 'access-control-allow-headers';
export const ACEH = 'access-control-expose-headers';
export const ACMA = 'access-control-max-age';
export const ACAPN = 'access-control-allow-private-network';
export const VARY = 'vary';

export function isAccessControlKey(key: string): boolean {
  return key.startsWith('access-control-');
}

/** Splits a comma-separated header value into trimmed, non-empty tokens. */
export function listTokens(value: string): readonly string[] {
  return memoized(tokenMemo, value, () => value.split(',').map((t) => t.trim()).filter((t) => t !== ''));
}

/** `listTokens`, each token lower-cased: names compared case-insensitively. */
export function lowerTokens(value: string): readonly string[] {
  return memoized(lowerMemo, value, () => listTokens(value).map((t) => t.toLowerCase()));
}

/**
 * Several rules split the same few values (`Origin`, `GET, POST, OPTIONS`) on
 * every branch of every path: each text is split once. Callers only read the
 * lists they get.
 */
const tokenMemo = new Map<string, readonly string[]>();
const lowerMemo = new Map<string, readonly string[]>();
const MEMO_LIMIT = 10_000;

function memoized(memo: Map<string, readonly string[]>, value: string, split: () => readonly string[]): readonly string[] {
  let tokens = memo.get(value);
  if (!tokens) {
    if (memo.size >= MEMO_LIMIT) memo.clear();
    memo.set(value, (tokens = split()));
  }
  return tokens;
}

/** The text parts of a case joined, without the list and closure a map and join would build per case. */
export function textOf(c: ValueCase): string {
  const parts = c.parts;
  if (parts.length === 1) return parts[0].kind === 'text' ? parts[0].text : '';
  let text = '';
  for (const p of parts) if (p.kind === 'text') text += p.text;
  return text;
}

/** The value when every case is plain text and they all agree; `undefined` otherwise. */
export function literalText(emission: HeaderEmission): string | undefined {
  const texts = new Set<string>();
  for (const c of emission.value.cases) {
    if (!c.parts.every((p) => p.kind === 'text')) return undefined;
    texts.add(textOf(c));
  }
  return texts.size === 1 ? [...texts][0] : undefined;
}
