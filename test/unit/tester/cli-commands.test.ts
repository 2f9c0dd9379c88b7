import * as assert from 'node:assert/strict';
import { memoryIo } from '../../../server/src/cli/io';
import { runPreflight } from '../../../server/src/cli/preflight';
import { runProbe } from '../../../server/src/cli/probe';
import { runCli } from '../../../server/src/cli/run-cli';
import { httpLoopback, rawLoopback, type Loopback } from './loopback';

describe('CLI: preflight and probe', () => {
  let server: Loopback | undefined;
  afterEach(async () => {
    await server?.close();
    server = undefined;
  });
  const api = () =>
    httpLoopback((req, res) => {
      const origin = String(req.headers.origin ?? '');
      const trusted = origin === 'https://app.example';
      if (req.method === 'OPTIONS') {
        res.writeHead(204, trusted ? { 'Access-Control-Allow-Origin': origin, 'Access-Control-Allow-Methods': 'PUT', 'Access-Control-Allow-Headers': 'x-token', 'Access-Control-Max-Age': '86400' } : {}).end();
      } else {
        res.writeHead(200, trusted ? { 'Access-Control-Allow-Origin': origin, Vary: 'Origin' } : {}).end('{}');
      }
    });

  it('explains an allowed preflight in text, exit 0', async () => {
    server = await api();
    const io = memoryIo(process.cwd());
    const code = await runPreflight([server.url, '--origin', 'https://app.example', '-X', 'PUT', '-H', 'X-Token: 1'], io);
    assert.equal(code, 0, io.err);
    assert.match(io.out, /^PUT http:\/\/127\.0\.0\.1:\d+\/api\n/);
    assert.match(io.out, /Preflight: OPTIONS → 204 No Content/);
    assert.match(io.out, /Access-Control-Allow-Methods: PUT/);
    assert.match(io.out, /✓ allowed methods/);
    assert.match(io.out, /Chromium +allowed/);
    assert.match(io.out, /Preflight cached for: Chromium 7200 s, Firefox 86400 s, WebKit \(Safari\) 600 s/);
    assert.match(io.out, /Result: ALLOWED in every browser/);
  });

  it('gives the JSON shape with per-engine reasons, exit 1 when blocked', async () => {
    server = await api();
    const io = memoryIo(process.cwd());
    const code = await runPreflight([server.url, '--origin=https://other.example', '--method', 'PUT', '--format', 'json'], io);
    assert.equal(code, 1);
    const json = JSON.parse(io.out);
    assert.equal(json.request.method, 'PUT');
    assert.equal(json.request.origin, 'https://other.example');
    assert.equal(json.preflight.status, 204);
    assert.equal(json.response, null);
    assert.equal(json.verdict.allowed, false);
    assert.equal(json.verdict.reason, 'PreflightMissingAllowOriginHeader');
    for (const engine of ['chromium', 'firefox', 'webkit']) assert.deepEqual(Object.keys(json.verdict.browsers[engine]), ['allowed', 'reason', 'detail']);
    assert.equal(json.verdict.standard.reason, 'PreflightMissingAllowOriginHeader');
    assert.ok(Array.isArray(json.verdict.steps) && json.verdict.steps.every((s: { name: string; ok: boolean; detail: string }) => typeof s.name === 'string' && typeof s.ok === 'boolean'));
  });

  it('marks engines that depart from the standard', async () => {
    server = await httpLoopback((req, res) => {
      const headers = { 'Access-Control-Allow-Origin': '*', 'Access-Control-Allow-Headers': '*' };
      res.writeHead(req.method === 'OPTIONS' ? 204 : 200, headers).end();
    });
    const io = memoryIo(process.cwd());
    assert.equal(await runPreflight([server.url, '-H', 'Authorization: Bearer t'], io), 0, io.err);
    assert.match(io.out, /Chromium +allowed +\(departs from the standard\)/);
    assert.match(io.out, /Fetch standard +blocked +HeaderDisallowedByPreflightResponse \(authorization\)/);
  });

  it('reports usage mistakes with exit 2', async () => {
    for (const argv of [[], ['a', 'b'], ['http://x', '--origin', 'https://a.example/path'], ['http://x', '-H', 'no colon'], ['http://x', '--timeout', '0'], ['http://x', '--format', 'xml'], ['http://x', '--nope']]) {
      const io = memoryIo(process.cwd());
      assert.equal(await runPreflight(argv, io), 2, argv.join(' '));
      assert.match(io.err, /^cors-preflight preflight: /);
    }
  });

  it('reports network trouble as a clear message with exit 2', async () => {
    server = await rawLoopback(() => undefined);
    const io = memoryIo(process.cwd());
    assert.equal(await runPreflight([server.url, '--timeout', '200'], io), 2);
    assert.match(io.err, /no complete answer from 127\.0\.0\.1:\d+ within 200 ms/);
    const bad = memoryIo(process.cwd());
    assert.equal(await runPreflight(['notaurl'], bad), 2);
    assert.match(bad.err, /not a valid URL/);
  });

  it('probe finds nothing on an exact allowlist (exit 0) and is reachable through the dispatcher', async () => {
    server = await api();
    const io = memoryIo(process.cwd());
    assert.equal(await runCli(['probe', server.url], io), 0, io.err);
    assert.match(io.out, /No crafted origin is trusted/);
  });

  it('probe reports reflection with the rule id, as text and JSON (exit 1)', async () => {
    server = await httpLoopback((req, res) => res.writeHead(200, { 'Access-Control-Allow-Origin': String(req.headers.origin), 'Access-Control-Allow-Credentials': 'true' }).end());
    const io = memoryIo(process.cwd());
    assert.equal(await runProbe([server.url, '--credentials'], io), 1);
    assert.match(io.out, /error +reflected-origin +Origin https:\/\/attacker-site\.net reads responses with the user's cookies/);
    const json = memoryIo(process.cwd());
    assert.equal(await runProbe([server.url, '-f', 'json'], json), 1);
    const parsed = JSON.parse(json.out);
    assert.ok(parsed.findings.some((f: { ruleId: string; severity: string }) => f.ruleId === 'null-origin-allowed' && f.severity === 'error'));
  });

  it('reaches a named host on the address given by --connect-to', async () => {
    let host = '';
    server = await httpLoopback((req, res) => {
      host = String(req.headers.host);
      res.writeHead(200, { 'Access-Control-Allow-Origin': String(req.headers.origin) }).end();
    });
    const port = new URL(server.url).port;
    const io = memoryIo(process.cwd());
    assert.equal(await runPreflight([`http://api.shop.test:${port}/x`, '--connect-to', '127.0.0.1'], io), 0, io.err);
    assert.equal(host, `api.shop.test:${port}`);
    const probe = memoryIo(process.cwd());
    assert.equal(await runProbe([`http://api.shop.test:${port}/x`, '--connect-to', '127.0.0.1', '-f', 'json'], probe), 1);
    const parsed = JSON.parse(probe.out);
    assert.ok(parsed.findings.some((f: { ruleId: string }) => f.ruleId === 'reflected-origin'));
    assert.ok(parsed.results.some((r: { origin: string; access: string }) => r.origin === 'http://evilapi.shop.test' && r.access === 'read'));
    const bad = memoryIo(process.cwd());
    assert.equal(await runProbe(['http://a.test', '--connect-to', 'localhost'], bad), 2);
    assert.match(bad.err, /--connect-to needs an IP address/);
  });

  it('probe says when the server cannot be reached (exit 2)', async () => {
    server = await rawLoopback(() => undefined);
    const io = memoryIo(process.cwd());
    assert.equal(await runProbe([server.url, '--timeout', '100'], io), 2);
    assert.match(io.err, /no probe got an answer/);
  });
});
