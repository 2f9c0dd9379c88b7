import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { initSources } from '../../../../server/src/engine/analyze';
import { assertAppAgrees, onlyPolicy } from '../../support/app-oracle';
import { buildApps, removeBuild, startGoApp } from './go-app-runner';

const FIXTURES = path.resolve(__dirname, '../../../fixtures/oracle/go');

/** Every app answers the shared paths and statuses of `app-oracle.ts` (support-routes.go). */
export const tally = { apps: 0, probes: 0, agreed: 0 };

describe('Go rs/cors, gin-contrib/cors and net/http: the model predicts what the real server sends', function () {
  this.timeout(300_000);
  let binary = '';
  before(async () => {
    await initSources();
    binary = await buildApps(FIXTURES);
  });
  after(() => {
    if (binary) removeBuild(binary);
    console.log(`      Go oracle: ${tally.apps} apps, ${tally.agreed}/${tally.probes} probes agree`);
  });

  // support-*.go hold the program's main and routes, no CORS of their own.
  const files = fs.readdirSync(FIXTURES).filter((f) => f.endsWith('.go') && !f.startsWith('support-')).sort();
  it('has at least 10 fixture apps over the three frameworks', () => {
    assert.ok(files.length >= 10, `only ${files.length} fixture apps`);
    for (const prefix of ['rscors-', 'gin-', 'http-']) assert.ok(files.some((f) => f.startsWith(prefix)), `no ${prefix}* app`);
  });

  for (const name of files) {
    it(name, async () => {
      const file = path.join(FIXTURES, name);
      const text = fs.readFileSync(file, 'utf8');
      const policy = onlyPolicy(file, FIXTURES);
      const app = await startGoApp(binary, name.replace(/\.go$/, ''));
      tally.apps++;
      try {
        await assertAppAgrees({ text, port: app.port, tally, policyFor: () => policy });
      } finally {
        await app.stop();
      }
    });
  }
});
