import type { Verdict } from '../../../server/src/fetch/types';
import { testPreflight } from '../../../server/src/tester/preflight-run';
import type { CaseServer } from './case-server';
import type { OracleCase } from './case-types';

/**
 * The tester fires every case at the same server from Node, capturing the raw
 * answers itself: its verdicts, not ones built from the case specs, then face
 * the browsers.
 */
export async function runTester(server: CaseServer, cases: OracleCase[], concurrency = 8): Promise<Map<string, Verdict | Error>> {
  const runId = `tester-${Date.now().toString(36)}`;
  const base = server.load(runId, cases);
  const out = new Map<string, Verdict | Error>();
  let next = 0;
  const worker = async () => {
    while (next < cases.length) {
      const c = cases[next++];
      try {
        const result = await testPreflight({
          url: base + c.id,
          origin: c.nullOrigin ? 'null' : server.pageOrigin,
          method: c.method,
          headers: c.headers,
          credentials: c.credentials === 'include',
          timeoutMs: 5000,
        });
        out.set(c.id, result.verdict);
      } catch (error) {
        out.set(c.id, error as Error);
      }
    }
  };
  await Promise.all(Array.from({ length: concurrency }, worker));
  return out;
}
