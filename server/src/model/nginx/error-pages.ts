import type { ErrorPage, ErrorPageOutcome } from '../cors-policy';
import { effectiveHeaders, emissions } from './headers';
import { inheritedItems, spanOf, type Item, type Level } from './levels';
import type { ValueScope } from './variables';

/**
 * The `error_page` list in effect for a configuration (the innermost level
 * that has any), each page resolved to the headers of the path its URI leads
 * to; `outcomes` follow that path for the internal GET nginx makes.
 */
export function errorPagesFor(conf: Level, server: Level, route: (uri: string) => Level | undefined, scope: ValueScope, outcomesOf: (target: Level) => ErrorPageOutcome[]): ErrorPage[] | undefined {
  const found = inheritedItems(conf, 'error_page');
  if (!found) return undefined;
  // Without a `set`, regex or capture on the path the pages depend only on the list, the server and the
  // configuration's maps: every location that inherits the list shares them.
  const pathFree = scope.env.size === 0 && scope.lastRegex === undefined && scope.captures === undefined;
  if (!pathFree) return pagesOf(found, server, route, scope, outcomesOf);
  const known = (server.memo.errorPages ??= new Map());
  const hit = known.get(found);
  if (hit && hit.maps === scope.maps && hit.declared === scope.declared) return hit.pages;
  const pages = pagesOf(found, server, route, scope, outcomesOf);
  if (!hit) known.set(found, { maps: scope.maps, declared: scope.declared, pages });
  return pages;
}

function pagesOf(found: { items: Item[] }, server: Level, route: (uri: string) => Level | undefined, scope: ValueScope, outcomesOf: (target: Level) => ErrorPageOutcome[]): ErrorPage[] | undefined {
  const pages: ErrorPage[] = [];
  for (const { directive: d } of found.items) {
    const args = d.args.map((a) => a.value);
    const uri = args[args.length - 1];
    const codes: number[] = [];
    let status: ErrorPage['status'];
    for (const a of args.slice(0, -1)) {
      if (/^[0-9]{3}$/.test(a)) codes.push(Number(a));
      else if (a === '=') status = 'target';
      else if (/^=[0-9]{3}$/.test(a)) status = Number(a.slice(1));
    }
    if (!codes.length || uri === undefined) continue;
    const at = spanOf(d);
    if (!uri.startsWith('/') && !uri.startsWith('@')) {
      pages.push({ codes, status: typeof status === 'number' ? status : undefined, redirect: true, uri, headers: [], at });
      continue;
    }
    const target = route(uri) ?? server;
    const headers = emissions(effectiveHeaders(target).decls, scope, target);
    if (status === 'target') status = ownReturn(target) ?? 'target';
    pages.push({ codes, ...(status !== undefined ? { status } : {}), uri, headers, outcomes: outcomesOf(target), at });
  }
  return pages.length ? pages : undefined;
}

/** The code of a `return` the target runs unconditionally (before any `if`), which `=` then sends. */
function ownReturn(target: Level): number | undefined {
  for (const { directive: d } of target.items) {
    if (d.name === 'if' || d.name === 'rewrite') return undefined;
    if (d.name === 'return') return /^[0-9]{3}$/.test(d.args[0]?.value ?? '') ? Number(d.args[0].value) : undefined;
  }
  return undefined;
}
