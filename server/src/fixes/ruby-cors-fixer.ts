import type { Span } from '../core/range';
import type { CorsPolicy, HeaderEmission } from '../model/cors-policy';
import type { OriginMatcher } from '../model/origin-matcher';
import { rackTargets } from '../model/code/ruby/rack-targets';
import type { FixProvider } from '../rules/rule';
import { withinOrigins } from '../origin/leaf-shapes';
import { allowlistOrigins, spanEdits } from './span-edits';

/** Fixes in the terms of rack-cors: the `origins` call, the `resource` options, Ruby regex literals. */
export function rubyFixProvider(readText: (file: string) => string | undefined): Partial<FixProvider> {
  const { slice, edit } = spanEdits(readText);
  const isRuby = (span: Span) => /\.(rb|ru)$/.test(span.file);

  return {
    allowlistOrigin(policy: CorsPolicy, _acao: HeaderEmission, origins: readonly string[]) {
      const target = rackTargets.get(policy);
      const at = target?.allow.originsAt;
      const text = at && slice(at);
      if (!at || text === undefined) return undefined;
      const head = /^((?:[A-Za-z_]\w*\.)?origins)\b/.exec(text);
      if (!head) return undefined;
      const { listed, title } = allowlistOrigins(origins);
      return edit(at, `${head[1]} ${listed.map(quote).join(', ')}`, title);
    },

    removeEmission(emission: HeaderEmission, title: string) {
      if (!isRuby(emission.at)) return undefined;
      const text = slice(emission.at);
      if (text === undefined) return undefined;
      if (/^credentials:\s*true$/.test(text) || /^:credentials\s*=>\s*true$/.test(text)) return edit(emission.at, text.replace(/true$/, 'false'), 'Set credentials: false');
      return undefined;
    },

    replaceValue(emission: HeaderEmission, newValue: string, title: string) {
      if (!isRuby(emission.at)) return undefined;
      const text = slice(emission.at);
      if (text === undefined) return undefined;
      // A default (rack-cors sends max-age 7200 unless told): the option is added to the `resource` call.
      if (/^resource\b/.test(text) && /^\d+$/.test(newValue) && /Max-Age/i.test(emission.name) && !/\bmax_age\s*:/.test(text) && !/\bdo\b|\{/.test(text)) {
        const paren = /^resource\s*\(/.test(text) && text.endsWith(')');
        return edit(emission.at, paren ? `${text.slice(0, -1)}, max_age: ${newValue})` : `${text}, max_age: ${newValue}`, title);
      }
      const pair = /^(\w+:\s*|:\w+\s*=>\s*)([\s\S]+)$/.exec(text);
      if (!pair) return undefined;
      const numeric = /^\d+$/.test(newValue) && /^[\d_]+$/.test(pair[2]);
      return edit(emission.at, `${pair[1]}${numeric ? newValue : quote(newValue)}`, title);
    },

    replacePattern(matcher: OriginMatcher, safePattern: string) {
      if (!matcher.at || !isRuby(matcher.at)) return undefined;
      const text = slice(matcher.at);
      if (text === undefined) return undefined;
      if (matcher.kind === 'within') {
        // `'https://a.com https://b.com'.include?(origin)`: the same pieces as an array compare whole.
        const call = /^[\s\S]+?\.(include\?|member\?)\(([\s\S]*)\)$/.exec(text);
        if (!call) return undefined;
        const { listed, title } = allowlistOrigins(withinOrigins(matcher));
        return edit(matcher.at, `[${listed.map(quote).join(', ')}].include?(${call[2]})`, title);
      }
      const literal = `/${safePattern.replace(/(\\.)|\//g, (m, escaped: string | undefined) => escaped ?? '\\/')}/`;
      const title = `Use the anchored pattern ${literal}`;
      const regex = /^(?:\/[\s\S]*\/|%r[\s\S]+)([a-z]*)$/.exec(text);
      if (regex) return edit(matcher.at, `${literal}${regex[1].replace(/[^imx]/g, '')}`, title);
      // `source.end_with?('x')`, `source.start_with?('x')`, `source.include?('x')`, `source =~ /x/`: the same test, anchored.
      const method = /^([a-z_]\w*)\.(?:end_with\?|start_with\?|include\?|match\?)\([\s\S]*\)$/.exec(text);
      if (method) return edit(matcher.at, `${literal}.match?(${method[1]})`, title);
      const match = /^([a-z_]\w*)\s*=~\s*[\s\S]+$/.exec(text);
      if (match) return edit(matcher.at, `${match[1]}.match?(${literal})`, title);
      return undefined;
    },
  };
}

function quote(value: string): string {
  return `'${value.replace(/[\\']/g, '\\$&')}'`;
}
