import type { Span } from '../../core/range';
import type { Directive } from '../../parsers/nginx/ast';
import type { NginxConfig } from '../../parsers/nginx/loader';
import { expandDirectives } from '../../parsers/nginx/loader';
import type { ErrorPage, ErrorPageOutcome } from '../cors-policy';
import type { EffectiveHeaders, InheritMode, OwnDecls, InheritedHeaders } from './headers';

/** A directive as nginx sees it after includes, with the include chain that brought it in. */
export interface Item {
  directive: Directive;
  via: Directive[];
}

/**
 * One configuration level of nginx: each has its own copy of every module's
 * settings, merged from the level around it (`if` and `limit_except` blocks are
 * levels of their own, as nginx gives them their own location configuration).
 */
export interface Level {
  kind: 'main' | 'http' | 'server' | 'location' | 'if' | 'limit_except';
  /** The block directive; absent for the implicit levels of a snippet analysed on its own. */
  directive?: Directive;
  items: Item[];
  parent?: Level;
  span: Span;
  /** The include chain of the block directive itself. */
  via: Directive[];
  /** Answers about this level that every path through it asks: worked out once, by the modules that ask. */
  memo: LevelMemo;
}

/** One slot per question; a level made from another (a snippet read as a server) starts with a fresh memo. */
export interface LevelMemo {
  children: Map<Item, Level> | undefined;
  byName: Map<string, Item[]> | undefined;
  script: Item[] | undefined;
  pass: Item | null | undefined;
  accessFree: boolean | undefined;
  inheritMode: InheritMode | undefined;
  decls: OwnDecls | undefined;
  inherited: InheritedHeaders | undefined;
  effective: EffectiveHeaders | undefined;
  /** Of a server: how each error page target answers the internal request, per maps and `set` names. */
  pageOutcomes: Map<Level, { maps: object; declared: object; outcomes: ErrorPageOutcome[] }> | undefined;
  /** Of a server: the error pages of each `error_page` list in effect, for branches with no path facts. */
  errorPages: Map<object, { maps: object; declared: object; pages: ErrorPage[] | undefined }> | undefined;
}

export function newMemo(): LevelMemo {
  return { children: undefined, byName: undefined, script: undefined, pass: undefined, accessFree: undefined, inheritMode: undefined, decls: undefined, inherited: undefined, effective: undefined, pageOutcomes: undefined, errorPages: undefined };
}

/** A level like `level` but for the given changes, with a memo of its own. */
export function levelLike(level: Level, changes: Partial<Pick<Level, 'kind' | 'items' | 'parent'>>): Level {
  return { ...level, ...changes, memo: newMemo() };
}

export function makeLevel(config: NginxConfig, kind: Level['kind'], directive: Directive | undefined, directives: Directive[], via: Directive[], parent: Level | undefined, fallback: Span): Level {
  return {
    kind,
    directive,
    items: expandDirectives(config, directives, via),
    parent,
    span: directive ? directive.span : fallback,
    via,
    memo: newMemo(),
  };
}

/** Levels made for a block inside a given parent level, so paths that pass it again share one. */
export function childLevel(config: NginxConfig, kind: Level['kind'], item: Item, parent: Level): Level {
  const made = (parent.memo.children ??= new Map());
  let level = made.get(item);
  if (!level) {
    level = makeLevel(config, kind, item.directive, item.directive.block?.directives ?? [], item.via, parent, parent.span);
    made.set(item, level);
  }
  return level;
}

/** Per level, its items by directive name: an http level holds every server, and is asked often. */
function byName(level: Level): Map<string, Item[]> {
  let map = level.memo.byName;
  if (!map) {
    map = new Map();
    for (const item of level.items) {
      const list = map.get(item.directive.name);
      if (list) list.push(item);
      else map.set(item.directive.name, [item]);
    }
    level.memo.byName = map;
  }
  return map;
}

/** The items of a level with this name (or one of these names), in document order. */
export function itemsNamed(level: Level, names: string | readonly string[]): Item[] {
  const items = level.items;
  // Most locations hold a handful of directives: scanning them costs less than indexing them.
  if (items.length <= SMALL_LEVEL) return scan(items, names);
  const map = byName(level);
  if (typeof names === 'string') return map.get(names) ?? NONE;
  if (names.length === 1) return map.get(names[0]) ?? NONE;
  const present = names.filter((n) => map.has(n));
  if (present.length === 0) return NONE;
  if (present.length === 1) return map.get(present[0])!;
  return level.items.filter((i) => present.includes(i.directive.name));
}

/** What a level without such items answers; callers only read it. */
const NONE: Item[] = [];

const SMALL_LEVEL = 8;

function named(item: Item, names: string | readonly string[]): boolean {
  return typeof names === 'string' ? item.directive.name === names : names.includes(item.directive.name);
}

function scan(items: Item[], names: string | readonly string[]): Item[] {
  let first = -1;
  let count = 0;
  for (let i = 0; i < items.length; i++) {
    if (!named(items[i], names)) continue;
    if (first < 0) first = i;
    count++;
  }
  if (count === 0) return NONE;
  // Exact-size lists: most answers hold one item.
  return count === 1 ? [items[first]] : items.filter((i) => named(i, names));
}

/**
 * The directives of the innermost level (from `level` outwards) that has any of
 * these names: nginx's standard inheritance for list-like settings (a level
 * with its own list ignores the outer one).
 */
export function inheritedItems(level: Level | undefined, ...names: string[]): { items: Item[]; level: Level } | undefined {
  if (!level) return undefined;
  // Every location asks the same questions of its server, http and main levels: each level answers once per question.
  const key = names.length === 1 ? names[0] : names.join(' ');
  // One table per question rather than one per level: thousands of locations each ask a handful.
  let known = inheritedCache.get(key);
  if (!known) inheritedCache.set(key, (known = new WeakMap()));
  const cached = known.get(level);
  if (cached !== undefined) return cached ?? undefined;
  const items = itemsNamed(level, names.length === 1 ? names[0] : names);
  const found = items.length ? { items, level } : inheritedItems(level.parent, ...names);
  known.set(level, found ?? null);
  return found;
}

const inheritedCache = new Map<string, WeakMap<Level, { items: Item[]; level: Level } | null>>();

/** The last value of a single-valued setting, looked up outwards. */
export function inheritedSetting(level: Level | undefined, name: string): Item | undefined {
  const found = inheritedItems(level, name);
  return found?.items[found.items.length - 1];
}

export function spanOf(d: Directive): Span {
  return d.span;
}

export function viaSpans(via: Directive[]): Span[] {
  return via.map(spanOf);
}
