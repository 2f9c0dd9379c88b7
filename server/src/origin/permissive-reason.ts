import type { AST } from '@eslint-community/regexpp';
import type { OriginMatcher } from '../model/origin-matcher';
import type { PermissiveFinding } from './assess';
import { compileRegex, compileTranslated, type CompileResult } from './compiled-regex';
import { withinPieces } from './leaf-shapes';
import { matchOrigin } from './match-origin';
import { parseTranslated } from './regex-program';
import { SENTINEL_END } from './regex-translate';

/**
 * Says which check lets an attack origin through, and why, by asking what a
 * stricter version of that check would answer: the same regex matched whole
 * (anchors), with its lone dots escaped, or an exact comparison instead of a
 * prefix/suffix/substring one. Each reason is itself a confirmed difference.
 */

export type Reason = PermissiveFinding['reason'];
type RegexMatcher = Extract<OriginMatcher, { kind: 'regex' }>;

export interface Fault {
  leaf: OriginMatcher;
  reason: Reason;
}

export function faultOf(m: OriginMatcher, origin: string): Fault | undefined {
  switch (m.kind) {
    case 'prefix':
    case 'suffix':
    case 'substring': {
      if (matchOrigin(m, origin) !== true) return undefined;
      const exact = m.caseInsensitive ? m.value.toLowerCase() === origin.toLowerCase() : m.value === origin;
      // A scheme-only check (`startsWith('https://')`) names no host: another check decides.
      if (exact || !/[a-z0-9]/i.test(m.value.replace(/^[a-z][a-z0-9+.-]*:\/\//i, ''))) return undefined;
      const reason: Reason = m.kind === 'prefix' ? 'prefix-match' : m.kind === 'suffix' ? 'suffix-without-boundary' : 'substring-match';
      return { leaf: m, reason };
    }
    case 'within': {
      if (origin === '' || matchOrigin(m, origin) !== true) return undefined;
      // One of the listed pieces whole is what the author meant; anything shorter is the fault.
      const listed = withinPieces(m.value).some((p) => (m.caseInsensitive ? p.toLowerCase() === origin.toLowerCase() : p === origin));
      return listed ? undefined : { leaf: m, reason: 'substring-match' };
    }
    case 'regex':
      return matchOrigin(m, origin) === true ? regexFault(m, origin) : undefined;
    case 'and':
    case 'or':
      for (const sub of m.matchers) {
        const f = faultOf(sub, origin);
        if (f) return f;
      }
      return undefined;
    default:
      return undefined;
  }
}

function admits(m: RegexMatcher, mode: RegexMatcher['mode'], origin: string): boolean | undefined {
  const c = compileRegex(m.pattern, m.flavor, mode, m.caseInsensitive);
  return c.ok ? c.regex.test(origin) : undefined;
}

/** Stricter variants of a pattern, compiled once per pattern rather than once per candidate. */
const variants = new Map<string, CompileResult | undefined>();
const VARIANT_LIMIT = 200;

function variant(m: RegexMatcher, kind: 'end-anchored' | 'dots-escaped'): CompileResult | undefined {
  const key = `${kind}\u0000${m.flavor}\u0000${m.mode}\u0000${m.caseInsensitive ? 1 : 0}\u0000${m.pattern}`;
  if (variants.has(key)) return variants.get(key);
  const built = buildVariant(m, kind);
  if (variants.size >= VARIANT_LIMIT) variants.clear();
  variants.set(key, built);
  return built;
}

function buildVariant(m: RegexMatcher, kind: 'end-anchored' | 'dots-escaped'): CompileResult | undefined {
  const c = compileRegex(m.pattern, m.flavor, m.mode, m.caseInsensitive);
  if (!c.ok) return undefined;
  const t = c.regex.translated;
  // The same pattern with the end of the value required after it, start left as it was.
  if (kind === 'end-anchored') return compileTranslated({ ...t, source: `(?:${t.source})(?=${SENTINEL_END})` }, m.flavor, m.mode);
  let ast: AST.Pattern;
  try {
    ast = parseTranslated(t);
  } catch {
    return undefined;
  }
  const dots = loneDots(ast);
  if (dots.length === 0) return undefined;
  let source = t.source;
  for (const d of [...dots].sort((a, b) => b.start - a.start)) source = source.slice(0, d.start) + '\\.' + source.slice(d.end);
  return compileTranslated({ ...t, source }, m.flavor, m.mode);
}

function admitsVariant(m: RegexMatcher, kind: 'end-anchored' | 'dots-escaped', origin: string): boolean | undefined {
  const v = variant(m, kind);
  return v?.ok ? v.regex.test(origin) : undefined;
}

function regexFault(m: RegexMatcher, origin: string): Fault {
  if (m.mode !== 'fullmatch' && admits(m, 'fullmatch', origin) === false) {
    // Only a partial match lets it through: name the anchor whose absence does it.
    if (admitsVariant(m, 'end-anchored', origin) === false) return { leaf: m, reason: 'missing-end-anchor' };
    return { leaf: m, reason: 'missing-start-anchor' };
  }
  if (admitsVariant(m, 'dots-escaped', origin) === false) return { leaf: m, reason: 'unescaped-dot' };
  return { leaf: m, reason: 'wildcard-in-host' };
}

/** Lone `.` outside classes and not repeated: the ones that usually stand for a literal dot. */
function loneDots(pattern: AST.Pattern): AST.CharacterSet[] {
  const out: AST.CharacterSet[] = [];
  const visit = (node: AST.Node): void => {
    if (node.type === 'CharacterSet' && node.kind === 'any' && node.parent.type !== 'Quantifier') out.push(node);
    if (node.type === 'Quantifier') {
      // `.?` is a lone character too; `.*` and `.+` are wildcards.
      if (node.max === 1 && node.element.type === 'CharacterSet' && node.element.kind === 'any') out.push(node.element);
      else visit(node.element);
    }
    if ('alternatives' in node && Array.isArray(node.alternatives)) for (const a of node.alternatives) visit(a);
    if (node.type === 'Alternative') for (const e of node.elements) visit(e);
  };
  visit(pattern);
  return out;
}
