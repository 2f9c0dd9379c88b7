import type { Fix } from '../core/finding';
import type { Span } from '../core/range';
import type { CorsPolicy, HeaderEmission } from '../model/cors-policy';
import type { OriginMatcher } from '../model/origin-matcher';
import { pyFixTargets } from '../model/code/python/fix-targets';
import type { FixProvider } from '../rules/rule';
import { withinOrigins } from '../origin/leaf-shapes';
import { allowlistOrigins, spanEdits } from './span-edits';

/** Fixes in Python terms: flask-cors keywords and config entries, hand-written header assignments. */
export function pythonFixProvider(readText: (file: string) => string | undefined): Partial<FixProvider> {
  const { slice, edit } = spanEdits(readText);

  return {
    allowlistOrigin(policy: CorsPolicy, _acao: HeaderEmission, origins: readonly string[]) {
      const target = pyFixTargets.get(policy);
      if (!target) return undefined;
      const { listed, title } = allowlistOrigins(origins);
      const list = `[${listed.map(pyQuote).join(', ')}]`;
      if (target.origins) return edit(target.origins, list, title);
      if (target.call) {
        const call = slice(target.call);
        if (!call?.endsWith(')')) return undefined;
        const inner = call.slice(call.indexOf('(') + 1, -1);
        const keyword = `origins=${list}`;
        return edit(target.call, `${call.slice(0, call.indexOf('(') + 1)}${inner.trim() === '' ? keyword : `${inner.replace(/,?\s*$/, '')}, ${keyword}`})`, title);
      }
      // A hand-written echo: the Origin goes back only when it is one of the listed origins.
      const echoed = target.reflect;
      const expression = echoed && slice(echoed);
      if (!echoed || !expression || /\n/.test(expression)) return undefined;
      return edit(echoed, `${expression} if ${expression} in ${list} else ''`, title);
    },

    removeEmission(emission: HeaderEmission, title: string) {
      const text = slice(emission.at);
      if (text === undefined) return undefined;
      const flag = /^((?:supports_credentials|'CORS_SUPPORTS_CREDENTIALS'|"CORS_SUPPORTS_CREDENTIALS")\s*[=:]\s*)True$/.exec(text)
        ?? /^(\w+\.config\[['"]CORS_SUPPORTS_CREDENTIALS['"]\]\s*=\s*)True$/.exec(text);
      if (flag) return edit(emission.at, `${flag[1]}False`, 'Set supports_credentials=False');
      return lineRemoval(emission.at, readText, title);
    },

    replaceValue(emission: HeaderEmission, newValue: string, title: string) {
      const text = slice(emission.at);
      if (text === undefined) return undefined;
      const numeric = /^\d+$/.test(newValue);
      const keyword = /^(\w+\s*=\s*)([\s\S]+)$/.exec(text);
      if (keyword && !/^\w+\s*\[/.test(text)) return edit(emission.at, `${keyword[1]}${numeric && /^\d/.test(keyword[2]) ? newValue : pyQuote(newValue)}`, title);
      const pair = /^((['"])[^'"]*\2\s*:\s*)([\s\S]+)$/.exec(text);
      if (pair) return edit(emission.at, `${pair[1]}${numeric && /^\d/.test(pair[3]) ? newValue : pyQuote(newValue)}`, title);
      // `resp.headers['X'] = 'v'` and `app.config['CORS_MAX_AGE'] = v`: the right side.
      const assign = /^([\s\S]*?\]\s*=\s*)([\s\S]+)$/.exec(text);
      if (assign) return edit(emission.at, `${assign[1]}${numeric && /^\d/.test(assign[2]) ? newValue : pyQuote(newValue)}`, title);
      if (/^[rbuRBU]?(['"])[^'"\\]*\1$/.test(text)) return edit(emission.at, pyQuote(newValue), title);
      return undefined;
    },

    replacePattern(matcher: OriginMatcher, safePattern: string) {
      if (!matcher.at) return undefined;
      const text = slice(matcher.at);
      if (text === undefined) return undefined;
      if (matcher.kind === 'within') {
        // `origin in 'https://a.com https://b.com'`: the same pieces as a list compare whole.
        const test = /^([\s\S]+?\s(?:not\s+)?in\s+)[\s\S]+$/.exec(text);
        if (!test) return undefined;
        const { listed, title } = allowlistOrigins(withinOrigins(matcher));
        return edit(matcher.at, `${test[1]}[${listed.map(pyQuote).join(', ')}]`, title);
      }
      const literal = rawLiteral(safePattern);
      const title = `Use the anchored pattern ${literal}`;
      if (/^[rRuU]?(['"])[\s\S]*\1$/.test(text)) return edit(matcher.at, literal, title);
      const compiled = /^(re\.compile\(\s*)[rRuU]?(['"])[\s\S]*?\2([\s\S]*\))$/.exec(text);
      if (compiled) return edit(matcher.at, `${compiled[1]}${literal}${compiled[3]}`, title);
      // `origin.endswith('x')`, `origin.startswith('x')`, `'x' in origin`, `re.match(p, origin)`: the same test as a full match.
      const method = /^([\w.()'"\[\]]+?)\.(endswith|startswith)\([\s\S]*\)$/.exec(text);
      if (method) return edit(matcher.at, `re.fullmatch(${literal}, ${method[1]})`, title);
      const search = /^re\.(match|search|fullmatch)\(\s*[\s\S]+?,\s*([\s\S]+?)\s*\)$/.exec(text);
      if (search) return edit(matcher.at, `re.fullmatch(${literal}, ${search[2]})`, title);
      return undefined;
    },

    addVaryOrigin(policy: CorsPolicy, acao: HeaderEmission) {
      const target = pyFixTargets.get(policy);
      if (target?.varyOff) return { ...edit(target.varyOff, 'True', 'Set vary_header=True'), safe: true };
      const statement = target?.varyStatement;
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

export function pyQuote(value: string): string {
  return `'${value.replace(/[\\']/g, '\\$&')}'`;
}

/** A raw string literal for a regex, with the quote it does not contain. */
function rawLiteral(pattern: string): string {
  if (!pattern.includes("'") && !pattern.endsWith('\\')) return `r'${pattern}'`;
  if (!pattern.includes('"') && !pattern.endsWith('\\')) return `r"${pattern}"`;
  return pyQuote(pattern);
}

/** Deletes the whole line that holds a statement, when nothing else shares it. */
function lineRemoval(span: Span, readText: (file: string) => string | undefined, title: string): Fix | undefined {
  const text = readText(span.file);
  if (text === undefined) return undefined;
  const lineStart = text.lastIndexOf('\n', span.range.start.offset) + 1;
  let end = span.range.end.offset;
  while (end < text.length && /[ \t;]/.test(text[end])) end++;
  if (text[end] === '\n') end++;
  else if (end < text.length) return undefined;
  if (text.slice(lineStart, span.range.start.offset).trim() !== '') return undefined;
  return { title, safe: false, edits: [{ file: span.file, start: lineStart, end, newText: '' }] };
}
