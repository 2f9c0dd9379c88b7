import type { OriginMatcher } from '../model/origin-matcher';
import { shapeHost, shapeIntended } from './attack-candidates';
import { compileRegex } from './compiled-regex';
import { matchOrigin } from './match-origin';
import { parseTranslated } from './regex-program';
import { DIGITS, patternShapes, WILDCARD, type Shape } from './regex-shapes';
import { allowlistPattern, repairPattern } from './safe-pattern';

/**
 * The simple checks inside a composite one and the shapes each suggests:
 * what the author wrote down as the origins they trust.
 */

/** Leaves that admit origins (those under a `not` only exclude some). */
export function positiveLeaves(m: OriginMatcher): OriginMatcher[] {
  if (m.kind === 'and' || m.kind === 'or') return m.matchers.flatMap(positiveLeaves);
  if (m.kind === 'not' || m.kind === 'any' || m.kind === 'none' || m.kind === 'opaque') return [];
  return [m];
}

export function leafShapes(m: OriginMatcher): Shape[] {
  switch (m.kind) {
    case 'exact':
      return m.value === 'null' || m.value === '*' ? [] : [{ text: m.value, start: true, end: true }];
    case 'prefix':
      return [{ text: m.value, start: true, end: false }];
    case 'suffix':
      return [{ text: m.value, start: false, end: true }];
    case 'substring':
      return [{ text: m.value, start: false, end: false }];
    case 'within':
      // Each listed piece is an origin meant whole; the rest of the string is only separators.
      return withinPieces(m.value).slice(0, WITHIN_PIECE_LIMIT).map((text) => ({ text, start: true, end: true }));
    case 'regex': {
      const c = compileRegex(m.pattern, m.flavor, m.mode, m.caseInsensitive);
      if (!c.ok) return [];
      let shapes: Shape[];
      try {
        shapes = patternShapes(parseTranslated(c.regex.translated));
      } catch {
        return [];
      }
      const anchored = shapes.map((s) => ({
        text: s.text,
        start: s.start || m.mode !== 'search',
        end: s.end || m.mode === 'fullmatch',
      }));
      // Shapes without a port or number run first, so examples read plainly.
      return [...anchored.filter((s) => !s.text.includes(DIGITS)), ...anchored.filter((s) => s.text.includes(DIGITS))];
    }
    default:
      return [];
  }
}

/**
 * Pieces of a `within` string read as meant origins: each costs a scan of the
 * whole string per candidate, so a huge one is judged on its first pieces.
 */
const WITHIN_PIECE_LIMIT = 64;

/** The pieces a `within` string lists: split on the commas, spaces, semicolons or bars between them. */
export function withinPieces(value: string): string[] {
  return [...new Set(value.split(/[\s,;|]+/).filter((p) => p !== ''))];
}

/** Concrete origins the leaf was written for, each one it really admits. */
export function leafIntended(m: OriginMatcher, shapes: Shape[]): string[] {
  const out: string[] = [];
  for (const s of shapes) {
    const o = shapeIntended(s);
    if (o && !out.includes(o) && matchOrigin(m, o) === true) out.push(o);
  }
  return out;
}

/** The author's trust written as allowlist entries, with `*.` for a wildcard subdomain. */
function allowlistEntries(m: OriginMatcher, shapes: Shape[]): string[] {
  const out = leafIntended(m, shapes);
  for (const s of shapes) {
    const text = s.text.toLowerCase();
    const host = shapeHost(text);
    if (!host.startsWith(WILDCARD) || host.indexOf(WILDCARD, 1) >= 0) continue;
    const sep = text.indexOf('://');
    const scheme = sep >= 0 ? text.slice(0, sep + 3) : 'https://';
    if (scheme.includes(WILDCARD)) continue;
    const rest = (sep >= 0 ? text.slice(sep + 3) : text).slice(1);
    const domain = rest.startsWith('.') ? rest : '.' + rest;
    const entry = `${scheme}*${domain}`;
    if (!out.includes(entry) && !entry.slice(scheme.length + 2).includes(WILDCARD)) out.push(entry);
  }
  return out;
}

/**
 * An escaped, anchored pattern in the leaf's flavour that keeps what the author
 * meant and refuses the attack origin; only returned when both are confirmed.
 */
export function safePatternFor(leaf: OriginMatcher, attackOrigin: string): string | undefined {
  if (leaf.kind === 'within') return withinAllowlist(leaf, attackOrigin);
  if (leaf.kind !== 'regex') return undefined;
  const shapes = leafShapes(leaf);
  const intended = leafIntended(leaf, shapes);
  const closes = (pattern: string): boolean => {
    const check: OriginMatcher = { kind: 'regex', pattern, flavor: leaf.flavor, mode: leaf.mode, caseInsensitive: leaf.caseInsensitive };
    return matchOrigin(check, attackOrigin) === false && intended.every((o) => matchOrigin(check, o) === true);
  };
  // The author's pattern repaired keeps their ports and wildcards; an allowlist is the fallback.
  const repaired = repairPattern(leaf.pattern, leaf.flavor);
  if (closes(repaired)) return repaired;
  const entries = allowlistEntries(leaf, shapes);
  if (entries.length === 0) return undefined;
  const pattern = allowlistPattern(entries, leaf.flavor);
  return closes(pattern) ? pattern : undefined;
}

/**
 * A piece-of-a-string check has no pattern to repair: its fix is the exact list
 * of the origins it names, given here as the anchored alternation of them that
 * fixers write as a list; only returned when it refuses the attack origin.
 */
function withinAllowlist(leaf: Extract<OriginMatcher, { kind: 'within' }>, attackOrigin: string): string | undefined {
  // An allowlist of only the first pieces would drop the rest: no fix then.
  if (withinPieces(leaf.value).length > WITHIN_PIECE_LIMIT) return undefined;
  const intended = leafIntended(leaf, leafShapes(leaf));
  if (intended.length === 0) return undefined;
  const pattern = allowlistPattern(intended, 'js');
  const check: OriginMatcher = { kind: 'regex', pattern, flavor: 'js', mode: 'search', caseInsensitive: leaf.caseInsensitive };
  return matchOrigin(check, attackOrigin) === false && intended.every((o) => matchOrigin(check, o) === true) ? pattern : undefined;
}

/** The exact origins a `within` check lists, as its allowlist fix writes them. */
export function withinOrigins(leaf: Extract<OriginMatcher, { kind: 'within' }>): string[] {
  return leafIntended(leaf, leafShapes(leaf));
}
