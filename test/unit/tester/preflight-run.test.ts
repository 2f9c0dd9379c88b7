import * as assert from 'node:assert/strict';
import type * as http from 'node:http';
import { testPreflight } from '../../../server/src/tester';
import { httpLoopback, type Loopback } from './loopback';

const ORIGIN = 'https://app.example';

describe('tester: preflight then request, as a browser does', () => {
  let server: Loopback | undefined;
  const seen: { method: string; headers: http.IncomingHttpHeaders }[] = [];
  afterEach(async () => {
    await server?.close();
    server = undefined;
    seen.length = 0;
  });
  const start = async (handler: (req: http.IncomingMessage, res: http.ServerResponse) => void) => {
    server = await httpLoopback((req, res) => {
      seen.push({ method: req.method!, headers: req.headers });
      handler(req, res);
    });
    return server.url;
  };

  it('sends no preflight for a simple GET', async () => {
    const url = await start((_req, res) => res.writeHead(200, { 'Access-Control-Allow-Origin': '*' }).end('ok'));
    const r = await testPreflight({ url, origin: ORIGIN });
    assert.equal(r.preflight, undefined);
    assert.equal(r.actual?.status, 200);
    assert.equal(r.verdict.allowed, true);
    assert.deepEqual(seen.map((s) => s.method), ['GET']);
    assert.equal(seen[0].headers.origin, ORIGIN);
  });

  it('sends the preflight with the request method and sorted lower-case header names', async () => {
    const url = await start((req, res) => {
      if (req.method === 'OPTIONS') res.writeHead(204, { 'Access-Control-Allow-Origin': ORIGIN, 'Access-Control-Allow-Methods': 'PUT', 'Access-Control-Allow-Headers': 'x-b, x-a, content-type' }).end();
      else res.writeHead(200, { 'Access-Control-Allow-Origin': ORIGIN }).end('done');
    });
    const r = await testPreflight({ url, origin: ORIGIN, method: 'put', headers: [['X-B', '1'], ['X-A', '2'], ['Content-Type', 'application/json']] });
    assert.deepEqual(seen.map((s) => s.method), ['OPTIONS', 'PUT']);
    assert.equal(seen[0].headers['access-control-request-method'], 'PUT');
    assert.equal(seen[0].headers['access-control-request-headers'], 'content-type,x-a,x-b');
    assert.equal(seen[1].headers['x-a'], '2');
    // As a browser sends a PUT without a body: no chunked encoding.
    assert.equal(seen[1].headers['content-length'], '0');
    assert.equal(seen[1].headers['transfer-encoding'], undefined);
    assert.equal(seen[0].headers['content-length'], undefined);
    assert.equal(r.verdict.allowed, true, JSON.stringify(r.verdict.steps));
  });

  it('stops after a preflight every engine refuses', async () => {
    const url = await start((_req, res) => res.writeHead(405).end());
    const r = await testPreflight({ url, origin: ORIGIN, method: 'DELETE' });
    assert.equal(r.actual, undefined);
    assert.deepEqual(seen.map((s) => s.method), ['OPTIONS']);
    assert.equal(r.verdict.reason, 'PreflightMissingAllowOriginHeader');
  });

  it('reports a redirected preflight and does not follow it', async () => {
    const url = await start((_req, res) => res.writeHead(301, { Location: '/moved', 'Access-Control-Allow-Origin': '*' }).end());
    const r = await testPreflight({ url, origin: ORIGIN, method: 'PATCH' });
    assert.equal(r.preflight?.status, 301);
    assert.match(r.preflight?.redirectTo ?? '', /\/moved$/);
    assert.equal(r.verdict.reason, 'PreflightDisallowedRedirect');
    assert.deepEqual(seen.map((s) => s.method), ['OPTIONS']);
  });

  it('judges credentials against the real answer', async () => {
    const url = await start((req, res) => res.writeHead(200, { 'Access-Control-Allow-Origin': '*', 'Access-Control-Allow-Credentials': 'true' }).end());
    const r = await testPreflight({ url, origin: ORIGIN, credentials: true });
    assert.equal(r.verdict.allowed, false);
    assert.equal(r.verdict.reason, 'WildcardOriginNotAllowed');
    assert.equal(r.request.credentials, 'include');
  });

  it('sends the request when only some engines pass the preflight', async () => {
    // Chromium safelists DPR, the others preflight it; the preflight is refused.
    const url = await start((req, res) => (req.method === 'OPTIONS' ? res.writeHead(404).end() : res.writeHead(200, { 'Access-Control-Allow-Origin': '*' }).end()));
    const r = await testPreflight({ url, origin: ORIGIN, headers: [['DPR', '2']] });
    assert.deepEqual(seen.map((s) => s.method), ['OPTIONS', 'GET']);
    assert.equal(r.verdict.browsers.chromium.allowed, true);
    assert.equal(r.verdict.browsers.firefox.allowed, false);
    assert.equal(r.verdict.allowed, false);
  });
});
