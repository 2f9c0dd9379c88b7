import type { Span } from '../core/range';
import type { OriginMatcher } from './origin-matcher';

/**
 * The effective CORS behaviour of one response path (an nginx location, an Apache
 * section, a route or middleware in code), as symbolic data that can be evaluated
 * for any concrete request (`predict`) and inspected by rules.
 */

/** One piece of a header value template. */
export type ValuePart =
  | { kind: 'text'; text: string }
  /** The request's `Origin` verbatim (nginx `$http_origin`, Apache `%{Origin}i`, `origin: true`). */
  | { kind: 'origin' }
  /** Another request header verbatim (lower-case name). */
  | {
      kind: 'request-header';
      name: string;
      /**
       * `canonical-list`: the value's comma/space separated names in Go's canonical form (`X-Custom`), joined with `, ` (rs/cors).
       * `sorted-list`: the comma separated names, stripped, those `keep` admits, sorted, joined with `, ` (flask-cors).
       */
      format?: 'canonical-list' | 'sorted-list';
      keep?: OriginMatcher;
    }
  /** A capture group of the regex in the enclosing case's matcher (Apache `$1`, nginx map captures). */
  | { kind: 'capture'; group: number }
  /** A variable the model cannot resolve; `predict` reports the value as unknown. */
  | { kind: 'unknown'; name: string };

export interface ValueCase {
  /** This case applies when the request's Origin is admitted by the matcher. */
  when: OriginMatcher;
  parts: ValuePart[];
  /** Where this value was written (the map entry, the literal, the option). */
  at: Span;
}

/**
 * A header value that may depend on the request Origin: the first case whose
 * matcher admits the Origin gives the value; no matching case, or a value that
 * renders to the empty string, means the header is not sent (nginx semantics of
 * empty values; other sources follow the same convention).
 */
export interface SymbolicValue {
  cases: ValueCase[];
}

/** When the header is attached, relative to the final status. */
export type HeaderScope =
  /** Only on success statuses (`successStatuses` of the policy): nginx without `always`, Apache `onsuccess`. */
  | 'success'
  /** On every status. */
  | 'always';

export interface HeaderEmission {
  /** Header name as written. */
  name: string;
  /** Lower-case name, for lookups. */
  key: string;
  value: SymbolicValue;
  scope: HeaderScope;
  /**
   * `set` replaces a previous value of the same header from this same source; `add`
   * appends another copy (a second header line). The model already resolved
   * replacement; what remains in the list is sent, so two entries with the same
   * key are two header lines.
   */
  mode: 'set' | 'add';
  /** The directive, option or call that emits the header. */
  at: Span;
  /** Where it was inherited from, when the emitting directive sits in an outer level or an included file. */
  via?: Span[];
  /** Only with these statuses, when the source narrows it further than `scope` (headers-more `-s`). */
  statuses?: number[];
}

/** Conditions on the request that select a branch. */
export type RequestCondition =
  | { kind: 'true' }
  /** The method (upper-case) is one of these. */
  | { kind: 'method'; methods: string[] }
  | { kind: 'origin'; matcher: OriginMatcher }
  /** A request header (lower-case name) is present and non-empty. */
  | { kind: 'header-present'; name: string }
  /**
   * A request header's value (lower-case name; the empty string when absent)
   * is admitted by the matcher: frameworks that check the requested method or
   * headers of a preflight against their lists.
   */
  | { kind: 'header-matches'; name: string; matcher: OriginMatcher }
  /**
   * Every name in a request header's comma/space separated value is one of
   * `allowed`, compared case-insensitively; an absent header has none
   * (libraries that check the requested method and headers of a preflight).
   */
  | { kind: 'header-tokens-within'; name: string; allowed: string[] }
  /** The request carries credentials (cookies or Authorization). */
  | { kind: 'credentials' }
  | { kind: 'not'; cond: RequestCondition }
  | { kind: 'and' | 'or'; conds: RequestCondition[] }
  /** A condition the model cannot evaluate (on the URI, a cookie, a variable from elsewhere). */
  | { kind: 'opaque'; text: string; at: Span };

export type StatusModel =
  | { kind: 'fixed'; code: number; at?: Span }
  /** Passed to an upstream (`proxy_pass`, `fastcgi_pass`): the status is the upstream's. */
  | {
      kind: 'upstream';
      at?: Span;
      /** The status for a missing file, checked before proxying (nginx `try_files $uri =404`). */
      missing?: number;
    }
  /**
   * Served from disk (nginx static module): GET/HEAD → 200 if the file exists else
   * 404; POST → 405 if it exists else 404; any other method → 405.
   */
  | {
      kind: 'static';
      at?: Span;
      /** The status for a missing file whatever the method (nginx `try_files ... =404` checks before the method). */
      missing?: number;
    }
  /** Handled by application code whose status depends on the route (frameworks). */
  | { kind: 'app'; at?: Span }
  | { kind: 'unknown'; why: string; at?: Span };

/** One way a request can go through this path: the first branch whose condition holds applies. */
export interface ResponseBranch {
  when: RequestCondition;
  status: StatusModel;
  headers: HeaderEmission[];
  /** The block or statement that makes this branch (an `if`, a `return`, a `limit_except`). */
  at: Span;
  /** Upstream response headers are passed through (proxy): the upstream may add its own CORS headers. */
  passesUpstreamHeaders?: { hidden: string[]; at: Span };
  /**
   * Headers an outer level sets that this branch does not send because a nested
   * level (or an `if`) has header directives of its own (nginx `add_header`
   * inheritance). `because` is the first such directive of the nested level.
   */
  droppedInherited?: { headers: HeaderEmission[]; because: Span };
  /**
   * Error pages (nginx `error_page`): a response whose final status is one of
   * `codes` is replaced by the page, so its headers are the page's, not this
   * branch's. The first page listing the status applies.
   */
  errorPages?: ErrorPage[];
}

export interface ErrorPage {
  codes: number[];
  /** The status sent instead (`=200`); `target` when the page's own status is sent (`=` alone); absent: unchanged. */
  status?: number | 'target';
  /** A redirect page (`error_page 404 https://...`) answers 302 with the branch's own headers. */
  redirect?: boolean;
  /** The page as written: a URI (`/50x.html`), a named path (`@fallback`) or a URL. */
  uri?: string;
  /** The headers of the path the page's URI leads to. */
  headers: HeaderEmission[];
  /**
   * How the page's path answers the internal GET that fetches it, when it
   * depends on the request: the first outcome whose condition holds gives the
   * headers, and its own status when the path fails too.
   */
  outcomes?: ErrorPageOutcome[];
  /** The `error_page` directive. */
  at: Span;
}

export interface ErrorPageOutcome {
  when: RequestCondition;
  headers: HeaderEmission[];
  /** The path's own status when it answers with an error of its own; absent: the page's status applies. */
  status?: number | 'unknown';
  /**
   * What the path answers by itself, which `error_page ... = uri` sends: a
   * `return` code, or `static` for a file served from disk (200, or its own
   * error when the file is missing or the method refused).
   */
  ownStatus?: number | 'static';
  /** The page's path is proxied: the upstream's headers come along (minus the hidden ones). */
  upstream?: { hidden: string[]; at: Span };
  /** Upstream statuses the proxy replaces with a plain answer of its own (intercepted errors while serving a page). */
  intercepts?: number[];
}

export type PolicySource =
  | 'nginx'
  | 'apache'
  | 'express' | 'koa' | 'fastify' | 'nestjs' | 'hono' | 'nextjs' | 'node'
  | 'flask' | 'django' | 'starlette' | 'python'
  | 'spring' | 'java' | 'aspnet' | 'dotnet' | 'go-http' | 'rs-cors' | 'gin' | 'rack-cors' | 'ruby' | 'php' | 'laravel' | 'symfony';

export interface CorsPolicy {
  /** Stable within one analysis, e.g. `conf/nginx.conf:12:3`. */
  id: string;
  source: PolicySource;
  /** Human words for the path, e.g. `server api.example.com › location /v1`. */
  label: string;
  /** The block that defines the path (its opening directive or call). */
  at: Span;
  branches: ResponseBranch[];
  /** Statuses on which `success`-scoped headers are attached. */
  successStatuses: number[];
  /** For the preflight tester: where requests to this path go. */
  endpoint?: { hosts: string[]; ports: number[]; tls: boolean; path: string };
  /** Framework facts a rule needs (e.g. it throws at start-up for `*` + credentials). */
  notes?: PolicyNote[];
}

export interface PolicyNote {
  kind: 'throws-at-startup' | 'echoes-for-any-origin' | 'depends-on-environment' | 'info';
  message: string;
  at: Span;
  /** For a start-up failure over `*` with credentials: the two settings as written, so fixes can change either. */
  clash?: { acao: HeaderEmission; acac: HeaderEmission };
}

/** nginx's list: headers without `always` only go out with these statuses. */
export const NGINX_SUCCESS_STATUSES = [200, 201, 204, 206, 301, 302, 303, 304, 307, 308];
