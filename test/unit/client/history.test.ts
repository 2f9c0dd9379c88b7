import * as assert from 'node:assert/strict';
import { HISTORY_KEY, MAX_HISTORY, RequestHistory, type KeyValueStore } from '../../../client/src/preflight/history';
import { DEFAULT_FORM } from '../../../client/src/preflight/messages';

/** Stores values as VS Code's global state does: as JSON, so nothing shared by reference survives. */
function memoryStore(initial: Record<string, unknown> = {}): KeyValueStore & { data: Record<string, string> } {
  const data: Record<string, string> = {};
  for (const [k, v] of Object.entries(initial)) data[k] = JSON.stringify(v);
  return {
    data,
    get: (key) => (key in data ? JSON.parse(data[key]) : undefined),
    update: async (key, value) => {
      data[key] = JSON.stringify(value);
    },
  };
}

const form = (url: string) => ({ ...DEFAULT_FORM, url });

describe('tester history', () => {
  it('keeps recent requests newest first, bounded, and moves a repeated request to the top', async () => {
    const history = new RequestHistory(memoryStore());
    for (let i = 0; i < MAX_HISTORY + 5; i++) await history.add(form(`http://h/${i}`), 'allowed', i);
    let entries = history.entries();
    assert.equal(entries.length, MAX_HISTORY);
    assert.equal(entries[0].form.url, `http://h/${MAX_HISTORY + 4}`);
    assert.equal(entries[MAX_HISTORY - 1].form.url, 'http://h/5');
    entries = await history.add(form('http://h/10'), 'blocked (PreflightInvalidStatus)', 100);
    assert.equal(entries.length, MAX_HISTORY);
    assert.deepEqual(entries.filter((e) => e.form.url === 'http://h/10').map((e) => e.outcome), ['blocked (PreflightInvalidStatus)']);
    assert.equal(entries[0].form.url, 'http://h/10');
    // Another origin is another request.
    entries = await history.add({ ...form('http://h/10'), origin: 'null' }, 'allowed', 101);
    assert.equal(entries.filter((e) => e.form.url === 'http://h/10').length, 2);
    await history.clear();
    assert.deepEqual(history.entries(), []);
  });

  it('drops malformed stored entries and does not keep a huge form', async () => {
    const store = memoryStore({ [HISTORY_KEY]: [{ form: form('http://ok/'), at: 1, outcome: 'allowed' }, { form: { url: 3 }, at: 1, outcome: 'x' }, 'junk', null, { form: form('http://no-at/'), outcome: 'x' }] });
    const history = new RequestHistory(store);
    assert.deepEqual(history.entries().map((e) => e.form.url), ['http://ok/']);
    assert.deepEqual(new RequestHistory(memoryStore({ [HISTORY_KEY]: 'not a list' })).entries(), []);
    const before = store.data[HISTORY_KEY];
    await history.add({ ...form('http://big/'), headers: `X-Big: ${'a'.repeat(20_000)}` }, 'allowed');
    assert.equal(store.data[HISTORY_KEY], before);
  });
});
