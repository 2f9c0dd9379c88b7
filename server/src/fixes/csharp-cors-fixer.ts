import type { Fix } from '../core/finding';
import type { Span } from '../core/range';
import type { CorsPolicy, HeaderEmission } from '../model/cors-policy';
import type { OriginMatcher } from '../model/origin-matcher';
import { csFixTargets } from '../model/code/csharp/fix-targets';
import type { FixProvider } from '../rules/rule';
import { quotedEntryRemoval, quoteC } from './c-like-text';
import type { ValueCase } from '../model/cors-policy';
import { allowlistOrigins, spanEdits, withinCall } from './span-edits';

/** Fixes in the terms of ASP.NET Core's `CorsPolicyBuilder` and of hand-written response headers. */
export function csharpFixProvider(readText: (file: string) => string | undefined): Partial<FixProvider> {
  const { slice, edit } = spanEdits(readText);
  const cs = (span: Span) => span.file.endsWith('.cs');

  return {
    allowlistOrigin(policy: CorsPolicy, _acao: HeaderEmission, origins: readonly string[]) {
      const target = csFixTargets.get(policy);
      if (!target) return undefined;
      const { listed, title } = allowlistOrigins(origins);
      const call = `WithOrigins(${listed.map(quoteC).join(', ')})`;
      if (target.origins) return edit(target.origins, call, title);
      if (target.insert) return { title, safe: false, edits: [{ file: target.insert.file, start: target.insert.offset, end: target.insert.offset, newText: `.${call}` }] };
      return undefined;
    },

    removeOriginCase(valueCase: ValueCase, title: string) {
      return cs(valueCase.at) ? quotedEntryRemoval(valueCase, title, readText) : undefined;
    },

    removeEmission(emission: HeaderEmission, title: string) {
      if (!cs(emission.at)) return undefined;
      const text = readText(emission.at.file);
      const own = slice(emission.at);
      if (text === undefined || own === undefined) return undefined;
      if (/^AllowCredentials\(\s*\)$/.test(own)) {
        let start = emission.at.range.start.offset;
        if (text[start - 1] !== '.') return undefined;
        start--;
        // `p.AllowCredentials();` as its own statement goes whole; in a chain only the call goes.
        const before = text.slice(0, start);
        const receiver = /([A-Za-z_]\w*)\s*$/.exec(before);
        const lineStart = text.lastIndexOf('\n', start) + 1;
        const after = text.slice(emission.at.range.end.offset);
        if (receiver && text.slice(lineStart, start).trim() === receiver[1] && /^\s*;[ \t]*\r?\n/.test(after)) {
          const end = emission.at.range.end.offset + /^\s*;[ \t]*\r?\n/.exec(after)![0].length;
          return { title: 'Remove .AllowCredentials()', safe: false, edits: [{ file: emission.at.file, start: lineStart, end, newText: '' }] };
        }
        while (start > 0 && /[ \t]/.test(text[start - 1])) start--;
        if (text[start - 1] === '\n' && text.slice(text.lastIndexOf('\n', start - 2) + 1, start - 1).trim() !== '') start--;
        if (text[start - 1] === '\r') start--;
        return { title: 'Remove .AllowCredentials()', safe: false, edits: [{ file: emission.at.file, start, end: emission.at.range.end.offset, newText: '' }] };
      }
      return statementRemoval(emission.at, readText, title);
    },

    replaceValue(emission: HeaderEmission, newValue: string, title: string) {
      if (!cs(emission.at)) return undefined;
      const text = slice(emission.at);
      if (text === undefined) return undefined;
      if (/^SetPreflightMaxAge\([\s\S]*\)$/.test(text) && /^\d+$/.test(newValue)) return edit(emission.at, `SetPreflightMaxAge(TimeSpan.FromSeconds(${newValue}))`, title);
      // `Response.Headers["Access-Control-Max-Age"] = "86400"` / `Append("...", "86400")`: the last string.
      const last = /^([\s\S]*)"(?:[^"\\]|\\.)*"(\s*\)?\s*;?)$/.exec(text);
      if (last && /"/.test(last[1])) return edit(emission.at, `${last[1]}${quoteC(newValue)}${last[2]}`, title);
      return undefined;
    },

    replacePattern(matcher: OriginMatcher, safePattern: string) {
      if (!matcher.at || !cs(matcher.at)) return undefined;
      const text = slice(matcher.at);
      if (text === undefined) return undefined;
      if (matcher.kind === 'within') {
        // `Allowed.Contains(origin)`: the same pieces as an array compare whole. A pattern would be matched
        // against the allowlist string itself, so no other fix applies.
        const call = withinCall(text, 'Contains', matcher);
        if (!call) return undefined;
        // LINQ's Contains takes the comparer that matches the string comparison (`StringComparer.OrdinalIgnoreCase`).
        const args = call.args.replace(/\bcomparisonType\s*:\s*/, '').replace(/\bStringComparison\.(?=\w)/, 'StringComparer.');
        return edit(matcher.at, `new[] { ${call.listed.map(quoteC).join(', ')} }.Contains(${args})`, call.title);
      }
      const verbatim = `@"${safePattern.replace(/"/g, '""')}"`;
      const title = `Use the anchored pattern ${safePattern}`;
      const isMatch = /^(\s*Regex\.IsMatch\(\s*[^,]+,\s*)(?:@?"(?:[^"\\]|\\.|"")*")([\s\S]*\))$/.exec(text);
      if (isMatch) return edit(matcher.at, `${isMatch[1]}${verbatim}${isMatch[2]}`, title);
      const method = /^([\s\S]+?)\.(EndsWith|StartsWith|Contains)\([\s\S]*\)$/.exec(text);
      if (method) return edit(matcher.at, `System.Text.RegularExpressions.Regex.IsMatch(${method[1]}, ${verbatim})`, title);
      return undefined;
    },

    addVaryOrigin(policy: CorsPolicy, acao: HeaderEmission) {
      const statement = csFixTargets.get(policy)?.varyStatement;
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

function statementRemoval(span: Span, readText: (file: string) => string | undefined, title: string): Fix | undefined {
  const text = readText(span.file);
  if (text === undefined) return undefined;
  const lineStart = text.lastIndexOf('\n', span.range.start.offset) + 1;
  let end = span.range.end.offset;
  while (end < text.length && /[ \t;]/.test(text[end])) end++;
  if (text[end] === '\r') end++;
  if (text[end] !== '\n' || text.slice(lineStart, span.range.start.offset).trim() !== '') return undefined;
  return { title, safe: false, edits: [{ file: span.file, start: lineStart, end: end + 1, newText: '' }] };
}
