/**
 * What each CORS response header does and what browsers make of typical values:
 * the text of hovers and the items of completion.
 */

export type Dialect = 'nginx' | 'apache';

export interface ValueSuggestion {
  /** The value as written in the config (quoted where the syntax needs it). */
  text: Record<Dialect, string>;
  detail: string;
}

export interface HeaderDoc {
  name: string;
  summary: string;
  /** Preflight-only headers matter only on the answer to an `OPTIONS` request. */
  preflightOnly: boolean;
  values: ValueSuggestion[];
}

const both = (text: string): Record<Dialect, string> => ({ nginx: text, apache: text });

export const HEADER_DOCS: readonly HeaderDoc[] = [
  {
    name: 'Access-Control-Allow-Origin',
    summary:
      'Which origin may read the response. The browser compares it with the calling page\'s origin: it must be exactly that origin, or `*` for any origin. One value only; a list, a path or a trailing slash makes every request fail.',
    preflightOnly: false,
    values: [
      { text: both('https://app.example.com'), detail: 'one trusted origin' },
      { text: { nginx: '$cors_origin', apache: '%{CORS_ORIGIN}e' }, detail: 'an origin picked from an allowlist (nginx `map`, Apache `SetEnvIf`)' },
      { text: { nginx: '"*"', apache: '"*"' }, detail: 'any origin, only for requests without credentials' },
    ],
  },
  {
    name: 'Access-Control-Allow-Credentials',
    summary:
      'Whether the browser hands the response to a request made with credentials (cookies, HTTP authentication, `credentials: "include"`). Only the exact lowercase `true` counts, and it never works together with `Access-Control-Allow-Origin: *`.',
    preflightOnly: false,
    values: [{ text: both('true'), detail: 'expose responses to credentialed requests' }],
  },
  {
    name: 'Access-Control-Allow-Methods',
    summary:
      'The methods a preflight allows for the actual request. `GET`, `HEAD` and `POST` never need it. `*` means any method, but only for requests without credentials.',
    preflightOnly: true,
    values: [
      { text: both('"GET, POST, OPTIONS"'), detail: 'read and submit' },
      { text: both('"GET, POST, PUT, PATCH, DELETE, OPTIONS"'), detail: 'a typical REST API' },
    ],
  },
  {
    name: 'Access-Control-Allow-Headers',
    summary:
      'The request headers a preflight allows beyond the CORS-safelisted ones. `*` covers any header without credentials, yet the Fetch standard says it never covers `Authorization`: list that one by name.',
    preflightOnly: true,
    values: [
      { text: both('"Content-Type, Authorization"'), detail: 'JSON bodies and bearer tokens' },
      { text: both('"Content-Type, Authorization, X-Requested-With"'), detail: 'plus the usual AJAX marker' },
    ],
  },
  {
    name: 'Access-Control-Expose-Headers',
    summary:
      'Response headers that page scripts may read beyond the safelisted ones (`Cache-Control`, `Content-Language`, `Content-Length`, `Content-Type`, `Expires`, `Last-Modified`, `Pragma`). `*` only works without credentials.',
    preflightOnly: false,
    values: [{ text: both('"Content-Length, ETag, Link"'), detail: 'length, cache validator, pagination' }],
  },
  {
    name: 'Access-Control-Max-Age',
    summary:
      'How many seconds the browser may cache this preflight answer. Browsers cap it: WebKit at 600, Chromium at 7200, Firefox at 86400. Without it the answer is cached for 5 seconds.',
    preflightOnly: true,
    values: [
      { text: both('600'), detail: '10 minutes, honoured by every browser' },
      { text: both('7200'), detail: '2 hours, the Chromium maximum' },
    ],
  },
  {
    name: 'Access-Control-Allow-Private-Network',
    summary:
      'Answers Chromium\'s Private Network Access preflight: `true` lets a public website send requests to this device on a private network. Send it only to origins you trust.',
    preflightOnly: true,
    values: [{ text: both('true'), detail: 'allow requests from public websites' }],
  },
  {
    name: 'Vary',
    summary:
      'Which request headers change the response. When `Access-Control-Allow-Origin` depends on the request `Origin`, `Vary: Origin` stops shared caches from serving one origin\'s answer to another.',
    preflightOnly: false,
    values: [{ text: both('Origin'), detail: 'the response depends on the request Origin' }],
  },
];

const BY_KEY = new Map(HEADER_DOCS.map((d) => [d.name.toLowerCase(), d]));

export function headerDoc(name: string): HeaderDoc | undefined {
  return BY_KEY.get(unquote(name).toLowerCase());
}

export function unquote(text: string): string {
  const t = text.trim();
  if (t.length >= 2 && (t[0] === '"' || t[0] === "'") && t[t.length - 1] === t[0]) return t.slice(1, -1);
  return t;
}

/** Values that send the request's Origin back as it came: nginx's variable, Apache's ap_expr request-header lookups. */
const REFLECTING: Record<Dialect, RegExp> = {
  nginx: /^\$\{?http_origin\}?$/,
  apache: /^expr=%\{(req|http):origin\}$/i,
};

const ECHOES =
  'Echoes the request\'s `Origin` unchecked: every website may read this response. With credentials allowed, any site a user visits can read their data.';

/**
 * What Apache's mod_headers makes of `%{...}` in a value (as real httpd sends
 * it): `%{VAR}e` is an environment variable, where request headers are not,
 * and `%i` is the idle percentage, not a request header.
 */
function apacheVariable(value: string): string | undefined {
  if (/^%\{[^}]*\}i$/.test(value)) {
    return '`%i` is not a request header in `Header` values: it is the server\'s idle percentage, so Apache sends `i=NN` and every cross-origin request fails. An allowlist set by `SetEnvIf Origin ...` and sent as `%{VAR}e` is the way.';
  }
  const env = /^%\{(\w+)\}e$/.exec(value)?.[1];
  if (env && /^HTTP_/i.test(env)) {
    return `Request headers are not environment variables by themselves: unless a \`SetEnvIf\` sets \`${env}\`, Apache sends the text \`(null)\`, which no browser accepts.`;
  }
  if (env) {
    return `The environment variable \`${env}\`, usually set by \`SetEnvIf Origin ...\` from an allowlist. Where it is unset Apache sends the text \`(null)\`, so guard the line with \`env=${env}\`.`;
  }
  return undefined;
}

/** What a browser does when it receives this value for this header. */
export function explainValue(doc: HeaderDoc, rawValue: string, dialect: Dialect): string | undefined {
  const value = unquote(rawValue);
  const key = doc.name.toLowerCase();
  if (key === 'access-control-allow-origin') {
    if (REFLECTING[dialect].test(value)) return ECHOES;
    if (value === '*') return 'Any origin may read the response; browsers refuse it for requests with credentials.';
    if (value === 'null') return 'Allows the origin `null`, which sandboxed iframes and `data:` pages send: any attacker can produce it.';
    const apache = dialect === 'apache' ? apacheVariable(value) : undefined;
    if (apache) return apache;
    if (value.startsWith('$') || value.startsWith('%{') || value.startsWith('expr=')) {
      return 'The value of a variable: the browser accepts it only if it renders to exactly the calling page\'s origin (an empty value sends no header).';
    }
    if (/^https?:\/\/[^/\s,]+$/i.test(value)) return `Only pages from \`${value}\` may read the response; every other origin gets a CORS error.`;
    return 'Not a valid origin (a scheme and host without a path, one value only): browsers reject every request.';
  }
  if (key === 'access-control-allow-credentials') {
    return value === 'true'
      ? 'Responses are exposed to requests with credentials, so `Access-Control-Allow-Origin` must name the origin, not `*`.'
      : `Browsers ignore \`${value}\`: only the exact lowercase \`true\` enables credentials. Leave the header out to disallow them.`;
  }
  if (key === 'access-control-max-age') {
    const seconds = Number(value);
    if (!/^-?\d+$/.test(value)) return `\`${value}\` is not a number of seconds; browsers ignore it and cache the preflight for 5 seconds.`;
    if (seconds < 0) return 'A negative age disables preflight caching in some browsers and is ignored by others.';
    const capped = [
      ['WebKit', 600],
      ['Chromium', 7200],
      ['Firefox', 86400],
    ].filter(([, cap]) => seconds > (cap as number));
    return capped.length > 0
      ? `Cached for ${seconds} s where allowed; capped by ${capped.map(([b, cap]) => `${b} (${cap} s)`).join(', ')}.`
      : `Browsers may reuse this preflight answer for ${seconds} s.`;
  }
  if ((key === 'access-control-allow-methods' || key === 'access-control-allow-headers' || key === 'access-control-expose-headers') && value === '*') {
    return '`*` is a wildcard only for requests without credentials; with credentials it is the literal name `*`.';
  }
  if (key === 'access-control-allow-private-network' && value === 'true') {
    return 'Public websites may reach this private-network device; make sure `Access-Control-Allow-Origin` names trusted origins only.';
  }
  return undefined;
}
