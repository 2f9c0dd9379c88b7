import type { Span } from '../core/range';

/** Which regex engine a pattern is written for: anchoring, escapes and classes differ. */
export type RegexFlavor = 'pcre' | 'js' | 'python' | 'java' | 'dotnet' | 'go' | 'ruby';

/**
 * How a regex is applied: `search` finds it anywhere (nginx `~`, JS `.test`),
 * `match` anchors only at the start (Python `re.match`), `fullmatch` anchors both ends.
 */
export type RegexMode = 'search' | 'match' | 'fullmatch';

/**
 * A check on the request's `Origin` header value. An absent Origin is the empty string.
 * Every variant may carry the span of the code that performs the check.
 */
export type OriginMatcher =
  | { kind: 'any'; at?: Span }
  | { kind: 'none'; at?: Span }
  | { kind: 'exact'; value: string; caseInsensitive: boolean; at?: Span }
  | { kind: 'regex'; pattern: string; flavor: RegexFlavor; mode: RegexMode; caseInsensitive: boolean; at?: Span }
  | { kind: 'prefix' | 'suffix' | 'substring'; value: string; caseInsensitive: boolean; at?: Span }
  /** The Origin is a piece of `value` (`'https://a.com,https://b.com'.includes(origin)`): every substring passes, the empty one too. */
  | { kind: 'within'; value: string; caseInsensitive: boolean; at?: Span }
  | { kind: 'not'; matcher: OriginMatcher; at?: Span }
  | { kind: 'and' | 'or'; matchers: OriginMatcher[]; at?: Span }
  /** A check we cannot see through (an unknown callback); `assumeAllows` says what the model assumed. */
  | { kind: 'opaque'; description: string; at?: Span };

export const anyOrigin: OriginMatcher = { kind: 'any' };
