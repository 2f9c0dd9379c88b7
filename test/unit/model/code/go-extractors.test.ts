import * as assert from 'node:assert/strict';
import type { CorsPolicy } from '../../../../server/src/model/cors-policy';
import { analyse, headersFor, onlyPolicy, ready } from './js/support';
import { predict } from '../../../../server/src/model/predict';

const RS = (options: string, extra = '') => `package main\n\nimport (\n\t"net/http"\n\t"regexp"\n\t"strings"\n\n\t"github.com/rs/cors"\n)\n\n${extra}\n\nfunc main() {\n\tc := cors.New(cors.Options{\n${options}\n\t})\n\thttp.ListenAndServe(":8080", c.Handler(http.DefaultServeMux))\n}\n`;
const GIN = (body: string) => `package main\n\nimport (\n\t"time"\n\n\t"github.com/gin-contrib/cors"\n\t"github.com/gin-gonic/gin"\n)\n\nfunc main() {\n\tr := gin.New()\n${body}\n\tr.Run()\n}\n`;

function statusOf(policy: CorsPolicy, method: string, origin: string | undefined, headers: Record<string, string> = {}): number | string {
  return predict(policy, { method, origin, headers: { ...(origin ? { origin } : {}), ...headers } }).status;
}

function get(policy: CorsPolicy, origin: string): string[] {
  return headersFor(policy, { method: 'GET', origin, headers: { origin } });
}

function preflight(policy: CorsPolicy, origin: string, method: string, requested?: string): string[] {
  return headersFor(policy, { method: 'OPTIONS', origin, headers: { origin, 'access-control-request-method': method, ...(requested ? { 'access-control-request-headers': requested } : {}) } });
}

describe('Go extractors', () => {
  before(ready);

  describe('rs/cors', () => {
    it('lower-cases the list and matches one * as prefix and suffix that do not overlap', () => {
      const p = onlyPolicy(analyse({ 'main.go': RS('\t\tAllowedOrigins: []string{"https://App.example.com", "https://*.example.org"},') }));
      assert.deepEqual(get(p, 'https://APP.EXAMPLE.COM'), ['access-control-allow-origin: https://APP.EXAMPLE.COM', 'vary: Origin']);
      assert.deepEqual(get(p, 'https://a.example.org'), ['access-control-allow-origin: https://a.example.org', 'vary: Origin']);
      assert.deepEqual(get(p, 'https://example.org'), ['vary: Origin']);
    });

    it('answers a preflight with 200 and three Vary lines, ACAO only when method and headers are allowed', () => {
      const p = onlyPolicy(analyse({ 'main.go': RS('\t\tAllowedOrigins: []string{"https://a.com"},\n\t\tAllowedMethods: []string{"GET", "PUT"},\n\t\tAllowedHeaders: []string{"X-Custom"},') }));
      const vary = ['vary: Access-Control-Request-Headers', 'vary: Access-Control-Request-Method', 'vary: Origin'];
      assert.equal(statusOf(p, 'OPTIONS', 'https://a.com', { 'access-control-request-method': 'PUT' }), 200);
      assert.deepEqual(preflight(p, 'https://a.com', 'PUT', 'x-custom'), ['access-control-allow-headers: X-Custom', 'access-control-allow-methods: PUT', 'access-control-allow-origin: https://a.com', ...vary].sort());
      assert.deepEqual(preflight(p, 'https://a.com', 'DELETE'), vary.sort());
      assert.deepEqual(preflight(p, 'https://a.com', 'PUT', 'content-type'), vary.sort());
    });

    it('sends * with credentials for ["*"] (1.7), and the Origin before 1.5 as go.mod pins it', () => {
      const code = RS('\t\tAllowedOrigins:   []string{"*"},\n\t\tAllowCredentials: true,');
      assert.ok(get(onlyPolicy(analyse({ 'main.go': code })), 'https://evil.example').includes('access-control-allow-origin: *'));
      const old = onlyPolicy(analyse({ 'main.go': code, 'go.mod': 'module x\n\nrequire github.com/rs/cors v1.4.0\n' }));
      assert.ok(get(old, 'https://evil.example').includes('access-control-allow-origin: https://evil.example'));
    });

    it('ends preflights with 204 from 1.8 on, or with OptionsSuccessStatus', () => {
      const newer = onlyPolicy(analyse({ 'main.go': RS('\t\tAllowedOrigins: []string{"https://a.com"},'), 'go.mod': 'module x\n\nrequire github.com/rs/cors v1.8.2\n' }));
      assert.equal(statusOf(newer, 'OPTIONS', 'https://a.com', { 'access-control-request-method': 'GET' }), 204);
      const custom = onlyPolicy(analyse({ 'main.go': RS('\t\tOptionsSuccessStatus: 200,'), 'go.mod': 'module x\n\nrequire github.com/rs/cors v1.9.0\n' }));
      assert.equal(statusOf(custom, 'OPTIONS', 'https://a.com', { 'access-control-request-method': 'GET' }), 200);
    });

    it('reads AllowOriginFunc: prefix, substring, map presence, EqualFold, lower-cased equality and regexes', () => {
      const fn = `\t\tAllowOriginFunc: func(origin string) bool {\n\t\t\tif strings.HasPrefix(origin, "https://dev.") || strings.Contains(origin, "staging") {\n\t\t\t\treturn true\n\t\t\t}\n\t\t\tif _, ok := partners[origin]; ok {\n\t\t\t\treturn true\n\t\t\t}\n\t\t\tif strings.EqualFold(origin, "https://Admin.example.com") || strings.ToLower(origin) == "https://ops.example.com" {\n\t\t\t\treturn true\n\t\t\t}\n\t\t\treturn pattern.MatchString(origin)\n\t\t},`;
      const extra = 'var partners = map[string]struct{}{"https://partner.io": {}}\n\nvar pattern = regexp.MustCompile(`^https://[a-z]+\\.example\\.net$`)';
      const p = onlyPolicy(analyse({ 'main.go': RS(fn, extra) }));
      const allowed = (o: string) => get(p, o).includes(`access-control-allow-origin: ${o}`);
      for (const o of ['https://dev.evil.io', 'https://my-staging.io', 'https://partner.io', 'https://ADMIN.example.com', 'https://OPS.example.com', 'https://x.example.net']) assert.ok(allowed(o), o);
      for (const o of ['https://partner.io.evil', 'https://x.y.example.net', 'https://evil.example']) assert.ok(!allowed(o), o);
    });

    it('says when the origins come from the environment', () => {
      const p = onlyPolicy(analyse({ 'main.go': RS('\t\tAllowedOrigins: strings.Split(os.Getenv("ORIGINS"), ","),').replace('"regexp"', '"os"\n\t"regexp"') }));
      assert.ok(p.notes?.some((n) => n.kind === 'depends-on-environment' && n.message.includes('ORIGINS')));
      assert.ok(headersFor(p, { method: 'GET', origin: 'https://a.com' }).some((l) => l.startsWith('!')));
    });
  });

  describe('gin-contrib/cors', () => {
    it('refuses other origins with 403 on every method and lets requests without Origin through', () => {
      const p = onlyPolicy(analyse({ 'main.go': GIN('\tr.Use(cors.New(cors.Config{AllowOrigins: []string{"https://a.com"}, AllowMethods: []string{"GET"}}))') }));
      assert.equal(statusOf(p, 'GET', 'https://evil.example'), 403);
      assert.equal(statusOf(p, 'OPTIONS', 'https://evil.example'), 403);
      assert.equal(statusOf(p, 'GET', undefined), 'app');
      assert.equal(statusOf(p, 'OPTIONS', 'https://a.com'), 204);
    });

    it('compares the Origin as sent with the lower-cased list, and wildcards only with AllowWildcard', () => {
      const p = onlyPolicy(analyse({ 'main.go': GIN('\tr.Use(cors.New(cors.Config{AllowOrigins: []string{"https://A.com", "https://*.b.com"}, AllowMethods: []string{"GET"}}))') }));
      assert.equal(statusOf(p, 'GET', 'https://a.com'), 'app');
      assert.equal(statusOf(p, 'GET', 'https://A.com'), 403);
      assert.equal(statusOf(p, 'GET', 'https://x.b.com'), 403);
      const w = onlyPolicy(analyse({ 'main.go': GIN('\tr.Use(cors.New(cors.Config{AllowOrigins: []string{"https://*.b.com"}, AllowWildcard: true}))') }));
      assert.equal(statusOf(w, 'GET', 'https://x.b.com'), 'app');
    });

    it('sends Max-Age in whole seconds whenever the duration is positive', () => {
      const hours = onlyPolicy(analyse({ 'main.go': GIN('\tconfig := cors.DefaultConfig()\n\tconfig.AllowAllOrigins = true\n\tconfig.MaxAge = 2 * time.Hour\n\tr.Use(cors.New(config))') }));
      assert.ok(preflight(hours, 'https://a.com', 'GET').includes('access-control-max-age: 7200'));
      const nanos = onlyPolicy(analyse({ 'main.go': GIN('\tr.Use(cors.New(cors.Config{AllowAllOrigins: true, MaxAge: 600}))') }));
      assert.ok(preflight(nanos, 'https://a.com', 'GET').includes('access-control-max-age: 0'));
    });

    it('notes the start-up panics of Validate', () => {
      const conflict = onlyPolicy(analyse({ 'main.go': GIN('\tr.Use(cors.New(cors.Config{AllowAllOrigins: true, AllowOrigins: []string{"https://a.com"}}))') }));
      assert.ok(conflict.notes?.some((n) => n.message.includes('panics when the app starts') && n.message.includes('conflict settings')));
      const none = onlyPolicy(analyse({ 'main.go': GIN('\tr.Use(cors.New(cors.DefaultConfig()))') }));
      assert.ok(none.notes?.some((n) => n.message.includes('all origins disabled')));
      const bad = onlyPolicy(analyse({ 'main.go': GIN('\tr.Use(cors.New(cors.Config{AllowOrigins: []string{"app.example.com"}}))') }));
      assert.ok(bad.notes?.some((n) => n.message.includes('bad origin')));
    });
  });

  describe('net/http handlers', () => {
    const HANDLER = (body: string) => `package main\n\nimport (\n\t"net/http"\n\t"strings"\n)\n\nfunc handler(w http.ResponseWriter, r *http.Request) {\n${body}\n}\n`;

    it('splits paths by Origin checks and by the OPTIONS test', () => {
      const p = onlyPolicy(analyse({ 'main.go': HANDLER('\torigin := r.Header.Get("Origin")\n\tif strings.HasSuffix(origin, ".example.com") {\n\t\tw.Header().Set("Access-Control-Allow-Origin", origin)\n\t}\n\tif r.Method == http.MethodOptions {\n\t\tw.WriteHeader(http.StatusNoContent)\n\t\treturn\n\t}\n\tw.Write([]byte("ok"))') }));
      assert.deepEqual(get(p, 'https://a.example.com'), ['access-control-allow-origin: https://a.example.com']);
      assert.deepEqual(get(p, 'https://evil.example'), []);
      assert.equal(statusOf(p, 'OPTIONS', 'https://a.example.com'), 204);
      assert.equal(statusOf(p, 'GET', 'https://a.example.com'), 200);
    });

    it('drops headers set after the status is written, as net/http does', () => {
      const p = onlyPolicy(analyse({ 'main.go': HANDLER('\tw.WriteHeader(http.StatusOK)\n\tw.Header().Set("Access-Control-Allow-Origin", "*")') }));
      assert.deepEqual(get(p, 'https://a.com'), []);
    });

    it('keeps two Add calls as two header lines and Del removes them', () => {
      const two = onlyPolicy(analyse({ 'main.go': HANDLER('\th := w.Header()\n\th.Add("Access-Control-Allow-Origin", "*")\n\th.Add("Access-Control-Allow-Origin", "*")') }));
      assert.deepEqual(get(two, 'https://a.com'), ['access-control-allow-origin: *', 'access-control-allow-origin: *']);
      const gone = onlyPolicy(analyse({ 'main.go': HANDLER('\tw.Header().Set("Access-Control-Allow-Origin", "*")\n\tw.Header().Del("Access-Control-Allow-Origin")') }));
      assert.deepEqual(get(gone, 'https://a.com'), []);
    });
  });
});

describe('Go extractors: less common shapes', () => {
  before(ready);

  it('reads a helper given *http.ResponseWriter, whose caller decides the status', () => {
    const text = 'package main\n\nimport "net/http"\n\nfunc enableCors(w *http.ResponseWriter) {\n\t(*w).Header().Set("Access-Control-Allow-Origin", "*")\n}\n';
    const p = onlyPolicy(analyse({ 'main.go': text }));
    assert.deepEqual(get(p, 'https://a.com'), ['access-control-allow-origin: *']);
    assert.equal(statusOf(p, 'GET', 'https://a.com'), 'app');
  });

  it('reads the header map written directly, one line per value', () => {
    const text = 'package main\n\nimport "net/http"\n\nfunc h(w http.ResponseWriter, r *http.Request) {\n\tw.Header()["Access-Control-Allow-Origin"] = []string{"https://a.com", "https://b.com"}\n}\n';
    assert.deepEqual(get(onlyPolicy(analyse({ 'main.go': text })), 'https://a.com'), ['access-control-allow-origin: https://a.com', 'access-control-allow-origin: https://b.com']);
  });

  it('reads re.MatchString passed as AllowOriginFunc', () => {
    const p = onlyPolicy(analyse({ 'main.go': RS('\t\tAllowOriginFunc: re.MatchString,', 'var re = regexp.MustCompile(`^https://(a|b)\\.example\\.com$`)') }));
    assert.ok(get(p, 'https://b.example.com').includes('access-control-allow-origin: https://b.example.com'));
    assert.deepEqual(get(p, 'https://c.example.com'), ['vary: Origin']);
  });
});

describe('rs/cors options of later releases', () => {
  before(ready);

  it('answers a private-network preflight when AllowPrivateNetwork is on, and the rule sees it', () => {
    const code = RS('\t\tAllowedOrigins:      []string{"*"},\n\t\tAllowedMethods:      []string{"GET", "PUT"},\n\t\tAllowPrivateNetwork: true,');
    const result = analyse({ 'main.go': code, 'go.mod': 'module x\n\nrequire github.com/rs/cors v1.9.0\n' });
    const p = onlyPolicy(result);
    const asked = headersFor(p, { method: 'OPTIONS', origin: 'https://evil.example', headers: { origin: 'https://evil.example', 'access-control-request-method': 'GET', 'access-control-request-private-network': 'true' } });
    assert.ok(asked.includes('access-control-allow-private-network: true'), asked.join('\n'));
    assert.ok(!preflight(p, 'https://evil.example', 'GET').some((l) => l.includes('private-network')));
    assert.ok(result.findings.some((f) => f.ruleId === 'permissive-private-network-access'));
  });
});

describe('hand-written CORS in gin middleware', () => {
  before(ready);
  const MW = (body: string) => `package main\n\nimport "github.com/gin-gonic/gin"\n\nfunc mw(c *gin.Context) {\n${body}\n}\n`;

  it('c.Status only records the status: headers set after it still go out with c.Abort', () => {
    const p = onlyPolicy(analyse({ 'main.go': MW('\tif c.Request.Method == "OPTIONS" {\n\t\tc.Status(204)\n\t\tc.Header("Access-Control-Allow-Origin", c.GetHeader("Origin"))\n\t\tc.Abort()\n\t\treturn\n\t}\n\tc.Next()') }));
    assert.equal(statusOf(p, 'OPTIONS', 'https://a.com'), 204);
    assert.deepEqual(headersFor(p, { method: 'OPTIONS', origin: 'https://a.com' }), ['access-control-allow-origin: https://a.com']);
    assert.equal(statusOf(p, 'GET', 'https://a.com'), 'app');
  });

  it('c.Header with an empty value deletes, and middleware that falls off its end hands the request on', () => {
    const p = onlyPolicy(analyse({ 'main.go': MW('\tc.Writer.Header().Set("Access-Control-Allow-Origin", "*")\n\tc.Header("Access-Control-Allow-Origin", "")\n\tc.Header("Access-Control-Allow-Methods", "GET")') }));
    assert.deepEqual(get(p, 'https://a.com'), ['access-control-allow-methods: GET']);
    assert.equal(statusOf(p, 'GET', 'https://a.com'), 'app');
  });
});

describe('gin-contrib/cors versions', () => {
  before(ready);
  const code = GIN('\tr.Use(cors.New(cors.Config{AllowOrigins: []string{"https://app.example.*"}, AllowWildcard: true}))');

  it('a trailing * is a prefix of what precedes it in the installed (patched) release', () => {
    const p = onlyPolicy(analyse({ 'main.go': code }));
    assert.equal(statusOf(p, 'GET', 'https://app.example.org'), 'app');
    assert.equal(statusOf(p, 'GET', 'https://app.example-evil.com'), 403);
  });

  it('releases before 1.6.0 cut one more character (CVE-2019-25211), and the rule names the attacker', () => {
    const result = analyse({ 'main.go': code, 'go.mod': 'module x\n\nrequire github.com/gin-contrib/cors v1.4.0\n' });
    assert.equal(statusOf(onlyPolicy(result), 'GET', 'https://app.example-evil.com'), 'app');
    assert.ok(result.findings.some((f) => f.ruleId === 'permissive-origin-pattern'), result.findings.map((f) => f.message).join('\n'));
  });
});

describe('net/http header names in constants', () => {
  before(ready);

  it('finds a handler that names the headers through constants', () => {
    const text = 'package main\n\nimport "net/http"\n\nconst (\n\tallowOrigin      = "Access-Control-Allow-Origin"\n\tallowCredentials = "Access-Control-Allow-Credentials"\n)\n\nfunc h(w http.ResponseWriter, r *http.Request) {\n\tw.Header().Set(allowOrigin, r.Header.Get("Origin"))\n\tw.Header().Set(allowCredentials, "true")\n}\n';
    const result = analyse({ 'main.go': text });
    assert.ok(result.findings.some((f) => f.ruleId === 'reflected-origin' && f.severity === 'error'), result.findings.map((f) => f.message).join('\n'));
  });
});

describe('origin checks through url.Parse', () => {
  before(ready);

  it('reads Scheme (lower-cased by Parse), Hostname and a suffix of it, and err', () => {
    const fn = '\t\tAllowOriginFunc: func(origin string) bool {\n\t\t\tu, err := url.Parse(origin)\n\t\t\tif err != nil || u.Scheme != "https" {\n\t\t\t\treturn false\n\t\t\t}\n\t\t\treturn strings.HasSuffix(u.Hostname(), ".example.com")\n\t\t},';
    const p = onlyPolicy(analyse({ 'main.go': RS(fn).replace('"regexp"', '"net/url"\n\t"regexp"') }));
    const allowed = (o: string) => get(p, o).includes(`access-control-allow-origin: ${o}`);
    for (const o of ['https://a.example.com', 'HTTPS://a.example.com', 'https://a.example.com:8443']) assert.ok(allowed(o), o);
    for (const o of ['http://a.example.com', 'https://example.com.evil.net', 'null']) assert.ok(!allowed(o), o);
  });
});

describe('Go origin checks: the Origin as a piece of an allowlist string', () => {
  before(ready);
  const HANDLER = (check: string, extra = 'const allowed = "https://app.example.com https://admin.example.com"') => `package main\n\nimport (\n\t"net/http"\n\t"strings"\n)\n\n${extra}\n\nfunc handler(w http.ResponseWriter, r *http.Request) {\n\torigin := r.Header.Get("Origin")\n\tif ${check} {\n\t\tw.Header().Set("Access-Control-Allow-Origin", origin)\n\t}\n}\n`;

  /** The string checks a policy holds, as `kind value` (case-insensitive ones marked `/i`). */
  function stringChecks(policy: CorsPolicy): string[] {
    const out: string[] = [];
    const seen = new Set<object>();
    const visit = (x: unknown): void => {
      if (!x || typeof x !== 'object' || seen.has(x)) return;
      seen.add(x);
      const m = x as { kind?: unknown; value?: unknown; caseInsensitive?: unknown };
      if ((m.kind === 'within' || m.kind === 'substring') && typeof m.value === 'string') out.push(`${m.kind} ${JSON.stringify(m.value)}${m.caseInsensitive ? '/i' : ''}`);
      for (const v of Object.values(x)) visit(v);
    };
    visit(policy);
    return [...new Set(out)];
  }
  const allowed = (p: CorsPolicy, o: string) => get(p, o).includes(`access-control-allow-origin: ${o}`);

  it('reads strings.Contains(allowed, origin) as within the string, through a constant', () => {
    const p = onlyPolicy(analyse({ 'main.go': HANDLER('strings.Contains(allowed, origin)') }));
    assert.deepEqual(stringChecks(p), ['within "https://app.example.com https://admin.example.com"']);
    for (const o of ['https://app.example.com', 'https://admin.example.co', 'https://app.example.c']) assert.ok(allowed(p, o), o);
    for (const o of ['https://evil.example', 'https://app.example.com.evil.io']) assert.ok(!allowed(p, o), o);
  });

  it('follows a local and a package var to the string, and negation keeps the reading', () => {
    const local = onlyPolicy(analyse({ 'main.go': HANDLER('strings.Contains(list, origin)', '').replace('\torigin :=', '\tlist := "https://a.example.com,https://b.example.com"\n\torigin :=') }));
    assert.deepEqual(stringChecks(local), ['within "https://a.example.com,https://b.example.com"']);
    const negated = onlyPolicy(analyse({ 'main.go': HANDLER('!strings.Contains(allowed, origin)', 'var allowed = "https://app.example.com"') }));
    assert.deepEqual(stringChecks(negated), ['within "https://app.example.com"']);
    assert.ok(allowed(negated, 'https://evil.example'));
    assert.ok(!allowed(negated, 'https://app.example'));
  });

  it('keeps strings.Contains(origin, "x") a substring test, and reads nothing from a string it cannot evaluate', () => {
    const sub = onlyPolicy(analyse({ 'main.go': HANDLER('strings.Contains(origin, "example.com")') }));
    assert.deepEqual(stringChecks(sub), ['substring "example.com"']);
    assert.ok(allowed(sub, 'https://example.com.evil.io'));
    const env = onlyPolicy(analyse({ 'main.go': HANDLER('strings.Contains(os.Getenv("ORIGINS"), origin)', '').replace('"net/http"', '"net/http"\n\t"os"') }));
    assert.deepEqual(stringChecks(env), []);
  });

  it('a lower-cased Origin is found ignoring case, but never across a capital of the string', () => {
    const lower = onlyPolicy(analyse({ 'main.go': HANDLER('strings.Contains(allowed, strings.ToLower(origin))') }));
    assert.deepEqual(stringChecks(lower), ['within "https://app.example.com https://admin.example.com"/i']);
    assert.ok(allowed(lower, 'https://APP.example.com'));
    const capitals = onlyPolicy(analyse({ 'main.go': HANDLER('strings.Contains(allowed, strings.ToLower(origin))', 'const allowed = "https://App.example.com https://b.example.com"') }));
    assert.deepEqual(stringChecks(capitals), ['within "https://\\npp.example.com https://b.example.com"/i']);
    for (const o of ['https://b.example.com', 'https://B.example.co']) assert.ok(allowed(capitals, o), o);
    for (const o of ['https://App.example.com', 'https://app.example.com']) assert.ok(!allowed(capitals, o), o);
  });

  it('reads it in rs/cors and gin-contrib/cors AllowOriginFunc', () => {
    const rs = onlyPolicy(analyse({ 'main.go': RS('\t\tAllowOriginFunc: func(origin string) bool { return strings.Contains(allowed, origin) },', 'var allowed = "https://app.example.com,https://admin.example.com"') }));
    assert.deepEqual(stringChecks(rs), ['within "https://app.example.com,https://admin.example.com"']);
    assert.ok(allowed(rs, 'https://admin.example.co'));
    assert.ok(!allowed(rs, 'https://evil.example'));
    const gin = onlyPolicy(analyse({ 'main.go': GIN('\tr.Use(cors.New(cors.Config{AllowOriginFunc: func(origin string) bool { return strings.Contains(allowed, origin) }}))').replace('"time"', '"strings"\n\t"time"').replace('func main', 'const allowed = "https://app.example.com"\n\nfunc main') }));
    assert.deepEqual(stringChecks(gin), ['within "https://app.example.com"']);
    assert.equal(statusOf(gin, 'GET', 'https://app.example.co'), 'app');
    assert.equal(statusOf(gin, 'GET', 'https://evil.example'), 403);
  });
});
