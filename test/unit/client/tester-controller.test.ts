import * as assert from 'node:assert/strict';
import type * as net from 'node:net';
import { RequestHistory, type KeyValueStore } from '../../../client/src/preflight/history';
import { DEFAULT_FORM, type HostMessage, type RequestForm } from '../../../client/src/preflight/messages';
import { TesterController, type TesterHost } from '../../../client/src/preflight/tester-controller';
import { httpLoopback, httpsLoopback, rawLoopback, type Loopback } from '../tester/loopback';

const XSS = '<img src=x onerror=alert(1)>';

interface Harness {
  controller: TesterController;
  messages: HostMessage[];
  copied: string[];
  progress: [number, number][];
  /** Cancels the next progress bar (as the user pressing Cancel on the notification) after this many probes. */
  cancelProbesAfter?: number;
  of<T extends HostMessage['type']>(type: T): Extract<HostMessage, { type: T }>[];
}

function harness(): Harness {
  const data = new Map<string, unknown>();
  const store: KeyValueStore = { get: (k) => data.get(k), update: async (k, v) => void data.set(k, JSON.parse(JSON.stringify(v))) };
  const h = { messages: [] as HostMessage[], copied: [] as string[], progress: [] as [number, number][] } as Harness;
  const host: TesterHost = {
    post: (m) => void h.messages.push(JSON.parse(JSON.stringify(m))),
    copy: async (text) => void h.copied.push(text),
    withProgress: async (_title, task) => {
      const abort = new AbortController();
      return task((done, total) => {
        h.progress.push([done, total]);
        if (h.cancelProbesAfter !== undefined && done >= h.cancelProbesAfter) abort.abort();
      }, abort.signal);
    },
  };
  h.controller = new TesterController(host, new RequestHistory(store));
  h.of = (type) => h.messages.filter((m) => m.type === type) as never;
  return h;
}

const form = (url: string, extra: Partial<RequestForm> = {}): RequestForm => ({ ...DEFAULT_FORM, url, ...extra });

describe('the tester panel\'s host side, against loopback servers', function () {
  this.timeout(20_000);
  let servers: Loopback[] = [];
  afterEach(async () => {
    await Promise.all(servers.map((s) => s.close()));
    servers = [];
  });
  const serve = async (s: Promise<Loopback>) => {
    const server = await s;
    servers.push(server);
    return server;
  };

  it('waits for the page before posting, then sends the preflight and the request and explains each engine', async () => {
    const server = await serve(httpLoopback((req, res) => {
      res.writeHead(req.method === 'OPTIONS' ? 204 : 200, { 'Access-Control-Allow-Origin': '*', 'Access-Control-Allow-Headers': '*', 'Access-Control-Allow-Methods': 'PUT', 'X-Note': XSS });
      res.end(req.method === 'OPTIONS' ? '' : XSS);
    }));
    const h = harness();
    h.controller.prefill({ url: server.url });
    assert.equal(h.messages.length, 0, 'nothing reaches a page that is not ready');
    await h.controller.handle({ type: 'ready' });
    assert.deepEqual(h.messages.map((m) => m.type), ['history', 'prefill']);
    await h.controller.handle({ type: 'send', form: form(server.url, { method: 'PUT', headers: 'Authorization: Bearer x' }) });
    const [result] = h.of('result').map((m) => m.result);
    assert.ok(result.preflight && result.actual);
    assert.equal(result.preflight.requestLine, 'OPTIONS /api HTTP/1.1');
    assert.ok(result.preflight.requestHeaders.some(([n, v]) => n === 'Access-Control-Request-Headers' && v === 'authorization'));
    // The server's value is carried as a plain string, for the page to show as text.
    assert.ok(result.actual.responseHeaders.some(([n, v]) => n === 'X-Note' && v === XSS));
    assert.equal(result.actual.body, XSS);
    // `*` does not cover Authorization by the standard; the browsers let it through.
    assert.deepEqual(result.engines.map((e) => [e.label, e.allowed, e.departs]), [['Chromium', true, true], ['Firefox', true, true], ['WebKit (Safari)', true, true]]);
    assert.equal(result.standard.allowed, false);
    assert.equal(result.standard.reason, 'HeaderDisallowedByPreflightResponse');
    assert.equal(result.standard.stage, 'preflight');
    assert.match(result.standard.why, /authorization is not in Access-Control-Allow-Headers/);
    assert.equal(result.summary, 'Allowed in every browser');
    const history = h.of('history').at(-1)!.entries;
    assert.equal(history[0].form.url, server.url);
    assert.equal(history[0].outcome, 'allowed');
  });

  it('reports a redirect on the preflight without following it, and sends no request after it', async () => {
    let followed = 0;
    const server = await serve(httpLoopback((req, res) => {
      if (req.url === '/elsewhere') followed++;
      res.writeHead(302, { Location: '/elsewhere', 'Access-Control-Allow-Origin': '*' });
      res.end();
    }));
    const h = harness();
    await h.controller.handle({ type: 'ready' });
    await h.controller.handle({ type: 'send', form: form(server.url, { method: 'DELETE' }) });
    const [result] = h.of('result').map((m) => m.result);
    assert.equal(result.preflight?.redirectTo, server.url.replace('/api', '/elsewhere'));
    assert.equal(result.actual, undefined);
    assert.match(result.actualSkipped ?? '', /Not sent/);
    assert.equal(result.engines[0].reason, 'PreflightDisallowedRedirect');
    assert.equal(followed, 0);
  });

  it('gives a clear message for bad input and keeps working after each', async () => {
    const silent = await serve(rawLoopback(() => undefined));
    const huge = await serve(rawLoopback((socket: net.Socket) => {
      socket.write('HTTP/1.1 200 OK\r\n');
      const line = `X-Big: ${'a'.repeat(1000)}\r\n`;
      // 10 MB of header lines; the reader stops long before.
      const write = (left: number): void => {
        if (left <= 0 || socket.destroyed) return;
        if (socket.write(line.repeat(100))) setImmediate(() => write(left - 100));
        else socket.once('drain', () => write(left - 100));
      };
      socket.on('error', () => undefined);
      write(10_000);
    }));
    const tls = await serve(httpsLoopback((_req, res) => {
      res.writeHead(200, { 'Access-Control-Allow-Origin': '*' });
      res.end();
    }));
    const good = await serve(httpLoopback((_req, res) => {
      res.writeHead(200, { 'Access-Control-Allow-Origin': '*' });
      res.end('ok');
    }));
    const h = harness();
    await h.controller.handle({ type: 'ready' });
    const failed = async (f: RequestForm) => {
      const before = h.messages.length;
      await h.controller.handle({ type: 'send', form: f });
      const fail = h.messages.slice(before).find((m) => m.type === 'failed');
      assert.ok(fail && fail.type === 'failed', `a failure for ${f.url}`);
      return fail;
    };
    const worksAgain = async () => {
      const before = h.of('result').length;
      await h.controller.handle({ type: 'send', form: form(good.url) });
      assert.equal(h.of('result').length, before + 1, 'the next test works');
    };

    const invalid = await failed(form('not a url'));
    assert.equal(invalid.field, 'url');
    assert.match(invalid.message, /not a valid URL/);
    await worksAgain();

    const started = Date.now();
    const timeout = await failed(form(silent.url, { timeoutSeconds: 1 }));
    assert.ok(Date.now() - started < 5000);
    assert.match(timeout.message, /no complete answer .* within 1000 ms/);
    assert.match(timeout.hint ?? '', /raise the timeout/);
    await worksAgain();

    // The cancel button while the server keeps quiet.
    const pending = h.controller.handle({ type: 'send', form: form(silent.url, { timeoutSeconds: 60 }) });
    setTimeout(() => void h.controller.handle({ type: 'cancel' }), 200);
    const t0 = Date.now();
    await pending;
    assert.ok(Date.now() - t0 < 5000, 'cancelled at once');
    assert.equal(h.of('failed').at(-1)?.message, 'Cancelled.');
    await worksAgain();

    const big = await failed(form(huge.url));
    assert.match(big.message, /larger than \d+ bytes/);
    await worksAgain();

    const selfSigned = await failed(form(tls.url));
    assert.equal(selfSigned.field, 'insecure');
    assert.match(selfSigned.hint ?? '', /Allow self-signed certificates/);
    assert.ok(!selfSigned.message.includes('--insecure'), 'the panel names its checkbox, not the CLI flag');
    const before = h.of('result').length;
    await h.controller.handle({ type: 'send', form: form(tls.url, { insecure: true }) });
    assert.equal(h.of('result').length, before + 1, 'accepted with the option ticked');

    assert.ok(h.of('history').at(-1)!.entries.some((e) => e.outcome.startsWith('failed: ')));
  });

  it('probes crafted origins with progress, each row naming the rule it proves, and stops when cancelled', async () => {
    const server = await serve(httpLoopback((req, res) => {
      const origin = req.headers.origin ?? '';
      res.writeHead(200, origin.endsWith('127.0.0.1') ? { 'Access-Control-Allow-Origin': origin, 'Access-Control-Allow-Credentials': 'true', Vary: 'Origin' } : {});
      res.end();
    }));
    const h = harness();
    await h.controller.handle({ type: 'ready' });
    await h.controller.handle({ type: 'probe', form: form(server.url) });
    const start = h.of('probeStart')[0];
    const rows = h.of('probeRow');
    assert.equal(rows.length, start.total);
    assert.deepEqual(h.progress.at(-1), [start.total, start.total]);
    const suffix = rows.find((r) => r.row.kind === 'suffix')!.row;
    assert.equal(suffix.origin, 'http://evil127.0.0.1');
    assert.equal(suffix.access, 'credentialed');
    assert.equal(suffix.ruleId, 'permissive-origin-pattern');
    assert.equal(suffix.severity, 'error');
    assert.equal(rows.find((r) => r.row.kind === 'reflection')!.row.access, 'none');
    const done = h.of('probeDone')[0];
    assert.equal(done.cancelled, false);
    assert.equal(done.findings, rows.filter((r) => r.row.ruleId).length);

    const slow = await serve(httpLoopback((_req, res) => setTimeout(() => res.end(), 150)));
    const c = harness();
    c.cancelProbesAfter = 3;
    await c.controller.handle({ type: 'ready' });
    await c.controller.handle({ type: 'probe', form: form(slow.url) });
    const cancelled = c.of('probeDone')[0];
    assert.equal(cancelled.cancelled, true);
    assert.ok(cancelled.total < c.of('probeStart')[0].total, `${cancelled.total} probes finished`);
  });

  it('copies the planned preflight as curl, and says so when there is none', async () => {
    const h = harness();
    await h.controller.handle({ type: 'ready' });
    await h.controller.handle({ type: 'copyCurl', form: form('https://api.example.com/a', { method: 'PATCH' }), which: 'preflight' });
    assert.deepEqual(h.copied, ["curl -sS -i -X OPTIONS -H 'Origin: https://app.example' -H 'Access-Control-Request-Method: PATCH' -H 'Accept: */*' --max-time 10 https://api.example.com/a"]);
    await h.controller.handle({ type: 'copyCurl', form: form('https://api.example.com/a'), which: 'preflight' });
    assert.equal(h.copied.length, 1);
    assert.match(h.of('notice').at(-1)!.text, /No preflight to copy/);
  });
});
