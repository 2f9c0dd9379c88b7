import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { initSources } from '../../../../server/src/engine/analyze';
import { assertAppAgrees, onlyPolicy } from '../../support/app-oracle';
import { startAppProcess } from '../../support/app-process';

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
      const policy = onlyPolicy(file, FIXTURES);
      const app = await startAppProcess({ command: process.execPath, args: () => [HOST, file], label: name });
      tally.apps++;
      let compared = 0;
      try {
        compared = await assertAppAgrees({
          text,
          port: app.port,
          tally,
          policyFor: () => policy,
          paths: ['/ok'],
          appStatus: () => undefined,
          // The host marks what Next itself would answer (a method not exported, a throw): not the handler's to compare.
          skip: (real) => {
            const nextPart = real.status === 599 && real.headers.some(([n]) => n.toLowerCase() === 'x-next-part');
            if (nextPart) tally.nextParts++;
            return nextPart;
          },
        });
      } finally {
        await app.stop();
      }
      assert.ok(compared > 0, `no probe of ${name} reached one of its handlers`);
    });
  }
});
