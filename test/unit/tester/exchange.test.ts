import * as assert from 'node:assert/strict';
import { exchange, ExchangeError } from '../../../server/src/tester';
import { httpLoopback, httpsLoopback, rawLoopback, type Loopback } from './loopback';

async function rejectsWith(promise: Promise<unknown>, code: string, message?: RegExp): Promise<void> {
  await assert.rejects(promise, (error: unknown) => {
    assert.ok(error instanceof ExchangeError, `expected an ExchangeError, got ${String(error)}`);
    assert.equal(error.code, code, error.message);
    if (message) assert.match(error.message, message);
    return true;
  });
}

describe('tester: one HTTP exchange', () => {
  let server: Loopback | undefined;
  afterEach(async () => {
    await server?.close();
    server = undefined;
  });

  it('sends Origin and Access-Control-Request-* exactly and keeps duplicate response lines', async () => {
    let seen: string[] = [];
    server = await httpLoopback((req, res) => {
      seen = req.rawHeaders;
      res.writeHead(204, ['Access-Control-Allow-Origin', 'https://a.example', 'access-control-allow-origin', 'https://a.example', 'Vary', 'Origin']);
      res.end();
    });
    const r = await exchange({ url: server.url, method: 'OPTIONS', headers: [['Origin', 'https://a.example'], ['Access-Control-Request-Method', 'PUT']] });
    assert.equal(r.status, 204);
    assert.deepEqual(r.headers.filter(([n]) => n.toLowerCase() === 'access-control-allow-origin'), [['Access-Control-Allow-Origin', 'https://a.example'], ['access-control-allow-origin', 'https://a.example']]);
    assert.ok(seen.includes('Origin') && seen.includes('https://a.example'));
    assert.ok(seen.includes('Access-Control-Request-Method') && seen.includes('PUT'));
    assert.ok(r.timing.totalMs >= r.timing.headersMs);
  });

  it('times out on a server that never answers', async () => {
    server = await rawLoopback(() => undefined);
    await rejectsWith(exchange({ url: server.url, method: 'GET', headers: [] }, { timeoutMs: 300 }), 'timeout', /within 300 ms/);
  });

  it('is cancelled by its AbortSignal', async () => {
    server = await rawLoopback(() => undefined);
    const controller = new AbortController();
    const pending = exchange({ url: server.url, method: 'GET', headers: [] }, { signal: controller.signal, timeoutMs: 60_000 });
    setTimeout(() => controller.abort(), 50);
    await rejectsWith(pending, 'aborted');
    await rejectsWith(exchange({ url: server.url, method: 'GET', headers: [] }, { signal: controller.signal }), 'aborted');
  });

  it('reports a redirect without following it', async () => {
    let hits = 0;
    server = await httpLoopback((_req, res) => {
      hits++;
      res.writeHead(302, { Location: '/elsewhere' }).end();
    });
    const r = await exchange({ url: server.url, method: 'OPTIONS', headers: [] });
    assert.equal(r.status, 302);
    assert.equal(r.redirectTo, server.url.replace('/api', '/elsewhere'));
    assert.equal(hits, 1);
  });

  it('reports a Location that is not a URL as it was sent', async () => {
    server = await rawLoopback((socket) => socket.end('HTTP/1.1 302 Found\r\nLocation: http://[nope\r\nContent-Length: 0\r\n\r\n'));
    const r = await exchange({ url: server.url, method: 'OPTIONS', headers: [] });
    assert.equal(r.redirectTo, 'http://[nope');
  });

  it('stops reading a 10 MB header block', async () => {
    server = await rawLoopback((socket) => {
      socket.write('HTTP/1.1 200 OK\r\nX-Huge: ');
      socket.write('a'.repeat(10 * 1024 * 1024));
      socket.end('\r\n\r\n');
    });
    await rejectsWith(exchange({ url: server.url, method: 'GET', headers: [] }, { maxHeaderBytes: 32 * 1024 }), 'headers-too-large', /larger than 32768 bytes/);
  });

  it('keeps only the first bytes of a huge body', async () => {
    server = await httpLoopback((_req, res) => {
      res.writeHead(200, { 'Access-Control-Allow-Origin': '*' });
      res.end('x'.repeat(5 * 1024 * 1024));
    });
    const r = await exchange({ url: server.url, method: 'GET', headers: [] }, { maxBodyBytes: 1000 });
    assert.equal(r.body.length, 1000);
    assert.equal(r.bodyTruncated, true);
  });

  it('keeps the headers of a response whose body never ends', async () => {
    server = await rawLoopback((socket) => socket.write('HTTP/1.1 200 OK\r\nAccess-Control-Allow-Origin: *\r\nContent-Length: 1000\r\n\r\nabc'));
    const r = await exchange({ url: server.url, method: 'GET', headers: [] }, { timeoutMs: 300 });
    assert.deepEqual(r.headers[0], ['Access-Control-Allow-Origin', '*']);
    assert.equal(r.body, 'abc');
    assert.equal(r.bodyTruncated, true);
  });

  it('refuses a header value Node cannot send, with a message instead of a crash', async () => {
    await rejectsWith(exchange({ url: 'http://127.0.0.1:9/', method: 'GET', headers: [['X-Price', '5 €']] }), 'invalid-request', /cannot send this request/);
    await rejectsWith(exchange({ url: 'http://127.0.0.1:9/', method: 'GET', headers: [] }, { connectTo: 'not-an-ip' }), 'invalid-url', /connectTo needs an IP address/);
  });

  it('rejects invalid URLs and other schemes with a clear message', async () => {
    await rejectsWith(exchange({ url: 'not a url', method: 'GET', headers: [] }), 'invalid-url', /not a valid URL/);
    await rejectsWith(exchange({ url: 'ftp://127.0.0.1/x', method: 'GET', headers: [] }), 'unsupported-scheme', /only http/);
  });

  it('says so when nothing listens', async () => {
    server = await rawLoopback(() => undefined);
    const url = server.url;
    await server.close();
    server = undefined;
    await rejectsWith(exchange({ url, method: 'GET', headers: [] }), 'refused', /connection refused/);
  });

  it('says so when the answer is not HTTP', async () => {
    server = await rawLoopback((socket) => socket.end('hello there\r\n\r\n'));
    await rejectsWith(exchange({ url: server.url, method: 'GET', headers: [] }), 'bad-response');
  });

  it('refuses a self-signed certificate unless told to accept it', async () => {
    server = await httpsLoopback((_req, res) => {
      res.writeHead(200, { 'Access-Control-Allow-Origin': '*' }).end('ok');
    });
    await rejectsWith(exchange({ url: server.url, method: 'GET', headers: [] }), 'tls-self-signed', /--insecure/);
    const r = await exchange({ url: server.url, method: 'GET', headers: [] }, { insecure: true });
    assert.equal(r.status, 200);
    assert.equal(r.body, 'ok');
  });
});
