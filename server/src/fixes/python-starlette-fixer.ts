import type { Fix, TextEdit } from '../core/finding';
import type { Span } from '../core/range';
import type { CorsPolicy, HeaderEmission } from '../model/cors-policy';
import type { OriginMatcher } from '../model/origin-matcher';
import { field, spanOf } from '../model/code/python/ast';
import { starletteTargets } from '../model/code/python/starlette-fix-targets';
import type { FixProvider } from '../rules/rule';
import { editOf, pyList, replacePyPattern, textBefore } from './python-django-fixer';
import { allowlistOrigins } from './span-edits';

/** Fixes in the terms of `CORSMiddleware` keyword arguments. */
export function starletteFixProvider(readText: (file: string) => string | undefined): Partial<FixProvider> {
  const slice = (span: Span) => readText(span.file)?.slice(span.range.start.offset, span.range.end.offset);
  return {
    allowlistOrigin(policy: CorsPolicy, _acao: HeaderEmission, origins: readonly string[]) {
      const target = starletteTargets.get(policy);
      if (!target) return undefined;
      const { listed, title } = allowlistOrigins(origins);
      const edits: TextEdit[] = [];
      const list = target.keywordNodes.get('allow_origins');
      const regex = target.keywordNodes.get('allow_origin_regex');
      const listValue = list && field(list, 'value');
      if (listValue) edits.push(editOf(spanOf(target.file, listValue), pyList(listed)));
      // The list replaces the pattern: it is what let unwanted origins in.
      if (regex) edits.push(editOf(spanOf(target.file, regex), list ? 'allow_origin_regex=None' : `allow_origins=${pyList(listed)}`));
      if (edits.length === 0) {
        const args = field(target.call, 'arguments');
        const first = args?.namedChild(0);
        if (!first) return undefined;
        const at = first.endIndex;
        edits.push({ file: target.file.path, start: at, end: at, newText: `, allow_origins=${pyList(listed)}` });
      }
      return { title, safe: false, edits };
    },

    removeEmission(emission: HeaderEmission) {
      if (emission.key !== 'access-control-allow-credentials' || slice(emission.at) !== 'True') return undefined;
      if (!/\ballow_credentials\s*=\s*$/.test(textBefore(readText, emission.at) ?? '')) return undefined;
      return { title: 'Set allow_credentials=False', safe: false, edits: [editOf(emission.at, 'False')] };
    },

    replaceValue(emission: HeaderEmission, newValue: string, title: string): Fix | undefined {
      const text = slice(emission.at);
      if (emission.key !== 'access-control-max-age' || text === undefined || !/^-?\d+$/.test(text) || !/^\d+$/.test(newValue)) return undefined;
      if (!/\bmax_age\s*=\s*$/.test(textBefore(readText, emission.at) ?? '')) return undefined;
      return { title, safe: true, edits: [editOf(emission.at, newValue)] };
    },

    replacePattern(matcher: OriginMatcher, safePattern: string) {
      return replacePyPattern(readText, matcher, safePattern);
    },
  };
}
