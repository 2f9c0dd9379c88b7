import * as assert from 'node:assert/strict';
import { predict } from '../../../../server/src/model/predict';
import { acao, analyse, headersFor, onlyPolicy, ready } from './js/support';

const HEAD = 'from flask import Flask\nfrom flask_cors import CORS, cross_origin\napp = Flask(__name__)\n';
const PREFLIGHT = { method: 'OPTIONS', origin: 'https://a.example.com', headers: { origin: 'https://a.example.com', 'access-control-request-method': 'PUT', 'access-control-request-headers': 'X-B, content-type,x-a' } };

describe('Flask with flask-cors', () => {
  before(ready);

  it('echoes any origin by default, sends * without an Origin, and adds Vary only when echoing', () => {
    const policy = onlyPolicy(analyse({ 'app.py': `${HEAD}CORS(app)\n` }));
    assert.deepEqual(headersFor(policy, { method: 'GET', origin: 'https://evil.example' }), ['access-control-allow-origin: https://evil.example', 'vary: Origin']);
    assert.deepEqual(headersFor(policy, { method: 'GET' }), ['access-control-allow-origin: *']);
  });

  it('answers a preflight with the requested headers sorted and the methods as a sorted string', () => {
    const policy = onlyPolicy(analyse({ 'app.py': `${HEAD}CORS(app, origins=['https://a.example.com'], allow_headers=['x-.*', 'Content-Type'], max_age=600)\n` }));
    assert.deepEqual(headersFor(policy, PREFLIGHT), [
      'access-control-allow-headers: X-B, content-type, x-a',
      'access-control-allow-methods: DELETE, GET, HEAD, OPTIONS, PATCH, POST, PUT',
      'access-control-allow-origin: https://a.example.com',
      'access-control-max-age: 600',
    ]);
  });

  it('tests the requested method with `in` on the methods string, so a piece of a name passes', () => {
    const policy = onlyPolicy(analyse({ 'app.py': `${HEAD}CORS(app, origins='https://a.example.com', methods=['GET'])\n` }));
    const ask = (m: string) => headersFor(policy, { ...PREFLIGHT, headers: { ...PREFLIGHT.headers, 'access-control-request-method': m } }).some((h) => h.startsWith('access-control-allow-methods'));
    assert.equal(ask('get'), true);
    assert.equal(ask('ET'), true);
    assert.equal(ask('PUT'), false);
  });

  it('treats strings with regex characters as re.match patterns, case-insensitively, and others as exact', () => {
    const policy = onlyPolicy(analyse({ 'app.py': `${HEAD}CORS(app, origins=[r'https://.*\\.example\\.com', 'https://b.example.net'])\n` }));
    assert.equal(acao(policy, 'https://x.example.com.evil.net'), 'https://x.example.com.evil.net');
    assert.equal(acao(policy, 'HTTPS://B.EXAMPLE.NET'), 'HTTPS://B.EXAMPLE.NET');
    assert.equal(acao(policy, 'https://b.example.net.evil'), undefined);
    // Without an Origin: the first plain entry, sorted.
    assert.equal(acao(policy, undefined), 'https://b.example.net');
  });

  it('reads CORS_* config set before CORS(app), not after, and lets keywords win', () => {
    const policy = onlyPolicy(analyse({
      'app.py': `${HEAD}app.config['CORS_ORIGINS'] = 'https://a.example.com'\napp.config.update(CORS_SUPPORTS_CREDENTIALS=True, CORS_MAX_AGE=5)\nCORS(app, max_age=7)\napp.config['CORS_SEND_WILDCARD'] = True\n`,
    }));
    assert.deepEqual(headersFor(policy, { method: 'GET', origin: 'https://a.example.com' }), ['access-control-allow-credentials: true', 'access-control-allow-origin: https://a.example.com']);
    assert.ok(headersFor(policy, PREFLIGHT).includes('access-control-max-age: 7'));
  });

  it('joins CORS() and init_app keywords, one policy per resource with its own options', () => {
    const result = analyse({
      'app.py': `${HEAD}cors = CORS(origins='https://a.example.com')\ndef make():\n    app = Flask(__name__)\n    cors.init_app(app, resources={r'/api/*': {'supports_credentials': True}, r'/public/*': {'origins': '*', 'send_wildcard': True}})\n`,
    });
    const labels = result.policies.map((p) => `${p.label} ${p.endpoint?.path}`).sort();
    assert.deepEqual(labels, ['Flask CORS(app) resource /api/* /api/*', 'Flask CORS(app) resource /public/* /public/*']);
    const api = result.policies.find((p) => p.label.includes('/api/'))!;
    assert.ok(headersFor(api, { method: 'GET', origin: 'https://a.example.com' }).includes('access-control-allow-credentials: true'));
    const pub = result.policies.find((p) => p.label.includes('/public/'))!;
    assert.equal(acao(pub, 'https://evil.example'), '*');
  });

  it('@cross_origin answers OPTIONS itself with 200, unless automatic_options=False leaves it to Flask without CORS headers', () => {
    const on = onlyPolicy(analyse({ 'app.py': `${HEAD}@app.route('/x')\n@cross_origin(origins=['https://a.example.com'])\ndef x():\n    return 'x'\n` }));
    assert.equal(on.endpoint?.path, '/x');
    const off = onlyPolicy(analyse({ 'app.py': `${HEAD}@app.route('/x')\n@cross_origin(origins=['https://a.example.com'], automatic_options=False)\ndef x():\n    return 'x'\n` }));
    assert.ok(headersFor(on, PREFLIGHT).includes('access-control-allow-origin: https://a.example.com'));
    assert.deepEqual(headersFor(off, PREFLIGHT), []);
  });

  it('notes a start-up ValueError for * with credentials and send_wildcard, and an echo for * with credentials', () => {
    const throws = onlyPolicy(analyse({ 'app.py': `${HEAD}CORS(app, supports_credentials=True, send_wildcard=True)\n` }));
    assert.ok(throws.notes?.some((n) => n.kind === 'throws-at-startup'));
    const echoes = onlyPolicy(analyse({ 'app.py': `${HEAD}CORS(app, supports_credentials=True)\n` }));
    assert.ok(echoes.notes?.some((n) => n.kind === 'echoes-for-any-origin'));
    assert.equal(acao(echoes, 'https://evil.example'), 'https://evil.example');
  });

  it('models the version pinned: private network answers from 3.1, an option from 4.0.2 (off from 5, then sent as false), and says when nothing is pinned', () => {
    const ask = (method: string) => ({ method, origin: 'https://a.example.com', headers: { ...PREFLIGHT.headers, 'access-control-request-private-network': 'true' } });
    const pna = (files: Record<string, string>, method = 'OPTIONS') => headersFor(onlyPolicy(analyse(files)), ask(method)).find((h) => h.startsWith('access-control-allow-private-network')) ?? 'none';
    const app = `${HEAD}CORS(app, origins='https://a.example.com')\n`;
    assert.equal(pna({ 'app.py': app, 'requirements.txt': 'flask-cors==3.0.10\n' }), 'none');
    assert.equal(pna({ 'app.py': app, 'requirements.txt': 'Flask-Cors==4.0.1\n' }), 'access-control-allow-private-network: true');
    assert.equal(pna({ 'app.py': app, 'requirements.txt': 'Flask-Cors==4.0.2\n' }, 'GET'), 'access-control-allow-private-network: true');
    assert.equal(pna({ 'app.py': app, 'poetry.lock': '[[package]]\nname = "flask-cors"\nversion = "6.0.1"\n' }), 'access-control-allow-private-network: false');
    assert.equal(pna({ 'app.py': `${HEAD}CORS(app, origins='https://a.example.com', allow_private_network=True)\n`, 'requirements.txt': 'flask-cors==6.0.1\n' }), 'access-control-allow-private-network: true');
    const unpinned = onlyPolicy(analyse({ 'app.py': app }));
    assert.ok(unpinned.notes?.some((n) => n.kind === 'info' && /No flask-cors version is pinned/.test(n.message)));
  });

  it('before_request answers come first: flask-cors still adds its headers, @cross_origin does not', () => {
    const hook = "from flask import request, abort\n@app.before_request\ndef auth():\n    if not request.headers.get('Authorization'):\n        abort(401)\n";
    const ext = onlyPolicy(analyse({ 'app.py': `${HEAD}CORS(app, origins='https://a.example.com')\n${hook}` }));
    const status = (p: typeof ext, headers: Record<string, string>) => predict(p, { method: 'GET', origin: 'https://a.example.com', headers: { origin: 'https://a.example.com', ...headers } });
    assert.equal(status(ext, {}).status, 401);
    assert.ok(status(ext, {}).headers.some(([n]) => n === 'Access-Control-Allow-Origin'));
    assert.equal(status(ext, { authorization: 'Bearer x' }).status, 'app');
    const deco = onlyPolicy(analyse({ 'app.py': `${HEAD}@app.route('/x')\n@cross_origin(origins=['https://a.example.com'])\ndef x():\n    return 'x'\n${hook}` }));
    assert.equal(status(deco, {}).status, 401);
    assert.deepEqual(status(deco, {}).headers, []);
  });

  it('takes origins from the environment with their default, and says so', () => {
    const policy = onlyPolicy(analyse({ 'app.py': `import os\n${HEAD}CORS(app, origins=os.environ.get('ORIGINS', 'https://a.example.com').split(','))\n` }));
    assert.equal(acao(policy, 'https://a.example.com'), 'https://a.example.com');
    assert.ok(policy.notes?.some((n) => n.kind === 'depends-on-environment' && n.message.includes('ORIGINS')));
  });

  it('leaves an origins value it cannot read unknown instead of guessing', () => {
    const policy = onlyPolicy(analyse({ 'app.py': `${HEAD}CORS(app, origins=load_origins())\n` }));
    assert.match(acao(policy, 'https://a.example.com') ?? '', /^\?/);
  });
});
