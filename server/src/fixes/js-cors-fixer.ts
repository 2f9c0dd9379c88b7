import type { Fix } from '../core/finding';
import type { Span } from '../core/range';
import type { CorsPolicy, HeaderEmission } from '../model/cors-policy';
import type { OriginMatcher } from '../model/origin-matcher';
import { optionsTargets } from '../model/code/js/fix-targets';
import type { FixProvider } from '../rules/rule';
import { withinOrigins } from '../origin/leaf-shapes';
import { allowlistOrigins, spanEdits } from './span-edits';

/** Fixes in the terms of JS CORS options and header calls. */
export function jsFixProvider(readText: (file: string) => string | undefined): Partial<FixProvider> {
  const { slice, edit } = spanEdits(readText);

  return {
    allowlistOrigin(policy: CorsPolicy, _acao: HeaderEmission, origins: readonly string[]) {
      const target = optionsTargets.get(policy);
      if (!target) return undefined;
      const { listed, title } = allowlistOrigins(origins);
      const array = `[${listed.map((o) => `'${o.replace(/[\\']/g, '\\$&')}'`).join(', ')}]`;
      if (target.origin) return edit(target.origin, array, title);
      if (target.object) {
        const text = slice(target.object);
        if (!text?.startsWith('{')) return undefined;
        const empty = text.slice(1, -1).trim() === '';
        return edit(target.object, empty ? `{ origin: ${array} }` : `{ origin: ${array},${text.slice(1)}`, title);
      }
      const call = slice(target.call);
      if (!call || !/\(\s*\)$/.test(call)) return undefined;
      return edit(target.call, call.replace(/\(\s*\)$/, `({ origin: ${array} })`), title);
    },

    removeEmission(emission: HeaderEmission, title: string) {
      const text = slice(emission.at);
      if (text === undefined) return undefined;
      if (/^credentials\s*:\s*true$/.test(text)) return edit(emission.at, text.replace(/true$/, 'false'), 'Set credentials: false');
      return statementRemoval(emission.at, readText, title);
    },

    replaceValue(emission: HeaderEmission, newValue: string, title: string) {
      const text = slice(emission.at);
      if (text === undefined) return undefined;
      const pair = /^([A-Za-z_$][\w$]*|'[^']*'|"[^"]*")(\s*:\s*)([\s\S]+)$/.exec(text);
      if (pair) {
        const numeric = /^\d+$/.test(newValue) && /^\d/.test(pair[3]);
        return edit(emission.at, `${pair[1]}${pair[2]}${numeric ? newValue : quote(newValue)}`, title);
      }
      if (/^(['"`])[^'"`\\]*\1$/.test(text)) return edit(emission.at, quote(newValue), title);
      const call = /^([\s\S]*?\(\s*(['"`])[^'"`]*\2\s*,\s*)(['"`])[^'"`]*\3(\s*\))$/.exec(text);
      if (call) return edit(emission.at, `${call[1]}${quote(newValue)}${call[4]}`, title);
      return undefined;
    },

    replacePattern(matcher: OriginMatcher, safePattern: string) {
      if (!matcher.at) return undefined;
      const text = slice(matcher.at);
      if (text === undefined) return undefined;
      if (matcher.kind === 'within') {
        // `'https://a.com,https://b.com'.includes(origin)`: the same pieces as an array compare whole.
        const call = /^[\s\S]+?\.(includes|indexOf)\(([\s\S]*)\)$/.exec(text);
        if (!call) return undefined;
        const { listed, title } = allowlistOrigins(withinOrigins(matcher));
        return edit(matcher.at, `[${listed.map(quote).join(', ')}].${call[1]}(${call[2]})`, title);
      }
      const literal = `/${safePattern.replace(/(^|[^\\])\//g, '$1\\/')}/`;
      const title = `Use the anchored pattern ${literal}`;
      const regex = /^\/(?:\\.|\[(?:\\.|[^\]])*\]|[^/\\[])+\/([a-z]*)$/.exec(text);
      if (regex) return edit(matcher.at, `${literal}${regex[1].replace(/[gy]/g, '')}`, title);
      const str = /^(['"])[\s\S]*\1$/.exec(text);
      if (str) return edit(matcher.at, quote(safePattern), title);
      // `origin.endsWith('x')`, `origin.startsWith('x')`, `origin.includes('x')`: the same test as an anchored regex.
      const method = /^([\s\S]+?)\.(endsWith|startsWith|includes)\([\s\S]*\)$/.exec(text);
      if (method) return edit(matcher.at, `${literal}.test(${method[1]})`, title);
      const indexOf = /^([\s\S]+?)\.indexOf\([\s\S]*\)\s*(!==?\s*-1|>=\s*0|>\s*-1)$/.exec(text);
      if (indexOf) return edit(matcher.at, `${literal}.test(${indexOf[1]})`, title);
      return undefined;
    },

    addVaryOrigin(policy: CorsPolicy, acao: HeaderEmission) {
      const target = optionsTargets.get(policy);
      const statement = target?.varyStatement;
      const text = readText(acao.at.file);
      if (!statement || text === undefined) return undefined;
      const lineEnd = text.indexOf('\n', acao.at.range.end.offset);
      const at = lineEnd < 0 ? text.length : lineEnd;
      const lineStart = text.lastIndexOf('\n', acao.at.range.start.offset) + 1;
      const indent = /^[ \t]*/.exec(text.slice(lineStart))![0];
      return {
        title: `Add ${statement}`,
        safe: true,
        edits: [{ file: acao.at.file, start: at, end: at, newText: `${lineEnd < 0 ? '\n' : '\n'}${indent}${statement}` }],
      };
    },
  };
}

function quote(value: string): string {
  return `'${value.replace(/[\\']/g, '\\$&')}'`;
}

/** Deletes the whole statement (its lines) that holds a call. */
function statementRemoval(span: Span, readText: (file: string) => string | undefined, title: string): Fix | undefined {
  const text = readText(span.file);
  if (text === undefined) return undefined;
  const lineStart = text.lastIndexOf('\n', span.range.start.offset) + 1;
  let end = span.range.end.offset;
  while (end < text.length && /[ \t;]/.test(text[end])) end++;
  if (text[end] === '\n') end++;
  else return undefined;
  if (text.slice(lineStart, span.range.start.offset).trim() !== '') return undefined;
  return { title, safe: false, edits: [{ file: span.file, start: lineStart, end, newText: '' }] };
}
