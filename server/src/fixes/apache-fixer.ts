import type { Fix, TextEdit } from '../core/finding';
import type { Span } from '../core/range';
import type { CorsPolicy, HeaderEmission } from '../model/cors-policy';
import type { OriginMatcher } from '../model/origin-matcher';
import type { ApacheDirective, ApacheFile, ApacheNode } from '../parsers/apache/ast';
import { parseApache } from '../parsers/apache/parser';
import type { FixProvider } from '../rules/rule';
import { APACHE_PLACEHOLDER_ORIGIN, freeEnvName, originAllowlistRegex } from './apache-allowlist';

/**
 * Fixes for Apache configurations, made on the directive text: `Header always`,
 * `Header always merge Vary Origin`, an anchored `SetEnvIf Origin` allowlist,
 * value rewrites and removals. Each edit keeps the file one `apache2 -t` accepts.
 */
export function createApacheFixer(readText: (file: string) => string | undefined): FixProvider {
  const parsed = new Map<string, ApacheFile>();
  const fileOf = (file: string): ApacheFile | undefined => {
    const text = readText(file);
    if (text === undefined) return undefined;
    let f = parsed.get(file);
    if (!f || f.text !== text) {
      f = parseApache(text, file);
      parsed.set(file, f);
    }
    return f;
  };

  /** The Header directive an emission came from, with the indices of its parts. */
  const headerAt = (span: Span): { file: ApacheFile; d: ApacheDirective; cond: number; action: number; value: number } | undefined => {
    const file = fileOf(span.file);
    const d = file && directiveAt(file.nodes, span.range.start.offset);
    if (!file || !d || d.key !== 'header') return undefined;
    const cond = /^(always|onsuccess)$/i.test(d.args[0]?.value ?? '') ? 0 : -1;
    return { file, d, cond, action: cond + 1, value: cond + 3 };
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
        return fix('Send it on error responses too (Header always)', [{ file: d.file, start: a.range.start.offset, end: a.range.end.offset, newText: 'always' }]);
      }
      const at = d.args[0]?.range.start.offset ?? d.nameRange.end.offset;
      return fix('Send it on error responses too (Header always)', [{ file: d.file, start: at, end: at, newText: 'always ' }]);
    },

    addVaryOrigin(_policy: CorsPolicy, acao: HeaderEmission) {
      const h = headerAt(acao.at);
      if (!h) return undefined;
      const text = h.file.text;
      const end = lineEndWithBreak(text, h.d.range.end.offset);
      const indent = indentOf(text, h.d.range.start.offset);
      const newline = end === text.length && !text.endsWith('\n') ? '\n' : '';
      return fix('Add Vary: Origin (Header always merge Vary Origin)', [{ file: h.d.file, start: end, end, newText: `${newline}${indent}Header always merge Vary Origin\n` }]);
    },

    replaceValue(emission, newValue, title) {
      const h = headerAt(emission.at);
      const arg = h?.d.args[h.value];
      if (!h || !arg || arg.value.startsWith('expr=')) return undefined;
      return fix(title, [{ file: h.d.file, start: arg.range.start.offset, end: arg.range.end.offset, newText: `"${newValue.replace(/\\/g, '\\\\').replace(/"/g, '\\"')}"` }]);
    },

    allowlistOrigin(_policy, acao, origins) {
      const h = headerAt(acao.at);
      if (!h) return undefined;
      const text = h.file.text;
      const name = freeEnvName(text);
      const indent = indentOf(text, h.d.range.start.offset);
      const start = lineStart(text, h.d.range.start.offset);
      const end = lineEndWithBreak(text, h.d.range.end.offset);
      const hasVary = varyOriginIn(text);
      const lines = [
        ...(origins.length ? [] : [`${indent}# Placeholder: list every origin allowed to read these responses.`]),
        `${indent}SetEnvIf Origin "${originAllowlistRegex(origins)}" ${name}=$0`,
        `${indent}Header always set ${h.d.args[h.action + 1]?.value ?? 'Access-Control-Allow-Origin'} "%{${name}}e" env=${name}`,
        ...(hasVary ? [] : [`${indent}Header always merge Vary Origin`]),
      ];
      const listed = origins.length ? origins.join(', ') : `${APACHE_PLACEHOLDER_ORIGIN} (a placeholder)`;
      return fix(`Allow only ${listed}`, [{ file: h.d.file, start, end, newText: lines.join('\n') + '\n' }], origins.length > 0);
    },

    replacePattern(matcher: OriginMatcher, safePattern: string) {
      if (!matcher.at) return undefined;
      const file = fileOf(matcher.at.file);
      if (!file) return undefined;
      const d = directiveAt(file.nodes, matcher.at.range.start.offset);
      const arg = d?.args.find((a) => a.range.start.offset === matcher.at!.range.start.offset);
      if (!d || !arg || !['setenvif', 'setenvifnocase', 'rewritecond'].includes(d.key)) return undefined;
      const negated = d.key === 'rewritecond' && arg.value.startsWith('!') ? '!' : '';
      return fix('Escape the dots and anchor the pattern', [{ file: d.file, start: arg.range.start.offset, end: arg.range.end.offset, newText: `"${negated}${safePattern.replace(/"/g, '\\"')}"` }]);
    },

    removeEmission(emission, title) {
      const h = headerAt(emission.at);
      if (!h) return undefined;
      const text = h.file.text;
      return fix(title, [{ file: h.d.file, start: lineStart(text, h.d.range.start.offset), end: lineEndWithBreak(text, h.d.range.end.offset), newText: '' }]);
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

/** The directive whose text contains `offset`, sections searched without recursion. */
export function directiveAt(nodes: ApacheNode[], offset: number): ApacheDirective | undefined {
  let list: ApacheNode[] | undefined = nodes;
  while (list) {
    let next: ApacheNode[] | undefined;
    for (const n of list) {
      if (offset < n.range.start.offset || offset > n.range.end.offset) continue;
      if (n.kind === 'directive') return n;
      next = n.children;
      break;
    }
    list = next;
  }
  return undefined;
}
