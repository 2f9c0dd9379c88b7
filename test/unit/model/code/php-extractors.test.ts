import * as assert from 'node:assert/strict';
import { createNodeFileHost } from '../../../../server/src/engine/node-file-host';
import { readDependencyVersions } from '../../../../server/src/model/code/dependency-versions';
import { predict } from '../../../../server/src/model/predict';
import { acao, analyse, headersFor, onlyPolicy, ready, ROOT } from './js/support';

const laravel = (entries: string) => `<?php\n\nreturn [\n    'paths' => ['api/*'],\n${entries}\n];\n`;

describe('PHP header() scripts', function () {
  this.timeout(60_000);
  before(ready);

  it('an in_array allowlist echoes only listed origins', () => {
    const p = onlyPolicy(analyse({ 'index.php': "<?php\n$o = $_SERVER['HTTP_ORIGIN'] ?? '';\nif (in_array($o, ['https://a.example.com'], true)) {\n    header('Access-Control-Allow-Origin: ' . $o);\n}\n" }));
    assert.equal(acao(p, 'https://a.example.com'), 'https://a.example.com');
    assert.equal(acao(p, 'https://b.example.com'), undefined);
  });

  it('a bare strpos() is false for a match at position 0', () => {
    const p = onlyPolicy(analyse({ 'index.php': "<?php\n$o = $_SERVER['HTTP_ORIGIN'] ?? '';\nif (strpos($o, 'https://a.example.com')) {\n    header(\"Access-Control-Allow-Origin: $o\");\n}\n" }));
    assert.equal(acao(p, 'https://a.example.com'), undefined);
    assert.equal(acao(p, 'x https://a.example.com'), 'x https://a.example.com');
  });

  it('header(..., false) appends a second line, the default replaces (any case)', () => {
    const p = onlyPolicy(analyse({ 'index.php': "<?php\nheader('Access-Control-Allow-Origin: https://a.example.com');\nheader('access-control-allow-origin: https://b.example.com');\nheader('Access-Control-Allow-Origin: https://c.example.com', false);\n" }));
    assert.deepEqual(headersFor(p, { method: 'GET', origin: 'https://x.example' }), ['access-control-allow-origin: https://b.example.com', 'access-control-allow-origin: https://c.example.com']);
  });

  it('OPTIONS paths end with http_response_code and exit; a throw answers 500 with the headers set so far', () => {
    const p = onlyPolicy(analyse({ 'index.php': "<?php\nheader('Access-Control-Allow-Origin: *');\nif ($_SERVER['REQUEST_METHOD'] === 'OPTIONS') {\n    http_response_code(204);\n    exit;\n}\nthrow new Exception('x');\n" }));
    const options = p.branches.find((b) => b.when.kind === 'method' || (b.when.kind === 'and' && b.when.conds.some((c) => c.kind === 'method' && c.methods.includes('OPTIONS'))));
    assert.equal(options?.status.kind === 'fixed' && options.status.code, 204);
    assert.ok(p.branches.some((b) => b.status.kind === 'fixed' && b.status.code === 500 && b.headers.length === 1));
  });

  it('a request header is sent back as it came', () => {
    const p = onlyPolicy(analyse({ 'index.php': "<?php\nheader('Access-Control-Allow-Origin: *');\nheader('Access-Control-Allow-Headers: ' . ($_SERVER['HTTP_ACCESS_CONTROL_REQUEST_HEADERS'] ?? ''));\n" }));
    assert.deepEqual(headersFor(p, { method: 'OPTIONS', origin: 'https://x.example', headers: { 'access-control-request-headers': 'x-a' } }), ['access-control-allow-headers: x-a', 'access-control-allow-origin: *']);
  });

  it('preg_match patterns keep their delimiters and flags (PCRE)', () => {
    const p = onlyPolicy(analyse({ 'index.php': "<?php\n$o = $_SERVER['HTTP_ORIGIN'] ?? '';\nif (preg_match('#^https://[a-z]+\\.example\\.com$#i', $o)) {\n    header('Access-Control-Allow-Origin: ' . $o);\n}\n" }));
    assert.equal(acao(p, 'https://APP.example.com'), 'https://APP.example.com');
    assert.equal(acao(p, 'https://app.example.com.evil.net'), undefined);
  });
});

describe('Laravel config/cors.php (fruitcake/php-cors)', function () {
  this.timeout(60_000);
  before(ready);

  it("['*'] without credentials sends * to every request, without Vary", () => {
    const p = onlyPolicy(analyse({ 'config/cors.php': laravel("    'allowed_origins' => ['*'],\n    'supports_credentials' => false,") }));
    assert.deepEqual(headersFor(p, { method: 'GET', origin: 'https://x.example' }), ['access-control-allow-origin: *']);
  });

  it("['*'] with credentials echoes any origin, with Vary: Origin", () => {
    const r = analyse({ 'config/cors.php': laravel("    'allowed_origins' => ['*'],\n    'supports_credentials' => true,") });
    assert.deepEqual(headersFor(onlyPolicy(r), { method: 'GET', origin: 'https://x.example' }), ['access-control-allow-credentials: true', 'access-control-allow-origin: https://x.example', 'vary: Origin']);
    assert.ok(r.findings.some((f) => f.ruleId === 'reflected-origin' && f.severity === 'error'));
  });

  it('one listed origin is sent as is to everyone; several are echoed when listed', () => {
    const one = onlyPolicy(analyse({ 'config/cors.php': laravel("    'allowed_origins' => ['https://a.example.com'],") }));
    assert.equal(acao(one, 'https://x.example'), 'https://a.example.com');
    const two = onlyPolicy(analyse({ 'config/cors.php': laravel("    'allowed_origins' => ['https://a.example.com', 'https://*.b.example.com'],") }));
    assert.equal(acao(two, 'https://x.example'), undefined);
    assert.equal(acao(two, 'https://deep.b.example.com'), 'https://deep.b.example.com');
  });

  it('preflights are answered 204; * methods and headers echo the request', () => {
    const p = onlyPolicy(analyse({ 'config/cors.php': laravel("    'allowed_origins' => ['https://a.example.com', 'https://b.example.com'],\n    'allowed_methods' => ['*'],\n    'allowed_headers' => ['*'],\n    'max_age' => 0,") }));
    const req = { method: 'OPTIONS', origin: 'https://a.example.com', headers: { 'access-control-request-method': 'PUT', 'access-control-request-headers': 'x-a' } };
    assert.deepEqual(headersFor(p, req), ['access-control-allow-headers: x-a', 'access-control-allow-methods: PUT', 'access-control-allow-origin: https://a.example.com', 'access-control-max-age: 0', 'vary: Origin, Access-Control-Request-Method, Access-Control-Request-Headers']);
  });

  it('env() defaults are used and noted; versions come from composer.lock', () => {
    const r = analyse({ 'config/cors.php': laravel("    'allowed_origins' => [env('FRONTEND_URL', 'https://a.example.com'), 'https://b.example.com'],") });
    assert.equal(acao(onlyPolicy(r), 'https://a.example.com'), 'https://a.example.com');
    assert.ok(onlyPolicy(r).notes?.some((n) => n.kind === 'depends-on-environment' && n.message.includes('FRONTEND_URL')));
    const overlay = new Map([[`${ROOT}/composer.lock`, JSON.stringify({ packages: [{ name: 'fruitcake/laravel-cors', version: 'v2.2.0' }], 'packages-dev': [] })]]);
    assert.equal(readDependencyVersions(`${ROOT}/config`, createNodeFileHost({ overlay })).get('fruitcake/laravel-cors')?.version, '2.2.0');
  });
});

describe('Symfony nelmio_cors.yaml (NelmioCorsBundle 2)', function () {
  this.timeout(60_000);
  before(ready);
  const yaml = (body: string) => `nelmio_cors:\n${body}`;

  it('paths merge over defaults; origin_regex entries run unanchored unless anchored', () => {
    const r = analyse({
      'config/packages/nelmio_cors.yaml': yaml("    defaults:\n        origin_regex: true\n        allow_origin: ['%env(CORS_ALLOW_ORIGIN)%']\n        allow_methods: ['GET', 'POST']\n        max_age: 600\n    paths:\n        '^/api/': ~\n"),
      '.env': "CORS_ALLOW_ORIGIN='https://app\\.example\\.com'\n",
    });
    const api = r.policies.find((p) => p.label.includes('^/api/'))!;
    assert.equal(acao(api, 'https://app.example.com.evil.net'), 'https://app.example.com.evil.net');
    assert.ok(api.notes?.some((n) => n.kind === 'depends-on-environment' && n.message.includes('CORS_ALLOW_ORIGIN')));
    const finding = r.findings.find((f) => f.ruleId === 'permissive-origin-pattern');
    assert.ok(finding, r.findings.map((f) => f.message).join('\n'));
    assert.deepEqual([finding.span.range.start.line + 1, finding.span.range.start.character + 1], [4, 24]);
  });

  it("'*' with credentials echoes every origin: reflected-origin at the allow_origin entry, with a fix", () => {
    const r = analyse({ 'config/packages/nelmio_cors.yaml': yaml("    paths:\n        '^/api/':\n            allow_origin: ['*']\n            allow_credentials: true\n            allow_methods: ['GET']\n            max_age: 600\n") });
    const f = r.findings.find((x) => x.ruleId === 'reflected-origin')!;
    assert.ok(f, r.findings.map((x) => x.message).join('\n'));
    assert.equal(f.severity, 'error');
    assert.deepEqual([f.span.range.start.line + 1, f.span.range.start.character + 1], [4, 13]);
    assert.deepEqual(f.fixes.map((x) => x.title), ['Allow only an explicit list of origins (fill in https://app.example.com)']);
    assert.equal(f.fixes[0].edits[0].newText, "allow_origin: ['https://app.example.com']");
  });

  it('preflights: 200 with the methods for any origin, 405 for a method not listed, 400 for a header not listed', () => {
    const p = onlyPolicy(analyse({ 'config/packages/nelmio_cors.yaml': yaml("    paths:\n        '^/':\n            allow_origin: ['https://a.example.com']\n            allow_methods: ['GET', 'POST']\n            allow_headers: ['X-Token']\n") }));
    const pre = (origin: string, method: string, headers?: string) => ({ method: 'OPTIONS', origin, headers: { 'access-control-request-method': method, ...(headers ? { 'access-control-request-headers': headers } : {}) } });
    assert.equal(predict(p, pre('https://evil.example', 'GET')).status, 200);
    assert.deepEqual(headersFor(p, pre('https://evil.example', 'GET')), ['access-control-allow-headers: x-token', 'access-control-allow-methods: GET, POST', 'vary: Origin']);
    assert.equal(predict(p, pre('https://a.example.com', 'PUT')).status, 405);
    assert.equal(predict(p, pre('https://a.example.com', 'GET', 'x-other')).status, 400);
    assert.equal(predict(p, pre('https://a.example.com', 'GET', 'x-token')).status, 200);
  });

  it('allow_private_network answers Access-Control-Request-Private-Network; without it the preflight is refused', () => {
    const cfg = (allowed: boolean) => onlyPolicy(analyse({ 'config/packages/nelmio_cors.yaml': yaml(`    paths:\n        '^/':\n            allow_origin: ['https://a.example.com']\n            allow_methods: ['GET']\n            allow_private_network: ${allowed}\n`) }));
    const req = { method: 'OPTIONS', origin: 'https://a.example.com', headers: { 'access-control-request-method': 'GET', 'access-control-request-private-network': 'true' } };
    assert.ok(headersFor(cfg(true), req).includes('access-control-allow-private-network: true'));
    assert.equal(predict(cfg(true), req).status, 200);
    assert.equal(predict(cfg(false), req).status, 400);
  });

  it('a file that is not nelmio configuration, or is broken YAML, gives nothing and no crash', () => {
    const r = analyse({ 'config/packages/nelmio_cors.yaml': "nelmio_cors:\n    paths: [unclosed\n  - :\n\t\"x\n" });
    assert.ok(!r.findings.some((f) => /failed/.test(f.message)), r.findings.map((f) => f.message).join('; '));
  });
});

describe('PHP readers on bad input', function () {
  this.timeout(120_000);
  before(ready);

  it('syntax errors are reported, odd code never crashes, big files stay bounded', () => {
    const broken = analyse({ 'index.php': "<?php\nheader('Access-Control-Allow-Origin: ' . $_SERVER['HTTP_ORIGIN']);\nif ( {\n" });
    assert.ok(broken.findings.some((f) => f.ruleId === 'syntax-error'));
    for (const text of ["<?php\nheader();\n", "<?php\nheader(...$x);\nheader('Access-Control-Allow-Origin');\n", "<?php\nreturn ['allowed_origins' => [...$x], 'paths' => 'api/*'];\n", "<?php\nfunction cors() { cors(); header('Access-Control-Allow-Origin: *'); }\ncors();\n"]) {
      const r = analyse({ 'index.php': text });
      assert.ok(!r.findings.some((f) => /failed/.test(f.message)), `${text}: ${r.findings.map((f) => f.message).join('; ')}`);
    }
    const lines = ["<?php\n$o = $_SERVER['HTTP_ORIGIN'] ?? '';\n"];
    for (let i = 0; i < 3000; i++) lines.push(`if ($o === 'https://h${i}.example.com') { header('Access-Control-Allow-Origin: ' . $o); }\n`);
    const start = Date.now();
    analyse({ 'index.php': lines.join('') });
    assert.ok(Date.now() - start < 60_000, `took ${Date.now() - start} ms`);
  });
});
