import * as assert from 'node:assert/strict';
import type { OriginMatcher } from '../../../../server/src/model/origin-matcher';
import { acao, analyse, onlyPolicy, ready } from './js/support';

/** Every origin check the policy's ACAO cases carry, flattened. */
function matchersOf(policy: ReturnType<typeof onlyPolicy>): OriginMatcher[] {
  const out: OriginMatcher[] = [];
  const visit = (v: unknown): void => {
    if (Array.isArray(v)) v.forEach(visit);
    else if (v && typeof v === 'object') {
      const o = v as Record<string, unknown>;
      if (o.kind === 'within' && typeof o.value === 'string') out.push(o as OriginMatcher);
      for (const k of Object.keys(o)) if (k !== 'at') visit(o[k]);
    }
  };
  visit(policy);
  return out;
}

/** The same list written as one string, in each language: any piece of it passes. */
const cases: [string, Record<string, string>][] = [
  ['JS includes', { 'app.js': "const http = require('http');\nconst L = 'https://a.example.com,https://b.example.com';\nhttp.createServer((req, res) => {\n  const o = req.headers.origin;\n  if (o && L.includes(o)) res.setHeader('Access-Control-Allow-Origin', o);\n  res.end();\n}).listen(3000);\n" }],
  ['JS indexOf', { 'app.js': "const http = require('http');\nhttp.createServer((req, res) => {\n  const o = req.headers.origin;\n  if (o && 'https://a.example.com,https://b.example.com'.indexOf(o) !== -1) res.setHeader('Access-Control-Allow-Origin', o);\n  res.end();\n}).listen(3000);\n" }],
  ['Python in', { 'app.py': "from flask import Flask, request\napp = Flask(__name__)\n@app.after_request\ndef cors(response):\n    o = request.headers.get('Origin', '')\n    if o and o in 'https://a.example.com https://b.example.com':\n        response.headers['Access-Control-Allow-Origin'] = o\n    return response\n" }],
  ['Ruby include?', { 'config.ru': "use Rack::Cors do\n  allow do\n    origins { |source, _env| 'https://a.example.com https://b.example.com'.include?(source) }\n    resource '*', headers: :any, methods: [:get]\n  end\nend\nrun ->(env) { [200, {}, ['ok']] }\n" }],
  ['PHP strpos', { 'index.php': "<?php\n$o = $_SERVER['HTTP_ORIGIN'] ?? '';\nif ($o !== '' && strpos('https://a.example.com,https://b.example.com', $o) !== false) {\n    header('Access-Control-Allow-Origin: ' . $o);\n}\necho 'ok';\n" }],
  ['PHP str_contains', { 'index.php': "<?php\n$o = $_SERVER['HTTP_ORIGIN'] ?? '';\nif ($o !== '' && str_contains('https://a.example.com,https://b.example.com', $o)) {\n    header('Access-Control-Allow-Origin: ' . $o);\n}\necho 'ok';\n" }],
];

describe('origin checks on a piece of a string, in every language', () => {
  before(ready);

  for (const [name, files] of cases) {
    it(`${name}: the listed origins and their pieces get in, longer or other origins do not`, () => {
      const policy = onlyPolicy(analyse(files));
      assert.ok(matchersOf(policy).length > 0, 'read as a within check');
      for (const o of ['https://a.example.com', 'https://b.example.com', 'https://a.example.co']) assert.equal(acao(policy, o), o, o);
      for (const o of ['https://a.example.com.evil.net', 'https://c.example.com']) assert.equal(acao(policy, o), undefined, o);
    });
  }

  it('a bare strpos() on a listed string stays unread: a piece at position 0 counts as false there', () => {
    const policy = onlyPolicy(analyse({ 'index.php': "<?php\n$o = $_SERVER['HTTP_ORIGIN'] ?? '';\nif (strpos('https://a.example.com,https://b.example.com', $o)) {\n    header('Access-Control-Allow-Origin: ' . $o);\n}\necho 'ok';\n" }));
    assert.deepEqual(matchersOf(policy), []);
  });
});
