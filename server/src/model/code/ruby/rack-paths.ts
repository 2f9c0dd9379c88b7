/**
 * rack-cors 1.1.1 `Resource#compile`: `/*` is an optional slash and anything
 * (so `/api/*` also covers `/apifoo`), `*` anything, `:name` one segment, `.`
 * `+` `(` `)` literal; everything else stays a regex character, anchored at
 * both ends.
 */
export function rackPathPattern(path: string | { regex: string }): RegExp | undefined {
  try {
    if (typeof path !== 'string') return new RegExp(path.regex.replace(/\\A/g, '^').replace(/\\[zZ]/g, '$'));
    const body = path.replace(/(:\w+)|\/\*|[*.+()]/g, (m) => {
      if (m === '/*') return '\\/?(.*?)';
      if (m === '*') return '(.*?)';
      if (m.startsWith(':')) return '([^/?&#]+)';
      return `\\${m}`;
    });
    return new RegExp(`^${body}$`);
  } catch {
    return undefined;
  }
}

/** A concrete path the resource answers, for the policy's endpoint and to find the resources before it that also match. */
export function representativePath(path: string | { regex: string }): string | undefined {
  if (typeof path !== 'string') return undefined;
  return path.replace(/\/\*$/, '/x').replace(/\*/g, 'x').replace(/:\w+/g, '1');
}
