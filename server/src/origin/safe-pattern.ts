import type { RegexFlavor } from '../model/origin-matcher';

/**
 * Builds an escaped, anchored regex that admits exactly the given origins, e.g.
 * `['https://a.example.com', 'https://b.example.com']` → `^https://(a\.example\.com|b\.example\.com)$`.
 * A host written as `*.example.com` stands for any subdomain (one or more labels).
 * An empty list gives a pattern that admits nothing.
 */
export function allowlistPattern(origins: readonly string[], flavor: RegexFlavor): string {
  const unique = [...new Set(origins)];
  const [open, close] = anchors(flavor);
  if (unique.length === 0) return `${open}[^\\s\\S]${close}`;
  const scheme = commonScheme(unique);
  const bodies = unique.map((o) => originBody(scheme ? o.slice(scheme.length) : o, flavor));
  const head = scheme ? escapeLiteral(scheme, flavor) : '';
  return bodies.length === 1 ? `${open}${head}${bodies[0]}${close}` : `${open}${head}(${bodies.join('|')})${close}`;
}

/** Ruby's `^`/`$` match at any line break, so only `\A`/`\z` anchor the whole value there. */
function anchors(flavor: RegexFlavor): [string, string] {
  return flavor === 'ruby' ? ['\\A', '\\z'] : ['^', '$'];
}

function commonScheme(origins: string[]): string | undefined {
  const first = /^[a-z][a-z0-9+.-]*:\/\//.exec(origins[0])?.[0];
  return first && origins.every((o) => o.startsWith(first)) ? first : undefined;
}

const LABELS = '[a-z0-9-]+(?:\\.[a-z0-9-]+)*';

function originBody(text: string, flavor: RegexFlavor): string {
  const wild = /^([a-z][a-z0-9+.-]*:\/\/)?\*\./.exec(text);
  if (!wild) return escapeLiteral(text, flavor);
  const scheme = wild[1] ?? '';
  return escapeLiteral(scheme, flavor) + LABELS + escapeLiteral(text.slice(wild[0].length - 1), flavor);
}

/** Escapes regex syntax; `/` too for JavaScript, where the pattern usually sits in a `/.../` literal. */
export function escapeLiteral(text: string, flavor: RegexFlavor): string {
  const escaped = text.replace(/[\\^$.|?*+()[\]{}]/g, '\\$&');
  return flavor === 'js' ? escaped.replace(/\//g, '\\/') : escaped;
}

/**
 * The author's own pattern with its lone dots escaped and both ends anchored,
 * keeping everything else (ports, subdomain wildcards, inline flags), e.g.
 * `https://api.example.com` → `^https://api\.example\.com$`. Callers confirm
 * by matching that it closes the hole before offering it.
 */
export function repairPattern(pattern: string, flavor: RegexFlavor): string {
  const flags = /^(\(\?[a-zA-Z]+\))*/.exec(pattern)?.[0] ?? '';
  let body = '';
  let depth = 0;
  const pieces: string[] = [];
  let i = flags.length;
  while (i < pattern.length) {
    const c = pattern[i];
    if (c === '\\') {
      if (pattern[i + 1] === 'Q') {
        const end = pattern.indexOf('\\E', i + 2);
        const stop = end < 0 ? pattern.length : end + 2;
        body += pattern.slice(i, stop);
        i = stop;
        continue;
      }
      body += pattern.slice(i, i + 2);
      i += 2;
      continue;
    }
    if (c === '[') {
      const end = classEnd(pattern, i);
      body += pattern.slice(i, end);
      i = end;
      continue;
    }
    if (c === '(') depth++;
    if (c === ')') depth--;
    if (c === '|' && depth === 0) {
      pieces.push(body);
      body = '';
      i++;
      continue;
    }
    // A dot followed by `*`, `+` or `{` is a wildcard on purpose; alone (or with `?`) it meant a dot.
    body += c === '.' && !/[*+{]/.test(pattern[i + 1] ?? '') ? '\\.' : c;
    i++;
  }
  pieces.push(body);
  const alternatives = pieces.map(stripAnchors);
  const [open, close] = anchors(flavor);
  const inner = alternatives.length > 1 ? `(?:${alternatives.join('|')})` : alternatives[0];
  return `${flags}${open}${inner}${close}`;
}

function stripAnchors(body: string): string {
  let b = body.replace(/^(\^|\\A)/, '');
  const end = /(\$|\\z|\\Z)$/.exec(b);
  if (end) {
    // Only an unescaped anchor: count the backslashes before it.
    const before = b.slice(0, end.index);
    const slashes = /\\*$/.exec(before)?.[0].length ?? 0;
    const escaped = end[0] === '$' ? slashes % 2 === 1 : (slashes - 1) % 2 === 1;
    if (!escaped) b = before;
  }
  return b;
}

/** Index just past the bracket expression starting at `start`. */
function classEnd(pattern: string, start: number): number {
  let i = start + 1;
  if (pattern[i] === '^') i++;
  if (pattern[i] === ']') i++;
  while (i < pattern.length && pattern[i] !== ']') {
    if (pattern[i] === '\\') i += 2;
    else if (pattern.startsWith('[:', i)) {
      const close = pattern.indexOf(':]', i + 2);
      i = close < 0 ? i + 1 : close + 2;
    } else i++;
  }
  return Math.min(i + 1, pattern.length);
}
