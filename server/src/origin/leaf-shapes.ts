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
