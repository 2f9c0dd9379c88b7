/**
 * Include/exclude patterns for discovery, in the way `.gitignore` and ESLint
 * users expect: `*` and `?` stay within a path segment, `**` spans segments,
 * `{a,b}` picks alternatives, `[...]` is a character class. A pattern without a
 * `/` matches a file or folder name at any depth (`*.conf`, `vendor`); one with
 * a `/` matches the path relative to the scan root (`conf.d/*.conf`,
 * `** /legacy/**`, without the space). A trailing `/` is ignored.
 */
export interface PathPattern {
  source: string;
  matches(relativePath: string): boolean;
}

export function compilePathPattern(pattern: string): PathPattern {
  let p = pattern.trim().replace(/\\/g, '/');
  if (p.startsWith('./')) p = p.slice(2);
  if (p.length > 1 && p.endsWith('/')) p = p.replace(/\/+$/, '');
  const anchored = p.includes('/');
  if (p.startsWith('/')) p = p.slice(1);
  const re = new RegExp('^' + toRegex(p) + '$');
  return {
    source: pattern,
    matches(relativePath: string): boolean {
      const rel = relativePath.replace(/\\/g, '/');
      if (anchored) return re.test(rel);
      return rel.split('/').some((segment) => re.test(segment));
    },
  };
}

function toRegex(p: string): string {
  let out = '';
  let braces = 0;
  for (let i = 0; i < p.length; i++) {
    const c = p[i];
    if (c === '*') {
      if (p[i + 1] === '*') {
        i++;
        // `**/` may match zero folders; a bare `**` matches anything.
        if (p[i + 1] === '/') {
          i++;
          out += '(?:.*/)?';
        } else out += '.*';
      } else out += '[^/]*';
    } else if (c === '?') out += '[^/]';
    else if (c === '[') {
      const close = p.indexOf(']', i + 2);
      if (close < 0) out += '\\[';
      else {
        let body = p.slice(i + 1, close);
        const negate = body[0] === '!' || body[0] === '^';
        if (negate) body = body.slice(1);
        out += '[' + (negate ? '^' : '') + body.replace(/[\\\]^]/g, (m) => '\\' + m) + ']';
        i = close;
      }
    } else if (c === '{') {
      braces++;
      out += '(?:';
    } else if (c === '}' && braces > 0) {
      braces--;
      out += ')';
    } else if (c === ',' && braces > 0) out += '|';
    else out += c.replace(/[.+^$()|\\{}]/g, (m) => '\\' + m);
  }
  // An unclosed `{` is a literal brace in most shells; close the group so the regex stays valid.
  out += ')'.repeat(braces);
  return out;
}
