import * as assert from 'node:assert/strict';
import { analyse, ready } from './js/support';

const APP = 'from flask import Flask\nfrom flask_cors import CORS\napp = Flask(__name__)\nCORS(app, supports_credentials=True)\n';

function timed<T>(fn: () => T): { value: T; ms: number } {
  const start = process.hrtime.bigint();
  const value = fn();
  return { value, ms: Number(process.hrtime.bigint() - start) / 1e6 };
}

describe('Python extractors on bad input', function () {
  this.timeout(120_000);
  before(ready);

  it('a syntax error is reported and the readable set-up is still checked', () => {
    const ids = analyse({ 'app.py': `${APP}def broken(:\n    return (\n` }).findings.map((f) => f.ruleId);
    assert.ok(ids.includes('syntax-error'), ids.join(', '));
    assert.ok(ids.includes('reflected-origin'), ids.join(', '));
  });

  it('a 3 MB generated module is analysed in bounded time', () => {
    const lines = [APP];
    let size = APP.length;
    for (let i = 0; size < 3 * 1024 * 1024; i++) {
      const line = `@app.route('/r${i}')\ndef r${i}():\n    return {'id': ${i}, 'name': 'route number ${i}'}\n`;
      lines.push(line);
      size += line.length;
    }
    const { value, ms } = timed(() => analyse({ 'app.py': lines.join('') }));
    assert.ok(ms < 60_000, `took ${ms} ms`);
    assert.deepEqual(value.findings.map((f) => f.ruleId), ['reflected-origin']);
  });

  it('deep nesting, names defined in terms of themselves and modules importing each other terminate', () => {
    const deep = `${'['.repeat(400)}'https://a.example.com'${']'.repeat(400)}`;
    const files = {
      'app.py': `from flask import Flask, request\nfrom flask_cors import CORS\nfrom b import B\napp = Flask(__name__)\nA = A + B\nV = ${deep}\nCORS(app, origins=[A, V, B])\n@app.after_request\ndef h(response):\n    o = o\n    if o in A:\n        response.headers['Access-Control-Allow-Origin'] = o\n    return response\n`,
      'b.py': 'from app import A\nB = A\n',
    };
    const { ms } = timed(() => analyse(files));
    assert.ok(ms < 30_000, `took ${ms} ms`);
  });

  it('a handler with many branches is cut off instead of growing without bound', () => {
    const ifs = Array.from({ length: 200 }, (_, i) => `    if request.args.get('k${i}'):\n        response.headers['Access-Control-Allow-Origin'] = 'https://a${i}.example.com'`).join('\n');
    const { ms } = timed(() => analyse({ 'app.py': `from flask import Flask, request\napp = Flask(__name__)\n@app.after_request\ndef h(response):\n${ifs}\n    return response\n` }));
    assert.ok(ms < 30_000, `took ${ms} ms`);
  });
});
