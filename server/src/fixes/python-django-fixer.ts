import type { Fix, TextEdit } from '../core/finding';
import type { Span } from '../core/range';
import type { CorsPolicy, HeaderEmission } from '../model/cors-policy';
import type { OriginMatcher } from '../model/origin-matcher';
import { spanOf } from '../model/code/python/ast';
import { djangoTargets } from '../model/code/python/django-fix-targets';
import type { DjangoSetting } from '../model/code/python/django-settings';
import type { FixProvider } from '../rules/rule';
import { allowlistOrigins } from './span-edits';

/** A Python string literal for a value, raw when it holds backslashes (regexes). */
export function pyQuote(value: string): string {
  if (value.includes('\\') && !value.endsWith('\\') && !/['\n]/.test(value)) return `r'${value}'`;
  return `'${value.replace(/[\\']/g, '\\$&').replace(/\n/g, '\\n')}'`;
}

export function pyList(values: readonly string[]): string {
  return `[${values.map(pyQuote).join(', ')}]`;
}

export function editOf(span: Span, newText: string): TextEdit {
  return { file: span.file, start: span.range.start.offset, end: span.range.end.offset, newText };
}

/** The text of a line before a span: what names the setting or keyword a value belongs to. */
export function textBefore(readText: (file: string) => string | undefined, span: Span): string | undefined {
  const text = readText(span.file);
  if (text === undefined) return undefined;
  return text.slice(text.lastIndexOf('\n', span.range.start.offset - 1) + 1, span.range.start.offset);
}

/**
 * A regex written as a Python string (or `re.compile(...)` of one) rewritten
 * to the safe pattern: shared by django-cors-headers and Starlette settings.
 */
export function replacePyPattern(readText: (file: string) => string | undefined, matcher: OriginMatcher, safePattern: string): Fix | undefined {
  if (!matcher.at || matcher.kind !== 'regex' || matcher.flavor !== 'python') return undefined;
  const text = readText(matcher.at.file)?.slice(matcher.at.range.start.offset, matcher.at.range.end.offset);
  if (text === undefined) return undefined;
  const title = `Use the anchored pattern ${pyQuote(safePattern)}`;
  if (/^[rRuU]?(['"])[\s\S]*\1$/.test(text)) return { title, safe: false, edits: [editOf(matcher.at, pyQuote(safePattern))] };
  const compiled = /^(re\.compile\(\s*)[rRuU]?(['"])(?:\\.|(?!\2)[^\\])*\2/.exec(text);
  if (compiled) {
    const start = matcher.at.range.start.offset + compiled[1].length;
    return { title, safe: false, edits: [{ file: matcher.at.file, start, end: matcher.at.range.start.offset + compiled[0].length, newText: pyQuote(safePattern) }] };
  }
  return undefined;
}

/** Fixes in the terms of django-cors-headers settings. */
export function djangoFixProvider(readText: (file: string) => string | undefined): Partial<FixProvider> {
  const slice = (span: Span) => readText(span.file)?.slice(span.range.start.offset, span.range.end.offset);
  return {
    allowlistOrigin(policy: CorsPolicy, _acao: HeaderEmission, origins: readonly string[]) {
      const target = djangoTargets.get(policy);
      // A receiver that lets every origin in would still do so: no list fixes that.
      if (!target || target.config.signals.some((r) => r.answer === 'any')) return undefined;
      const { listed, title } = allowlistOrigins(origins);
      const get = (name: string, old: string) => target.settings.get(name) ?? target.settings.get(old);
      const allowAll = get('CORS_ALLOW_ALL_ORIGINS', 'CORS_ORIGIN_ALLOW_ALL');
      const list = get('CORS_ALLOWED_ORIGINS', 'CORS_ORIGIN_WHITELIST');
      const regexes = get('CORS_ALLOWED_ORIGIN_REGEXES', 'CORS_ORIGIN_REGEX_WHITELIST');
      const span = (s: DjangoSetting, which: 'value' | 'statement'): Span => spanOf(s.file, which === 'value' ? s.valueNode : s.statement);
      const edits: TextEdit[] = [];
      const allowAllOn = allowAll && target.config.allowAll.value === true;
      // A list in another module (base settings) stays as it is: this module overrides it.
      if (allowAllOn && (!list || list.file !== allowAll.file)) edits.push(editOf(span(allowAll, 'statement'), `CORS_ALLOWED_ORIGINS = ${pyList(listed)}`));
      else {
        if (allowAllOn) edits.push(editOf(span(allowAll, 'value'), 'False'));
        if (list) edits.push(editOf(span(list, 'value'), pyList(listed)));
        // The list replaces the patterns: they are what let unwanted origins in.
        if (regexes && list) edits.push(editOf(span(regexes, 'value'), '[]'));
        else if (regexes) edits.push(editOf(span(regexes, 'statement'), `CORS_ALLOWED_ORIGINS = ${pyList(listed)}`));
      }
      if (edits.length === 0) return undefined;
      return { title, safe: false, edits };
    },

    removeEmission(emission: HeaderEmission) {
      if (emission.key !== 'access-control-allow-credentials' || slice(emission.at) !== 'True') return undefined;
      if (!/\bCORS_ALLOW_CREDENTIALS\s*=\s*$/.test(textBefore(readText, emission.at) ?? '')) return undefined;
      return { title: 'Set CORS_ALLOW_CREDENTIALS = False', safe: false, edits: [editOf(emission.at, 'False')] };
    },

    replaceValue(emission: HeaderEmission, newValue: string, title: string) {
      const text = slice(emission.at);
      if (text !== undefined && /^[[(][\s\S]*[\])]$/.test(text) && /\bCORS_(ALLOW_HEADERS|ALLOW_METHODS|EXPOSE_HEADERS)\s*=\s*$/.test(textBefore(readText, emission.at) ?? '')) {
        return { title, safe: false, edits: [editOf(emission.at, pyList(newValue.split(/\s*,\s*/).filter(Boolean)))] };
      }
      if (emission.key !== 'access-control-max-age' || text === undefined || !/^-?\d+$/.test(text) || !/^\d+$/.test(newValue)) return undefined;
      if (!/\bCORS_PREFLIGHT_MAX_AGE\s*=\s*$/.test(textBefore(readText, emission.at) ?? '')) return undefined;
      return { title, safe: true, edits: [editOf(emission.at, newValue)] };
    },

    replacePattern(matcher: OriginMatcher, safePattern: string) {
      return replacePyPattern(readText, matcher, safePattern);
    },
  };
}
