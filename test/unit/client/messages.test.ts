import * as assert from 'node:assert/strict';
import { DEFAULT_FORM, LIMITS, parseViewMessage } from '../../../client/src/preflight/messages';
import { prefillToForm } from '../../../client/src/preflight/prefill';
import { checkForm, checkOrigin, MAX_HEADER_LINES, parseHeaderLines } from '../../../client/src/preflight/request-form';

const form = { ...DEFAULT_FORM, url: 'https://api.example.com/x' };

describe('tester messages and form checks', () => {
  it('accepts the page\'s messages field by field and drops anything else', () => {
    assert.deepEqual(parseViewMessage({ type: 'ready' }), { type: 'ready' });
    assert.deepEqual(parseViewMessage({ type: 'send', form }), { type: 'send', form });
    assert.deepEqual(parseViewMessage({ type: 'copyCurl', form, which: 'preflight' }), { type: 'copyCurl', form, which: 'preflight' });
    for (const bad of [null, 'send', [], { type: 'nope' }, { type: 'send' }, { type: 'send', form: { ...form, credentials: 'yes' } }, { type: 'send', form: { ...form, url: 7 } },
      { type: 'send', form: { ...form, timeoutSeconds: Number.NaN } }, { type: 'copyCurl', form, which: 'both' }, { type: 'send', form: { ...form, headers: 'x'.repeat(LIMITS.headers + 1) } }]) {
      assert.equal(parseViewMessage(bad), undefined, JSON.stringify(bad)?.slice(0, 80));
    }
    // Extra fields are not carried along; the timeout is kept in bounds.
    const parsed = parseViewMessage({ type: 'probe', form: { ...form, timeoutSeconds: 1e9, evil: '<script>' } });
    assert.deepEqual(parsed, { type: 'probe', form: { ...form, timeoutSeconds: LIMITS.maxTimeoutSeconds } });
  });

  it('names the field of the first problem', () => {
    const field = (f: typeof form) => {
      const c = checkForm(f);
      return c.ok ? 'ok' : `${c.field}: ${c.message}`;
    };
    assert.equal(field(form), 'ok');
    assert.match(field({ ...form, url: '' }), /^url: Enter the URL/);
    assert.match(field({ ...form, url: 'api.example.com/x' }), /^url: not a valid URL/);
    assert.match(field({ ...form, url: 'ftp://a.example/' }), /^url: only http/);
    assert.match(field({ ...form, origin: 'https://app.example/' }), /^origin: an origin is only scheme, host and port: use https:\/\/app\.example$/);
    assert.match(field({ ...form, origin: 'app.example' }), /^origin: /);
    assert.equal(field({ ...form, origin: 'null' }), 'ok');
    assert.match(field({ ...form, method: 'GET X' }), /^method: /);
    assert.match(field({ ...form, headers: 'X-Ok: 1\nnot a header' }), /^headers: Request headers: line 2 is not "Name: value"/);
    assert.match(field({ ...form, headers: 'X-Name: caf\u00e9 \u2603' }), /^headers: .*characters a header cannot carry/);
    assert.equal(checkOrigin('http://127.0.0.1:8080'), undefined);
  });

  it('parses header lines, skipping blank ones, and bounds their number', () => {
    assert.deepEqual(parseHeaderLines('\n  X-A:  1 \r\nX-B:\n\n'), { headers: [['X-A', '1'], ['X-B', '']] });
    const many = Array.from({ length: MAX_HEADER_LINES + 1 }, (_, i) => `X-${i}: v`).join('\n');
    assert.deepEqual(parseHeaderLines(many), { error: `more than ${MAX_HEADER_LINES} header lines` });
  });

  it('takes a code lens\'s prefill only when its fields have the right types', () => {
    assert.deepEqual(prefillToForm({ url: 'https://a.example/v1/', method: 'DELETE', headers: ['X-Api-Key: test', 'X-B: 2'], credentials: true, origin: 'https://app.example.com' }), {
      url: 'https://a.example/v1/',
      method: 'DELETE',
      headers: 'X-Api-Key: test\nX-B: 2',
      credentials: true,
      origin: 'https://app.example.com',
    });
    assert.equal(prefillToForm(undefined), undefined);
    assert.equal(prefillToForm({ method: 'PUT' }), undefined);
    assert.deepEqual(prefillToForm({ url: 'http://h/', method: 3, headers: [1], credentials: 'yes' }), { url: 'http://h/' });
  });
});
