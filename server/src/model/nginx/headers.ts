import type { Span } from '../../core/range';
import { NGINX_SUCCESS_STATUSES, type HeaderEmission } from '../cors-policy';
import { chain, itemsNamed, spanOf, viaSpans, type Item, type Level } from './levels';
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
}

export interface EffectiveHeaders {
  decls: HeaderDecl[];
  /** Headers an outer level declares that the innermost level with its own `add_header` drops. */
  dropped?: { decls: HeaderDecl[]; because: Span };
}

export type InheritMode = 'on' | 'off' | 'merge';

/** `add_header_inherit` (nginx 1.29.3+): the setting itself is inherited the standard way. */
export function inheritMode(level: Level): InheritMode {
  for (let l: Level | undefined = level; l; l = l.parent) {
    const own = itemsNamed(l, 'add_header_inherit');
    const last = own[own.length - 1]?.directive.args[0]?.value;
    if (last === 'on' || last === 'off' || last === 'merge') return last;
  }
  return 'on';
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
function moreSetHeaderDecls(level: Level): HeaderDecl[] {
  const out: HeaderDecl[] = [];
  for (const item of itemsNamed(level, 'more_set_headers', 'more_clear_headers')) {
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
const effective = new WeakMap<Level, EffectiveHeaders>();

export function effectiveHeaders(level: Level): EffectiveHeaders {
  let found = effective.get(level);
  if (!found) effective.set(level, (found = computeEffectiveHeaders(level)));
  return found;
}

function computeEffectiveHeaders(level: Level): EffectiveHeaders {
  let decls: HeaderDecl[] = [];
  let dropped: EffectiveHeaders['dropped'];
  const more: HeaderDecl[] = [];
  for (const l of chain(level)) {
    const own = addHeaderDecls(l);
    const mode = inheritMode(l);
    more.push(...moreSetHeaderDecls(l));
    if (own.length === 0) {
      if (mode === 'off') decls = [];
      continue;
    }
    if (mode === 'merge') {
      decls = [...decls, ...own];
      continue;
    }
    const keys = new Set(own.map((d) => d.name.toLowerCase()));
    const lost = decls.filter((d) => !keys.has(d.name.toLowerCase()));
    if (mode === 'on' && decls.length) dropped = { decls: lost, because: spanOf(own[0].item.directive) };
    decls = own;
  }
  if (dropped && dropped.decls.length === 0) dropped = undefined;
  return { decls: [...more, ...decls], dropped };
}

export function emission(decl: HeaderDecl, scope: ValueScope, conf: Level): HeaderEmission {
  const at = spanOf(decl.item.directive);
  const via = viaSpans(decl.item.via);
  if (decl.level !== conf && decl.level.directive) via.push(decl.level.span);
  const value = templateValue(decl.value, decl.valueAt, scope);
  return { name: decl.name, key: decl.name.toLowerCase(), value, scope: decl.scope, mode: decl.mode, at, ...(via.length ? { via } : {}), ...(decl.statuses ? { statuses: decl.statuses } : {}) };
}

