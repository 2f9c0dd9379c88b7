import * as assert from 'node:assert/strict';
import { readDependencyVersions } from '../../../../server/src/model/code/dependency-versions';
import { createNodeFileHost } from '../../../../server/src/engine/node-file-host';
import { rackPathPattern } from '../../../../server/src/model/code/ruby/rack-paths';
import { acao, analyse, headersFor, ready, ROOT } from './js/support';

const rack = (body: string) => `require 'rack/cors'\nuse Rack::Cors do\n  allow do\n${body}\n  end\nend\nrun App\n`;

describe('rack-cors (1.1.1) model', function () {
  this.timeout(60_000);
  before(ready);

  it('a config.ru and a Rails initializer are read alike', () => {
    const ru = analyse({ 'config.ru': rack("    origins 'https://a.example.com'\n    resource '/api/*', methods: [:get]") });
    const init = analyse({ 'config/initializers/cors.rb': "Rails.application.config.middleware.insert_before 0, Rack::Cors do\n  allow do\n    origins 'https://a.example.com'\n    resource '/api/*', methods: [:get]\n  end\nend\n" });
    for (const r of [ru, init]) {
      assert.equal(r.policies.length, 1);
      assert.equal(acao(r.policies[0], 'https://a.example.com'), 'https://a.example.com');
      assert.equal(acao(r.policies[0], 'https://b.example.com'), undefined);
    }
  });

  it('config/application.rb inside the Application class is read too', () => {
    const r = analyse({ 'config/application.rb': "module Shop\n  class Application < Rails::Application\n    config.middleware.insert_before 0, 'Rack::Cors' do\n      allow do\n        origins 'https://a.example.com'\n        resource '*', methods: [:get], max_age: 600\n      end\n    end\n  end\nend\n" });
    assert.equal(acao(r.policies[0], 'https://a.example.com'), 'https://a.example.com');
  });

  it('a bare host admits any scheme, an https:// string only itself', () => {
    const p = analyse({ 'config.ru': rack("    origins 'a.example.com', 'https://b.example.com'\n    resource '*'") }).policies[0];
    assert.equal(acao(p, 'http://a.example.com'), 'http://a.example.com');
    assert.equal(acao(p, 'ftp://a.example.com'), 'ftp://a.example.com');
    assert.equal(acao(p, 'https://a.example.com.evil.net'), undefined);
    assert.equal(acao(p, 'http://b.example.com'), undefined);
  });

  it('regexes match unanchored, blocks decide by their last expression', () => {
    const p = analyse({ 'config.ru': rack("    origins /example\\.com/, proc { |o, _e| o.start_with?('https://partner.') }\n    resource '*'") }).policies[0];
    assert.equal(acao(p, 'https://example.com.evil.net'), 'https://example.com.evil.net');
    assert.equal(acao(p, 'https://partner.evil.net'), 'https://partner.evil.net');
    assert.equal(acao(p, 'https://other.net'), undefined);
  });

  it("origins '*' sends * and never credentials; with credentials: true it raises at start-up", () => {
    const open = analyse({ 'config.ru': rack("    origins '*'\n    resource '*', credentials: false") }).policies[0];
    assert.equal(acao(open, 'https://x.example'), '*');
    const broken = analyse({ 'config.ru': rack("    origins '*'\n    resource '*', credentials: true") });
    assert.ok(broken.policies[0].notes?.some((n) => n.kind === 'throws-at-startup'));
    assert.ok(broken.findings.some((f) => f.ruleId === 'credentials-with-wildcard-origin' && f.messageId === 'throwsAtStartup'));
  });

  it('preflights are answered 200 by the middleware, with headers only for listed methods and headers', () => {
    const p = analyse({ 'config.ru': rack("    origins 'https://a.example.com'\n    resource '/api/*', methods: [:get, 'PUT'], headers: ['X-Token']") }).policies[0];
    const pre = (method: string, headers?: string) => ({ method: 'OPTIONS', origin: 'https://a.example.com', headers: { 'access-control-request-method': method, ...(headers ? { 'access-control-request-headers': headers } : {}) } });
    assert.deepEqual(headersFor(p, pre('GET', 'x-token')), ['access-control-allow-headers: x-token', 'access-control-allow-methods: GET, PUT', 'access-control-allow-origin: https://a.example.com', 'access-control-max-age: 7200']);
    // 'PUT' written upper-case never matches: the requested method is compared down-cased.
    assert.deepEqual(headersFor(p, pre('PUT')), []);
    assert.deepEqual(headersFor(p, pre('GET', 'x-other')), []);
  });

  it('Vary: Origin on app responses of a matching path, also without an Origin', () => {
    const p = analyse({ 'config.ru': rack("    origins 'https://a.example.com'\n    resource '/api/*'") }).policies[0];
    assert.deepEqual(headersFor(p, { method: 'GET' }), ['vary: Origin']);
  });

  it('the path patterns compile as rack-cors compiles them', () => {
    const re = rackPathPattern('/api/*')!;
    assert.ok(re.test('/api') && re.test('/api/x/y') && re.test('/apifoo'));
    assert.ok(!re.test('/other'));
    assert.ok(rackPathPattern('/users/:id.json')!.test('/users/7.json'));
    assert.ok(!rackPathPattern('/users/:id.json')!.test('/users/7xjson'));
  });

  it('ENV.fetch defaults are used and noted as depending on the environment', () => {
    const r = analyse({ 'config.ru': "ORIGINS = ENV.fetch('CORS_ORIGINS', 'https://a.example.com,https://b.example.com').split(',')\n" + rack('    origins ORIGINS\n    resource "*"') });
    assert.equal(acao(r.policies[0], 'https://b.example.com'), 'https://b.example.com');
    assert.ok(r.policies[0].notes?.some((n) => n.kind === 'depends-on-environment' && n.message.includes('CORS_ORIGINS')));
  });

  it('versions come from Gemfile.lock', () => {
    const overlay = new Map([[`${ROOT}/Gemfile.lock`, 'GEM\n  remote: https://rubygems.org/\n  specs:\n    rack (2.2.8)\n    rack-cors (1.1.1)\n      rack (>= 2.0.0)\n\nPLATFORMS\n  ruby\n']]);
    const versions = readDependencyVersions(`${ROOT}/config`, createNodeFileHost({ overlay }));
    assert.equal(versions.get('rack-cors')?.version, '1.1.1');
    assert.equal(versions.get('rack')?.version, '2.2.8');
  });
});

describe('rack-cors on bad input', function () {
  this.timeout(120_000);
  before(ready);

  it('a syntax error is reported and the readable set-up is still checked', () => {
    const r = analyse({ 'config.ru': rack("    origins { |o, _| true }\n    resource '*', credentials: true, max_age: 600\n    def broken(") });
    const ids = r.findings.map((f) => f.ruleId);
    assert.ok(ids.includes('syntax-error'), ids.join(', '));
  });

  it('odd shapes give nothing or a clear answer, never a crash', () => {
    for (const body of ['    origins', '    origins *nil', '    resource', "    origins(*[[['https://a.example.com']]])\n    resource '*'", '    origins { |o| o =~ }', "    origins method(:check)\n    resource '*'"]) {
      const r = analyse({ 'config.ru': rack(body) });
      assert.ok(!r.findings.some((f) => f.ruleId === 'internal-error' || /failed/.test(f.message)), `${body}: ${r.findings.map((f) => f.message).join('; ')}`);
    }
  });

  it('a huge generated initializer and deep nesting stay bounded', () => {
    const many = Array.from({ length: 4000 }, (_, i) => `    resource '/r${i}/*', headers: :any, methods: [:get], max_age: 600`).join('\n');
    const deep = `X = ${'['.repeat(3000)}1${']'.repeat(3000)}\n`;
    const start = Date.now();
    const r = analyse({ 'config.ru': deep + rack(`    origins 'https://a.example.com'\n${many}`) });
    assert.ok(Date.now() - start < 60_000, `took ${Date.now() - start} ms`);
    assert.ok(r.policies.length >= 1000);
  });
});
