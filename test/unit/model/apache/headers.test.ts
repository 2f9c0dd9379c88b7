import * as assert from 'node:assert/strict';
import { answer, DOCROOT, policyOf } from './helpers';

const APP = 'https://app.example.com';

describe('Apache model: the two header tables', () => {
  it('sends a header in both tables twice, and only the always one on an error', () => {
    const p = policyOf(`${DOCROOT}Header always set Access-Control-Allow-Origin "${APP}"\nHeader set Access-Control-Allow-Origin "${APP}"\n`, '/api/data.json');
    assert.deepEqual(answer(p, { method: 'GET', origin: APP }), { status: 200, lines: [`Access-Control-Allow-Origin: ${APP}`, `Access-Control-Allow-Origin: ${APP}`] });
    const missing = policyOf(`${DOCROOT}Header always set Access-Control-Allow-Origin "${APP}"\nHeader set Access-Control-Allow-Origin "${APP}"\n`, '/api/nope.json');
    assert.deepEqual(answer(missing, { method: 'GET', origin: APP }), { status: 404, lines: [`Access-Control-Allow-Origin: ${APP}`] });
  });

  it('answers OPTIONS with 200 whether the file exists or not, and other methods with 405 on the error path', () => {
    const conf = `${DOCROOT}Header set Access-Control-Allow-Methods "GET"\nHeader always set Access-Control-Max-Age "60"\n`;
    assert.deepEqual(answer(policyOf(conf, '/api/nope.json'), { method: 'OPTIONS', origin: APP }), { status: 200, lines: ['Access-Control-Max-Age: 60', 'Access-Control-Allow-Methods: GET'] });
    assert.deepEqual(answer(policyOf(conf, '/api/data.json'), { method: 'PUT', origin: APP }), { status: 405, lines: ['Access-Control-Max-Age: 60'] });
  });

  it('renders an unset variable as (null), as mod_headers does', () => {
    const p = policyOf(`${DOCROOT}Header always set Access-Control-Allow-Origin "%{NOPE}e"\n`, '/api/data.json');
    assert.deepEqual(answer(p, { method: 'GET', origin: APP }).lines, ['Access-Control-Allow-Origin: (null)']);
  });

  it('does not take %{Origin}i for the Origin: %i is the idle percentage', () => {
    const p = policyOf(`${DOCROOT}Header always set Access-Control-Allow-Origin "%{Origin}i"\n`, '/api/data.json');
    const acao = p.branches[0].headers[0];
    assert.ok(acao.value.cases[0].parts.some((x) => x.kind === 'unknown'));
    assert.ok(!acao.value.cases[0].parts.some((x) => x.kind === 'origin'));
  });

  it('joins Vary lines the way core does before sending', () => {
    const p = policyOf(`${DOCROOT}Header always set Vary "Accept-Encoding"\nHeader always merge Vary "Origin"\nHeader always merge Vary "accept-encoding"\n`, '/api/data.json');
    assert.deepEqual(answer(p, { method: 'GET', origin: APP }).lines, ['Vary: Accept-Encoding,Origin']);
  });

  it('keeps the earlier value where a conditional set does not apply', () => {
    const conf = `${DOCROOT}Header always set Access-Control-Allow-Origin "https://www.example.com"\nHeader always set Access-Control-Allow-Origin "${APP}" "expr=%{HTTP:Origin} == '${APP}'"\n`;
    const p = policyOf(conf, '/api/data.json');
    assert.deepEqual(answer(p, { method: 'GET', origin: APP }).lines, [`Access-Control-Allow-Origin: ${APP}`, 'Vary: Origin']);
    assert.deepEqual(answer(p, { method: 'GET', origin: 'https://evil.example' }).lines, ['Access-Control-Allow-Origin: https://www.example.com', 'Vary: Origin']);
  });
});

describe('Apache model: environment variables from the Origin', () => {
  it('echoes the capture SetEnvIf took, not the whole Origin', () => {
    const conf = `${DOCROOT}SetEnvIfNoCase Origin "^https://([a-z]+)\\.example\\.com$" SUB=$1\nHeader always set Access-Control-Allow-Origin "https://%{SUB}e.example.com" env=SUB\n`;
    const p = policyOf(conf, '/api/data.json');
    assert.deepEqual(answer(p, { method: 'GET', origin: 'https://APP.example.com' }).lines, ['Access-Control-Allow-Origin: https://APP.example.com']);
    assert.deepEqual(answer(p, { method: 'GET', origin: 'https://a-b.example.com' }).lines, []);
  });

  it('follows RewriteRule E= flags with %N groups of an Origin condition', () => {
    const conf = `${DOCROOT}RewriteEngine On\nRewriteCond %{HTTP:Origin} ^https://(app|admin)\\.example\\.com$\nRewriteRule .* - [E=FROM:%{HTTP:Origin},E=SUB:%1]\nHeader always set Access-Control-Allow-Origin "%{FROM}e" env=FROM\nHeader always set Access-Control-Expose-Headers "X-%{SUB}e" env=SUB\n`;
    const p = policyOf(conf, '/api/data.json');
    assert.deepEqual(answer(p, { method: 'GET', origin: 'https://admin.example.com' }).lines, ['Access-Control-Allow-Origin: https://admin.example.com', 'Access-Control-Expose-Headers: X-admin', 'Vary: Origin']);
    assert.deepEqual(answer(p, { method: 'GET', origin: 'https://evil.example' }).lines, []);
  });
});
