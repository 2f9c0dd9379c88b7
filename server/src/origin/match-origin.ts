import type { OriginMatcher } from '../model/origin-matcher';
import { compileRegex } from './compiled-regex';

/**
 * Whether an origin check admits an `Origin` value (the empty string stands for
 * a request without one), with each engine's own semantics. `undefined` means
 * the answer cannot be known: an opaque callback, an unsupported construct, or a
 * pattern too costly to decide within the work budget.
 */
export function matchOrigin(m: OriginMatcher, origin: string): boolean | undefined {
  switch (m.kind) {
    case 'any': return true;
    case 'none': return false;
    case 'opaque': return undefined;
    case 'exact': return m.caseInsensitive ? m.value.toLowerCase() === origin.toLowerCase() : m.value === origin;
    case 'prefix': return fold(origin, m.caseInsensitive).startsWith(fold(m.value, m.caseInsensitive));
    case 'suffix': return fold(origin, m.caseInsensitive).endsWith(fold(m.value, m.caseInsensitive));
    case 'substring': return fold(origin, m.caseInsensitive).includes(fold(m.value, m.caseInsensitive));
    case 'within': return fold(m.value, m.caseInsensitive).includes(fold(origin, m.caseInsensitive));
    case 'regex': {
      const compiled = compileRegex(m.pattern, m.flavor, m.mode, m.caseInsensitive);
      if (!compiled.ok) return undefined;
      return compiled.regex.test(origin);
    }
    case 'not': {
      const inner = matchOrigin(m.matcher, origin);
      return inner === undefined ? undefined : !inner;
    }
    case 'and': {
      // Kleene logic: one certain `false` decides, even beside unknowns.
      let unknown = false;
      for (const sub of m.matchers) {
        const r = matchOrigin(sub, origin);
        if (r === false) return false;
        if (r === undefined) unknown = true;
      }
      return unknown ? undefined : true;
    }
    case 'or': {
      let unknown = false;
      for (const sub of m.matchers) {
        const r = matchOrigin(sub, origin);
        if (r === true) return true;
        if (r === undefined) unknown = true;
      }
      return unknown ? undefined : false;
    }
  }
}

function fold(s: string, caseInsensitive: boolean): string {
  return caseInsensitive ? s.toLowerCase() : s;
}

/**
 * Like matchOrigin, plus the capture groups of the match for callers that render
 * `$1`-style references (captures[0] is the whole match; a group that did not
 * take part is the empty string, as nginx and Apache render it). For a non-regex
 * matcher that admits the origin, captures[0] is the whole origin.
 */
export function matchOriginWithCaptures(m: OriginMatcher, origin: string): { matched: boolean; captures: string[] } | undefined {
  if (m.kind !== 'regex') {
    const r = matchOrigin(m, origin);
    return r === undefined ? undefined : { matched: r, captures: r ? [origin] : [] };
  }
  const compiled = compileRegex(m.pattern, m.flavor, m.mode, m.caseInsensitive);
  if (!compiled.ok) return undefined;
  return compiled.regex.exec(origin);
}

/** Why a regex matcher cannot be analysed, or undefined when it can. */
export function regexProblem(m: OriginMatcher): string | undefined {
  if (m.kind !== 'regex') return undefined;
  const compiled = compileRegex(m.pattern, m.flavor, m.mode, m.caseInsensitive);
  return compiled.ok ? undefined : compiled.problem;
}
