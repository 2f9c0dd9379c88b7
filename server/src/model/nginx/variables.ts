import type { Span } from '../../core/range';
import type { SymbolicValue, ValueCase } from '../cors-policy';
import type { OriginMatcher } from '../origin-matcher';
import { matchOriginWithCaptures } from '../../origin/match-origin';
import { bothMatchers, caseText, concatValues, literalValue, MAX_LIST_CASES, partsValue, unknownValue } from '../symbolic-value';
import type { MapDef } from './maps';
import { namedGroups } from './regex-groups';

/** What a variable can be resolved against at one point of a request's path. */
export interface ValueScope {
  maps: ReadonlyMap<string, MapDef>;
  /** Variables `set` earlier on this path. */
  env: ReadonlyMap<string, SymbolicValue>;
  /** Every variable some `set` defines: read before its `set`, it is empty. */
  declared: ReadonlySet<string>;
  /** The origin regex last matched on this path (its groups are `$1`...), or `other` for a regex on something else. */
  lastRegex?: OriginMatcher | 'other';
  /** Concrete groups, while rendering a map value for a known source string. */
  captures?: string[];
  /** Named groups of the regex whose groups `captures` holds. */
  captureNames?: ReadonlyMap<string, number>;
}

const MAX_DEPTH = 8;

/** One piece of a template: text, or a variable name. */
export type TemplatePiece = { text: string } | { variable: string };

/** Splits a value the way nginx's script compiler does: `$name` or `${name}`. */
export function splitTemplate(value: string): TemplatePiece[] {
  const pieces: TemplatePiece[] = [];
  let text = '';
  let i = 0;
  while (i < value.length) {
    const c = value[i];
    if (c === '$') {
      let name = '';
      let end = i + 1;
      if (value[i + 1] === '{') {
        const close = value.indexOf('}', i + 2);
        if (close > i + 2) {
          name = value.slice(i + 2, close);
          end = close + 1;
        }
      } else {
        const m = /^[A-Za-z0-9_]+/.exec(value.slice(i + 1));
        if (m) {
          name = m[0];
          end = i + 1 + name.length;
        }
      }
      if (name) {
        if (text) pieces.push({ text });
        text = '';
        pieces.push({ variable: name });
        i = end;
        continue;
      }
    }
    text += c;
    i++;
  }
  if (text) pieces.push({ text });
  return pieces;
}

export function templateValue(value: string, at: Span, scope: ValueScope, depth = 0): SymbolicValue {
  // Most values are plain text: the same one case the joining below would build, without the steps.
  if (value.indexOf('$') < 0) return literalValue(value, at);
  let out = literalValue('', at);
  for (const piece of splitTemplate(value)) {
    const next = 'text' in piece ? literalValue(piece.text, at) : variableValue(piece.variable, at, scope, depth);
    out = concatValues(out, next, at, 'variable' in piece ? piece.variable : 'value');
  }
  return out;
}

export function variableValue(name: string, at: Span, scope: ValueScope, depth = 0): SymbolicValue {
  if (/^[0-9]$/.test(name)) return captureValue(Number(name), at, scope);
  const key = name.toLowerCase();
  const named = namedGroup(key, scope);
  if (named !== undefined) return captureValue(named, at, scope);
  if (scope.env.has(key)) return scope.env.get(key)!;
  if (key === 'http_origin') return partsValue([{ kind: 'origin' }], at);
  if (key.startsWith('http_')) return partsValue([{ kind: 'request-header', name: key.slice(5).replace(/_/g, '-') }], at);
  const map = scope.maps.get(key);
  if (map && depth < MAX_DEPTH) return mapValue(map, scope, depth + 1);
  if (scope.declared.has(key)) return literalValue('', at);
  return unknownValue(name, at);
}

function namedGroup(key: string, scope: ValueScope): number | undefined {
  if (scope.captures) return scope.captureNames?.get(key);
  const regex = scope.lastRegex;
  if (regex && regex !== 'other' && regex.kind === 'regex') return namedGroups(regex.pattern).get(key);
  return undefined;
}

function captureValue(group: number, at: Span, scope: ValueScope): SymbolicValue {
  if (scope.captures) return literalValue(scope.captures[group] ?? '', at);
  const regex = scope.lastRegex;
  if (!regex || regex === 'other') return unknownValue(String(group), at);
  return { cases: [{ when: regex, parts: [{ kind: 'capture', group }], at }, { when: { kind: 'any' }, parts: [], at }] };
}

/** The value a map gives, for every source value the model can see. */
export function mapValue(map: MapDef, scope: ValueScope, depth: number): SymbolicValue {
  const source = templateValue(map.source, map.at, scope, depth);
  const cases: ValueCase[] = [];
  for (const sc of source.cases) {
    const literal = caseText(sc);
    if (literal !== undefined) {
      for (const c of lookupLiteral(map, literal, scope, depth)) cases.push({ ...c, when: bothMatchers(sc.when, c.when) });
    } else if (sc.parts.length === 1 && sc.parts[0].kind === 'origin') {
      for (const c of lookupOrigin(map, scope, depth)) {
        const when = bothMatchers(sc.when, c.when);
        if (when.kind === 'and' && c.parts.some((p) => p.kind === 'capture')) cases.push({ when, parts: [{ kind: 'unknown', name: map.name }], at: c.at });
        else cases.push({ ...c, when });
      }
    } else {
      cases.push({ when: sc.when, parts: [{ kind: 'unknown', name: map.name }], at: map.at });
    }
    if (cases.length > MAX_LIST_CASES) return unknownValue(map.name, map.at);
  }
  return { cases };
}

function lookupLiteral(map: MapDef, literal: string, scope: ValueScope, depth: number): ValueCase[] {
  for (const entry of map.entries) {
    const hit = matchOriginWithCaptures(entry.matcher, literal);
    if (hit === undefined) return [{ when: { kind: 'any' }, parts: [{ kind: 'unknown', name: map.name }], at: entry.at }];
    if (!hit.matched) continue;
    const captures = entry.matcher.kind === 'regex' ? hit.captures : undefined;
    const captureNames = entry.matcher.kind === 'regex' ? namedGroups(entry.matcher.pattern) : undefined;
    return templateValue(entry.value, entry.at, { ...scope, captures, captureNames }, depth).cases;
  }
  return defaultCases(map, scope, depth);
}

function lookupOrigin(map: MapDef, scope: ValueScope, depth: number): ValueCase[] {
  const cases: ValueCase[] = [];
  for (const entry of map.entries) {
    const lastRegex = entry.matcher.kind === 'regex' ? entry.matcher : 'other';
    for (const c of templateValue(entry.value, entry.at, { ...scope, lastRegex, captures: undefined }, depth).cases) {
      const when = bothMatchers(entry.matcher, c.when);
      cases.push({ ...c, when });
      // Once a case covers the whole entry, later ones (the empty fallback of `$1`) are unreachable.
      if (when === entry.matcher) break;
    }
  }
  cases.push(...defaultCases(map, scope, depth));
  return cases;
}

function defaultCases(map: MapDef, scope: ValueScope, depth: number): ValueCase[] {
  if (!map.defaultValue) return literalValue('', map.at).cases;
  return templateValue(map.defaultValue.value, map.defaultValue.at, { ...scope, captures: undefined }, depth).cases;
}
