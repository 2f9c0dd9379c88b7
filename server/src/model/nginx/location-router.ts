import type { NginxConfig } from '../../parsers/nginx/loader';
import { matchOrigin } from '../../origin/match-origin';
import { childLevel, itemsNamed, type Level } from './levels';

/**
 * The location nginx picks for a URI inside one server: an exact `=` match, else
 * the longest prefix (searched again among its nested locations); a `^~`
 * prefix stops there, otherwise the first regex location that matches wins
 * over the prefix. Named locations (`@x`) are found by name.
 */
export function createRouter(config: NginxConfig, server: Level): (uri: string) => Level | undefined {
  const cache = new Map<Level, Level[]>();
  const children = (parent: Level): Level[] => {
    let list = cache.get(parent);
    if (!list) {
      list = itemsNamed(parent, 'location').map((i) => childLevel(config, 'location', i, parent));
      cache.set(parent, list);
    }
    return list;
  };
  const argsOf = (l: Level) => l.directive?.args.map((a) => a.value) ?? [];

  const search = (parent: Level, uri: string): Level | undefined => {
    let best: Level | undefined;
    let bestLen = -1;
    let caret = false;
    for (const loc of children(parent)) {
      const a = argsOf(loc);
      const [modifier, path] = a.length === 2 ? [a[0], a[1]] : ['', a[0] ?? ''];
      if (modifier === '=' && path === uri) return loc;
      if ((modifier === '' || modifier === '^~') && uri.startsWith(path) && path.length > bestLen && !path.startsWith('@')) {
        best = loc;
        bestLen = path.length;
        caret = modifier === '^~';
      }
    }
    if (best) {
      const nested = search(best, uri);
      if (nested) return nested;
      if (caret) return best;
    }
    for (const loc of children(parent)) {
      const a = argsOf(loc);
      if (a.length !== 2 || (a[0] !== '~' && a[0] !== '~*')) continue;
      if (matchOrigin({ kind: 'regex', pattern: a[1], flavor: 'pcre', mode: 'search', caseInsensitive: a[0] === '~*' }, uri) === true) return loc;
    }
    return best;
  };

  // Every branch of a server asks for the same few error page URIs: each is routed once.
  const routed = new Map<string, Level | undefined>();
  return (uri: string) => {
    if (routed.has(uri)) return routed.get(uri);
    const found = uri.startsWith('@') ? children(server).find((l) => argsOf(l)[0] === uri) : search(server, uri);
    routed.set(uri, found);
    return found;
  };
}
