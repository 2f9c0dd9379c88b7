import type { Fix } from '../../../core/finding';
import type { Span } from '../../../core/range';
import type { CorsPolicy, HeaderEmission } from '../../cors-policy';
import type { OriginMatcher } from '../../origin-matcher';
import type { FixProvider } from '../../../rules/rule';
import { nextTargets } from './next-targets';
import { allowlistOrigins, spanEdits } from '../../../fixes/span-edits';

/**
 * Fixes in Next.js terms: config header entries (`{ key, value }`, `has`
 * conditions on the Origin) and the headers a handler puts on its Response
 * (`headers.set(...)`, `'Name': value` in a headers object).
 */
export function nextFixer(readText: (file: string) => string | undefined): Partial<FixProvider> {
  const { slice, edit } = spanEdits(readText);

  return {
    allowlistOrigin(policy: CorsPolicy, acao: HeaderEmission, origins: readonly string[]) {
      const target = nextTargets.get(policy);
      if (!target) return undefined;
      const { listed, title } = allowlistOrigins(origins);
      if (target.kind === 'config') {
        // The Origin comes in through `has`: narrow what it admits (Next anchors the value as `^...$`).
        if (target.originHas) {
          const regex = `(?<${target.originHas.param}>${listed.map(escapeRegex).join('|')})`;
          return edit(target.originHas.at, `{ type: 'header', key: 'origin', value: ${quote(regex)} }`, title);
        }
        // A static entry can send one fixed origin only.
        const text = slice(acao.at);
        if (listed.length !== 1 || !text || !VALUE.test(text)) return undefined;
        return edit(acao.at, text.replace(VALUE, `value: ${quote(listed[0])}`), title);
      }
      const echo = acao.value.cases.find((c) => c.parts.some((p) => p.kind === 'origin'));
      const expr = echo && slice(echo.at);
      if (!echo || !expr || /[\n;]/.test(expr)) return undefined;
      const list = `[${listed.map(quote).join(', ')}]`;
      return edit(echo.at, `${list}.includes(${expr}) ? ${expr} : ''`, title);
    },

    addVaryOrigin(policy: CorsPolicy, acao: HeaderEmission) {
      const target = nextTargets.get(policy);
      const text = readText(acao.at.file);
      const own = slice(acao.at);
      if (!target || text === undefined || own === undefined) return undefined;
      if (target.kind === 'config') return insertEntry(text, acao.at, `{ key: 'Vary', value: 'Origin' }`, `Add { key: 'Vary', value: 'Origin' }`);
      const call = /^([\w$.]+)\.(set|append)\(/.exec(own);
      if (call) {
        const statement = `${call[1]}.set('Vary', 'Origin');`;
        const lineEnd = text.indexOf('\n', acao.at.range.end.offset);
        const at = lineEnd < 0 ? text.length : lineEnd;
        const lineStart = text.lastIndexOf('\n', acao.at.range.start.offset) + 1;
        const indent = /^[ \t]*/.exec(text.slice(lineStart))![0];
        return { title: `Add ${statement}`, safe: true, edits: [{ file: acao.at.file, start: at, end: at, newText: `\n${indent}${statement}` }] };
      }
      if (/^(['"])[\w-]+\1\s*:/.test(own) || /^[\w$]+\s*:/.test(own)) return insertEntry(text, acao.at, `Vary: 'Origin'`, `Add Vary: 'Origin'`);
      return undefined;
    },

    removeEmission(emission: HeaderEmission, title: string) {
      const text = readText(emission.at.file);
      const own = slice(emission.at);
      if (text === undefined || own === undefined) return undefined;
      if (!/^\{[\s\S]*\bkey\s*:/.test(own) && !/^(['"])[\w-]+\1\s*:/.test(own)) return undefined;
      return removeEntry(text, emission.at, title);
    },

    replacePattern(matcher: OriginMatcher, safePattern: string) {
      // A `has` entry: Next wraps its value in `^...$` itself.
      const own = matcher.at && slice(matcher.at);
      if (!matcher.at || !own || !/^\{[\s\S]*\btype\s*:/.test(own) || !VALUE.test(own)) return undefined;
      const inner = safePattern.replace(/^\^/, '').replace(/\$$/, '');
      return edit(matcher.at, own.replace(VALUE, `value: ${quote(inner)}`), `Use the anchored pattern ${inner}`);
    },

    replaceValue(emission: HeaderEmission, newValue: string, title: string) {
      const own = slice(emission.at);
      if (!own || !/^\{[\s\S]*\bkey\s*:/.test(own) || !VALUE.test(own)) return undefined;
      return edit(emission.at, own.replace(VALUE, `value: ${quote(newValue)}`), title);
    },
  };
}

const VALUE = /\bvalue\s*:\s*(['"`])(?:\\.|(?!\1)[^\\])*\1/;

function quote(value: string): string {
  return `'${value.replace(/[\\']/g, '\\$&')}'`;
}

function escapeRegex(origin: string): string {
  return origin.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/** A new element after the one at `span`, in the list's own layout (one per line, or inline). */
function insertEntry(text: string, span: Span, entry: string, title: string): Fix {
  const start = span.range.start.offset;
  const end = span.range.end.offset;
  const lineStart = text.lastIndexOf('\n', start - 1) + 1;
  const indent = /^[ \t]*/.exec(text.slice(lineStart))![0];
  const ownLine = text.slice(lineStart, start).trim() === '';
  const comma = /^[ \t]*,/.exec(text.slice(end));
  let at = end;
  let newText = `, ${entry}`;
  if (ownLine && comma) {
    at = end + comma[0].length;
    newText = `\n${indent}${entry},`;
  } else if (ownLine) {
    newText = `,\n${indent}${entry}`;
  }
  return { title, safe: true, edits: [{ file: span.file, start: at, end: at, newText }] };
}

/** Deletes one element of a list or object with its comma (its whole line when it has one to itself). */
function removeEntry(text: string, span: Span, title: string): Fix | undefined {
  const start = span.range.start.offset;
  const end = span.range.end.offset;
  const lineStart = text.lastIndexOf('\n', start - 1) + 1;
  const after = /^[ \t]*,?[ \t]*(\r?\n)?/.exec(text.slice(end))![0];
  if (text.slice(lineStart, start).trim() === '' && after.endsWith('\n')) {
    return { title, safe: false, edits: [{ file: span.file, start: lineStart, end: end + after.length, newText: '' }] };
  }
  const following = /^\s*,\s*/.exec(text.slice(end));
  if (following) return { title, safe: false, edits: [{ file: span.file, start, end: end + following[0].length, newText: '' }] };
  const before = /,\s*$/.exec(text.slice(0, start));
  if (before) return { title, safe: false, edits: [{ file: span.file, start: start - before[0].length, end, newText: '' }] };
  return undefined;
}
