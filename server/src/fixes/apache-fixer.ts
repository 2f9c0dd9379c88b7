import type { Fix, TextEdit } from '../core/finding';
import type { Span } from '../core/range';
import type { CorsPolicy, HeaderEmission } from '../model/cors-policy';
import type { OriginMatcher } from '../model/origin-matcher';
import type { FixProvider } from '../rules/rule';
import { APACHE_PLACEHOLDER_ORIGIN, freeEnvName, originAllowlistRegex } from './apache-allowlist';
import { directiveAtOffset, type FixDirective } from './apache-line-reader';

interface HeaderAt {
  text: string;
  file: string;
  d: FixDirective;
  cond: number;
  action: number;
  value: number;
}

const CONDITION = /^(always|onsuccess)$/i;

/**
 * Fixes for Apache configurations, made on the directive text: `Header always`,
 * `Header always merge Vary Origin`, an anchored `SetEnvIf Origin` allowlist,
 * value rewrites and removals. Each edit keeps the file one `apache2 -t` accepts.
 */
export function createApacheFixer(readText: (file: string) => string | undefined): FixProvider {
  /** The Header directive an emission came from, with the indices of its parts. */
  const headerAt = (span: Span): HeaderAt | undefined => {
    const text = readText(span.file);
    const d = text === undefined ? undefined : directiveAtOffset(text, span.range.start.offset);
    if (text === undefined || !d || d.key !== 'header') return undefined;
    const cond = CONDITION.test(d.args[0]?.value ?? '') ? 0 : -1;
    return { text, file: span.file, d, cond, action: cond + 1, value: cond + 3 };
  };

  const lineStart = (text: string, offset: number): number => text.lastIndexOf('\n', offset - 1) + 1;
  const indentOf = (text: string, offset: number): string => /^[ \t]*/.exec(text.slice(lineStart(text, offset)))![0];
  const lineEndWithBreak = (text: string, offset: number): number => {
    const nl = text.indexOf('\n', offset);
    return nl < 0 ? text.length : nl + 1;
  };
  const fix = (title: string, edits: TextEdit[], safe = true): Fix => ({ title, edits, safe });

  const provider: FixProvider = {
    addAlways(emission) {
      const h = headerAt(emission.at);
      if (!h) return undefined;
      const { d } = h;
      if (h.cond >= 0) {
        const a = d.args[h.cond];
        if (a.value.toLowerCase() === 'always') return undefined;
        return fix('Send it on error responses too (Header always)', [{ file: h.file, start: a.start, end: a.end, newText: 'always' }]);
      }
      const at = d.args[0]?.start ?? d.nameEnd;
      return fix('Send it on error responses too (Header always)', [{ file: h.file, start: at, end: at, newText: 'always ' }]);
    },

    addVaryOrigin(_policy: CorsPolicy, acao: HeaderEmission) {
      const h = headerAt(acao.at);
      if (!h) return undefined;
      const { text } = h;
      const end = lineEndWithBreak(text, h.d.end);
      const indent = indentOf(text, h.d.start);
      const newline = end === text.length && !text.endsWith('\n') ? '\n' : '';
      return fix('Add Vary: Origin (Header always merge Vary Origin)', [{ file: h.file, start: end, end, newText: `${newline}${indent}Header always merge Vary Origin\n` }]);
    },

    replaceValue(emission, newValue, title) {
      const h = headerAt(emission.at);
      const arg = h?.d.args[h.value];
      if (!h || !arg || arg.value.startsWith('expr=')) return undefined;
      return fix(title, [{ file: h.file, start: arg.start, end: arg.end, newText: `"${newValue.replace(/\\/g, '\\\\').replace(/"/g, '\\"')}"` }]);
    },

    allowlistOrigin(_policy, acao, origins) {
      const h = headerAt(acao.at);
      if (!h) return undefined;
      const { text } = h;
      const name = freeEnvName(text);
      const indent = indentOf(text, h.d.start);
      const start = lineStart(text, h.d.start);
      const end = lineEndWithBreak(text, h.d.end);
      const hasVary = varyOriginIn(text);
      const lines = [
        ...(origins.length ? [] : [`${indent}# Placeholder: list every origin allowed to read these responses.`]),
        `${indent}SetEnvIf Origin "${originAllowlistRegex(origins)}" ${name}=$0`,
        `${indent}Header always set ${h.d.args[h.action + 1]?.value ?? 'Access-Control-Allow-Origin'} "%{${name}}e" env=${name}`,
        ...(hasVary ? [] : [`${indent}Header always merge Vary Origin`]),
      ];
      const listed = origins.length ? origins.join(', ') : `${APACHE_PLACEHOLDER_ORIGIN} (a placeholder)`;
      return fix(`Allow only ${listed}`, [{ file: h.file, start, end, newText: lines.join('\n') + '\n' }], origins.length > 0);
    },

    replacePattern(matcher: OriginMatcher, safePattern: string) {
      if (!matcher.at) return undefined;
      const text = readText(matcher.at.file);
      if (text === undefined) return undefined;
      const offset = matcher.at.range.start.offset;
      const d = directiveAtOffset(text, offset);
      const arg = d?.args.find((a) => a.start === offset);
      if (!d || !arg || !['setenvif', 'setenvifnocase', 'rewritecond'].includes(d.key)) return undefined;
      const negated = d.key === 'rewritecond' && arg.value.startsWith('!') ? '!' : '';
      return fix('Escape the dots and anchor the pattern', [{ file: matcher.at.file, start: arg.start, end: arg.end, newText: `"${negated}${safePattern.replace(/"/g, '\\"')}"` }]);
    },

    removeEmission(emission, title) {
      const h = headerAt(emission.at);
      if (!h) return undefined;
      const { text } = h;
      return fix(title, [{ file: h.file, start: lineStart(text, h.d.start), end: lineEndWithBreak(text, h.d.end), newText: '' }]);
    },

    hideUpstreamHeader() {
      return undefined;
    },

    repeatInherited() {
      return undefined;
    },
  };
  return provider;
}

const VARY_ORIGIN = /^[ \t]*Header[ \t]+(always[ \t]+)?(merge|append|set|add)[ \t]+Vary[ \t]+[^\n]*Origin/im;
let varyMemo: { text: string; found: boolean } | undefined;

/** Whether the file already sends `Vary: Origin` somewhere (asked once per text: a big file has many findings). */
function varyOriginIn(text: string): boolean {
  if (varyMemo?.text !== text) varyMemo = { text, found: VARY_ORIGIN.test(text) };
  return varyMemo.found;
}
