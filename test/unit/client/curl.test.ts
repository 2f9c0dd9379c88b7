import * as assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { shellQuote, toCurl } from '../../../client/src/preflight/curl';
import { checkForm, plannedRequests } from '../../../client/src/preflight/request-form';
import { DEFAULT_FORM } from '../../../client/src/preflight/messages';

/** What a real POSIX shell makes of the quoted words: one argument per line, exactly as given. */
function throughShell(words: string[]): string[] {
  const script = `for a in ${words.map(shellQuote).join(' ')}; do printf '%s\\0' "$a"; done`;
  return execFileSync('sh', ['-c', script], { encoding: 'utf8' }).split('\0').slice(0, -1);
}

describe('copy as curl', () => {
  it('quotes words so a shell gives them back unchanged', () => {
    const tricky = ["it's", 'a b', '$HOME', '`id`', '$(id)', '"x"', 'back\\slash', '', "''", 'new\nline', '*', '<img src=x onerror=alert(1)>', 'a;b|c&d'];
    assert.deepEqual(throughShell(tricky), tricky);
    assert.equal(shellQuote("it's"), "'it'\\''s'");
    assert.equal(shellQuote('https://a.example/x'), 'https://a.example/x');
    assert.equal(shellQuote(''), "''");
  });

  it('renders the preflight a browser would send: OPTIONS, Origin and the Access-Control-Request-* headers', () => {
    const checked = checkForm({ ...DEFAULT_FORM, url: 'https://api.example.com/items?id=1&x=2', method: 'put', headers: 'X-Token: a\'b\nContent-Type: application/json' });
    assert.ok(checked.ok);
    const planned = plannedRequests(checked.options);
    assert.ok(planned.preflight);
    const curl = toCurl(planned.preflight, { insecure: true, timeoutSeconds: 5 });
    assert.equal(
      curl,
      "curl -sS -i -X OPTIONS -H 'Origin: https://app.example' -H 'Access-Control-Request-Method: PUT' -H 'Access-Control-Request-Headers: content-type,x-token' -H 'Accept: */*' --insecure --max-time 5 'https://api.example.com/items?id=1&x=2'",
    );
    const actual = toCurl(planned.actual);
    assert.equal(actual, "curl -sS -i -X PUT -H 'Origin: https://app.example' -H 'X-Token: a'\\''b' -H 'Content-Type: application/json' 'https://api.example.com/items?id=1&x=2'");
  });

  it('has no preflight for a simple request, uses --head for HEAD, keeps empty header values, and turns globbing off for brackets', () => {
    const simple = checkForm({ ...DEFAULT_FORM, url: 'http://127.0.0.1:8080/', method: 'GET' });
    assert.ok(simple.ok);
    assert.equal(plannedRequests(simple.options).preflight, undefined);
    assert.equal(toCurl({ url: 'http://h/', method: 'HEAD', headers: [] }), 'curl -sS -i --head http://h/');
    assert.equal(toCurl({ url: 'http://h/', method: 'GET', headers: [['X-Empty', '']] }), "curl -sS -i -H 'X-Empty;' http://h/");
    assert.equal(toCurl({ url: 'http://[::1]:8080/a', method: 'GET', headers: [] }), "curl -sS -i --globoff 'http://[::1]:8080/a'");
  });
});
