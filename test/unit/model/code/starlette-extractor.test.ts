import * as assert from 'node:assert/strict';
import type { CorsPolicy } from '../../../../server/src/model/cors-policy';
import { predict } from '../../../../server/src/model/predict';
import { acao, analyse, headersFor, onlyPolicy, ready } from './js/support';

const HEAD = 'from starlette.applications import Starlette\nfrom starlette.middleware.cors import CORSMiddleware\napp = Starlette()\n';

function middleware(options: string): CorsPolicy {
  return onlyPolicy(analyse({ 'app.py': `${HEAD}app.add_middleware(CORSMiddleware, ${options})\n` }));
}

function preflight(policy: CorsPolicy, origin: string, method: string, requested?: string) {
  return predict(policy, { method: 'OPTIONS', origin, headers: { 'access-control-request-method': method, ...(requested === undefined ? {} : { 'access-control-request-headers': requested }) } });
}

describe('Starlette and FastAPI CORSMiddleware', () => {
  before(ready);

  it('refuses a preflight with 400 for an unlisted origin, method or header, and still sends the lists', () => {
    const p = middleware("allow_origins=['https://app.example.com'], allow_methods=['GET', 'PUT'], allow_headers=['X-Custom']");
    assert.equal(preflight(p, 'https://app.example.com', 'PUT').status, 200);
    assert.equal(preflight(p, 'https://app.example.com', 'put').status, 400);
    assert.equal(preflight(p, 'https://app.example.com', 'DELETE').status, 400);
    assert.equal(preflight(p, 'https://evil.example', 'PUT').status, 400);
    // Requested names are lower-cased and stripped before the check.
    assert.equal(preflight(p, 'https://app.example.com', 'PUT', 'Content-Type, x-custom').status, 200);
    assert.equal(preflight(p, 'https://app.example.com', 'PUT', 'content-type,x-other').status, 400);
    assert.deepEqual(headersFor(p, { method: 'OPTIONS', origin: 'https://evil.example', headers: { 'access-control-request-method': 'PUT' } }), [
      'access-control-allow-headers: Accept, Accept-Language, Content-Language, Content-Type, X-Custom',
      'access-control-allow-methods: GET, PUT',
      'access-control-max-age: 600',
      'vary: Origin',
    ]);
  });

  it("'*' methods send the full list; '*' headers echo the requested ones", () => {
    const p = middleware("allow_origins=['https://app.example.com'], allow_methods=['*'], allow_headers=['*']");
    const h = headersFor(p, { method: 'OPTIONS', origin: 'https://app.example.com', headers: { 'access-control-request-method': 'PATCH', 'access-control-request-headers': 'x-a,x-b' } });
    assert.ok(h.includes('access-control-allow-methods: DELETE, GET, HEAD, OPTIONS, PATCH, POST, PUT'), h.join('\n'));
    assert.ok(h.includes('access-control-allow-headers: x-a,x-b'), h.join('\n'));
  });

  it("'*' origins send * but echo the origin for a request with a Cookie; credentials echo on preflights", () => {
    const open = middleware("allow_origins=['*']");
    assert.equal(acao(open, 'https://x.example'), '*');
    const withCookie = headersFor(open, { method: 'GET', origin: 'https://x.example', headers: { cookie: 'a=1' } });
    assert.deepEqual(withCookie, ['access-control-allow-origin: https://x.example', 'vary: Origin']);
    const creds = middleware("allow_origins=['*'], allow_credentials=True");
    assert.ok(headersFor(creds, { method: 'OPTIONS', origin: 'https://x.example', headers: { 'access-control-request-method': 'GET' } }).includes('access-control-allow-origin: https://x.example'));
  });

  it('fullmatches allow_origin_regex', () => {
    const p = middleware("allow_origin_regex=r'https://.*\\.example\\.com'");
    assert.equal(acao(p, 'https://a.example.com'), 'https://a.example.com');
    assert.equal(acao(p, 'https://a.example.com.evil.net'), undefined);
  });

  it('sends Allow-Credentials and Expose-Headers to every origin on simple requests', () => {
    const p = middleware("allow_origins=['https://app.example.com'], allow_credentials=True, expose_headers=['X-Total']");
    assert.deepEqual(headersFor(p, { method: 'GET', origin: 'https://evil.example' }), ['access-control-allow-credentials: true', 'access-control-expose-headers: X-Total']);
    assert.deepEqual(headersFor(p, { method: 'GET' }), []);
  });

  it('an unhandled error answered outside the middleware has no CORS headers, unless the app is wrapped from outside', () => {
    const inside = middleware("allow_origins=['https://app.example.com']");
    const wrapped = onlyPolicy(analyse({ 'app.py': "from starlette.applications import Starlette\nfrom starlette.middleware.cors import CORSMiddleware\napp = CORSMiddleware(Starlette(), allow_origins=['https://app.example.com'])\n" }));
    const at500 = (p: CorsPolicy) => {
      const b = { ...p, branches: p.branches.map((x) => (x.status.kind === 'app' ? { ...x, status: { kind: 'fixed' as const, code: 500 } } : x)) };
      return headersFor(b, { method: 'GET', origin: 'https://app.example.com' });
    };
    assert.deepEqual(at500(inside), []);
    assert.deepEqual(at500(wrapped), ['access-control-allow-origin: https://app.example.com', 'vary: Origin']);
  });

  it('finds FastAPI(middleware=[Middleware(...)]), aliases, and options from a dict', () => {
    const result = analyse({
      'main.py': "from fastapi import FastAPI\nfrom starlette.middleware import Middleware\nfrom fastapi.middleware.cors import CORSMiddleware as Cors\nfrom settings import CORS\napp = FastAPI(middleware=[Middleware(Cors, **CORS)])\n",
      'settings.py': "CORS = {'allow_origins': ['https://app.example.com'], 'allow_methods': ['GET']}\n",
    }, ['main.py']);
    const p = onlyPolicy(result);
    assert.match(p.label, /FastAPI/);
    assert.equal(acao(p, 'https://app.example.com'), 'https://app.example.com');
    assert.equal(preflight(p, 'https://app.example.com', 'PUT').status, 400);
  });

  it('ignores a CORSMiddleware that is not the library one, and options computed at run time stay unknown', () => {
    assert.equal(analyse({ 'app.py': 'class CORSMiddleware:\n    pass\napp.add_middleware(CORSMiddleware, allow_origins=["*"])\n' }).policies.length, 0);
    const p = middleware('allow_origins=load_origins()');
    assert.match(String(acao(p, 'https://x.example')), /^\?/);
  });

  it('survives broken calls', () => {
    const result = analyse({ 'app.py': `${HEAD}app.add_middleware(CORSMiddleware, allow_origins=['https://a.example.com'\n` });
    assert.ok(result.findings.some((f) => /Syntax error/.test(f.message)));
    assert.doesNotThrow(() => analyse({ 'app.py': `${HEAD}app.add_middleware(CORSMiddleware, *, **)\nCORSMiddleware()\n` }));
  });
});
