import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { analyzeFiles, initSources } from '../../../../server/src/engine/analyze';
import type { CorsPolicy } from '../../../../server/src/model/cors-policy';
import { startAppProcess } from '../../support/app-process';
import { disagreements, probesFor } from '../../support/framework-probes';
import { probe } from '../../support/http-probe';

const FIXTURES = path.resolve(__dirname, '../../../fixtures/oracle/next');
const HOST = path.join(FIXTURES, '_route-host.mjs');

export const tally = { apps: 0, probes: 0, agreed: 0, nextParts: 0 };

/**
 * App Router route handlers run for real: each fixture module's exported
 * method functions get real Web Requests and their real Responses go out over
 * HTTP. The handlers read the request and build the response exactly as under
 * Next; what Next adds around them (its own OPTIONS answer, 405, 500) is not
 * installed here, comes from Next's source (see next-handlers.ts), and is left
 * out of the comparison: the host marks those requests.
 */
describe('Next.js route handlers: the model predicts what the real handlers send', function () {
  this.timeout(300_000);
  before(async () => {
    await initSources();
  });
  after(() => {
    console.log(`      Next oracle: ${tally.apps} route modules, ${tally.agreed}/${tally.probes} probes agree (${tally.nextParts} answered by Next itself, not compared)`);
  });

  // An App Router layout: app/<case>/route.mjs.
  const cases = fs.readdirSync(path.join(FIXTURES, 'app')).sort();
  it('has route modules to run', () => assert.ok(cases.length >= 7, `only ${cases.length} route modules`));

  for (const name of cases) {
    it(name, async () => {
      const file = path.join(FIXTURES, 'app', name, 'route.mjs');
      const text = fs.readFileSync(file, 'utf8');
      const result = analyzeFiles([file], { trustedOrigins: [], root: FIXTURES });
      const policies = (result.policies as CorsPolicy[]).filter((p) => p.at.file === file);
      assert.equal(policies.length, 1, `expected one policy in ${name}, got ${policies.map((p) => p.label).join('; ') || 'none'}`);
      const app = await startAppProcess({ command: process.execPath, args: () => [HOST, file], label: name });
      tally.apps++;
      const failures: string[] = [];
      let compared = 0;
      try {
        for (const p of probesFor(text, ['/ok'])) {
          const real = await probe({ port: app.port, method: p.method, path: p.path, headers: p.headers });
          if (real.status === 599 && real.headers.some(([n]) => n.toLowerCase() === 'x-next-part')) {
            tally.nextParts++;
            continue;
          }
          tally.probes++;
          compared++;
          const problems = disagreements(policies[0], p, real, undefined);
          if (problems.length === 0) tally.agreed++;
          else failures.push(`${p.method} ${p.path} origin=${p.origin ?? '(none)'} ${JSON.stringify(p.headers)}: ${problems.join('; ')}`);
        }
      } finally {
        await app.stop();
      }
      assert.ok(compared > 0, `no probe of ${name} reached one of its handlers`);
      assert.deepEqual(failures, [], `${failures.length} disagreements:\n${failures.slice(0, 8).join('\n')}`);
    });
  }
});
