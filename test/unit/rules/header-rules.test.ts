import * as assert from 'node:assert/strict';
import { ruleById } from '../../../server/src/rules/index';
import type { Rule } from '../../../server/src/rules/rule';
import { at, branch, echo, exact, header, policy, runRule, text, valueCase } from './support/policy-builder';

function rule(id: string): Rule {
  const r = ruleById(id);
  assert.ok(r, id);
  return r;
}

const summary = (id: string, ...policies: Parameters<typeof runRule>[1]) =>
  runRule(rule(id), policies).map((g) => [g.messageId, g.severity, g.line, g.fixes]);

describe('header rules on hand-built policies', () => {
  it('missing-vary-origin: fires on an origin-dependent value without Vary, not on a fixed one', () => {
    const picked = header('Access-Control-Allow-Origin', [valueCase([echo], exact('https://app.example.com')), valueCase([text('')])], 'always', at(5));
    assert.deepEqual(summary('missing-vary-origin', policy([branch([picked])])), [['missingVary', 'warning', 5, ['addVaryOrigin']]]);
    assert.deepEqual(summary('missing-vary-origin', policy([branch([picked, header('Vary', 'Accept-Encoding, Origin')])])), []);
    assert.deepEqual(summary('missing-vary-origin', policy([branch([header('Access-Control-Allow-Origin', 'https://app.example.com')])])), []);
  });

  it('missing-vary-origin: a branch chosen by an origin check depends on the Origin', () => {
    const acao = header('Access-Control-Allow-Origin', 'https://app.example.com', 'always', at(6));
    const p = policy([branch([acao], { when: { kind: 'origin', matcher: exact('https://app.example.com') } }), branch([])]);
    assert.deepEqual(summary('missing-vary-origin', p).map((s) => s[2]), [6]);
  });

  it('duplicate-cors-header: two copies on one response, identical ones removable safely', () => {
    const a = header('Access-Control-Allow-Origin', 'https://app.example.com', 'always', at(3));
    const b = header('Access-Control-Allow-Origin', 'https://app.example.com', 'always', at(4));
    const got = runRule(rule('duplicate-cors-header'), [policy([branch([a, b])])]);
    assert.deepEqual(got.map((g) => [g.messageId, g.line, g.data.otherLine, g.safe]), [['twice', 4, '4', [true]]]);
  });

  it('duplicate-cors-header: success-only copies on a fixed error status are never sent together', () => {
    const a = header('Access-Control-Allow-Origin', 'https://a.example.com', 'success');
    const b = header('Access-Control-Allow-Origin', 'https://a.example.com', 'success');
    assert.deepEqual(summary('duplicate-cors-header', policy([branch([a, b], { status: { kind: 'fixed', code: 404 } })])), []);
  });

  it('duplicate-cors-header: an upstream that may send its own copy', () => {
    const acao = header('Access-Control-Allow-Origin', 'https://app.example.com', 'always', at(8));
    const proxied = branch([acao], { status: { kind: 'upstream' }, passesUpstreamHeaders: { hidden: [], at: at(7) } });
    assert.deepEqual(summary('duplicate-cors-header', policy([proxied])), [['upstreamCopy', 'warning', 7, ['hideUpstreamHeader:Access-Control-Allow-Origin']]]);
    const hidden = branch([acao], { status: { kind: 'upstream' }, passesUpstreamHeaders: { hidden: ['access-control-allow-origin'], at: at(7) } });
    assert.deepEqual(summary('duplicate-cors-header', policy([hidden])), []);
  });

  it('headers-missing-on-error-responses: success-only headers on a path that can fail, not on a fixed 204', () => {
    const acao = header('Access-Control-Allow-Origin', 'https://app.example.com', 'success', at(3));
    assert.deepEqual(summary('headers-missing-on-error-responses', policy([branch([acao])])), [['successOnly', 'warning', 3, ['addAlways']]]);
    assert.deepEqual(summary('headers-missing-on-error-responses', policy([branch([acao], { status: { kind: 'fixed', code: 204 } })])), []);
  });

  it('add-header-inheritance: one finding per nested level, only for lost CORS headers', () => {
    const outer = header('Access-Control-Allow-Origin', 'https://app.example.com', 'always', at(2));
    const cache = header('Cache-Control', 'no-store', 'success', at(5));
    const because = at(5);
    const lossy = branch([cache], { droppedInherited: { headers: [outer, header('X-Frame-Options', 'DENY')], because } });
    assert.deepEqual(summary('add-header-inheritance', policy([lossy]), policy([lossy])), [['dropsInherited', 'error', 5, ['repeatInherited:Access-Control-Allow-Origin']]]);
    const harmless = branch([cache], { droppedInherited: { headers: [header('X-Frame-Options', 'DENY')], because } });
    assert.deepEqual(summary('add-header-inheritance', policy([harmless])), []);
    const replaced = branch([header('Access-Control-Allow-Origin', 'https://app.example.com')], { droppedInherited: { headers: [outer], because } });
    assert.deepEqual(summary('add-header-inheritance', policy([replaced])), []);
  });

  it('invalid-allow-credentials: false is removed safely, True is a suggestion', () => {
    const f = runRule(rule('invalid-allow-credentials'), [policy([branch([header('Access-Control-Allow-Credentials', 'false')])])]);
    assert.deepEqual(f.map((g) => [g.data.value, g.fixes, g.safe]), [['false', ['removeEmission', 'replaceValue:true'], [true, false]]]);
    const t = runRule(rule('invalid-allow-credentials'), [policy([branch([header('Access-Control-Allow-Credentials', 'True')])])]);
    assert.deepEqual(t.map((g) => [g.data.value, g.fixes, g.safe]), [['True', ['replaceValue:true', 'removeEmission'], [false, true]]]);
    assert.deepEqual(summary('invalid-allow-credentials', policy([branch([header('Access-Control-Allow-Credentials', 'true')])])), []);
  });

  it('max-age-capped: names the browsers that cap the value', () => {
    const run = (v: string) => runRule(rule('max-age-capped'), [policy([branch([header('Access-Control-Max-Age', v)])])]).map((g) => [g.messageId, g.data.browsers ?? '']);
    assert.deepEqual(run('600'), []);
    assert.deepEqual(run('3600'), [['capped', 'WebKit (600 s)']]);
    assert.deepEqual(run('7201'), [['capped', 'Chromium (7200 s) and WebKit (600 s)']]);
    assert.match(String(run('86401')[0][1]), /every browser/);
    assert.deepEqual(run('-1'), [['negative', '']]);
    assert.deepEqual(run('10m'), [['notANumber', '']]);
  });

  it('credentials-with-wildcard-list and wildcard-allow-headers-authorization split on credentials', () => {
    const acah = () => header('Access-Control-Allow-Headers', '*', 'always', at(4));
    const withCreds = policy([branch([header('Access-Control-Allow-Origin', 'https://app.example.com'), header('Access-Control-Allow-Credentials', 'true'), acah()])]);
    const without = policy([branch([header('Access-Control-Allow-Origin', '*'), acah()])]);
    assert.deepEqual(summary('credentials-with-wildcard-list', withCreds), [['literalStar', 'warning', 4, []]]);
    assert.deepEqual(summary('credentials-with-wildcard-list', without), []);
    assert.deepEqual(summary('wildcard-allow-headers-authorization', without), [['authorizationNotCovered', 'info', 4, ['replaceValue:*, Authorization']]]);
    assert.deepEqual(summary('wildcard-allow-headers-authorization', withCreds), []);
    const listed = policy([branch([header('Access-Control-Allow-Headers', '*, Authorization')])]);
    assert.deepEqual(summary('wildcard-allow-headers-authorization', listed), []);
  });

  it('invalid-origin-value: each problem has its own message; a trailing slash is fixed safely', () => {
    const run = (v: string) => runRule(rule('invalid-origin-value'), [policy([branch([header('Access-Control-Allow-Origin', v)])])]).map((g) => [g.messageId, g.fixes, g.safe]);
    assert.deepEqual(run('https://app.example.com/'), [['hasPath', ['replaceValue:https://app.example.com'], [true]]]);
    assert.deepEqual(run('app.example.com'), [['missingScheme', ['replaceValue:https://app.example.com'], [false]]]);
    assert.deepEqual(run('https://a.example.com https://b.example.com'), [['severalOrigins', ['allowlistOrigin:https://a.example.com,https://b.example.com'], [false]]]);
    assert.deepEqual(run('https://*.example.com').map((r) => r[0]), ['wildcardInside']);
    assert.deepEqual(run('https://app.example.com'), []);
    assert.deepEqual(run('*'), []);
  });

  it('preflight-not-2xx: a preflight to static files gets 405, an OPTIONS branch with 204 is fine', () => {
    const headers = () => [header('Access-Control-Allow-Origin', 'https://app.example.com'), header('Access-Control-Allow-Methods', 'GET, PUT')];
    const staticOnly = policy([branch(headers(), { status: { kind: 'static', at: at(11) } })]);
    const got = runRule(rule('preflight-not-2xx'), [staticOnly]);
    assert.deepEqual(got.map((g) => [g.messageId, g.line, g.data.status, g.data.origin]), [['status', 11, '405', 'https://app.example.com']]);
    const answered = policy([
      branch(headers(), { when: { kind: 'method', methods: ['OPTIONS'] }, status: { kind: 'fixed', code: 204 } }),
      branch(headers(), { status: { kind: 'static' } }),
    ]);
    assert.deepEqual(summary('preflight-not-2xx', answered), []);
    const publicFiles = policy([branch([header('Access-Control-Allow-Origin', '*')], { status: { kind: 'static' } })]);
    assert.deepEqual(summary('preflight-not-2xx', publicFiles), [], 'simple reads of public files need no preflight');
  });
});
