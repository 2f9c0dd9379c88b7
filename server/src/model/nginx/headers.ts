import type { Span } from '../../core/range';
import { NGINX_SUCCESS_STATUSES, type HeaderEmission } from '../cors-policy';
import { itemsNamed, spanOf, viaSpans, type Item, type Level } from './levels';
import { templateValue, type ValueScope } from './variables';

/** A header directive as written, before its value is resolved for a path. */
export interface HeaderDecl {
  item: Item;
  level: Level;
  name: string;
  value: string;
  /** Where the value is written (the argument). */
  valueAt: Span;
  scope: 'success' | 'always';
  /** headers-more `-s`: only these statuses. */
  statuses?: number[];
  mode: 'set' | 'add';
  /** Its emissions that do not depend on the path (see `emission`). */
  shared?: SharedEmissions;
}

export interface EffectiveHeaders {
  decls: HeaderDecl[];
  /** Headers an outer level declares that the innermost level with its own `add_header` drops. */
  dropped?: { decls: HeaderDecl[]; because: Span };
}

export type InheritMode = 'on' | 'off' | 'merge';

/** `add_header_inherit` (nginx 1.29.3+): the setting itself is inherited the standard way. */
export function inheritMode(level: Level): InheritMode {
  let mode = level.memo.inheritMode;
  if (mode === undefined) {
    const own = itemsNamed(level, 'add_header_inherit');
    const last = own[own.length - 1]?.directive.args[0]?.value;
    mode = last === 'on' || last === 'off' || last === 'merge' ? last : level.parent ? inheritMode(level.parent) : 'on';
    level.memo.inheritMode = mode;
  }
  return mode;
}

/** A level's own `add_header` and headers-more declarations. */
export interface OwnDecls {
  add: HeaderDecl[];
  more: HeaderDecl[];
}

/**
 * Each level's own declarations, made once: every level nested in it reads
 * them again, and the same declaration objects let their emissions be shared.
 */
function declsOf(level: Level): OwnDecls {
  return (level.memo.decls ??= { add: addHeaderDecls(level), more: moreSetHeaderDecls(level) });
}

function addHeaderDecls(level: Level): HeaderDecl[] {
  const out: HeaderDecl[] = [];
  for (const item of itemsNamed(level, 'add_header')) {
    const args = item.directive.args;
    if (args.length < 2 || args.length > 3) continue;
    const always = args.length === 3 && args[2].value === 'always';
    out.push({ item, level, name: args[0].value, value: args[1].value, valueAt: { file: item.directive.file, range: args[1].range }, scope: always ? 'always' : 'success', mode: 'add' });
  }
  return out;
}

/**
 * headers-more's `more_set_headers 'Name: value'`: sent on every status (or
 * those of `-s`) and replacing any earlier header of that name (an upstream's);
 * a name without a value clears it. Outer levels' commands run before inner
 * ones (the module merges them, `if` levels included), and all of them before
 * `add_header`, whose lines are appended after (seen with real nginx 1.22 and
 * headers-more 0.34).
 */
const MORE_DIRECTIVES = ['more_set_headers', 'more_clear_headers'];

function moreSetHeaderDecls(level: Level): HeaderDecl[] {
  const out: HeaderDecl[] = [];
  for (const item of itemsNamed(level, MORE_DIRECTIVES)) {
    const clear = item.directive.name === 'more_clear_headers';
    const args = item.directive.args;
    let scope: HeaderDecl['scope'] = 'always';
    let statuses: number[] | undefined;
    for (let i = 0; i < args.length; i++) {
      const v = args[i].value;
      if (v === '-s' || v === '-t') {
        if (v === '-s') {
          statuses = (args[i + 1]?.value ?? '').split(/\s+/).filter((c) => /^[0-9]{3}$/.test(c)).map(Number);
          scope = statuses.every((c) => NGINX_SUCCESS_STATUSES.includes(c)) ? 'success' : 'always';
        }
        i++;
        continue;
      }
      const colon = v.indexOf(':');
      const name = (colon < 0 ? v : v.slice(0, colon)).trim();
      if (!name) continue;
      const value = clear || colon < 0 ? '' : v.slice(colon + 1).trim();
      out.push({ item, level, name, value, valueAt: { file: item.directive.file, range: args[i].range }, scope, ...(statuses ? { statuses } : {}), mode: 'set' });
    }
  }
  return out;
}

/** headers-more commands, then nginx's `add_header` list as inherited down to `level`. */
export function effectiveHeaders(level: Level): EffectiveHeaders {
  return (level.memo.effective ??= computeEffectiveHeaders(level));
}

function computeEffectiveHeaders(level: Level): EffectiveHeaders {
  const at = inheritedAt(level);
  // A level that declares nothing of its own sends what its parent sends: one object serves both.
  if (level.parent && inheritedAt(level.parent) === at) return effectiveHeaders(level.parent);
  const { decls, more, dropped } = at;
  return { decls: [...more, ...decls], dropped: dropped && dropped.decls.length === 0 ? undefined : dropped };
}

/** The `add_header` list and headers-more commands in effect at a level, before the two are joined. */
export interface InheritedHeaders {
  decls: HeaderDecl[];
  more: HeaderDecl[];
  dropped?: { decls: HeaderDecl[]; because: Span };
}

/**
 * Built from the level around it, one step per level: the thousands of
 * locations of a large configuration each add their own step to their
 * server's, instead of walking the whole chain from `main` again.
 */
function inheritedAt(level: Level): InheritedHeaders {
  let found = level.memo.inherited;
  if (found) return found;
  const outer: InheritedHeaders = level.parent ? inheritedAt(level.parent) : { decls: [], more: [] };
  const { add: own, more: moreOwn } = declsOf(level);
  const mode = inheritMode(level);
  if (level.parent && own.length === 0 && moreOwn.length === 0 && (mode !== 'off' || outer.decls.length === 0)) {
    // Nothing declared here: the parent's lists stand as they are (most locations of a server).
    return (level.memo.inherited = outer);
  }
  const more = moreOwn.length ? [...outer.more, ...moreOwn] : outer.more;
  let decls = outer.decls;
  let dropped = outer.dropped;
  if (own.length === 0) {
    if (mode === 'off') decls = [];
  } else if (mode === 'merge') {
    decls = [...decls, ...own];
  } else {
    const keys = new Set(own.map((d) => d.name.toLowerCase()));
    const lost = decls.filter((d) => !keys.has(d.name.toLowerCase()));
    if (mode === 'on' && decls.length) dropped = { decls: lost, because: spanOf(own[0].item.directive) };
    decls = own;
  }
  return (level.memo.inherited = { decls, more, ...(dropped ? { dropped } : {}) });
}

/** The emissions of one directive that do not depend on the path, for where it is written and for where it is inherited. */
interface SharedEmissions {
  maps: ValueScope['maps'];
  declared: ValueScope['declared'];
  own?: HeaderEmission;
  inherited?: HeaderEmission;
}


/**
 * A directive's emission depends on the path only through the variables its
 * value reads: a value without any, or one read where no `set`, regex or
 * capture of the path is in effect, is the same on every branch that inherits
 * the directive (a server's CORS headers, on each of its locations). Those are
 * built once and shared: policies are read, never changed, once built.
 */
export function emission(decl: HeaderDecl, scope: ValueScope, conf: Level): HeaderEmission {
  const pathFree = !decl.value.includes('$') || (scope.env.size === 0 && scope.lastRegex === undefined && scope.captures === undefined);
  if (!pathFree) return buildEmission(decl, scope, conf);
  let known = decl.shared;
  if (!known) decl.shared = known = { maps: scope.maps, declared: scope.declared };
  else if (known.maps !== scope.maps || known.declared !== scope.declared) return buildEmission(decl, scope, conf);
  if (decl.level === conf || !decl.level.directive) return (known.own ??= buildEmission(decl, scope, conf));
  return (known.inherited ??= buildEmission(decl, scope, conf));
}

function buildEmission(decl: HeaderDecl, scope: ValueScope, conf: Level): HeaderEmission {
  const at = spanOf(decl.item.directive);
  const includes = decl.item.via;
  const outer = decl.level !== conf && decl.level.directive ? decl.level.span : undefined;
  const via = includes.length === 0 ? (outer ? [outer] : undefined) : outer ? [...viaSpans(includes), outer] : viaSpans(includes);
  const value = templateValue(decl.value, decl.valueAt, scope);
  const e: HeaderEmission = { name: decl.name, key: decl.name.toLowerCase(), value, scope: decl.scope, mode: decl.mode, at };
  if (via) e.via = via;
  if (decl.statuses) e.statuses = decl.statuses;
  return e;
}


/** A list's emissions where none of it is written and no path fact is in effect, per list. */
const listEmissions = new WeakMap<HeaderDecl[], { maps: ValueScope['maps']; declared: ValueScope['declared']; list: HeaderEmission[] }>();

/**
 * The emissions of a list of declarations on one branch. Every location that
 * inherits its server's headers without a `set` or regex of its own sends the
 * same lines: they are built once per list and the array is shared.
 */
export function emissions(decls: HeaderDecl[], scope: ValueScope, conf: Level): HeaderEmission[] {
  const pathFree = scope.env.size === 0 && scope.lastRegex === undefined && scope.captures === undefined;
  if (!pathFree || ownsAny(decls, conf)) return decls.map((d) => emission(d, scope, conf));
  const known = listEmissions.get(decls);
  if (known && known.maps === scope.maps && known.declared === scope.declared) return known.list;
  const list = decls.map((d) => emission(d, scope, conf));
  if (!known) listEmissions.set(decls, { maps: scope.maps, declared: scope.declared, list });
  return list;
}

function ownsAny(decls: HeaderDecl[], conf: Level): boolean {
  for (let i = 0; i < decls.length; i++) if (decls[i].level === conf) return true;
  return false;
}
