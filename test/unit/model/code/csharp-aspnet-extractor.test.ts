import * as assert from 'node:assert/strict';
import { predict } from '../../../../server/src/model/predict';
import type { OriginMatcher } from '../../../../server/src/model/origin-matcher';
import { acao, analyse, headersFor, onlyPolicy, ready } from './js/support';

function program(policy: string, use = 'app.UseCors("web");'): string {
  return `var builder = WebApplication.CreateBuilder(args);\nbuilder.Services.AddCors(options =>\n{\n    options.AddPolicy("web", p => p${policy});\n});\nvar app = builder.Build();\n${use}\napp.MapGet("/", () => "ok");\napp.Run();\n`;
}

/** Middleware that echoes the Origin when `check` holds, with a string and a list of the two origins at hand. */
function handler(check: string): string {
  return `var app = WebApplication.Create(args);\nconst string Allowed = "https://a.example.com,https://b.example.com";\nstring[] List = Allowed.Split(',');\napp.Use(async (context, next) =>\n{\n    var origin = context.Request.Headers.Origin.ToString();\n    if (${check}) context.Response.Headers.AccessControlAllowOrigin = origin;\n    await next();\n});\napp.Run();\n`;
}

/** The origin checks the policy's branches carry, as `kind` or `kind:i` when case-insensitive, each once. */
function checks(policy: ReturnType<typeof onlyPolicy>): string[] {
  const out: OriginMatcher[] = [];
  const visit = (v: unknown): void => {
    if (Array.isArray(v)) v.forEach(visit);
    else if (v && typeof v === 'object') {
      const o = v as Record<string, unknown>;
      if (o.kind === 'origin' && o.matcher) out.push(o.matcher as OriginMatcher);
      else for (const k of Object.keys(o)) if (k !== 'at') visit(o[k]);
    }
  };
  visit(policy.branches);
  return [...new Set(out.map((m) => ('caseInsensitive' in m && m.caseInsensitive ? `${m.kind}:i` : m.kind)))];
}

describe('ASP.NET Core CORS extractor (CorsMiddleware / CorsService semantics)', function () {
  this.timeout(60_000);
  before(ready);

  it('two listed origins: echo with credentials and Vary; others get no headers; preflights always 204', () => {
    const p = onlyPolicy(analyse({ 'Program.cs': program('.WithOrigins("https://App.example.com", "https://admin.example.com").AllowCredentials().WithExposedHeaders("X-Total")') }));
    assert.deepEqual(headersFor(p, { method: 'GET', origin: 'https://app.example.com' }), [
      'access-control-allow-credentials: true', 'access-control-allow-origin: https://app.example.com', 'access-control-expose-headers: X-Total', 'vary: Origin',
    ]);
    assert.deepEqual(headersFor(p, { method: 'GET', origin: 'https://evil.example' }), []);
    const refused = predict(p, { method: 'OPTIONS', origin: 'https://evil.example', headers: { 'access-control-request-method': 'PUT' } });
    assert.equal(refused.status, 204);
    assert.deepEqual(refused.headers, []);
    assert.deepEqual(headersFor(p, { method: 'GET' }), []);
  });

  it('one origin: no Vary; AllowAnyMethod and AllowAnyHeader echo the preflight request; max age in seconds', () => {
    const p = onlyPolicy(analyse({ 'Program.cs': program('.WithOrigins("https://app.example.com").AllowAnyMethod().AllowAnyHeader().SetPreflightMaxAge(TimeSpan.FromMinutes(10))') }));
    assert.deepEqual(headersFor(p, { method: 'GET', origin: 'https://app.example.com' }), ['access-control-allow-origin: https://app.example.com']);
    assert.deepEqual(headersFor(p, { method: 'OPTIONS', origin: 'https://app.example.com', headers: { 'access-control-request-method': 'DELETE', 'access-control-request-headers': 'x-a' } }), [
      'access-control-allow-headers: x-a', 'access-control-allow-methods: DELETE', 'access-control-allow-origin: https://app.example.com', 'access-control-max-age: 600',
    ]);
  });

  it('wildcard subdomains: any host under the domain on the same scheme and port', () => {
    const p = onlyPolicy(analyse({ 'Program.cs': program('.WithOrigins("https://*.example.com").SetIsOriginAllowedToAllowWildcardSubdomains()') }));
    const acao = (origin: string) => predict(p, { method: 'GET', origin }).headers.find(([n]) => n === 'Access-Control-Allow-Origin')?.[1];
    assert.equal(acao('https://a.b.example.com'), 'https://a.b.example.com');
    assert.equal(acao('https://example.com'), undefined);
    assert.equal(acao('http://a.example.com'), undefined);
    assert.equal(acao('https://a.example.com:8443'), undefined);
    assert.equal(acao('https://evilexample.com'), undefined);
  });

  it('AllowAnyOrigin with credentials fails at start-up from 3.0, echoes before (version from the .csproj)', () => {
    const code = program('.AllowAnyOrigin().AllowCredentials()');
    const modern = onlyPolicy(analyse({ 'Program.cs': code }));
    assert.equal(modern.notes?.[0].kind, 'throws-at-startup');
    assert.equal(predict(modern, { method: 'GET', origin: 'https://evil.example' }).status, 'unknown');
    const csproj = '<Project Sdk="Microsoft.NET.Sdk.Web"><PropertyGroup><TargetFramework>netcoreapp2.2</TargetFramework></PropertyGroup><ItemGroup><PackageReference Include="Microsoft.AspNetCore.App" Version="2.2.0" /></ItemGroup></Project>';
    const legacy = onlyPolicy(analyse({ 'Program.cs': code, 'Api.csproj': csproj }));
    assert.ok(headersFor(legacy, { method: 'GET', origin: 'https://evil.example' }).includes('access-control-allow-origin: https://evil.example'));
  });

  it('DisallowCredentials after AllowCredentials, and configuration defaults', () => {
    const code = program('.WithOrigins(builder.Configuration["Cors:Origin"] ?? "https://app.example.com").AllowCredentials().DisallowCredentials()');
    const p = onlyPolicy(analyse({ 'Program.cs': code }));
    assert.deepEqual(headersFor(p, { method: 'GET', origin: 'https://app.example.com' }), ['access-control-allow-origin: https://app.example.com']);
    assert.ok(p.notes?.some((n) => n.kind === 'depends-on-environment'));
  });

  it('the policy the pipeline applies: UseCors of another name leaves this one out; [EnableCors] picks it', () => {
    assert.equal(analyse({ 'Program.cs': program('.WithOrigins("https://a.example.com")', 'app.UseCors("other");') }).policies.length, 0);
    const controller = `${program('.WithOrigins("https://a.example.com")', '')}\n[EnableCors("web")]\npublic class C : ControllerBase {}\n`;
    assert.equal(analyse({ 'Program.cs': controller }).policies.length, 1);
  });

  it('SetIsOriginAllowed predicates: constant true, a method of the file, opaque unknown methods', () => {
    const always = onlyPolicy(analyse({ 'Program.cs': program('.SetIsOriginAllowed(origin => true).AllowCredentials()') }));
    assert.ok(headersFor(always, { method: 'GET', origin: 'https://evil.example' }).includes('vary: Origin'));
    const named = onlyPolicy(analyse({ 'Program.cs': `${program('.SetIsOriginAllowed(IsTrusted)')}static bool IsTrusted(string origin) => origin.EndsWith(".example.com");\n` }));
    assert.ok(headersFor(named, { method: 'GET', origin: 'https://a.example.com' }).includes('access-control-allow-origin: https://a.example.com'));
    assert.deepEqual(headersFor(named, { method: 'GET', origin: 'https://evil.example' }), []);
    const group = onlyPolicy(analyse({ 'Program.cs': program('.SetIsOriginAllowed(IsTrusted)') }));
    assert.ok(headersFor(group, { method: 'GET', origin: 'https://evil.example' }).some((h) => h.startsWith('!')));
  });

  it('an allowlist string\'s Contains(origin): any piece of it gets in, ignoring case when a comparison says so', () => {
    const predicate = onlyPolicy(analyse({ 'Program.cs': `${program('.SetIsOriginAllowed(origin => Cors.Allowed.Contains(origin)).AllowCredentials()')}static class Cors { public const string Allowed = "https://a.example.com," + "https://b.example.com"; }\n` }));
    assert.deepEqual(checks(predicate), ['within']);
    for (const o of ['https://a.example.com', 'https://b.example.com', 'https://a.example.co']) assert.equal(acao(predicate, o), o, o);
    for (const o of ['https://a.example.com.evil.net', 'https://c.example.com', 'https://A.example.com']) assert.equal(acao(predicate, o), undefined, o);
    for (const comparison of ['OrdinalIgnoreCase', 'InvariantCultureIgnoreCase', 'CurrentCultureIgnoreCase']) {
      const p = onlyPolicy(analyse({ 'Program.cs': handler(`Allowed.Contains(origin, StringComparison.${comparison})`) }));
      assert.deepEqual(checks(p), ['within:i'], comparison);
      assert.equal(acao(p, 'https://A.example.co'), 'https://A.example.co', comparison);
    }
    const ordinal = onlyPolicy(analyse({ 'Program.cs': handler('Allowed.Contains(origin, StringComparison.Ordinal)') }));
    assert.equal(acao(ordinal, 'https://A.example.com'), undefined);
    assert.equal(acao(ordinal, 'https://b.example.c'), 'https://b.example.c');
  });

  it('origin.Contains("x") stays a substring check; a list\'s Contains(origin) stays exact membership', () => {
    const substring = onlyPolicy(analyse({ 'Program.cs': handler('origin.Contains("a.example.com")') }));
    assert.deepEqual(checks(substring), ['substring']);
    assert.equal(acao(substring, 'https://a.example.com.evil.net'), 'https://a.example.com.evil.net');
    for (const check of ['List.Contains(origin)', 'Allowed.Split(\',\').Contains(origin)', 'new[] { "https://a.example.com", "https://b.example.com" }.Contains(origin)']) {
      const p = onlyPolicy(analyse({ 'Program.cs': handler(check) }));
      assert.deepEqual(checks(p), ['or'], check);
      assert.equal(acao(p, 'https://b.example.com'), 'https://b.example.com', check);
      assert.equal(acao(p, 'https://a.example.co'), undefined, check);
    }
  });

  it('a policy built with new CorsPolicyBuilder(...).Build()', () => {
    const code = 'var b = WebApplication.CreateBuilder(args);\nb.Services.AddCors(o => o.AddPolicy("web", new CorsPolicyBuilder("https://a.example.com").AllowCredentials().Build()));\n';
    const p = onlyPolicy(analyse({ 'Program.cs': code }));
    assert.deepEqual(headersFor(p, { method: 'GET', origin: 'https://a.example.com' }), ['access-control-allow-credentials: true', 'access-control-allow-origin: https://a.example.com']);
  });

  it('huge and deeply nested input is analysed in bounded time', () => {
    const many = Array.from({ length: 1000 }, (_, i) => `    options.AddPolicy("p${i}", p => p.WithOrigins("https://a${i}.example.com"));`).join('\n');
    const start = Date.now();
    const big = analyse({ 'Program.cs': `var builder = WebApplication.CreateBuilder(args);\nbuilder.Services.AddCors(options =>\n{\n${many}\n});\n` });
    assert.equal(big.policies.length, 1000);
    assert.ok(Date.now() - start < 10_000, `took ${Date.now() - start} ms`);
    const deepStart = Date.now();
    const deep = analyse({ 'Program.cs': `builder.Services.AddCors(o => o.AddPolicy("x", p => p.WithOrigins(${'('.repeat(3000)}"x"${')'.repeat(3000)})));` });
    assert.ok(Array.isArray(deep.findings));
    assert.ok(Date.now() - deepStart < 10_000, `deep nesting took ${Date.now() - deepStart} ms`);
  });

  it('broken input gives a syntax finding, not a crash', () => {
    const r = analyse({ 'Program.cs': program('.WithOrigins("https://a.example.com"').slice(0, -20) });
    assert.ok(r.findings.some((f) => f.ruleId === 'syntax-error'));
  });
});
