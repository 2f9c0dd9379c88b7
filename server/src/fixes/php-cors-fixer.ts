import type { Fix } from '../core/finding';
import type { Span } from '../core/range';
import type { CorsPolicy, HeaderEmission } from '../model/cors-policy';
import type { OriginMatcher } from '../model/origin-matcher';
import { phpTargets } from '../model/code/php/php-targets';
import type { FixProvider } from '../rules/rule';
import { withinOrigins } from '../origin/leaf-shapes';
import { allowlistOrigins, spanEdits } from './span-edits';

/** Fixes in the terms of PHP `header()` calls, Laravel's `config/cors.php` and Symfony's `nelmio_cors.yaml`. */
export function phpFixProvider(readText: (file: string) => string | undefined): Partial<FixProvider> {
  const { slice, edit } = spanEdits(readText);
  const isPhp = (span: Span) => /\.php$/i.test(span.file);
  const isYaml = (span: Span) => /\.ya?ml$/i.test(span.file);

  return {
    allowlistOrigin(policy: CorsPolicy, acao: HeaderEmission, origins: readonly string[]) {
      const target = phpTargets.get(policy);
      const { listed, title } = allowlistOrigins(origins);
      if (policy.source === 'php') return guardHeader(acao, listed, title, readText);
      if (target?.kind === 'laravel') {
        const at = target.options.allowedOrigins.at;
        const text = slice(at);
        const key = text && /^(['"]allowed_origins['"]\s*=>\s*)/.exec(text);
        if (!key) return undefined;
        return edit(at, `${key[1]}[${listed.map(quote).join(', ')}]`, title);
      }
      if (target?.kind === 'symfony' && target.origins) {
        const text = slice(target.origins);
        const key = text && /^(allow_origin\s*:\s*)/.exec(text);
        if (!key || text.includes('\n')) return undefined;
        // With origin_regex each entry is a pattern: the origins escaped and anchored.
        const entries = listed.map((o) => (target.originRegex ? `^${o.replace(/[.\\+*?[^\]$(){}=!<>|:\-#/]/g, '\\$&')}$` : o));
        return edit(target.origins, `${key[1]}[${entries.map(quote).join(', ')}]`, title);
      }
      return undefined;
    },

    addVaryOrigin(policy: CorsPolicy, acao: HeaderEmission) {
      if (policy.source !== 'php' || !isPhp(acao.at)) return undefined;
      const text = readText(acao.at.file);
      if (text === undefined || !/^header\s*\(/i.test(slice(acao.at) ?? '')) return undefined;
      let end = acao.at.range.end.offset;
      while (end < text.length && /[ \t;]/.test(text[end])) end++;
      const lineStart = text.lastIndexOf('\n', acao.at.range.start.offset) + 1;
      const indent = /^[ \t]*/.exec(text.slice(lineStart))![0];
      const statement = "header('Vary: Origin', false);";
      return { title: `Add ${statement}`, safe: true, edits: [{ file: acao.at.file, start: end, end, newText: `\n${indent}${statement}` }] };
    },

    replaceValue(emission: HeaderEmission, newValue: string, title: string) {
      const text = slice(emission.at);
      if (text === undefined) return undefined;
      if (isPhp(emission.at)) {
        const call = /^(header\s*\(\s*(['"])[A-Za-z-]+:\s*)[^'"\\$]*(\2[\s\S]*\))$/i.exec(text);
        if (call) return edit(emission.at, `${call[1]}${newValue}${call[3]}`, title);
        const pair = /^((['"])[a-z_]+\2\s*=>\s*)([\s\S]+)$/.exec(text);
        if (pair) return edit(emission.at, `${pair[1]}${/^\d+$/.test(newValue) && /^\d+$/.test(pair[3].trim()) ? newValue : quote(newValue)}`, title);
      }
      if (isYaml(emission.at)) {
        const pair = /^([a-z_]+\s*:\s*)([^\n]+)$/.exec(text);
        if (pair) return edit(emission.at, `${pair[1]}${/^\d+$/.test(newValue) ? newValue : quote(newValue)}`, title);
      }
      return undefined;
    },

    removeEmission(emission: HeaderEmission, title: string) {
      const text = slice(emission.at);
      if (text === undefined) return undefined;
      if (isPhp(emission.at)) {
        const credentials = /^((['"])supports_credentials\2\s*=>\s*)true$/i.exec(text);
        if (credentials) return edit(emission.at, `${credentials[1]}false`, 'Set supports_credentials to false');
        if (/^header\s*\(/i.test(text)) return statementRemoval(emission.at, readText, title);
      }
      if (isYaml(emission.at)) {
        const credentials = /^(allow_credentials\s*:\s*)true$/.exec(text);
        if (credentials) return edit(emission.at, `${credentials[1]}false`, 'Set allow_credentials: false');
      }
      return undefined;
    },

    replacePattern(matcher: OriginMatcher, safePattern: string) {
      if (!matcher.at) return undefined;
      const text = slice(matcher.at);
      if (text === undefined) return undefined;
      const delimited = `/${safePattern.replace(/(\\.)|\//g, (m, escaped: string | undefined) => escaped ?? '\\/')}/`;
      const title = `Use the anchored pattern ${delimited}`;
      if (isYaml(matcher.at)) {
        // nelmio wraps each entry in `{...}i` itself: the entry is the bare pattern.
        return /^(['"]).*\1$/.test(text) ? edit(matcher.at, quote(safePattern), `Use the anchored pattern ${safePattern}`) : undefined;
      }
      if (!isPhp(matcher.at)) return undefined;
      if (matcher.kind === 'within') {
        // `strpos('https://a.com,https://b.com', $origin)`: the same pieces as a list compare whole.
        const call = /^(?:str_contains|strpos|stripos)\s*\([\s\S]+?,\s*(\$[A-Za-z_]\w*)\s*\)$/.exec(text);
        if (!call) return undefined;
        const { listed, title } = allowlistOrigins(withinOrigins(matcher));
        return edit(matcher.at, `in_array(${call[1]}, [${listed.map(quote).join(', ')}], true)`, title);
      }
      // A pattern string with its delimiters and flags (`'#...#i'`): rewritten in place.
      const str = /^(['"])([^A-Za-z0-9\\\s])[\s\S]*([^A-Za-z0-9\\\s])([a-zA-Z]*)\1$/.exec(text);
      if (str) return edit(matcher.at, quote(`${delimited}${str[4].replace(/[^ix]/g, '')}`), title);
      // `str_ends_with($origin, 'x')`, `strpos($origin, 'x') !== false`: the same test as an anchored regex.
      const call = /^(?:str_ends_with|str_starts_with|str_contains|strpos|stripos)\s*\(\s*(\$[A-Za-z_]\w*)\s*,[\s\S]*$/.exec(text);
      if (call) return edit(matcher.at, `preg_match(${quote(delimited)}, ${call[1]}) === 1`, title);
      return undefined;
    },
  };
}

/** A PHP single-quoted string: only a quote, and a backslash before a quote, another backslash or the end, need escaping. */
function quote(value: string): string {
  return `'${value.replace(/\\(?=['\\]|$)/g, '\\\\').replace(/'/g, "\\'")}'`;
}

/** Wraps the `header()` line that echoes the Origin in an `in_array` check against the allowlist. */
function guardHeader(acao: HeaderEmission, origins: readonly string[], title: string, readText: (file: string) => string | undefined): Fix | undefined {
  const text = readText(acao.at.file);
  const echo = acao.value.cases.find((c) => c.parts.some((p) => p.kind === 'origin'));
  if (text === undefined || !echo || echo.at.file !== acao.at.file) return undefined;
  const call = text.slice(acao.at.range.start.offset, acao.at.range.end.offset);
  if (!/^header\s*\(/i.test(call)) return undefined;
  // The Origin as the code reads it: the expression the echoed part was written as.
  const origin = text.slice(echo.at.range.start.offset, echo.at.range.end.offset);
  if (!/^\$[A-Za-z_]\w*$|^\$_SERVER\[['"]HTTP_ORIGIN['"]\]/.test(origin)) return undefined;
  const lineStart = text.lastIndexOf('\n', acao.at.range.start.offset) + 1;
  if (text.slice(lineStart, acao.at.range.start.offset).trim() !== '') return undefined;
  let end = acao.at.range.end.offset;
  while (end < text.length && /[ \t]/.test(text[end])) end++;
  if (text[end] !== ';') return undefined;
  end++;
  const indent = /^[ \t]*/.exec(text.slice(lineStart))![0];
  const list = `[${origins.map(quote).join(', ')}]`;
  const newText = `${indent}if (in_array(${origin.startsWith('$_SERVER') ? `${origin} ?? ''` : origin}, ${list}, true)) {\n${indent}    ${call};\n${indent}}`;
  return { title, safe: false, edits: [{ file: acao.at.file, start: lineStart, end, newText }] };
}

/** Deletes the whole statement (its line) that holds a call. */
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
