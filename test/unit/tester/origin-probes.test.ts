import * as assert from 'node:assert/strict';
import type * as http from 'node:http';
import { probeOrigins, runOriginProbes, type ProbeResult } from '../../../server/src/tester';
import { httpLoopback, type Loopback } from './loopback';

/** A server whose origin check is `check`; it reflects the Origin with credentials when the check passes. */
function corsServer(check: (origin: string) => boolean, extra: (req: http.IncomingMessage) => void = () => undefined): Promise<Loopback> {
  return httpLoopback((req, res) => {
    extra(req);
    const origin = req.headers.origin ?? '';
    const headers: Record<string, string> = check(origin) ? { 'Access-Control-Allow-Origin': origin, 'Access-Control-Allow-Credentials': 'true', Vary: 'Origin' } : {};
    res.writeHead(200, headers).end('{}');
  });
}

const kinds = (results: ProbeResult[]) => [...new Set(results.filter((r) => r.finding).map((r) => `${r.kind}:${r.finding!.ruleId}`))].sort();

describe('tester: origin probes', () => {
  let server: Loopback | undefined;
  afterEach(async () => {
    await server?.close();
    server = undefined;
  });

  it('crafts each trick for the target host', () => {
    const probes = probeOrigins(new URL('https://api.shop.example/v1'));
    const byKind = (k: string) => probes.filter((p) => p.kind === k).map((p) => p.origin);
    assert.deepEqual(byKind('prefix'), ['https://api.shop.example.attacker-site.net']);
    assert.deepEqual(byKind('suffix'), ['https://evilapi.shop.example']);
    assert.deepEqual(byKind('unescaped-dot'), ['https://apixshop.example']);
    assert.deepEqual(byKind('http-downgrade'), ['http://api.shop.example']);
    assert.ok(byKind('special-character').includes('https://api.shop.example_.attacker-site.net'));
    assert.ok(byKind('special-character').includes('https://api.shop.example`.attacker-site.net'));
    assert.ok(probes.some((p) => p.origin === 'null'));
    assert.equal(new Set(probes.map((p) => p.origin)).size, probes.length);
  });

  it('finds reflection of any origin, with credentials', async () => {
    server = await corsServer(() => true);
    const report = await runOriginProbes({ url: server.url });
    const reflected = report.results.find((r) => r.kind === 'reflection')!;
    assert.equal(reflected.access, 'credentialed');
    assert.deepEqual(reflected.finding && [reflected.finding.ruleId, reflected.finding.severity], ['reflected-origin', 'error']);
    // Every other trick gets in as well, which the reflection finding already says; null is a rule of its own.
    assert.deepEqual(kinds(report.results), ['null:null-origin-allowed', 'reflection:reflected-origin']);
    assert.ok(report.results.every((r) => r.access === 'credentialed'));
    assert.ok(report.results.filter((r) => !r.finding).every((r) => r.impliedByReflection));
  });

  it('finds a suffix check without a dot boundary and nothing else', async () => {
    server = await corsServer((o) => o.endsWith('127.0.0.1') || o.endsWith('127.0.0.1:' + new URL(server!.url).port));
    const report = await runOriginProbes({ url: server.url });
    assert.deepEqual(kinds(report.results), ['any-subdomain:any-subdomain-trusted', 'suffix:permissive-origin-pattern']);
  });

  it('finds null, and an allowlist of exact origins gives no finding', async () => {
    server = await corsServer((o) => o === 'null');
    assert.deepEqual(kinds((await runOriginProbes({ url: server.url })).results), ['null:null-origin-allowed']);
    await server.close();
    server = await corsServer((o) => o === 'https://app.example');
    const clean = await runOriginProbes({ url: server.url });
    assert.deepEqual(clean.findings, []);
    assert.ok(clean.results.every((r) => r.access === 'none'));
  });

  it('does not call * a trusted origin, and only counts credentialed access when asked', async () => {
    server = await httpLoopback((_req, res) => res.writeHead(200, { 'Access-Control-Allow-Origin': '*' }).end());
    const star = await runOriginProbes({ url: server.url });
    assert.ok(star.results.every((r) => r.access === 'read' && !r.finding));
    await server.close();
    server = await httpLoopback((req, res) => res.writeHead(200, { 'Access-Control-Allow-Origin': String(req.headers.origin) }).end());
    const readOnly = await runOriginProbes({ url: server.url });
    assert.equal(readOnly.results.find((r) => r.kind === 'reflection')!.finding!.severity, 'info');
    const credentialsOnly = await runOriginProbes({ url: server.url, credentialsOnly: true });
    assert.deepEqual(credentialsOnly.findings, []);
  });

  it('says why a browser refuses an origin the server meant to allow', async () => {
    server = await httpLoopback((req, res) => res.writeHead(200, ['Access-Control-Allow-Origin', String(req.headers.origin), 'Access-Control-Allow-Origin', String(req.headers.origin)]).end());
    const report = await runOriginProbes({ url: server.url });
    assert.deepEqual(report.findings, []);
    assert.ok(report.results.every((r) => r.access === 'none' && r.refusedBecause === 'MultipleAllowOriginValues'));
  });

  it('keeps within its concurrency bound and reports progress for every probe', async () => {
    let inFlight = 0;
    let peak = 0;
    server = await httpLoopback((_req, res) => {
      inFlight++;
      peak = Math.max(peak, inFlight);
      setTimeout(() => {
        inFlight--;
        res.writeHead(200).end();
      }, 5);
    });
    const progress: number[] = [];
    const report = await runOriginProbes({ url: server.url, concurrency: 3, onProgress: (done, total) => progress.push(done / total) });
    assert.ok(peak <= 3 && peak >= 2, `peak ${peak}`);
    assert.equal(progress.length, report.results.length);
    assert.equal(progress.at(-1), 1);
  });

  it('stops when cancelled and says so', async () => {
    const controller = new AbortController();
    server = await httpLoopback(() => setTimeout(() => controller.abort(), 10));
    const report = await runOriginProbes({ url: server.url, concurrency: 2, signal: controller.signal, timeoutMs: 60_000 });
    assert.equal(report.cancelled, true);
    assert.ok(report.results.length < probeOrigins(new URL(server.url)).length);
  });

  it('records unreachable targets per probe instead of throwing', async () => {
    server = await httpLoopback(() => undefined);
    const report = await runOriginProbes({ url: server.url, timeoutMs: 100, concurrency: 10 });
    assert.ok(report.results.every((r) => r.error && /within 100 ms/.test(r.error)));
    await assert.rejects(runOriginProbes({ url: 'nope' }), /not a valid URL/);
  });
});
