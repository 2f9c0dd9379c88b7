import type { Span } from '../../core/range';
import type { Directive } from '../../parsers/nginx/ast';
import type { NginxConfig } from '../../parsers/nginx/loader';
import { expandDirectives } from '../../parsers/nginx/loader';
import type { OriginMatcher } from '../origin-matcher';

/** One source value of a `map` block, already turned into a check on the source string. */
export interface MapEntry {
  matcher: OriginMatcher;
  /** The resulting value as written (may hold variables and `$1`-style captures). */
  value: string;
  at: Span;
}

export interface MapDef {
  /** The variable the map defines, without `$`. */
  name: string;
  /** The source string template, e.g. `$http_origin`. */
  source: string;
  /** In nginx's lookup order: exact strings, wildcard names, regexes in order. */
  entries: MapEntry[];
  defaultValue: { value: string; at: Span } | undefined;
  at: Span;
}

export function spanOf(d: Directive): Span {
  return d.span;
}

/**
 * Reads one `map` block. Strings are matched ignoring case (nginx lower-cases the
 * hash keys); `~` regexes are case-sensitive, `~*` are not; with `hostnames`,
 * `.example.com` and `*.example.com` match subdomains and `www.example.*` a prefix.
 */
export function readMap(config: NginxConfig, d: Directive, via: Directive[]): MapDef | undefined {
  if (!d.block || d.args.length !== 2 || !d.args[1].value.startsWith('$')) return undefined;
  const name = d.args[1].value.replace(/^\$\{?/, '').replace(/\}$/, '');
  const exact: MapEntry[] = [];
  const leading: MapEntry[] = [];
  const trailing: MapEntry[] = [];
  const regex: MapEntry[] = [];
  let hostnames = false;
  let defaultValue: MapDef['defaultValue'];
  const items = expandDirectives(config, d.block.directives, via);
  for (const { directive: e } of items) if (e.name === 'hostnames' && e.args.length === 0) hostnames = true;
  for (const { directive: e } of items) {
    const at = spanOf(e);
    // Checks point at the key itself, so a fix can rewrite just the pattern.
    const keyAt: Span = { file: e.file, range: e.nameRange };
    if ((e.name === 'hostnames' || e.name === 'volatile') && e.args.length === 0) continue;
    if (e.args.length !== 1) continue;
    const value = e.args[0].value;
    const key = e.name;
    if (key === 'default') {
      defaultValue = { value, at };
      continue;
    }
    if (key.startsWith('~')) {
      const ci = key.startsWith('~*');
      regex.push({ matcher: { kind: 'regex', pattern: key.slice(ci ? 2 : 1), flavor: 'pcre', mode: 'search', caseInsensitive: ci, at: keyAt }, value, at });
      continue;
    }
    const literal = key.startsWith('\\') ? key.slice(1) : key;
    if (hostnames && literal.startsWith('.')) {
      leading.push({ matcher: { kind: 'or', matchers: [{ kind: 'exact', value: literal.slice(1), caseInsensitive: true }, { kind: 'suffix', value: literal, caseInsensitive: true }], at: keyAt }, value, at });
    } else if (hostnames && literal.startsWith('*.')) {
      leading.push({ matcher: { kind: 'suffix', value: literal.slice(1), caseInsensitive: true, at: keyAt }, value, at });
    } else if (hostnames && literal.endsWith('.*')) {
      trailing.push({ matcher: { kind: 'prefix', value: literal.slice(0, -1), caseInsensitive: true, at: keyAt }, value, at });
    } else {
      exact.push({ matcher: { kind: 'exact', value: literal, caseInsensitive: true, at: keyAt }, value, at });
    }
  }
  return { name, source: d.args[0].value, entries: [...exact, ...leading, ...trailing, ...regex], defaultValue, at: spanOf(d) };
}

/** Every `map` of the http levels by variable name (the last definition wins; nginx -t refuses duplicates). */
export function collectMaps(config: NginxConfig, https: Array<{ items: Array<{ directive: Directive; via: Directive[] }> }>): Map<string, MapDef> {
  const maps = new Map<string, MapDef>();
  for (const http of https) {
    for (const { directive, via } of http.items) {
      if (directive.name !== 'map') continue;
      const def = readMap(config, directive, via);
      if (def) maps.set(def.name, def);
    }
  }
  return maps;
}
