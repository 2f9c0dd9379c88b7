import type { Span } from '../../core/range';
import type { OriginMatcher } from '../../model/origin-matcher';

function sameSpan(a: Span, b: Span): boolean {
  return a.file === b.file && a.range.start.offset === b.range.start.offset && a.range.end.offset === b.range.end.offset;
}

/** The matcher (inside a combined one) written at this span, so a fix can rewrite exactly that text. */
export function matcherAt(m: OriginMatcher, span: Span): OriginMatcher | undefined {
  if (m.at && sameSpan(m.at, span)) return m;
  if (m.kind === 'not') return matcherAt(m.matcher, span);
  if (m.kind === 'and' || m.kind === 'or') {
    for (const inner of m.matchers) {
      const hit = matcherAt(inner, span);
      if (hit) return hit;
    }
  }
  return undefined;
}

/** The host of an origin, or undefined when it does not parse. */
export function hostOf(origin: string): string | undefined {
  try {
    return new URL(origin).hostname;
  } catch {
    return undefined;
  }
}

/** A plain-http origin on the loopback interface cannot be impersonated from the network. */
export function isLoopback(origin: string): boolean {
  const host = hostOf(origin);
  return host === 'localhost' || host === '[::1]' || (host !== undefined && /^127\.\d+\.\d+\.\d+$/.test(host));
}

/** Where a matcher compares the Origin with exactly this value (case-insensitively). */
export function exactAt(m: OriginMatcher, value: string): Span | undefined {
  if (m.kind === 'exact') return m.value.toLowerCase() === value.toLowerCase() ? m.at : undefined;
  if (m.kind === 'and' || m.kind === 'or') {
    for (const inner of m.matchers) {
      const hit = exactAt(inner, value);
      if (hit) return hit;
    }
  }
  return undefined;
}
