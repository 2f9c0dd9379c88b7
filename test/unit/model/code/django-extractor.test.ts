import * as assert from 'node:assert/strict';
import type { CorsPolicy } from '../../../../server/src/model/cors-policy';
import { predict } from '../../../../server/src/model/predict';
import { acao, analyse, headersFor, onlyPolicy, ready } from './js/support';

const MIDDLEWARE = "MIDDLEWARE = ['corsheaders.middleware.CorsMiddleware']\n";

function settings(body: string, extra: Record<string, string> = {}): CorsPolicy {
  return onlyPolicy(analyse({ 'settings.py': MIDDLEWARE + body, ...extra }));
}

describe('Django with django-cors-headers', () => {
  before(ready);

  it('3.14 sends Allow-Credentials to refused origins too; 4.3+ only to allowed ones', () => {
    const body = "CORS_ALLOWED_ORIGINS = ['https://app.example.com']\nCORS_ALLOW_CREDENTIALS = True\n";
    const old = settings(body, { 'requirements.txt': 'Django==3.2\ndjango-cors-headers==3.14.0\n' });
    assert.deepEqual(headersFor(old, { method: 'GET', origin: 'https://evil.example' }), ['access-control-allow-credentials: true', 'vary: Origin']);
    const current = settings(body);
    assert.match(current.label, /not pinned/);
    assert.deepEqual(headersFor(current, { method: 'GET', origin: 'https://evil.example' }), ['vary: Origin']);
    assert.deepEqual(headersFor(current, { method: 'GET', origin: 'https://app.example.com' }), [
      'access-control-allow-credentials: true',
      'access-control-allow-origin: https://app.example.com',
      'vary: Origin',
    ]);
  });

  it('reads the version from poetry.lock, and the default header list changed in 4.0', () => {
    const v3 = settings("CORS_ALLOW_ALL_ORIGINS = True\n", { 'poetry.lock': '[[package]]\nname = "django-cors-headers"\nversion = "3.13.0"\n' });
    const v4 = settings("CORS_ALLOW_ALL_ORIGINS = True\n", { 'poetry.lock': '[[package]]\nname = "django-cors-headers"\nversion = "4.0.0"\n' });
    const allowHeaders = (p: CorsPolicy) => headersFor(p, { method: 'OPTIONS', origin: 'https://x.example', headers: { 'access-control-request-method': 'PUT' } }).find((h) => h.startsWith('access-control-allow-headers'));
    assert.equal(allowHeaders(v3), 'access-control-allow-headers: accept, accept-encoding, authorization, content-type, dnt, origin, user-agent, x-csrftoken, x-requested-with');
    assert.equal(allowHeaders(v4), 'access-control-allow-headers: accept, authorization, content-type, user-agent, x-csrftoken, x-requested-with');
    assert.equal(predict(v4, { method: 'OPTIONS', origin: 'https://x.example', headers: { 'access-control-request-method': 'PUT' } }).status, 200);
  });

  it('all origins with credentials echoes any origin, null included; without credentials sends *', () => {
    const echo = settings('CORS_ORIGIN_ALLOW_ALL = True\nCORS_ALLOW_CREDENTIALS = True\n');
    assert.equal(acao(echo, 'null'), 'null');
    assert.equal(acao(echo, 'https://evil.example'), 'https://evil.example');
    assert.equal(acao(settings('CORS_ALLOW_ALL_ORIGINS = True\n'), 'https://evil.example'), '*');
  });

  it('compares scheme and host:port of list entries, so a trailing slash on the entry still matches', () => {
    const p = settings("CORS_ORIGIN_WHITELIST = ('https://app.example.com/', 'HTTPS://b.example.com:8443')\n");
    assert.equal(acao(p, 'https://app.example.com'), 'https://app.example.com');
    assert.equal(acao(p, 'https://b.example.com:8443'), 'https://b.example.com:8443');
    assert.equal(acao(p, 'http://app.example.com'), undefined);
    assert.equal(acao(p, 'https://b.example.com'), undefined);
  });

  it('applies regexes with re.match: anchored at the start only', () => {
    const p = settings("import re\nCORS_ALLOWED_ORIGIN_REGEXES = [r'https://\\w+\\.example\\.com', re.compile(r'^https://PARTNER\\.net$', re.I)]\n");
    assert.equal(acao(p, 'https://app.example.com.evil.net'), 'https://app.example.com.evil.net');
    assert.equal(acao(p, 'https://evil.net/https://app.example.com'), undefined);
    assert.equal(acao(p, 'https://partner.net'), 'https://partner.net');
  });

  it('follows settings split over modules: star imports, += and the corsheaders defaults', () => {
    const result = analyse({
      'config/settings/production.py': "from .base import *\nfrom corsheaders.defaults import default_headers\nCORS_ALLOWED_ORIGINS += ['https://admin.example.com']\nCORS_ALLOW_HEADERS = (*default_headers, 'x-tenant')\n",
      'config/settings/base.py': MIDDLEWARE + "CORS_ALLOWED_ORIGINS = ['https://app.example.com']\n",
      'config/settings/__init__.py': '',
      'config/__init__.py': '',
    });
    const p = onlyPolicy(result);
    assert.equal(acao(p, 'https://admin.example.com'), 'https://admin.example.com');
    assert.equal(acao(p, 'https://app.example.com'), 'https://app.example.com');
    const pre = headersFor(p, { method: 'OPTIONS', origin: 'https://app.example.com', headers: { 'access-control-request-method': 'PUT' } });
    assert.ok(pre.includes('access-control-allow-headers: accept, authorization, content-type, user-agent, x-csrftoken, x-requested-with, x-tenant'), pre.join('\n'));
  });

  it('takes the default of an environment variable the settings read', () => {
    const p = settings("import os\nCORS_ALLOWED_ORIGINS = os.environ.get('CORS_ORIGINS', 'https://a.example.com,https://b.example.com').split(',')\n");
    assert.equal(acao(p, 'https://b.example.com'), 'https://b.example.com');
  });

  it('follows insert, append and extend on list settings, and django-environ defaults', () => {
    const p = onlyPolicy(analyse({
      'settings.py': "import environ\nenv = environ.Env()\nMIDDLEWARE = ['django.middleware.common.CommonMiddleware']\nMIDDLEWARE.insert(0, 'corsheaders.middleware.CorsMiddleware')\nCORS_ALLOWED_ORIGINS = env.list('CORS_ALLOWED_ORIGINS', default=['https://a.example.com'])\nCORS_ALLOWED_ORIGINS.append('https://b.example.com')\nCORS_ALLOWED_ORIGINS.extend(['https://c.example.com'])\nCORS_ALLOW_CREDENTIALS = env.bool('CORS_CREDENTIALS', default=True)\n",
    }));
    for (const o of ['https://a.example.com', 'https://b.example.com', 'https://c.example.com']) assert.equal(acao(p, o), o);
    assert.ok(headersFor(p, { method: 'GET', origin: 'https://a.example.com' }).includes('access-control-allow-credentials: true'));
    assert.equal(acao(p, 'https://d.example.com'), undefined);
  });

  it('follows the branch of an if the settings decide, and keeps both when the environment decides', () => {
    const body = "if DEBUG:\n    CORS_ALLOW_ALL_ORIGINS = True\nelse:\n    CORS_ALLOWED_ORIGINS = ['https://app.example.com']\n";
    const off = settings(`DEBUG = False\n${body}`);
    assert.equal(acao(off, 'https://evil.example'), undefined);
    assert.equal(acao(off, 'https://app.example.com'), 'https://app.example.com');
    assert.equal(acao(settings(`DEBUG = True\n${body}`), 'https://evil.example'), '*');
    assert.equal(acao(settings(`import os\nDEBUG = os.environ.get('DEBUG') == '1'\n${body}`), 'https://evil.example'), '*');
  });

  it('without CorsMiddleware in MIDDLEWARE the settings send nothing', () => {
    const p = onlyPolicy(analyse({ 'settings.py': "MIDDLEWARE = ['django.middleware.common.CommonMiddleware']\nCORS_ALLOW_ALL_ORIGINS = True\n" }));
    assert.deepEqual(headersFor(p, { method: 'GET', origin: 'https://x.example' }), []);
    assert.match(p.label, /not in MIDDLEWARE/);
  });

  it('a check_request_enabled receiver that depends on the request makes refused origins undecidable, not refused', () => {
    const p = settings("CORS_ALLOWED_ORIGINS = ['https://app.example.com']\nfrom corsheaders.signals import check_request_enabled\ncheck_request_enabled.connect(lambda sender, request, **kw: request.path.startswith('/api/'))\n");
    assert.equal(acao(p, 'https://app.example.com'), 'https://app.example.com');
    assert.match(String(acao(p, 'https://other.example')), /^\?/);
  });

  it('a receiver that always answers true echoes every origin; one that answers false changes nothing', () => {
    const always = settings("from corsheaders.signals import check_request_enabled\nfrom django.dispatch import receiver\n@receiver(check_request_enabled)\ndef cors_everywhere(sender, request, **kwargs):\n    return True\n");
    assert.equal(acao(always, 'https://evil.example'), 'https://evil.example');
    const never = settings("CORS_ALLOWED_ORIGINS = ['https://app.example.com']\nfrom corsheaders.signals import check_request_enabled\ndef off(sender, request, **kw):\n    return False\ncheck_request_enabled.connect(off)\n");
    assert.equal(acao(never, 'https://evil.example'), undefined);
  });

  it('answers 200 to any OPTIONS with Access-Control-Request-Method, before the view, Origin or not', () => {
    const p = settings("CORS_ALLOWED_ORIGINS = ['https://app.example.com']\n");
    for (const origin of [undefined, 'https://evil.example', 'https://app.example.com']) {
      assert.equal(predict(p, { method: 'OPTIONS', origin, headers: { 'access-control-request-method': 'DELETE' } }).status, 200);
    }
    assert.equal(predict(p, { method: 'OPTIONS', origin: 'https://app.example.com' }).status, 'app');
  });

  it('4.0+ answers a private-network preflight only for allowed origins', () => {
    const p = settings("CORS_ALLOWED_ORIGINS = ['https://app.example.com']\nCORS_ALLOW_PRIVATE_NETWORK = True\n");
    const ask = { 'access-control-request-method': 'GET', 'access-control-request-private-network': 'true' };
    assert.ok(headersFor(p, { method: 'OPTIONS', origin: 'https://app.example.com', headers: ask }).includes('access-control-allow-private-network: true'));
    assert.ok(!headersFor(p, { method: 'OPTIONS', origin: 'https://evil.example', headers: ask }).some((h) => h.includes('private-network')));
  });

  it('survives broken and odd settings modules', () => {
    const broken = analyse({ 'settings.py': MIDDLEWARE + "CORS_ALLOWED_ORIGINS = ['https://a.example.com',\nCORS_ALLOW_CREDENTIALS = (\n" });
    assert.ok(broken.findings.some((f) => f.ruleId === 'syntax-error' || /Syntax error/.test(f.message)));
    const cyclic = analyse({ 'a.py': MIDDLEWARE + 'from .b import *\nCORS_ALLOWED_ORIGINS = X\n', 'b.py': 'from .a import *\nX = X\n', '__init__.py': '' });
    assert.equal(cyclic.policies.length, 1);
    const big = MIDDLEWARE + `CORS_ALLOWED_ORIGINS = [${Array.from({ length: 5000 }, (_, i) => `'https://h${i}.example.com'`).join(', ')}]\n`;
    const started = Date.now();
    const p = onlyPolicy(analyse({ 'settings.py': big }));
    assert.equal(acao(p, 'https://h4999.example.com'), 'https://h4999.example.com');
    assert.ok(Date.now() - started < 20_000);
  });
});
