import type { Fix } from '../core/finding';
import type { Span } from '../core/range';
import type { CorsPolicy, HeaderEmission } from '../model/cors-policy';
import type { OriginMatcher } from '../model/origin-matcher';
import { javaFixTargets, type OriginSite } from '../model/code/java/fix-targets';
import type { FixProvider } from '../rules/rule';
import { exactOriginOf, quotedEntryRemoval, quoteC } from './c-like-text';
import type { ValueCase } from '../model/cors-policy';
import { allowlistOrigins, spanEdits, withinCall } from './span-edits';

/** Fixes in Spring's terms (annotation attributes, registry and `CorsConfiguration` calls) and for hand-written servlet headers. */
export function javaFixProvider(readText: (file: string) => string | undefined): Partial<FixProvider> {
  const { slice, edit } = spanEdits(readText);
  const java = (span: Span) => span.file.endsWith('.java');

  return {
    allowlistOrigin(policy: CorsPolicy, _acao: HeaderEmission, origins: readonly string[]) {
      const target = javaFixTargets.get(policy);
      if (!target) return undefined;
      const { listed, title } = allowlistOrigins(origins);
      const strings = listed.map(quoteC).join(', ');
      // The site that lets everyone in is the one to replace; with one site, that one.
      const site = target.sites.find((s) => s.star) ?? (target.sites.length === 1 ? target.sites[0] : undefined);
      if (site) {
        const text = rewriteSite(site, slice(site.span), listed, strings);
        return text === undefined ? undefined : edit(site.span, text, title);
      }
      if (target.sites.length === 0 && target.insert) {
        const text = target.insert.text(strings, listed.length === 1 ? strings : `{${strings}}`);
        return { title, safe: false, edits: [{ file: target.insert.file, start: target.insert.offset, end: target.insert.offset, newText: text }] };
      }
      return undefined;
    },

    removeOriginCase(valueCase: ValueCase, title: string) {
      return java(valueCase.at) ? quotedEntryRemoval(valueCase, title, readText) : undefined;
    },

    removeEmission(emission: HeaderEmission, title: string) {
      if (!java(emission.at)) return undefined;
      const text = slice(emission.at);
      if (text === undefined) return undefined;
      if (/^allowCredentials\s*=\s*"true"$/i.test(text)) return edit(emission.at, text.replace(/"true"$/i, '"false"'), 'Set allowCredentials = "false"');
      if (/^(allowCredentials|setAllowCredentials)\(\s*true\s*\)$/.test(text)) return edit(emission.at, text.replace(/true\s*\)$/, 'false)'), `Set ${text.replace(/\(.*$/, '')}(false)`);
      return statementRemoval(emission.at, readText, title);
    },

    replaceValue(emission: HeaderEmission, newValue: string, title: string) {
      if (!java(emission.at)) return undefined;
      const text = slice(emission.at);
      if (text === undefined) return undefined;
      if (/^maxAge\s*=\s*-?\d+[lL]?$/.test(text) && /^\d+$/.test(newValue)) return edit(emission.at, text.replace(/-?\d+[lL]?$/, newValue), title);
      if (/^(maxAge|setMaxAge)\(\s*[\s\S]*\)$/.test(text) && /^\d+$/.test(newValue)) return edit(emission.at, text.replace(/\([\s\S]*\)$/, `(${newValue}L)`), title);
      // `response.setHeader("Access-Control-Max-Age", "86400")`: the second string.
      const call = /^([\s\S]*?\(\s*[^,]+,\s*)"(?:[^"\\]|\\.)*"(\s*\))$/.exec(text);
      if (call) return edit(emission.at, `${call[1]}${quoteC(newValue)}${call[2]}`, title);
      const literal = /^"(?:[^"\\]|\\.)*"$/.test(text);
      return literal ? edit(emission.at, quoteC(newValue), title) : undefined;
    },

    replacePattern(matcher: OriginMatcher, safePattern: string) {
      if (!matcher.at || !java(matcher.at)) return undefined;
      const text = slice(matcher.at);
      if (text === undefined) return undefined;
      if (matcher.kind === 'within') {
        // `ALLOWED.contains(origin)`: the same pieces as a list compare whole. A pattern would be matched
        // against the allowlist string itself, so no other fix applies.
        const call = withinCall(text, 'contains', matcher);
        return call && edit(matcher.at, `java.util.List.of(${call.listed.map(quoteC).join(', ')}).contains(${call.args})`, call.title);
      }
      // A Spring origin pattern: only `*` is special, so the fix is the exact origin the pattern meant.
      if (/^"[^"]*"$/.test(text) && matcher.kind === 'regex') {
        const exact = exactOriginOf(safePattern);
        if (exact) return edit(matcher.at, quoteC(exact), `Allow exactly ${exact}`);
        // `https://*example.com`: a `*` glued to the name matches any prefix; `*.` keeps it to subdomains.
        const glued = /^"([a-z]+:\/\/)\*([a-z0-9-][^"]*)"$/i.exec(text);
        return glued ? edit(matcher.at, `"${glued[1]}*.${glued[2]}"`, `Use the pattern ${glued[1]}*.${glued[2]}`) : undefined;
      }
      // `origin.endsWith("x")` and friends: the anchored pattern as a full match.
      const method = /^([\s\S]+?)\.(endsWith|startsWith|contains|matches)\([\s\S]*\)$/.exec(text);
      if (method) return edit(matcher.at, `${method[1]}.matches(${quoteC(safePattern)})`, `Use the anchored pattern ${safePattern}`);
      return undefined;
    },

    addVaryOrigin(policy: CorsPolicy, acao: HeaderEmission) {
      const statement = javaFixTargets.get(policy)?.varyStatement;
      const text = readText(acao.at.file);
      if (!statement || text === undefined) return undefined;
      const lineEnd = text.indexOf('\n', acao.at.range.end.offset);
      const at = lineEnd < 0 ? text.length : lineEnd;
      const lineStart = text.lastIndexOf('\n', acao.at.range.start.offset) + 1;
      const indent = /^[ \t]*/.exec(text.slice(lineStart))![0];
      return { title: `Add ${statement}`, safe: true, edits: [{ file: acao.at.file, start: at, end: at, newText: `\n${indent}${statement}` }] };
    },
  };
}

/** The new text of one place that sets origins, naming the explicit list. */
function rewriteSite(site: OriginSite, text: string | undefined, origins: readonly string[], strings: string): string | undefined {
  if (text === undefined) return undefined;
  const array = origins.length === 1 ? strings : `{${strings}}`;
  switch (site.kind) {
    case 'annotation-origins': return /^\w+\s*=/.test(text) ? text.replace(/=[\s\S]*$/, `= ${array}`) : array;
    case 'annotation-patterns': return `origins = ${array}`;
    case 'chain-origins': case 'chain-patterns': return `allowedOrigins(${strings})`;
    case 'set-origins': case 'set-patterns': return `setAllowedOrigins(java.util.List.of(${strings}))`;
    case 'add-origin': case 'add-pattern': return origins.length === 1 ? `addAllowedOrigin(${strings})` : `setAllowedOrigins(java.util.List.of(${strings}))`;
  }
}

/** Deletes the whole statement (its lines) that holds a call. */
function statementRemoval(span: Span, readText: (file: string) => string | undefined, title: string): Fix | undefined {
  const text = readText(span.file);
  if (text === undefined) return undefined;
  const lineStart = text.lastIndexOf('\n', span.range.start.offset) + 1;
  let end = span.range.end.offset;
  while (end < text.length && /[ \t;]/.test(text[end])) end++;
  if (text[end] !== '\n' || text.slice(lineStart, span.range.start.offset).trim() !== '') return undefined;
  return { title, safe: false, edits: [{ file: span.file, start: lineStart, end: end + 1, newText: '' }] };
}
