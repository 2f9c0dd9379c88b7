import * as assert from 'node:assert/strict';
import { acao, analyse, headersFor, onlyPolicy, ready } from './js/support';

const FLASK = 'from flask import Flask, request\napp = Flask(__name__)\n';

function hook(body: string, head = FLASK): string {
  return `${head}@app.after_request\ndef cors(response):\n${body.split('\n').map((l) => `    ${l}`).join('\n')}\n    return response\n`;
}

describe('hand-written CORS headers in Python', () => {
  before(ready);

  it('an unguarded echo sends the Origin, and `None` when there is none', () => {
    const policy = onlyPolicy(analyse({ 'app.py': hook("response.headers['Access-Control-Allow-Origin'] = request.headers.get('Origin')") }));
    assert.equal(acao(policy, 'https://evil.example'), 'https://evil.example');
    assert.equal(acao(policy, undefined), 'None');
  });

  it('`in` a list or set is exact, `in` a string is a substring test', () => {
    const list = onlyPolicy(analyse({ 'app.py': hook("o = request.origin\nif o in ['https://a.example.com']:\n    response.headers['Access-Control-Allow-Origin'] = o") }));
    assert.equal(acao(list, 'https://a.example.com'), 'https://a.example.com');
    assert.equal(acao(list, 'https://a.example.co'), undefined);
    const text = onlyPolicy(analyse({ 'app.py': hook("o = request.origin\nif o in 'https://a.example.com https://b.example.com':\n    response.headers['Access-Control-Allow-Origin'] = o") }));
    assert.equal(acao(text, 'https://a.example.co'), 'https://a.example.co');
    assert.equal(acao(text, 'com https://b'), 'com https://b');
    assert.equal(acao(text, 'https://c.example.com'), undefined);
  });

  it('endswith and startswith with strings and tuples, re.match anchored at the start only, re.fullmatch at both ends', () => {
    const check = (cond: string) => onlyPolicy(analyse({ 'app.py': hook(`import re\no = request.headers.get('Origin', '')\nif ${cond}:\n    response.headers['Access-Control-Allow-Origin'] = o`) }));
    assert.equal(acao(check("o.endswith(('.a.com', '.b.com'))"), 'https://x.b.com'), 'https://x.b.com');
    assert.equal(acao(check("o.startswith('https://a.com')"), 'https://a.com.evil.net'), 'https://a.com.evil.net');
    assert.equal(acao(check("re.match(r'https://a\\.com', o)"), 'https://a.com.evil.net'), 'https://a.com.evil.net');
    assert.equal(acao(check("re.match(r'https://a\\.com', o)"), 'https://x.a.com'), undefined);
    assert.equal(acao(check("re.fullmatch(r'https://a\\.com', o)"), 'https://a.com.evil.net'), undefined);
    assert.equal(acao(check("re.search(r'a\\.com', o, re.I)"), 'https://A.COM.evil'), 'https://A.COM.evil');
  });

  it('a helper function that returns a check is followed with its parameter as the Origin', () => {
    const policy = onlyPolicy(analyse({ 'app.py': `${FLASK}ALLOWED = {'https://a.example.com'}\ndef ok(origin):\n    return origin in ALLOWED\n${hook("o = request.headers.get('Origin')\nif ok(o):\n    response.headers['Access-Control-Allow-Origin'] = o", '')}` }));
    assert.equal(acao(policy, 'https://a.example.com'), 'https://a.example.com');
    assert.equal(acao(policy, 'https://b.example.com'), undefined);
  });

  it('a view splits OPTIONS from other methods and reads make_response and tuple statuses', () => {
    const policy = onlyPolicy(analyse({
      'app.py': `${FLASK}@app.route('/x', methods=['GET', 'OPTIONS'])\ndef x():\n    if request.method == 'OPTIONS':\n        resp = make_response('', 204)\n        resp.headers['Access-Control-Allow-Methods'] = 'GET'\n        resp.headers['Access-Control-Allow-Origin'] = 'https://a.example.com'\n        return resp\n    return 'x', 201, {'Access-Control-Allow-Origin': 'https://a.example.com'}\n`,
    }));
    assert.deepEqual(headersFor(policy, { method: 'OPTIONS', origin: 'https://a.example.com' }), ['access-control-allow-methods: GET', 'access-control-allow-origin: https://a.example.com']);
    assert.deepEqual(policy.branches.map((b) => (b.status.kind === 'fixed' ? b.status.code : b.status.kind)), [204, 201]);
  });

  it('Django views and middleware: response[...] = ..., request.META, patch_vary_headers', () => {
    const view = onlyPolicy(analyse({
      'views.py': "from django.http import HttpResponse\nfrom django.utils.cache import patch_vary_headers\nALLOWED = ['https://a.example.com']\ndef api(request):\n    response = HttpResponse('ok')\n    origin = request.META.get('HTTP_ORIGIN')\n    if origin in ALLOWED:\n        response['Access-Control-Allow-Origin'] = origin\n    patch_vary_headers(response, ['Origin'])\n    return response\n",
    }));
    assert.deepEqual(headersFor(view, { method: 'GET', origin: 'https://a.example.com' }), ['access-control-allow-origin: https://a.example.com', 'vary: Origin']);
    const middleware = onlyPolicy(analyse({
      'middleware.py': "class Cors:\n    def __init__(self, get_response):\n        self.get_response = get_response\n    def __call__(self, request):\n        response = self.get_response(request)\n        response['Access-Control-Allow-Origin'] = request.headers.get('Origin', '')\n        return response\n",
    }));
    assert.equal(acao(middleware, 'https://evil.example'), 'https://evil.example');
    assert.equal(middleware.branches[0].status.kind, 'app');
  });

  it('any(...) over a list applies the check to each entry', () => {
    const policy = onlyPolicy(analyse({ 'app.py': hook("o = request.headers.get('Origin', '')\nif any(o.endswith(s) for s in ('.a.com', '.b.com')):\n    response.headers['Access-Control-Allow-Origin'] = o") }));
    assert.equal(acao(policy, 'https://x.b.com'), 'https://x.b.com');
    assert.equal(acao(policy, 'https://x.c.com'), undefined);
  });

  it('an echo of a missing Origin is the text None in Flask and Django, a failed request in Starlette', () => {
    const starlette = onlyPolicy(analyse({
      'app.py': "from starlette.responses import PlainTextResponse\nasync def endpoint(request):\n    return PlainTextResponse('ok', headers={'Access-Control-Allow-Origin': request.headers.get('origin')})\n",
    }));
    assert.match(acao(starlette, undefined) ?? '', /^\?/);
    assert.equal(acao(starlette, 'https://a.example.com'), 'https://a.example.com');
  });

  it("a class-based view's options() answers OPTIONS only", () => {
    const policy = onlyPolicy(analyse({
      'views.py': "from django.http import HttpResponse\nfrom django.views import View\nclass Api(View):\n    def options(self, request, *args, **kwargs):\n        response = HttpResponse(status=204)\n        response['Access-Control-Allow-Origin'] = 'https://a.example.com'\n        return response\n",
    }));
    assert.deepEqual(policy.branches.map((b) => JSON.stringify(b.when)), [JSON.stringify({ kind: 'method', methods: ['OPTIONS'] })]);
  });

  it('a test that only reads the headers is no handler', () => {
    const result = analyse({ 'test_app.py': "def test_cors(client):\n    resp = client.get('/', headers={'Origin': 'https://a.example.com'})\n    assert resp.headers['Access-Control-Allow-Origin'] == 'https://a.example.com'\n" });
    assert.deepEqual(result.policies, []);
  });

  it('Starlette responses built with headers=', () => {
    const policy = onlyPolicy(analyse({
      'app.py': "from starlette.responses import PlainTextResponse\nasync def endpoint(request):\n    origin = request.headers.get('origin')\n    return PlainTextResponse('ok', headers={'Access-Control-Allow-Origin': origin if origin == 'https://a.example.com' else 'https://a.example.com'})\n",
    }));
    assert.equal(acao(policy, 'https://a.example.com'), 'https://a.example.com');
    assert.equal(acao(policy, 'https://evil.example'), 'https://a.example.com');
  });
});
