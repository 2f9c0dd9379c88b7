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
