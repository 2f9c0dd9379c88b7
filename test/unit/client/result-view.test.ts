import * as assert from 'node:assert/strict';
import { exchangeView, MAX_SHOWN_BODY, MAX_SHOWN_HEADERS, MAX_SHOWN_VALUE, probeRowView, resultView } from '../../../client/src/preflight/result-view';
import { evaluateCors } from '../../../server/src/fetch/verdict';
import type { HeaderLine } from '../../../server/src/fetch/types';
import type { Exchange } from '../../../server/src/tester/http-exchange';

function exchange(headers: HeaderLine[], body = '', method = 'GET', status = 200): Exchange {
  return { request: { url: 'http://127.0.0.1:9/api?x=1', method, headers: [['Origin', 'https://app.example']] }, status, statusText: 'OK', headers, body, bodyTruncated: false, timing: { headersMs: 1, totalMs: 2 } };
}

describe('what the tester page is given to show', () => {
  it('bounds a huge header block, long values and a long body, and says what was left out', () => {
    const many: HeaderLine[] = Array.from({ length: 5000 }, (_, i) => [`X-${i}`, 'v']);
    many.push(['X-Long', 'a'.repeat(100_000)]);
    const view = exchangeView(exchange([['X-Long', 'a'.repeat(100_000)], ...many], 'b'.repeat(50_000)));
    assert.equal(view.responseHeaders.length, MAX_SHOWN_HEADERS);
    assert.equal(view.hiddenHeaders, many.length + 1 - MAX_SHOWN_HEADERS);
    assert.ok(view.responseHeaders[0][1].length < MAX_SHOWN_VALUE + 40);
    assert.match(view.responseHeaders[0][1], /… \(100000 characters\)$/);
    assert.ok(view.body.length < MAX_SHOWN_BODY + 40);
    assert.equal(view.bodyTruncated, true);
    assert.equal(view.requestLine, 'GET /api?x=1 HTTP/1.1');
    assert.deepEqual(view.requestHeaders[0], ['Host', '127.0.0.1:9']);
  });

  it('marks where an engine departs from the standard, and at which stage each one fails', () => {
    const preflight = exchange([['Access-Control-Allow-Origin', 'https://app.example'], ['Access-Control-Allow-Headers', '*'], ['Access-Control-Allow-Methods', 'PUT']], '', 'OPTIONS', 204);
    const actual = exchange([['Access-Control-Allow-Origin', 'https://app.example']]);
    const request = { url: 'http://127.0.0.1:9/api?x=1', origin: 'https://app.example', method: 'PUT', headers: [['Authorization', 'Bearer x']] as HeaderLine[], credentials: 'omit' as const };
    const view = resultView({ request, preflight, actual, verdict: evaluateCors({ request, preflight, actual }) }, 5);
    // The standard never lets `*` cover Authorization; the three engines do (RULES.md, wildcard-allow-headers-authorization).
    assert.deepEqual(view.engines.map((e) => [e.allowed, e.departs, e.stage]), [[true, true, undefined], [true, true, undefined], [true, true, undefined]]);
    assert.deepEqual([view.standard.allowed, view.standard.reason, view.standard.stage, view.standard.departs], [false, 'HeaderDisallowedByPreflightResponse', 'preflight', false]);
    assert.ok(view.engines.every((e) => e.why.length > 0));
    assert.ok(!view.steps.some((s) => s.name === 'standard' || s.name === 'chromium'), 'engine lines are in the table, not the steps');
    const blocked = resultView({ request, preflight: exchange([], '', 'OPTIONS', 404), verdict: evaluateCors({ request, preflight: exchange([], '', 'OPTIONS', 404) }) }, 5);
    assert.equal(blocked.allowed, false);
    assert.match(blocked.actualSkipped ?? '', /Not sent/);
    assert.ok(blocked.engines.every((e) => e.stage === 'preflight'));
  });

  it('turns a probe result into a row naming the rule it proves', () => {
    const row = probeRowView({ origin: 'https://evil127.0.0.1', kind: 'suffix', ruleId: 'permissive-origin-pattern', meaning: 'm', access: 'credentialed', status: 200, allowOrigin: 'https://evil127.0.0.1', finding: { ruleId: 'permissive-origin-pattern', severity: 'error', message: 'Origin https://evil127.0.0.1 reads responses with the user\'s cookies' } });
    assert.equal(row.ruleId, 'permissive-origin-pattern');
    assert.equal(row.severity, 'error');
    assert.equal(probeRowView({ origin: 'null', kind: 'null', ruleId: 'null-origin-allowed', meaning: 'm', access: 'none', error: 'timeout' }).error, 'timeout');
  });
});
