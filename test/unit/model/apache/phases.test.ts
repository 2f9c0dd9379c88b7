import * as assert from 'node:assert/strict';
import { parseExpr } from '../../../../server/src/model/apache/expr';
import { answer, DOCROOT, policyOf } from './helpers';

const APP = 'https://app.example.com';
const PREFLIGHT = { method: 'OPTIONS', origin: APP, headers: { 'access-control-request-method': 'PUT' } };

describe('Apache model: merge order of sections', () => {
  it('applies Directory (shortest first), then Files, then Location, then If', () => {
    const conf = `${DOCROOT}
<Location /api>
    Header always set Access-Control-Allow-Origin "https://loc.example.com"
    Header always set Access-Control-Max-Age "3"
</Location>
<Directory @ROOT@/htdocs/api>
    Header always set Access-Control-Allow-Origin "https://deep.example.com"
    Header always set Access-Control-Max-Age "2"
    Header always set Access-Control-Expose-Headers "X-Deep"
</Directory>
<Directory @ROOT@/htdocs>
    Header always set Access-Control-Max-Age "1"
    Header always set Access-Control-Expose-Headers "X-Top"
</Directory>
<Files "data.json">
    Header always set Access-Control-Expose-Headers "X-Files"
</Files>
<If "%{REQUEST_METHOD} == 'GET'">
    Header always set Access-Control-Max-Age "4"
</If>
`;
    const p = policyOf(conf, '/api/data.json');
    assert.deepEqual(answer(p, { method: 'GET', origin: APP }).lines, ['Access-Control-Max-Age: 4', 'Access-Control-Expose-Headers: X-Files', 'Access-Control-Allow-Origin: https://loc.example.com']);
    assert.deepEqual(answer(p, PREFLIGHT).lines, ['Access-Control-Max-Age: 3', 'Access-Control-Expose-Headers: X-Files', 'Access-Control-Allow-Origin: https://loc.example.com']);
  });

  it('does not let <Location /api> cover /apix', () => {
    const p = policyOf(`${DOCROOT}<Location /api>\n    Header always set Access-Control-Allow-Origin "*"\n</Location>\n`, '/apix/data.json');
    assert.deepEqual(answer(p, { method: 'GET', origin: APP }).lines, []);
  });
});

describe('Apache model: statuses', () => {
  it('answers a server-level RewriteRule [R=204] on the error path, before <Directory> applies', () => {
    const conf = `${DOCROOT}RewriteEngine On\nRewriteCond %{REQUEST_METHOD} OPTIONS\nRewriteRule ^/api/ - [R=204,L]\nHeader set Access-Control-Allow-Origin "${APP}"\nHeader always set Access-Control-Allow-Methods "GET, PUT"\n<Directory @ROOT@/htdocs/api>\n    Header always set Access-Control-Max-Age "600"\n</Directory>\n`;
    const p = policyOf(conf, '/api/data.json');
    assert.deepEqual(answer(p, PREFLIGHT), { status: 204, lines: ['Access-Control-Allow-Methods: GET, PUT'] });
    assert.deepEqual(answer(p, { method: 'GET', origin: APP }), { status: 200, lines: ['Access-Control-Allow-Methods: GET, PUT', 'Access-Control-Max-Age: 600', `Access-Control-Allow-Origin: ${APP}`] });
  });

  it('refuses with 401 before a preflight unless <LimitExcept OPTIONS> exempts it', () => {
    const auth = (inner: string): string => `${DOCROOT}Header always set Access-Control-Allow-Origin "${APP}"\n<Location /api>\n    AuthType Basic\n    AuthName api\n    AuthUserFile /dev/null\n${inner}\n</Location>\n`;
    assert.equal(answer(policyOf(auth('    Require valid-user'), '/api/data.json'), PREFLIGHT).status, 401);
    assert.equal(answer(policyOf(auth('    <LimitExcept OPTIONS>\n        Require valid-user\n    </LimitExcept>'), '/api/data.json'), PREFLIGHT).status, 200);
    assert.equal(answer(policyOf(auth('    <LimitExcept OPTIONS>\n        Require valid-user\n    </LimitExcept>'), '/api/data.json'), { method: 'GET', origin: APP }).status, 401);
    assert.equal(answer(policyOf(auth('    Require valid-user'), '/api/data.json'), { method: 'GET', origin: APP, headers: { authorization: 'Basic dTpw' } }).status, 200);
  });

  it('lets the most specific context with Require decide', () => {
    const conf = `DocumentRoot @ROOT@/htdocs\n<Directory />\n    Require all denied\n</Directory>\n<Directory @ROOT@/htdocs>\n    Require all granted\n</Directory>\n<Location /api>\n    Require all denied\n</Location>\nHeader always set Access-Control-Allow-Origin "*"\n`;
    assert.equal(answer(policyOf(conf, '/index.txt'), { method: 'GET', origin: APP }).status, 200);
    assert.deepEqual(answer(policyOf(conf, '/api/data.json'), PREFLIGHT), { status: 403, lines: ['Access-Control-Allow-Origin: *'] });
  });
});

describe('Apache model: .htaccess and modules', () => {
  const HT = { 'htdocs/api/.htaccess': 'Header always set Access-Control-Allow-Origin "*"\n' };
  it('applies a .htaccess only where AllowOverride lets it', () => {
    const allowed = `DocumentRoot @ROOT@/htdocs\n<Directory @ROOT@/htdocs>\n    Require all granted\n    AllowOverride FileInfo\n</Directory>\n`;
    assert.deepEqual(answer(policyOf(allowed, '/api/data.json', HT), { method: 'GET', origin: APP }).lines, ['Access-Control-Allow-Origin: *']);
    assert.deepEqual(answer(policyOf(DOCROOT, '/api/data.json', HT), { method: 'GET', origin: APP }).lines, []);
  });

  it('skips <IfModule mod_headers.c> when a whole configuration does not load it', () => {
    const conf = `LoadModule authz_core_module /usr/lib/apache2/modules/mod_authz_core.so\n${DOCROOT}<IfModule mod_headers.c>\n    Header always set Access-Control-Allow-Origin "*"\n</IfModule>\n`;
    assert.deepEqual(answer(policyOf(conf, '/api/data.json'), { method: 'GET', origin: APP }).lines, []);
    const loaded = conf.replace('\n', '\nLoadModule headers_module /usr/lib/apache2/modules/mod_headers.so\n');
    assert.deepEqual(answer(policyOf(loaded, '/api/data.json'), { method: 'GET', origin: APP }).lines, ['Access-Control-Allow-Origin: *']);
  });
});

describe('Apache model: ap_expr', () => {
  it('reads method, Origin and header tests, and leaves the rest opaque', () => {
    assert.deepEqual(parseExpr("%{REQUEST_METHOD} in {'GET', 'HEAD'}"), { k: 'method', methods: ['GET', 'HEAD'] });
    assert.deepEqual(parseExpr('%{HTTP:Origin} =~ m#^https://a\\.example$#i'), { k: 'origin-re', pattern: '^https://a\\.example$', ci: true });
    assert.deepEqual(parseExpr("-n %{HTTP:Access-Control-Request-Method} && ! (req('Origin') == 'null')"), {
      k: 'and',
      a: { k: 'header', name: 'access-control-request-method', as: 'Access-Control-Request-Method' },
      b: { k: 'not', c: { k: 'origin-eq', value: 'null', ci: false } },
    });
    assert.equal(parseExpr('%{TIME_HOUR} -gt 12').k, 'opaque');
  });
});
