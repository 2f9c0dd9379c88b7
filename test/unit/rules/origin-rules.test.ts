import * as assert from 'node:assert/strict';
import { ruleById } from '../../../server/src/rules/index';
import type { Rule } from '../../../server/src/rules/rule';
import { at, branch, echo, exact, header, policy, regex, runRule, text, valueCase } from './support/policy-builder';

function rule(id: string): Rule {
  const r = ruleById(id);
  assert.ok(r, id);
  return r;
}

const credentials = () => header('Access-Control-Allow-Credentials', 'true');
const vary = () => header('Vary', 'Origin');

describe('origin rules on hand-built policies', () => {
  describe('reflected-origin', () => {
    it('ignores an echo on a fixed error answer (the attacker reads only the 403 page)', () => {
      const acao = header('Access-Control-Allow-Origin', [valueCase([echo])]);
      const p = policy([
        branch([acao, vary()], { when: { kind: 'not', cond: { kind: 'origin', matcher: regex('^https://app\\.example\\.com$') } }, status: { kind: 'fixed', code: 403 } }),
        branch([acao, vary()]),
      ]);
      assert.deepEqual(runRule(rule('reflected-origin'), [p]), []);
    });

    it('is an error with credentials, naming the attacking origin', () => {
      const p = policy([branch([header('Access-Control-Allow-Origin', [valueCase([echo], { kind: 'any' }, at(7))]), credentials(), vary()])]);
      const got = runRule(rule('reflected-origin'), [p], ['https://app.example.com']);
      assert.deepEqual(got.map((g) => [g.messageId, g.severity, g.line, g.data.origin, g.fixes]), [
        ['withCredentials', 'error', 7, 'https://evil.example', ['allowlistOrigin:https://app.example.com']],
      ]);
    });

    it('is info without credentials', () => {
      const p = policy([branch([header('Access-Control-Allow-Origin', [valueCase([echo])]), vary()])]);
      assert.deepEqual(runRule(rule('reflected-origin'), [p]).map((g) => [g.messageId, g.severity]), [['withoutCredentials', 'info']]);
    });

    it('stays silent when only listed origins are echoed', () => {
      const acao = header('Access-Control-Allow-Origin', [valueCase([echo], exact('https://app.example.com')), valueCase([text('')])]);
      assert.deepEqual(runRule(rule('reflected-origin'), [policy([branch([acao, credentials(), vary()])])]), []);
    });

    it('reports a construct shared by paths with and without credentials once, at its worst', () => {
      const shared = header('Access-Control-Allow-Origin', [valueCase([echo], { kind: 'any' }, at(3))]);
      const paths = [policy([branch([shared, vary()])]), policy([branch([shared, credentials(), vary()])]), policy([branch([shared, vary()])])];
      assert.deepEqual(runRule(rule('reflected-origin'), paths).map((g) => [g.messageId, g.severity]), [['withCredentials', 'error']]);
    });

    it('reports a construct shared by many paths once', () => {
      const shared = header('Access-Control-Allow-Origin', [valueCase([echo], { kind: 'any' }, at(3))]);
      const paths = [policy([branch([shared, credentials()])]), policy([branch([shared, credentials()])])];
      assert.equal(runRule(rule('reflected-origin'), paths).length, 1);
    });
  });

  describe('permissive-origin-pattern', () => {
    it('names an origin that gets through an unescaped dot, and offers the escaped pattern', () => {
      const m = regex('^https://app.example.com$', at(4));
      const p = policy([branch([header('Access-Control-Allow-Origin', [valueCase([echo], m), valueCase([text('')])]), credentials(), vary()])]);
      const [got, ...rest] = runRule(rule('permissive-origin-pattern'), [p]);
      assert.deepEqual(rest, []);
      assert.equal(got.severity, 'error');
      assert.equal(got.line, 4);
      assert.match(got.data.attackOrigin, /^https:\/\/app.example.com$/);
      assert.notEqual(got.data.attackOrigin, 'https://app.example.com');
      assert.deepEqual(got.fixes, ['replacePattern:^https://app\\.example\\.com$']);
    });

    it('is a warning without credentials', () => {
      const m = regex('example\\.com$');
      const p = policy([branch([header('Access-Control-Allow-Origin', [valueCase([echo], m)]), vary()])]);
      assert.deepEqual([...new Set(runRule(rule('permissive-origin-pattern'), [p]).map((g) => g.severity))], ['warning']);
    });

    it('stays silent on an anchored, escaped pattern', () => {
      const m = regex('^https://app\\.example\\.com$');
      const p = policy([branch([header('Access-Control-Allow-Origin', [valueCase([echo], m)]), credentials(), vary()])]);
      assert.deepEqual(runRule(rule('permissive-origin-pattern'), [p]), []);
    });

    it('ignores a loose pattern whose value is a fixed origin (the attacker does not get its own origin)', () => {
      const m = regex('example\\.com');
      const p = policy([branch([header('Access-Control-Allow-Origin', [valueCase([text('https://app.example.com')], m)]), credentials(), vary()])]);
      assert.deepEqual(runRule(rule('permissive-origin-pattern'), [p]), []);
    });
  });

  describe('null-origin-allowed', () => {
    it('fires on an explicit null entry, at that entry', () => {
      const acao = header('Access-Control-Allow-Origin', [valueCase([echo], exact('https://app.example.com')), valueCase([echo], exact('null'), at(9))]);
      const got = runRule(rule('null-origin-allowed'), [policy([branch([acao, credentials(), vary()])])]);
      assert.deepEqual(got.map((g) => [g.messageId, g.severity, g.line]), [['withCredentials', 'error', 9]]);
    });

    it('leaves echo-everything to reflected-origin', () => {
      const p = policy([branch([header('Access-Control-Allow-Origin', [valueCase([echo])]), credentials()])]);
      assert.deepEqual(runRule(rule('null-origin-allowed'), [p]), []);
    });
  });

  describe('credentials-with-wildcard-origin', () => {
    it('offers dropping credentials (safe) and an allowlist', () => {
      const p = policy([branch([header('Access-Control-Allow-Origin', '*'), credentials()])]);
      const got = runRule(rule('credentials-with-wildcard-origin'), [p]);
      assert.deepEqual(got.map((g) => [g.messageId, g.fixes, g.safe]), [
        ['wildcardWithCredentials', ['removeEmission', 'allowlistOrigin:'], [true, false]],
      ]);
    });

    it('reports a framework that throws at start-up for the combination, at the note', () => {
      const p = { ...policy([branch([])]), notes: [{ kind: 'throws-at-startup' as const, message: 'allowedOrigins("*") with credentials throws at start-up.', at: at(21) }] };
      assert.deepEqual(runRule(rule('credentials-with-wildcard-origin'), [p]).map((g) => [g.messageId, g.line, g.data.message]), [
        ['throwsAtStartup', 21, 'allowedOrigins("*") with credentials throws at start-up.'],
      ]);
    });

    it('stays silent on `*` for public data', () => {
      assert.deepEqual(runRule(rule('credentials-with-wildcard-origin'), [policy([branch([header('Access-Control-Allow-Origin', '*')])])]), []);
    });
  });

  describe('insecure-origin-scheme', () => {
    it('fires on a literal http origin and stays quiet for localhost', () => {
      const bad = policy([branch([header('Access-Control-Allow-Origin', 'http://app.example.com')])]);
      const dev = policy([branch([header('Access-Control-Allow-Origin', 'http://localhost:3000')])]);
      assert.deepEqual(runRule(rule('insecure-origin-scheme'), [bad]).map((g) => [g.messageId, g.data.origin]), [['withoutCredentials', 'http://app.example.com']]);
      assert.deepEqual(runRule(rule('insecure-origin-scheme'), [dev]), []);
    });
  });

  describe('any-subdomain-trusted', () => {
    it('fires on a pattern for every subdomain', () => {
      const m = regex('^https://[a-z0-9-]+\\.example\\.com$');
      const p = policy([branch([header('Access-Control-Allow-Origin', [valueCase([echo], m)]), vary()])]);
      const got = runRule(rule('any-subdomain-trusted'), [p]);
      assert.equal(got.length, 1);
      assert.equal(got[0].data.domain, 'example.com');
    });
  });

  describe('permissive-private-network-access', () => {
    it('fires when every origin gets Allow-Private-Network', () => {
      const p = policy([
        branch([header('Access-Control-Allow-Origin', [valueCase([echo])]), header('Access-Control-Allow-Private-Network', 'true', 'always', at(12)), vary()], {
          status: { kind: 'fixed', code: 204 },
        }),
      ]);
      assert.deepEqual(runRule(rule('permissive-private-network-access'), [p]).map((g) => [g.line, g.data.origin]), [[12, 'https://evil.example']]);
    });

    it('stays silent for an allowlist, and where the preflight fails anyway', () => {
      const acao = header('Access-Control-Allow-Origin', [valueCase([echo], exact('https://app.example.com'))]);
      const p = policy([branch([acao, header('Access-Control-Allow-Private-Network', 'true'), vary()], { status: { kind: 'fixed', code: 204 } })]);
      const refused = policy([branch([header('Access-Control-Allow-Origin', [valueCase([echo])]), header('Access-Control-Allow-Private-Network', 'true')])]);
      assert.deepEqual(runRule(rule('permissive-private-network-access'), [refused]), []);
      assert.deepEqual(runRule(rule('permissive-private-network-access'), [p]), []);
    });
  });
});
