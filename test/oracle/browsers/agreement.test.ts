import * as assert from 'node:assert/strict';
import { PROFILES } from '../../../server/src/fetch/engine-profiles';
import { preflightCacheSeconds } from '../../../server/src/fetch/preflight-check';
import { normalizeMethod } from '../../../server/src/fetch/request-headers';
import { ENGINES, type RawResponse, type Verdict } from '../../../server/src/fetch/types';
import { evaluateCors, isPreflightStage, needsPreflight, requestHeadersValue } from '../../../server/src/fetch/verdict';
import { startCaseServer, withOrigin, type CaseServer } from './case-server';
import type { OracleCase, ResponseSpec } from './case-types';
import { RUNNERS, type EngineRun } from './engine-runs';
import { generateCases } from './generate-cases';
import { reasonAgrees } from './reason-names';
import { runTester } from './tester-runs';

/**
 * Every generated case runs in real Chromium, Firefox ESR and WebKit; the
 * verdict engine must say what each engine did: allowed or blocked, and why
 * (Chromium's CorsError name; Firefox's and WebKit's console message read as
 * those names). The API must have seen exactly the preflight the engine says
 * that browser sends, and no request after a preflight that failed.
 */

function rawResponse(spec: ResponseSpec, pageOrigin: string, url: string): RawResponse {
  const headers = withOrigin(spec.headers, pageOrigin);
  if (spec.redirect) headers.push(['Location', `${url}?followed=1`]);
  return { status: spec.status, headers };
}

function verdictFor(c: OracleCase, server: CaseServer, base: string) {
  const url = base + c.id;
  return evaluateCors({
    request: { url, origin: c.nullOrigin ? 'null' : server.pageOrigin, method: c.method, headers: c.headers, credentials: c.credentials },
    preflight: rawResponse(c.preflight, server.pageOrigin, url),
    actual: rawResponse(c.actual, server.pageOrigin, url),
  });
}

describe('browser agreement: the verdict engine against real Chromium, Firefox and WebKit', function () {
  this.timeout(300_000);
  const cases = generateCases();
  let server: CaseServer;
  let tester: Map<string, Verdict | Error>;
  const agreed: Record<string, number> = {};
  const testerAgreed: Record<string, number> = {};

  before(async () => {
    server = await startCaseServer();
    tester = await runTester(server, cases);
  });
  after(async () => {
    await server?.close();
    const counts = ENGINES.map((e) => `${e} ${agreed[e] ?? 0}/${cases.length}`).join(', ');
    console.log(`      agreement: ${counts}`);
    console.log(`      tester (raw exchange from Node) agreement: ${ENGINES.map((e) => `${e} ${testerAgreed[e] ?? 0}/${cases.length}`).join(', ')}`);
  });

  it('generates at least 200 cases with unique ids', () => {
    assert.ok(cases.length >= 200, `${cases.length} cases`);
    assert.equal(new Set(cases.map((c) => c.id)).size, cases.length);
  });

  for (const engine of ENGINES) {
    describe(engine, () => {
      let run: EngineRun;
      before(async () => {
        run = await RUNNERS[engine](server, cases);
        console.log(`      ${engine} ${run.version}: ${run.results.size} cases run`);
      });

      for (const c of cases) {
        it(`${c.id} ${c.label}`, () => {
          const observed = run.results.get(c.id);
          assert.ok(observed, `${engine} returned no result for ${c.id}`);
          const base = `${server.apiOrigin}/api/${run.runId}/`;
          const verdict = verdictFor(c, server, base);
          const expected = verdict.browsers[engine];
          const profile = PROFILES[engine];
          const traffic = server.traffic(run.runId, c.id);
          const where = `${engine} ${c.id} (${c.label}); engine said ${expected.allowed ? 'allowed' : expected.reason}, browser said ${observed.allowed ? 'allowed' : 'blocked'}${observed.reason ? ` (${observed.reason})` : ''}; traffic ${JSON.stringify(traffic)}`;

          const preflight = needsPreflight({ url: '', origin: '', method: c.method, headers: c.headers, credentials: c.credentials }, profile);
          const passedPreflight = !isPreflightStage(expected);
          const cached = passedPreflight && preflightCacheSeconds(rawResponse(c.preflight, server.pageOrigin, base + c.id), profile) > 0;
          const preflights = !preflight ? 0 : c.repeat && !cached ? 2 : 1;
          assert.equal(traffic.preflights.length, preflights, `preflights sent: ${where}`);
          if (preflight) {
            const request = { url: '', origin: c.nullOrigin ? 'null' : server.pageOrigin, method: c.method, headers: c.headers, credentials: c.credentials };
            assert.equal(traffic.preflights[0].method, normalizeMethod(c.method), `Access-Control-Request-Method: ${where}`);
            assert.equal(traffic.preflights[0].headers, requestHeadersValue(request, profile), `Access-Control-Request-Headers: ${where}`);
          }
          assert.equal(observed.allowed, expected.allowed, where);
          if (!passedPreflight) assert.equal(traffic.actual, 0, `no request after a failed preflight: ${where}`);
          if (!expected.allowed) {
            if (engine === 'chromium') assert.equal(observed.reason, expected.reason, `Chromium's CorsError: ${where}`);
            else assert.ok(observed.reason !== undefined && reasonAgrees(engine, observed.reason, expected.reason!), `${engine}'s message: ${where}`);
          }
          agreed[engine] = (agreed[engine] ?? 0) + 1;

          const fromTester = tester.get(c.id);
          assert.ok(fromTester && !(fromTester instanceof Error), `the tester could not run ${c.id}: ${String(fromTester)}`);
          const testerSays = fromTester.browsers[engine];
          assert.equal(testerSays.allowed, observed.allowed, `tester's verdict: ${where}`);
          if (engine === 'chromium' && !observed.allowed) assert.equal(testerSays.reason, observed.reason, `tester's Chromium reason: ${where}`);
          testerAgreed[engine] = (testerAgreed[engine] ?? 0) + 1;
        });
      }
    });
  }
});
