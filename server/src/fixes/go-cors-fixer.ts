import type { Fix } from '../core/finding';
import type { Span } from '../core/range';
import type { CorsPolicy, HeaderEmission } from '../model/cors-policy';
import type { OriginMatcher } from '../model/origin-matcher';
import { goTargets } from '../model/code/go/fix-targets';
import type { FixProvider } from '../rules/rule';
import { withinFix } from './go-within-fix';
import { allowlistOrigins, spanEdits } from './span-edits';

const isGo = (span: Span) => span.file.endsWith('.go');

/** Fixes in the terms of Go CORS options (`cors.Options{...}`, `cors.Config{...}`) and `w.Header()` calls. */
export function goFixProvider(readText: (file: string) => string | undefined): Partial<FixProvider> {
  const { slice, edit } = spanEdits(readText);

  return {
    allowlistOrigin(policy: CorsPolicy, acao: HeaderEmission, origins: readonly string[]) {
      const target = goTargets.get(policy);
      if (!target) return undefined;
      const { listed, title } = allowlistOrigins(origins);
      const slice_ = `[]string{${listed.map(goQuote).join(', ')}}`;
      const file = target.file.path;
      const at = (node: { startIndex: number; endIndex: number }) => ({ file, start: node.startIndex, end: node.endIndex });
      if (target.kind === 'handler') {
        const text = slice(acao.at);
        const r = target.request;
        const m = text && /^([\s\S]+\.(?:Set|Header)\(\s*"Access-Control-Allow-Origin"\s*,\s*)[\s\S]+\)$/i.exec(text);
        if (!m || !r || r === '#') return undefined;
        const check = listed.map((o) => `origin == ${goQuote(o)}`).join(' || ');
        return edit(acao.at, `if origin := ${r}.Header.Get("Origin"); ${check} {\n${indentAt(readText(file) ?? '', acao.at.range.start.offset)}\t${m[1]}origin)\n${indentAt(readText(file) ?? '', acao.at.range.start.offset)}}`, title);
      }
      const key = target.kind === 'rs-cors' ? 'AllowedOrigins' : 'AllowOrigins';
      const options = target.options;
      if (!options) {
        // `cors.Default()` / `cors.AllowAll()` of rs/cors: the same defaults, with a list.
        const call = target.call;
        const callText = target.file.text.slice(call.startIndex, call.endIndex);
        const m = /^([A-Za-z_]\w*)\.(Default|AllowAll)\(\s*\)$/.exec(callText);
        if (target.kind !== 'rs-cors' || !m) return undefined;
        return { title, safe: false, edits: [{ ...at(call), newText: `${m[1]}.New(${m[1]}.Options{AllowedOrigins: ${slice_}})` }] };
      }
      const edits: Fix['edits'] = [];
      const replaced = new Set<string>();
      for (const k of [key, 'AllowOriginFunc', 'AllowOriginRequestFunc', 'AllowAllOrigins']) {
        const node = options.keyNodes.get(k);
        if (!node || node.startIndex < 0) continue;
        const text = target.file.text.slice(node.startIndex, node.endIndex);
        const assignment = /^([A-Za-z_][\w.]*\.)\w+\s*=/.exec(text);
        const newText = replaced.size > 0 ? '' : assignment ? `${assignment[1]}${key} = ${slice_}` : `${key}: ${slice_}`;
        if (newText === '' && !assignment) {
          // A second field to drop: take its trailing comma too.
          const after = /^\s*,/.exec(target.file.text.slice(node.endIndex));
          edits.push({ file, start: node.startIndex, end: node.endIndex + (after ? after[0].length : 0), newText });
        } else {
          edits.push({ ...at(node), newText });
        }
        replaced.add(k);
      }
      if (edits.length > 0) return { title, safe: false, edits };
      if (options.node.type !== 'composite_literal') return undefined;
      const body = options.node.childForFieldName('body');
      if (!body) return undefined;
      return { title, safe: false, edits: [{ file, start: body.startIndex + 1, end: body.startIndex + 1, newText: `${key}: ${slice_}, ` }] };
    },

    removeEmission(emission: HeaderEmission, title: string) {
      if (!isGo(emission.at)) return undefined;
      const text = slice(emission.at);
      if (text === undefined) return undefined;
      if (/^AllowCredentials\s*:\s*true$/.test(text)) return edit(emission.at, text.replace(/true$/, 'false'), 'Set AllowCredentials: false');
      if (/^[\w.]+\.AllowCredentials\s*=\s*true$/.test(text)) return edit(emission.at, text.replace(/true$/, 'false'), 'Set AllowCredentials = false');
      if (/\.Header\(\)\.(Set|Add)\(|\.Header\(\s*"/.test(text)) return lineRemoval(emission.at, readText, title);
      return undefined;
    },

    replaceValue(emission: HeaderEmission, newValue: string, title: string) {
      if (!isGo(emission.at)) return undefined;
      const text = slice(emission.at);
      if (text === undefined) return undefined;
      const keyed = /^(MaxAge\s*:\s*|[\w.]+\.MaxAge\s*=\s*)([\s\S]+)$/.exec(text);
      if (keyed && /^\d+$/.test(newValue)) {
        // gin's MaxAge is a time.Duration, rs/cors's a number of seconds.
        const duration = /time\.|[0-9]\s*\*|\*\s*[0-9]/.test(keyed[2]);
        return edit(emission.at, `${keyed[1]}${duration ? `${newValue} * time.Second` : newValue}`, title);
      }
      const call = /^([\s\S]+\.(?:Set|Add|Header)\(\s*"[^"]*"\s*,\s*)"[^"\\]*"(\s*\))$/.exec(text);
      if (call) return edit(emission.at, `${call[1]}${goQuote(newValue)}${call[2]}`, title);
      // `w.Header()["..."] = []string{"x"}`: the one value rewritten.
      const map = /^([\s\S]+=\s*\[\]string\{\s*)"[^"\\]*"(\s*\})$/.exec(text);
      if (map) return edit(emission.at, `${map[1]}${goQuote(newValue)}${map[2]}`, title);
      return undefined;
    },

    replacePattern(matcher: OriginMatcher, safePattern: string) {
      if (!matcher.at || !isGo(matcher.at)) return undefined;
      // A piece-of-a-string check has no pattern to anchor: the listed origins compare whole instead.
      if (matcher.kind === 'within') return withinFix(readText, matcher);
      const text = slice(matcher.at);
      if (text === undefined) return undefined;
      const title = `Use the anchored pattern ${safePattern}`;
      const exact = literalOf(safePattern);
      if (/^"[^"]*\*[^"]*"$/.test(text)) {
        // A wildcard entry of an origin list takes an exact origin or another `prefix*suffix` entry, not a regex.
        if (exact) return edit(matcher.at, goQuote(exact), `Allow only ${exact}`);
        const wildcard = wildcardOf(safePattern);
        return wildcard ? edit(matcher.at, goQuote(wildcard), `Use the entry ${wildcard}`) : undefined;
      }
      if ((/^`[^`]*`$/.test(text) || /^"(?:[^"\\]|\\.)*"$/.test(text)) && !safePattern.includes('`')) return edit(matcher.at, `\`${safePattern}\``, title);
      const call = /^strings\.(HasSuffix|HasPrefix|Contains)\(\s*([\s\S]+?)\s*,[\s\S]*\)$/.exec(text);
      const file = readText(matcher.at.file);
      if (!call || !file || safePattern.includes('`')) return undefined;
      const edits: Fix['edits'] = [{ file: matcher.at.file, start: matcher.at.range.start.offset, end: matcher.at.range.end.offset, newText: `regexp.MustCompile(\`${safePattern}\`).MatchString(${call[2]})` }];
      const importEdit = addImport(file, 'regexp', matcher.at.file);
      if (importEdit === null) return undefined;
      if (importEdit) edits.unshift(importEdit);
      return { title, safe: false, edits };
    },

    addVaryOrigin(policy: CorsPolicy, acao: HeaderEmission) {
      const target = goTargets.get(policy);
      const text = readText(acao.at.file);
      if (target?.kind !== 'handler' || !target.headerExpr || text === undefined) return undefined;
      const lineEnd = text.indexOf('\n', acao.at.range.end.offset);
      const at = lineEnd < 0 ? text.length : lineEnd;
      const statement = `${target.headerExpr}.Add("Vary", "Origin")`;
      return { title: `Add ${statement}`, safe: true, edits: [{ file: acao.at.file, start: at, end: at, newText: `\n${indentAt(text, acao.at.range.start.offset)}${statement}` }] };
    },
  };
}

function goQuote(value: string): string {
  return JSON.stringify(value);
}

function indentAt(text: string, offset: number): string {
  const lineStart = text.lastIndexOf('\n', offset - 1) + 1;
  return /^[ \t]*/.exec(text.slice(lineStart))![0];
}

/** The origin a pattern stands for when it admits exactly one (`^https://a\.example\.com$`). */
function literalOf(pattern: string): string | undefined {
  const m = /^\^((?:\\.|[^\\.*+?()[\]{}|^$])+)\$$/.exec(pattern);
  return m ? m[1].replace(/\\(.)/g, '$1') : undefined;
}

/** `^https://.*\.example\.com$` as the list entry `https://*.example.com`, when the pattern has that shape. */
function wildcardOf(pattern: string): string | undefined {
  const m = /^\^((?:\\.|[^\\.*+?()[\]{}|^$])*)\.\*((?:\\.|[^\\.*+?()[\]{}|^$])*)\$$/.exec(pattern);
  return m ? `${m[1].replace(/\\(.)/g, '$1')}*${m[2].replace(/\\(.)/g, '$1')}` : undefined;
}

/** An edit adding an import when the file lacks it; undefined when present, null when the imports cannot be edited safely. */
function addImport(text: string, path: string, file: string): Fix['edits'][number] | undefined | null {
  if (new RegExp(`^\\s*(?:import\\s+)?(?:\\w+\\s+)?"${path}"`, 'm').test(text)) return undefined;
  const block = /^import\s*\(\s*\n/m.exec(text);
  if (block) return { file, start: block.index + block[0].length, end: block.index + block[0].length, newText: `\t"${path}"\n` };
  const pkg = /^package\s+\w+[^\n]*\n/m.exec(text);
  if (!pkg) return null;
  return { file, start: pkg.index + pkg[0].length, end: pkg.index + pkg[0].length, newText: `\nimport "${path}"\n` };
}

/** Deletes the line that holds a statement. */
function lineRemoval(span: Span, readText: (file: string) => string | undefined, title: string): Fix | undefined {
  const text = readText(span.file);
  if (text === undefined) return undefined;
  const lineStart = text.lastIndexOf('\n', span.range.start.offset - 1) + 1;
  let end = span.range.end.offset;
  while (end < text.length && /[ \t;]/.test(text[end])) end++;
  if (text[end] !== '\n' || text.slice(lineStart, span.range.start.offset).trim() !== '') return undefined;
  return { title, safe: false, edits: [{ file: span.file, start: lineStart, end: end + 1, newText: '' }] };
}
