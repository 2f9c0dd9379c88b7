/**
 * What nginx and Apache directives do for CORS, in a few plain sentences each:
 * the text of hovers on directive names and on the words that change their
 * meaning (`always`, an Apache `Header` action, `env=`, a RewriteRule flag).
 */

import type { Dialect } from './header-docs';

export interface DirectiveDoc {
  /** As written in the config (nginx names are matched exactly, Apache ones in any case). */
  name: string;
  dialect: Dialect;
  /** `if` is explained by what it tests: the method (preflights) or the Origin (an allowlist). */
  variant?: 'origin';
  summary: string;
}

const NGINX_SUCCESS = '200, 201, 204, 206, 301, 302, 303, 304, 307 and 308';

const NGINX: readonly DirectiveDoc[] = [
  {
    name: 'add_header',
    dialect: 'nginx',
    summary: `Adds a response header. Without \`always\` it is sent only on ${NGINX_SUCCESS} responses, so a 4xx or 5xx answer carries no CORS headers and the browser hides it from the page. A level (\`server\`, \`location\`, \`if\`) with an \`add_header\` of its own inherits none from the levels around it: every outer CORS header is dropped there.`,
  },
  {
    name: 'add_header_inherit',
    dialect: 'nginx',
    summary:
      'nginx 1.29.3+: how this level\'s `add_header`s combine with the outer ones. `merge` keeps the inherited headers next to the level\'s own, so a nested `add_header` no longer drops the CORS headers of the outer levels; `on` is the classic rule (own headers replace inherited ones) and `off` inherits nothing. The setting itself is inherited by nested levels.',
  },
  {
    name: 'more_set_headers',
    dialect: 'nginx',
    summary:
      'headers-more: sets a header on every status, errors included, unless `-s` lists the statuses; it replaces a header of the same name already on the response, such as the upstream\'s copy. Unlike `add_header`, the commands of outer and nested levels all apply.',
  },
  {
    name: 'more_clear_headers',
    dialect: 'nginx',
    summary:
      'headers-more: removes response headers (a trailing `*` matches a prefix, e.g. `Access-Control-*`), on every status unless `-s` limits it. Use it to drop CORS headers an upstream sends before nginx sets its own.',
  },
  {
    name: 'proxy_hide_header',
    dialect: 'nginx',
    summary:
      'Stops the named header of the upstream\'s response from reaching the client. When the upstream and nginx both set `Access-Control-Allow-Origin`, the browser sees two values and refuses the response; hiding the upstream\'s copy leaves one. A level with its own `proxy_hide_header` ignores those of the outer levels.',
  },
  {
    name: 'proxy_pass_header',
    dialect: 'nginx',
    summary:
      'Passes an upstream header that nginx hides by default (`Server`, `Date`, `X-Pad`, `X-Accel-*`). CORS headers from the upstream pass without it, so it never removes a duplicate `Access-Control-Allow-Origin`: that takes `proxy_hide_header`.',
  },
  {
    name: 'map',
    dialect: 'nginx',
    summary:
      'Picks a value for a variable from the request `Origin`: the usual nginx allowlist. Entries starting with `~` (`~*` ignores case) are regexes that match anywhere unless anchored with `^` and `$`, and an unescaped `.` matches any character; `default ""` sends no header to other origins. The answer then depends on `Origin`, so send `Vary: Origin` with it.',
  },
  {
    name: 'if',
    dialect: 'nginx',
    summary:
      'A branch on the request method, typically to answer preflights (`OPTIONS`) before proxying or authentication: a `return 204` in it runs before `auth_basic` and `limit_except`. An `add_header` inside this `if` drops every `add_header` of the location around it for the requests that take the branch.',
  },
  {
    name: 'if',
    dialect: 'nginx',
    variant: 'origin',
    summary:
      'An origin check: `~` (`~*` ignores case) is a regex that matches anywhere in the `Origin` unless anchored with `^` and `$`, and an unescaped `.` matches any character, so `~ example.com` also admits `https://evilexample.com.attacker.net`. As any `if` in a location, an `add_header` inside it drops every `add_header` of the location around it.',
  },
  {
    name: 'limit_except',
    dialect: 'nginx',
    summary:
      'The methods listed are let through; every other method gets the block\'s restrictions (`deny all`, `auth_basic`). Unless `OPTIONS` is listed, a preflight is refused (403 or 401) and the browser never sends the actual request.',
  },
  {
    name: 'auth_basic',
    dialect: 'nginx',
    summary:
      'Asks for a password on every request of this level. Browsers never send credentials on a preflight, so the `OPTIONS` request gets 401 and the cross-origin call fails, unless preflights are answered first (`if ($request_method = OPTIONS) { return 204; }`) or `auth_basic off;` applies to them.',
  },
  {
    name: 'auth_request',
    dialect: 'nginx',
    summary:
      'Sends a subrequest to an authentication service before answering. Preflights carry no cookies or `Authorization`, so the service usually refuses them and the browser sees a 401/403 preflight; answer `OPTIONS` before this check. The refusal carries only the `add_header ... always` headers.',
  },
  {
    name: 'return',
    dialect: 'nginx',
    summary: `Ends the request with this status (and body or redirect URL). \`return 204\` is the usual answer to a preflight; a 4xx/5xx \`return\` carries only \`add_header ... always\` headers, and a redirect is never a valid preflight answer. It runs before access checks such as \`auth_basic\`.`,
  },
  {
    name: 'error_page',
    dialect: 'nginx',
    summary:
      'Serves these error statuses from another URI or named location. The answer then gets the `add_header`s of the location it is redirected to, not of the one that failed, so its CORS headers must be set there (with `always`); `=200` or `=204` changes the status the browser sees.',
  },
];

const APACHE: readonly DirectiveDoc[] = [
  {
    name: 'Header',
    dialect: 'apache',
    summary:
      'mod_headers: changes a response header. Without `always` it works on the `onsuccess` table, which only reaches answers of the normal path (200, 206, 304); errors, redirects and `RewriteRule [R=...]` answers get only the `always` table. The two tables are separate: `Header set` in one and `Header always set` in the other sends the header twice.',
  },
  {
    name: 'SetEnvIf',
    dialect: 'apache',
    summary:
      'Sets an environment variable when a request attribute (here usually the `Origin` header) matches a regex, case-sensitively; `Header ... env=VAR` and `%{VAR}e` then build the allowlist. The regex matches anywhere unless anchored with `^` and `$`, and an unescaped `.` matches any character, so `example.com` also admits `https://evilexample.com`.',
  },
  {
    name: 'SetEnvIfNoCase',
    dialect: 'apache',
    summary:
      'Like `SetEnvIf`, but the regex ignores case: sets an environment variable when a request attribute such as `Origin` matches. It matches anywhere unless anchored with `^` and `$`; an unescaped `.` matches any character.',
  },
  {
    name: 'SetEnvIfExpr',
    dialect: 'apache',
    summary:
      'Sets an environment variable when an `ap_expr` expression holds, e.g. `%{HTTP:Origin} in {\'https://app.example.com\'}`. Exact comparisons make a strict allowlist; `=~` regexes match anywhere unless anchored.',
  },
  {
    name: 'RewriteRule',
    dialect: 'apache',
    summary:
      'With a flag `[R=204]` (any status outside 300-399) the request is answered at once with that status, the usual way to answer preflights; that answer goes out on the error path, so only `Header always` headers reach it. `[F]` (403) and `[G]` (410) refuse the request, and a preflight that is redirected fails.',
  },
  {
    name: 'Require',
    dialect: 'apache',
    summary:
      'Authorization for this scope. Browsers never send credentials on a preflight, so `Require valid-user` answers the `OPTIONS` request with 401 and the cross-origin call fails; exclude preflights with `<LimitExcept OPTIONS>` or `Require method OPTIONS` in a `<RequireAny>`.',
  },
  {
    name: 'LimitExcept',
    dialect: 'apache',
    summary:
      'The directives inside apply to every method except the ones listed. `<LimitExcept OPTIONS>` around `Require` lets preflights through without authentication; a method missing from the list gets the restriction, so preflights fail if `OPTIONS` is not listed.',
  },
];

const key = (name: string, variant?: string): string => (variant ? `${name}/${variant}` : name);
const NGINX_BY_NAME = new Map(NGINX.map((d) => [key(d.name, d.variant), d]));
const APACHE_BY_NAME = new Map(APACHE.map((d) => [d.name.toLowerCase(), d]));

export function directiveDoc(name: string, dialect: Dialect, variant?: 'origin'): DirectiveDoc | undefined {
  return dialect === 'nginx' ? NGINX_BY_NAME.get(key(name, variant)) : APACHE_BY_NAME.get(name.toLowerCase());
}

/** Apache `Header` actions. */
export const HEADER_ACTIONS: Readonly<Record<string, string>> = {
  set: 'replaces any earlier header of this name in the same table.',
  append: 'adds the value to an existing header of this name, after a comma: two origins in one `Access-Control-Allow-Origin` is invalid for every browser.',
  merge: 'appends the value unless the header already holds it: the safe way to add `Origin` to `Vary`.',
  add: 'adds one more header line even when one exists: a second `Access-Control-Allow-*` line makes the browser refuse the response.',
  unset: 'removes the header of this name from this table only; the other table (`always` or `onsuccess`) keeps its copy.',
  edit: 'rewrites the first match of a regex in the header\'s value (`edit*` every match).',
  'edit*': 'rewrites every match of a regex in the header\'s value.',
  echo: 'copies request headers whose names match the regex into the response: echoing `Origin` or `Access-Control-*` headers lets every site in.',
  setifempty: 'sets the header only when the response has none yet (Apache 2.4.7+).',
  note: 'copies the header\'s value into an internal note for logging.',
};

export const HEADER_CONDITIONS: Readonly<Record<string, string>> = {
  always: 'the `always` table: the header goes on every answer, errors, redirects and `RewriteRule [R=...]` answers included. Set CORS headers here so browsers let pages read error responses.',
  onsuccess: 'the default table: the header goes only on answers of the normal path (200, 206, 304), so errors, redirects and `RewriteRule [R=204]` answers carry no CORS headers.',
};

export const NGINX_ALWAYS = `\`always\`: the header is sent whatever the status, 4xx and 5xx included; without it only ${NGINX_SUCCESS} answers carry it.`;

export const HEADER_ENV =
  '`env=VAR` applies the line only when the environment variable is set (`env=!VAR`: when it is not), usually by a `SetEnvIf Origin ...` allowlist.';

export const HEADER_EXPR = '`expr=...` applies the line only when the `ap_expr` expression holds, e.g. `expr=%{HTTP:Origin} == \'https://app.example.com\'`.';
