import * as assert from 'node:assert/strict';
import { predict } from '../../../../server/src/model/predict';
import type { OriginMatcher } from '../../../../server/src/model/origin-matcher';
import { acao, analyse, headersFor, onlyPolicy, ready } from './js/support';

const VARY = ['vary: Access-Control-Request-Headers', 'vary: Access-Control-Request-Method', 'vary: Origin'];

/** A servlet that echoes the Origin when `check` holds, with `fields` in its class body. */
function guarded(check: string, fields = ''): string {
  return `import java.util.List;\nimport javax.servlet.http.*;\npublic class S extends HttpServlet {\n${fields}\n  protected void doGet(HttpServletRequest req, HttpServletResponse res) {\n    String origin = req.getHeader("Origin");\n    String local = "https://a.example.com https://b.example.com";\n    if (origin != null && ${check}) res.setHeader("Access-Control-Allow-Origin", origin);\n  }\n}\n`;
}

/** The kinds of the origin checks the policy's branches carry. */
function checkKinds(policy: ReturnType<typeof onlyPolicy>): string[] {
  const out: string[] = [];
  const visit = (v: unknown): void => {
    if (Array.isArray(v)) v.forEach(visit);
    else if (v && typeof v === 'object') {
      const o = v as Record<string, unknown>;
      if (o.kind === 'origin' && o.matcher) out.push((o.matcher as OriginMatcher).kind);
      else for (const k of Object.keys(o)) if (k !== 'at') visit(o[k]);
    }
  };
  visit(policy.branches);
  return [...new Set(out)];
}

function mapping(chain: string, extra = ''): string {
  return `import org.springframework.web.servlet.config.annotation.*;\n${extra}\npublic class WebConfig implements WebMvcConfigurer {\n  public void addCorsMappings(CorsRegistry registry) {\n    registry.addMapping("/api/**")${chain};\n  }\n}\n`;
}

describe('Spring CORS extractor (DefaultCorsProcessor semantics)', function () {
  this.timeout(60_000);
  before(ready);

  it('a listed origin is echoed case-insensitively with Vary, others get 403', () => {
    const p = onlyPolicy(analyse({ 'WebConfig.java': mapping('.allowedOrigins("https://app.example.com/").allowCredentials(true)') }));
    assert.deepEqual(headersFor(p, { method: 'GET', origin: 'https://APP.example.com' }), [
      'access-control-allow-credentials: true', 'access-control-allow-origin: https://APP.example.com', ...VARY,
    ]);
    const evil = predict(p, { method: 'GET', origin: 'https://evil.example' });
    assert.equal(evil.status, 403);
    assert.deepEqual(evil.headers.map(([n]) => n.toLowerCase()), ['vary', 'vary', 'vary']);
    assert.equal(predict(p, { method: 'GET' }).status, 'app');
  });

  it('preflights: the permit defaults list GET,HEAD,POST and 1800 s; an unlisted method is refused', () => {
    const p = onlyPolicy(analyse({ 'WebConfig.java': mapping('.allowedOrigins("https://app.example.com")') }));
    const ok = predict(p, { method: 'OPTIONS', origin: 'https://app.example.com', headers: { 'access-control-request-method': 'POST', 'access-control-request-headers': 'x-token' } });
    assert.equal(ok.status, 200);
    assert.deepEqual(Object.fromEntries(ok.headers.filter(([n]) => n !== 'Vary')), {
      'Access-Control-Allow-Origin': 'https://app.example.com', 'Access-Control-Allow-Methods': 'GET,HEAD,POST', 'Access-Control-Allow-Headers': 'x-token', 'Access-Control-Max-Age': '1800',
    });
    assert.equal(predict(p, { method: 'OPTIONS', origin: 'https://app.example.com', headers: { 'access-control-request-method': 'DELETE' } }).status, 403);
    assert.equal(predict(p, { method: 'DELETE', origin: 'https://app.example.com' }).status, 403);
  });

  it('@CrossOrigin on class and method add up; the mapping gives the methods; the method max age wins', () => {
    const code = `import org.springframework.web.bind.annotation.*;\n@RestController\n@CrossOrigin(origins = "https://a.example.com", maxAge = 100)\npublic class C {\n  private static final String B = "https://b.example.com";\n  @CrossOrigin(origins = B, maxAge = 200)\n  @GetMapping("/x")\n  public String x() { return ""; }\n}\n`;
    const p = onlyPolicy(analyse({ 'C.java': code }));
    for (const origin of ['https://a.example.com', 'https://b.example.com']) assert.equal(predict(p, { method: 'GET', origin }).headers.find(([n]) => n === 'Access-Control-Allow-Origin')?.[1], origin);
    const pre = predict(p, { method: 'OPTIONS', origin: 'https://a.example.com', headers: { 'access-control-request-method': 'GET' } });
    assert.equal(pre.headers.find(([n]) => n === 'Access-Control-Allow-Methods')?.[1], 'GET');
    assert.equal(pre.headers.find(([n]) => n === 'Access-Control-Max-Age')?.[1], '200');
  });

  it('origin patterns: * spans dots, port lists, full match, case-sensitive', () => {
    const p = onlyPolicy(analyse({ 'WebConfig.java': mapping('.allowedOriginPatterns("https://*.example.com:[*]").allowCredentials(true)') }));
    const acao = (origin: string) => predict(p, { method: 'GET', origin }).headers.find(([n]) => n === 'Access-Control-Allow-Origin')?.[1];
    assert.equal(acao('https://a.b.example.com:8443'), 'https://a.b.example.com:8443');
    assert.equal(acao('https://a.example.com'), 'https://a.example.com');
    assert.equal(acao('https://a.example.com.evil.net'), undefined);
    assert.equal(acao('https://A.EXAMPLE.COM'), undefined);
  });

  it('"*" with credentials: 500 on every request of a mapping from 5.3, echo before 5.3 (version from pom.xml)', () => {
    const app = mapping('.allowedOrigins("*").allowCredentials(true)');
    const modern = onlyPolicy(analyse({ 'WebConfig.java': app }));
    assert.equal(predict(modern, { method: 'GET', origin: 'https://evil.example' }).status, 500);
    assert.equal(modern.notes?.[0].kind, 'throws-at-startup');
    const pom = '<project><parent><groupId>org.springframework.boot</groupId><artifactId>spring-boot-starter-parent</artifactId><version>2.3.12.RELEASE</version></parent></project>';
    const legacy = onlyPolicy(analyse({ 'src/WebConfig.java': app, 'pom.xml': pom }));
    assert.ok(headersFor(legacy, { method: 'GET', origin: 'https://evil.example' }).includes('access-control-allow-origin: https://evil.example'));
  });

  it('CorsConfiguration setters and @Value defaults, registered through UrlBasedCorsConfigurationSource', () => {
    const code = `import java.util.List;\nimport org.springframework.beans.factory.annotation.Value;\nimport org.springframework.web.cors.*;\npublic class Sec {\n  @Value("\${cors.origins:https://app.example.com,https://admin.example.com}") private String origins;\n  CorsConfigurationSource src() {\n    CorsConfiguration c = new CorsConfiguration();\n    c.setAllowedOrigins(List.of(origins.split(",")));\n    c.addAllowedMethod("*");\n    c.setAllowCredentials(true);\n    UrlBasedCorsConfigurationSource s = new UrlBasedCorsConfigurationSource();\n    s.registerCorsConfiguration("/**", c);\n    return s;\n  }\n}\n`;
    const p = onlyPolicy(analyse({ 'Sec.java': code }));
    assert.ok(p.label.includes('/**'), p.label);
    assert.ok(p.notes?.some((n) => n.kind === 'depends-on-environment'));
    assert.ok(headersFor(p, { method: 'PATCH', origin: 'https://admin.example.com' }).includes('access-control-allow-origin: https://admin.example.com'));
    const pre = predict(p, { method: 'OPTIONS', origin: 'https://admin.example.com', headers: { 'access-control-request-method': 'PATCH', 'access-control-request-headers': 'x-a' } });
    // A bare CorsConfiguration allows no request headers: checkHeaders refuses the preflight.
    assert.equal(pre.status, 403);
  });

  it('a servlet filter: the header follows the allowlist check and the early return', () => {
    const code = `import java.util.List;\nimport javax.servlet.http.*;\npublic class F extends HttpFilter {\n  static final List<String> OK = List.of("https://app.example.com");\n  protected void doFilter(HttpServletRequest req, HttpServletResponse res, javax.servlet.FilterChain chain) {\n    String origin = req.getHeader("Origin");\n    if (!OK.contains(origin)) { return; }\n    res.setHeader("Access-Control-Allow-Origin", origin);\n    if ("OPTIONS".equals(req.getMethod())) { res.setStatus(204); return; }\n  }\n}\n`;
    const p = onlyPolicy(analyse({ 'F.java': code }));
    assert.deepEqual(headersFor(p, { method: 'GET', origin: 'https://app.example.com' }), ['access-control-allow-origin: https://app.example.com']);
    assert.deepEqual(headersFor(p, { method: 'GET', origin: 'https://evil.example' }), []);
  });

  it('an allowlist String\'s contains(origin): any piece of it gets in, from a static final field or a local', () => {
    const field = 'private static final String ALLOWED = "https://a.example.com," + "https://b.example.com";';
    for (const code of [guarded('ALLOWED.contains(origin)', field), guarded('local.contains(origin)')]) {
      const p = onlyPolicy(analyse({ 'S.java': code }));
      assert.deepEqual(checkKinds(p), ['within']);
      for (const o of ['https://a.example.com', 'https://b.example.com', 'https://a.example.co', 'https://b.example.c']) assert.equal(acao(p, o), o, o);
      for (const o of ['https://a.example.com.evil.net', 'https://c.example.com', 'https://A.example.com']) assert.equal(acao(p, o), undefined, o);
    }
  });

  it('origin.contains("x") stays a substring check; a List\'s contains(origin) stays exact membership', () => {
    const substring = onlyPolicy(analyse({ 'S.java': guarded('origin.contains("a.example.com")') }));
    assert.deepEqual(checkKinds(substring), ['substring']);
    assert.equal(acao(substring, 'https://a.example.com.evil.net'), 'https://a.example.com.evil.net');
    const list = onlyPolicy(analyse({ 'S.java': guarded('ALLOWED.contains(origin)', 'static final List<String> ALLOWED = List.of("https://a.example.com", "https://b.example.com");') }));
    assert.deepEqual(checkKinds(list), ['or']);
    assert.equal(acao(list, 'https://b.example.com'), 'https://b.example.com');
    assert.equal(acao(list, 'https://a.example.co'), undefined);
    // A String the model cannot read is no check it can judge.
    assert.deepEqual(checkKinds(onlyPolicy(analyse({ 'S.java': guarded('System.getenv("ALLOWED").contains(origin)') }))), []);
  });

  it('a ResponseEntity built with the @RequestHeader("Origin") parameter; Spring refuses preflights to the handler', () => {
    const code = `import org.springframework.http.ResponseEntity;\nimport org.springframework.web.bind.annotation.*;\n@RestController\npublic class E {\n  @GetMapping("/me")\n  public ResponseEntity<String> me(@RequestHeader("Origin") String origin) {\n    return ResponseEntity.ok().header("Access-Control-Allow-Origin", origin).body("{}");\n  }\n}\n`;
    const p = onlyPolicy(analyse({ 'E.java': code }));
    assert.deepEqual(headersFor(p, { method: 'GET', origin: 'https://evil.example' }), ['access-control-allow-origin: https://evil.example']);
    assert.equal(predict(p, { method: 'OPTIONS', origin: 'https://evil.example', headers: { 'access-control-request-method': 'GET' } }).status, 403);
  });

  it('broken and huge input: findings or nothing, in bounded time', () => {
    const broken = analyse({ 'WebConfig.java': mapping('.allowedOrigins("*"').replace('}\n}', '') });
    assert.ok(broken.findings.some((f) => f.ruleId === 'syntax-error'));
    const many = Array.from({ length: 1000 }, (_, i) => `    registry.addMapping("/r${i}").allowedOrigins("https://a${i}.example.com");`).join('\n');
    const start = Date.now();
    const big = analyse({ 'Big.java': `public class Big implements WebMvcConfigurer {\n  public void addCorsMappings(CorsRegistry registry) {\n${many}\n  }\n}\n` });
    assert.equal(big.policies.length, 1000);
    assert.ok(Date.now() - start < 10_000, `took ${Date.now() - start} ms`);
    const deepStart = Date.now();
    const deep = analyse({ 'Deep.java': `class D { String o = ${'('.repeat(3000)}"x"${')'.repeat(3000)}; @CrossOrigin(origins = o) void m(HttpServletResponse r) { r.setHeader("Access-Control-Allow-Origin", ${'('.repeat(3000)}o${')'.repeat(3000)}); } }` });
    assert.ok(Array.isArray(deep.findings));
    assert.ok(Date.now() - deepStart < 10_000, `deep nesting took ${Date.now() - deepStart} ms`);
  });
});
